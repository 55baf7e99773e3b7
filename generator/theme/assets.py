"""A theme's static files under fingerprinted names, and the content security policy its pages
run under (the pages' `<meta>` and the published `_headers` file both state it).

Rendering needs the fingerprinted names and the policy, publishing writes the files and the
headers: both read them from here, so neither imports the other.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CSP = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "manifest-src 'self'; form-action 'self'; base-uri 'none'; upgrade-insecure-requests"
)


@dataclass(frozen=True)
class Assets:
    """Fingerprinted asset paths by logical name ("style.css" -> "assets/style.1a2b3c4d.css")."""

    paths: Mapping[str, str]

    def path(self, name: str) -> str:
        """Return the fingerprinted path of an asset."""
        return self.paths[name]


FINGERPRINTED = {".css", ".js", ".svg", ".png", ".webp", ".woff2"}


def collect_assets(static_dirs: list[Path]) -> dict[str, Path]:
    """Return logical name -> source file for theme assets; earlier folders override later."""
    found: dict[str, Path] = {}
    for folder in reversed(static_dirs):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                found[path.relative_to(folder).as_posix()] = path
    return dict(sorted(found.items()))


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# a comment alone on its lines; comments after code stay, so no string or regex is cut
_JS_COMMENT = re.compile(
    r"^[ \t]*(?:/\*(?:(?!\*/).)*\*/[ \t]*|//[^\n]*)$", re.DOTALL | re.MULTILINE
)


def lean(name: str, data: bytes) -> bytes:
    """Return a stylesheet or script without its comments, indentation and blank lines.

    The theme's files are written to be read, with a comment for every rule; a visitor's phone
    needs none of that, and every entry page's first visit fits one round trip only without it
    (about 2 kB of its 14 kB, compressed). Only whole-line comments go from a script, and no
    line is joined to another, so no statement changes meaning.
    """
    if name.endswith(".css"):
        text = _CSS_COMMENT.sub("", data.decode("utf-8"))
    elif name.endswith(".js"):
        text = _JS_COMMENT.sub("", data.decode("utf-8"))
    else:
        return data
    lines = (line.strip() for line in text.splitlines())
    return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")


def fingerprint(sources: dict[str, Path]) -> tuple[Assets, dict[str, bytes]]:
    """Return the asset paths with content hashes in their names, and the files to write."""
    paths: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for name, source in sources.items():
        data = lean(name, source.read_bytes())
        stem, dot, suffix = name.rpartition(".")
        if dot and f".{suffix}" in FINGERPRINTED:
            digest = hashlib.sha256(data).hexdigest()[:10]
            target = f"assets/{stem}.{digest}.{suffix}"
        else:
            target = f"assets/{name}"
        paths[name] = target
        files[target] = data
    return Assets(paths), files
