"""Problems found in content: where they are, how bad, and how they print."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at a place in a content file (line and column count from 1)."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __post_init__(self) -> None:
        # a message quotes what the volunteer wrote: keep it on one line, with invisible and
        # direction-changing characters shown as escapes, so it can't garble the report
        object.__setattr__(self, "message", printable(self.message))
        object.__setattr__(self, "path", printable(self.path, limit=None))

    def format(self) -> str:
        """Return the GNU-style line editors and CI problem matchers read."""
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def format_github(self) -> str:
        """Return the GitHub Actions workflow command that annotates a pull request."""
        kind = "error" if self.severity == "error" else "warning"
        message = _escape_github(self.message)
        path = _escape_github(self.path, prop=True)
        return f"::{kind} file={path},line={self.line},col={self.column}::{message}"

    def as_error(self) -> Problem:
        """Return this problem as an error (what `--strict` does to warnings)."""
        return Problem(self.path, self.line, self.column, "error", self.message)


_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\xa0\xad\u061c\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2069"
    "\u3000\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
MAX_MESSAGE = 1_000


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return char.encode("unicode_escape", errors="backslashreplace").decode("ascii")


def printable(text: str, limit: int | None = MAX_MESSAGE) -> str:
    """Return text on one line with control and bidirectional characters escaped, capped.

    `##[` is broken too: GitHub's runner obeys that older form of its commands anywhere in a
    line of a log (`##[add-mask]` would hide what follows).
    """
    escaped = _UNPRINTABLE.sub(lambda m: _escape(m.group()), text).replace("##[", "##\\x5b")
    if limit is None or len(escaped) <= limit:
        return escaped
    return escaped[: limit - 1] + "…"


def _escape_github(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def display_path(path: Path, root: Path | None = None) -> str:
    """Return `path` relative to `root` (or the working folder) with forward slashes."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Return problems sorted by path, line, column, errors first, without duplicates."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.column, p.severity, p.message))


def count_summary(problems: list[Problem], files: int) -> str:
    """Return the closing line of a check: how many errors and warnings in how many files."""
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    checked = f"{files} file{'s' if files != 1 else ''}"
    if not problems:
        return f"No problems in {checked}."
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{' and '.join(parts)} in {checked}."
