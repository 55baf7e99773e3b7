"""Build the peer support directory: `python build.py [build|check|serve|new] ...`."""

import sys

from generator.cli import main

if __name__ == "__main__":
    sys.exit(main())
