"""Which files under a folder are read, and reading them safely: only regular files inside
the folder (never through a link, never a device or pipe), names that can be checked out on
every system, at most MAX_FILE_BYTES each, UTF-8 text with the position of any bad byte."""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator.reading.problems import Problem

MAX_FILE_BYTES = 1_000_000


# --- which files are read ----------------------------------------------------------------------

_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in "123456789¹²³"}
    | {f"lpt{n}" for n in "123456789¹²³"}
)
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"\\|?*\x00-\x1f]')


@dataclass
class FileTree:
    """The regular files under a folder, found without following any link, and the problems
    with everything else there (links, devices, pipes, names that can't be checked out)."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _kind_of(mode: int) -> str | None:
    """Return what a non-regular, non-folder file is, in words; None for a regular file."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file"
    return "not a regular file"


_HIDDEN = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp", "Zs"})


def _name_problem(name: str) -> str | None:
    """Return why a file or folder name can't be checked out on every system, or None."""
    if any(0xDC80 <= ord(char) <= 0xDCFF for char in name):  # bytes kept by surrogateescape
        return "the name is not UTF-8 text"
    hidden = next((c for c in name if unicodedata.category(c) in _HIDDEN and c != " "), None)
    if hidden is not None:
        return (
            f"the name contains an invisible or direction-changing character "
            f"(U+{ord(hidden):04X}), which can make it read as another name"
        )
    bad = _WINDOWS_FORBIDDEN.search(name)
    if bad:
        return f"the name contains {bad.group()!r}, which Windows does not allow in file names"
    if name.endswith((".", " ")):
        return "the name ends with a dot or a space, which Windows drops"
    stem = name.split(".", 1)[0].rstrip(" ").casefold()
    if stem in _WINDOWS_RESERVED:
        return f"{name.split('.', 1)[0].upper()} is a reserved device name on Windows"
    return None


def _folded(relative: str) -> str:
    return unicodedata.normalize("NFC", relative).casefold()


def scan_files(root: Path, shown_root: str) -> FileTree:
    """Return the regular files under `root`, sorted, never following a symbolic link.

    Links, devices, pipes and sockets are reported (never opened, and nothing of their target
    is shown), as are names that can't be checked out on Windows or macOS: reserved device
    names, forbidden characters, and two names that differ only by letter case or Unicode
    normalization. Hidden files (a leading dot) are not read.
    """
    tree = FileTree()
    seen: dict[str, str] = {}

    def problem(relative: str, message: str) -> None:
        tree.problems.append(Problem(f"{shown_root}/{relative}", 1, 1, "error", message))

    def walk(folder: Path, prefix: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            problem(prefix.rstrip("/") or ".", f"cannot read this folder: {exc.strerror}")
            return
        for entry in entries:
            relative = prefix + entry.name
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                problem(relative, f"cannot read this file: {exc.strerror}")
                continue
            kind = _kind_of(mode)
            if kind is not None:
                problem(
                    relative,
                    f"this is {kind}, not a regular file; the build reads only regular files "
                    "inside the content folder and the theme, so replace it with the file itself "
                    "or remove it",
                )
                continue
            why = _name_problem(entry.name)
            if why is not None:
                problem(relative, f"{why}; rename it so the repository can be checked out anywhere")
                continue
            folded = _folded(relative)
            if folded in seen:
                other = seen[folded]
                how = (
                    "letter case"
                    if unicodedata.normalize("NFC", other) != unicodedata.normalize("NFC", relative)
                    else "how its accented letters are encoded (Unicode normalization)"
                )
                problem(
                    relative,
                    f"this name differs from {shown_root}/{other} only by {how}, so "
                    "the two can't both be checked out on macOS or Windows; rename one",
                )
                continue
            seen[folded] = relative
            if entry.name.startswith("."):
                continue
            if stat.S_ISDIR(mode):
                walk(Path(entry.path), relative + "/")
            else:
                tree.files.append(Path(entry.path))

    walk(root, "")
    return tree


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Return the UTF-8 text of a file, or the problem that stops it being read."""
    data, problems = read_bytes(path, shown)
    if data is None:
        return None, problems
    return decode_text(data, shown)


def read_bytes(path: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """Return the bytes of a content file, or the problem that stops it being read."""
    try:
        # never through a link, and never waiting on a pipe swapped in since the folder was read
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, [Problem(shown, 1, 1, "error", "this is a symbolic link, not a file")]
        return None, [Problem(shown, 1, 1, "error", f"cannot read file: {exc.strerror}")]
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            return None, [Problem(shown, 1, 1, "error", "this is not a regular file")]
        if status.st_size > MAX_FILE_BYTES:
            return None, [_too_big(shown, status.st_size)]
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [Problem(shown, 1, 1, "error", f"cannot read file: {exc.strerror}")]
    finally:
        os.close(handle)
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        return None, [_too_big(shown, len(data))]
    return data, []


def _too_big(shown: str, size: int) -> Problem:
    return Problem(
        shown,
        1,
        1,
        "error",
        f"file is {size:,} bytes; a content file may be at most {MAX_FILE_BYTES:,} bytes",
    )


def decode_text(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 bytes (a BOM is allowed), reporting where undecodable bytes start."""
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        return None, [
            Problem(
                shown,
                line,
                column,
                "error",
                "this is not a text file (it contains "
                "a NUL byte); content files must be UTF-8 text",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        return None, [
            Problem(
                shown,
                line,
                column,
                "error",
                "this file is not UTF-8 text "
                f"(byte 0x{data[exc.start]:02x} here); save it with UTF-8 encoding",
            )
        ]
    return text, []


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    column = len(before[start:].decode("utf-8", errors="replace")) + 1
    return line, column
