"""The only writer: a fresh temporary folder, fingerprinted assets, and an atomic publish."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.publishing.search import BUNDLE
from generator.text.urls import file_key, page_file
from generator.theme.assets import CSP


def headers_file() -> str:
    """Return a `_headers` file (Netlify, Cloudflare Pages) with caching and security headers."""
    return (
        "/*\n"
        f"  Content-Security-Policy: {CSP}; frame-ancestors 'none'\n"
        "  X-Content-Type-Options: nosniff\n"
        "  X-Frame-Options: DENY\n"
        "  Referrer-Policy: no-referrer\n"
        "  Strict-Transport-Security: max-age=63072000; includeSubDomains\n"
        "  Permissions-Policy: camera=(), microphone=(), payment=(), usb=(), interest-cohort=()\n"
        "  Cross-Origin-Opener-Policy: same-origin\n"
        "  Cross-Origin-Resource-Policy: same-origin\n"
        "/assets/*\n"
        "  Cache-Control: public, max-age=31536000, immutable\n"
    )


def alive(pid: int) -> bool:
    """Return whether process `pid` is running (a build's leftovers of one that is not go)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(out: Path) -> None:
    """Clean up after a build that was killed: restore a site caught mid-swap, drop leftovers.

    Staging and old folders carry their build's process id; those of a process that is still
    running (a concurrent build) are left alone.
    """
    if not out.parent.is_dir():
        return
    for leftover in sorted(out.parent.glob(f".{out.name}.*-*")):
        kind, _, rest = leftover.name[len(out.name) + 2 :].partition("-")
        pid = rest.split("-")[0]
        if kind not in ("new", "old", "trash") or not pid.isdigit() or alive(int(pid)):
            continue
        if kind == "old" and not out.exists():
            os.replace(leftover, out)  # killed between the two renames of publish()
        else:
            shutil.rmtree(leftover, ignore_errors=True)


class Spare:
    """A replaced site kept for the next build to write over, instead of starting from nothing.

    The preview server rebuilds a large site in seconds when most pages are unchanged: making
    64,000 folders and links again each time would be most of that. A spare already holds them;
    the next build keeps each of its files that already is the published one (the same file,
    linked), replaces the others, and removes what the build no longer makes. Its files are
    listed in the background, while the server waits for the next change, unless the build
    that made it said what they are. It keeps the name `publish` gave it, which `recover`
    removes once its process is gone.
    """

    def __init__(self, folder: Path, files: set[str] | None = None) -> None:
        """`files`, when known (the build that made the folder said), saves listing them."""
        self.folder = folder
        self._files: set[str] = set(files) if files is not None else set()
        self._lister: threading.Thread | None = None
        if files is None:
            self._lister = threading.Thread(target=self._list, daemon=True)
            self._lister.start()

    def _list(self) -> None:
        pending = [""]
        while pending:
            relative = pending.pop()
            try:
                found = list(os.scandir(os.path.join(self.folder, relative)))
            except OSError:
                continue
            for item in found:
                name = f"{relative}/{item.name}" if relative else item.name
                if item.is_dir(follow_symlinks=False):
                    if name != BUNDLE:  # search bundles are kept or replaced whole
                        pending.append(name)
                else:
                    self._files.add(name)

    def wait(self) -> None:
        """Wait until the spare's files are listed."""
        if self._lister is not None:
            self._lister.join()

    def files(self) -> set[str]:
        """Return the spare's files (path from its root), except the search bundles'."""
        self.wait()
        return self._files


@contextmanager
def staging(out: Path, spare: Spare | None = None) -> Iterator[Path]:
    """Yield a folder beside `out` to build in: fresh, or `spare` (renamed) to write over.

    The folder is removed unless it was published.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    if spare is not None and spare.folder.is_dir():
        folder = out.parent / f".{out.name}.new-{os.getpid()}-{time.monotonic_ns()}"
        os.replace(spare.folder, folder)
    else:
        folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-{os.getpid()}-", dir=out.parent))
    try:
        yield folder
    finally:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)


def remove_stale(folder: Path, stale: Iterable[str]) -> None:
    """Remove files (paths from `folder`) a build did not make, and folders left empty."""
    parents: set[str] = set()
    for name in stale:
        try:
            os.unlink(os.path.join(folder, name))
        except FileNotFoundError:
            continue
        parent = os.path.dirname(name)
        while parent:
            parents.add(parent)
            parent = os.path.dirname(parent)
    for parent in sorted(parents, key=lambda p: -p.count("/")):
        try:
            os.rmdir(os.path.join(folder, parent))
        except OSError:
            pass  # not empty


def trash_folder(out: Path) -> Path:
    """Return a new name beside `out` for things to delete later (`recover` knows it)."""
    return out.parent / f".{out.name}.trash-{os.getpid()}-{time.monotonic_ns()}"


def _create(target: str) -> int:
    """Open `target` for writing as a new file. A file already there (in a spare) may be a
    link to a published file: it is replaced, never written into."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(target, flags, 0o666)  # less the umask, as open() gives
    except FileExistsError:
        os.unlink(target)
        return os.open(target, flags, 0o666)


def _write(target: str, data: bytes) -> None:
    descriptor = _create(target)
    with open(descriptor, "wb") as stream:
        stream.write(data)


class OutputCollision(Exception):
    """Two outputs of one build are one file: a bug in the generator, never in the content
    (content that names a page, a file name or a region, gets an address of its own)."""


def check_outputs(outputs: Iterable[tuple[str, str]]) -> None:
    """Raise `OutputCollision` if two outputs, as (file path from the site root, what makes
    it, or ""), would be one file: the same path, or paths that differ only in case or Unicode
    normalization, which macOS and Windows (checkouts, and hosts on them) take for one."""
    seen: dict[str, tuple[str, str]] = {}
    for name, source in outputs:
        key = file_key(name)
        if key not in seen:
            seen[key] = (name, source)
            continue
        first, made_by = seen[key]
        how = (
            "the same file"
            if first == name
            else "one file on hosts that ignore case or Unicode normalization (macOS, Windows)"
        )
        raise OutputCollision(
            f"{_named(first, made_by)} and {_named(name, source)} would be written to {how}"
        )


def _named(name: str, source: str) -> str:
    return f"{name} ({source})" if source else name


def write_files(folder: Path, files: dict[str, bytes]) -> int:
    """Write files (path relative to `folder` -> bytes); return the bytes written."""
    check_outputs((name, "") for name in files)
    total = 0
    made: set[Path] = set()
    for name in sorted(files):
        target = folder / name
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        _write(str(target), files[name])
        total += len(files[name])
    return total


def copy_page(published: Path, folder: Path, path: str) -> int:
    """Copy one page's file from the published site; return its size."""
    return copy_file(published, folder, page_file(path))


def copy_file(published: Path, folder: Path, name: str) -> int:
    """Copy one file (path from the site root) from the published site; return its size."""
    source = os.path.join(published, name)
    target = os.path.join(folder, name)
    _make_parent(target)
    try:
        os.link(source, target)  # the published folder is replaced, never written into
    except FileExistsError:  # in a spare: keep it if it already is the published file
        kept, wanted = os.stat(target), os.stat(source)
        if (kept.st_dev, kept.st_ino) == (wanted.st_dev, wanted.st_ino):
            return kept.st_size
        os.unlink(target)
        return copy_file(published, folder, name)
    except OSError:
        shutil.copyfile(source, target)
    return os.stat(target).st_size


def _make_parent(target: str) -> None:
    # os-level calls: at 64,000 pages, pathlib's own work costs more than the file system's
    parent = os.path.dirname(target)
    try:
        os.mkdir(parent)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(parent, exist_ok=True)


def write_page(folder: Path, path: str, html: str) -> int:
    """Write one page's HTML at its pretty-URL file; return the bytes written."""
    data = html.encode("utf-8")
    target = os.path.join(folder, page_file(path))
    _make_parent(target)
    _write(target, data)
    return len(data)


def publish(staged: Path, out: Path, keep_old: bool = False) -> Path | None:
    """Swap the finished folder into `out`; the old site is removed only after the swap.

    With `keep_old`, the old site is left beside `out` under a name `recover` knows, and its
    path returned, for the caller to remove when it suits (the preview server does it in the
    background: at 10,000 entries, deleting 110,000 files takes longer than the rebuild).
    """
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a folder")
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}-{time.monotonic_ns()}"
        os.replace(out, old)
    try:
        os.replace(staged, out)
    except OSError:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None and not keep_old:
        shutil.rmtree(old, ignore_errors=True)
        return None
    return old
