"""Try the forms editor on this machine: turn a built site's /admin/ into a local trial that
loads Decap CMS from an npm install and saves through decap-server instead of GitHub.

    python -m generator.tools.admin SITE_DIR DECAP_DIST

SITE_DIR is a site built with `features: admin: true`; DECAP_DIST is the `dist` folder of the
`decap-cms` npm package at the version the build pins (its file is checked against the same
integrity hash). Run `npx decap-server` from the repository's root beside it: entries are read
from and written to the working copy there, nothing goes to GitHub.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

from generator.publishing.admin import ADMIN_CSP, DECAP_SCRIPT
from generator.reading.load import SAFE_LOADER

LOCAL_BACKEND = "http://localhost:8081"
"""Where decap-server listens by default."""


def local_trial(site: Path, decap_dist: Path) -> None:
    """Rewrite `site`/admin/ to load Decap from `decap_dist` and use the local backend."""
    admin = site / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    config = yaml.load((admin / "config.yml").read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    config["local_backend"] = True
    shutil.copytree(decap_dist, admin / "decap", dirs_exist_ok=True)
    folder = DECAP_SCRIPT.rsplit("/", 1)[0] + "/"
    policy = ADMIN_CSP.replace(folder, "'self'").replace(
        "connect-src ", f"connect-src {LOCAL_BACKEND} "
    )
    local = page.replace(DECAP_SCRIPT, "decap/decap-cms.js").replace(
        ADMIN_CSP.replace("'", "&#x27;"), policy.replace("'", "&#x27;")
    )
    (admin / "index.html").write_text(local, encoding="utf-8")
    (admin / "config.yml").write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )


def main(argv: list[str]) -> int:
    """Run the tool; return the exit status."""
    if len(argv) != 2 or not (Path(argv[0]) / "admin" / "config.yml").is_file():
        print(
            "usage: python -m generator.tools.admin SITE_DIR DECAP_DIST (a site built with "
            "features: admin: true, and node_modules/decap-cms/dist)",
            file=sys.stderr,
        )
        return 2
    local_trial(Path(argv[0]), Path(argv[1]))
    print(f"{argv[0]}/admin/ now loads Decap from {argv[1]} and saves through {LOCAL_BACKEND}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
