"""Build the peer support directory: `python build.py [build|check|serve|new] ...`."""

import os
import sys
from pathlib import Path

INSTALL = "python -m pip install -e ."
"""The install command of CONTRIBUTING.md's first step, run inside its virtual environment."""

if __name__ == "__main__":
    if sys.version_info < (3, 11):  # noqa: UP036 - a volunteer's python may be older
        version = ".".join(map(str, sys.version_info[:3]))
        print(f"build.py: needs Python 3.11 or newer; this is Python {version}", file=sys.stderr)
        sys.exit(2)
    try:
        from generator.cli import main
    except ModuleNotFoundError as exc:
        # only a library the generator needs: a missing module of its own is a bug to show
        if not exc.name or exc.name.partition(".")[0] == "generator":
            raise
        venv = Path(__file__).resolve().parent / ".venv"
        if venv.is_dir() and Path(sys.prefix).resolve() != venv.resolve():
            # installed, but in the environment a new terminal has not switched to yet
            activate = r".venv\Scripts\activate" if os.name == "nt" else ". .venv/bin/activate"
            print(
                f"build.py: the generator's packages are not installed for this Python (no "
                f"module named '{exc.name}'); switch to the project's environment first: "
                f"{activate}",
                file=sys.stderr,
            )
        else:
            print(
                f"build.py: the generator's packages are not installed (no module named "
                f"'{exc.name}'); install them first, as CONTRIBUTING.md shows: {INSTALL}",
                file=sys.stderr,
            )
        sys.exit(2)
    sys.exit(main())
