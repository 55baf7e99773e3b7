"""Per-entry pieces of the exports, kept between builds by each entry's input hash.

The open-data files hold every entry, so one changed entry changes each of them. Their pieces
do not: an entry's block of `directory.json`, its row of the CSV and its meetings in the Meeting
Guide feed are made again only when its own file (or anything shared) changed, and the files
are joined from the pieces. Pieces are text, so keeping them costs a copy, not a rebuild.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

VERSION = 4

Piece = str | bytes
"""An export piece: text, or text already encoded (joined into a large file as it is)."""

P = TypeVar("P", str, bytes)


class Fragments:
    """The export pieces of one build, with those of the previous build where still valid."""

    def __init__(
        self,
        hashes: Mapping[str, str] | None = None,
        kept: Mapping[str, tuple[str, dict[str, Piece]]] | None = None,
        kept_objects: Mapping[str, tuple[str, dict[str, Any]]] | None = None,
        keep_objects: bool = False,
    ) -> None:
        """`keep_objects`: keep the data pieces made, for a long-running process's next build."""
        self.hashes = hashes or {}
        """Entry slug -> input hash; without it, nothing is kept or reused."""
        self.keep_objects = keep_objects
        self.kept = kept or {}
        self.made: dict[str, tuple[str, dict[str, Piece]]] = {}
        self.kept_objects = kept_objects or {}
        self.made_objects: dict[str, tuple[str, dict[str, Any]]] = {}
        """Pieces that are data, not text: kept in memory by a long-running process only."""
        self.reused = 0

    def get(self, kind: str, slug: str, make: Callable[[], P]) -> P:
        """Return one entry's piece of one export: the kept one, or a freshly made one."""
        value: P = self._take(self.kept, self.made, kind, slug, make)
        return value

    def get_keyed(self, kind: str, name: str, digest: str, make: Callable[[], P]) -> P:
        """Return a piece that is no one entry's (a country's towns): the kept one when it was
        made from the same `digest` (a hash of what it shows beyond the shared inputs), or a
        freshly made one. `name` must not be a slug: a path ("towns/fr.json") is not one."""
        value: P = self._take(self.kept, self.made, kind, name, make, digest)
        return value

    def get_object(self, kind: str, slug: str, make: Callable[[], Any]) -> Any:
        """Return one entry's piece that is data: the kept one, or a freshly made one."""
        made: dict[str, tuple[str, dict[str, Any]]] = self.made_objects if self.keep_objects else {}
        return self._take(self.kept_objects, made, kind, slug, make)

    def _take(
        self,
        kept: Mapping[str, tuple[str, dict[str, Any]]],
        made: dict[str, tuple[str, dict[str, Any]]],
        kind: str,
        slug: str,
        make: Callable[[], Any],
        digest: str = "",
    ) -> Any:
        digest = digest or self.hashes.get(slug, "")
        previous = kept.get(slug) if digest else None
        if previous is not None and previous[0] == digest and kind in previous[1]:
            self.reused += 1
            value = previous[1][kind]
        else:
            value = make()
        if digest:
            made.setdefault(slug, (digest, {}))[1][kind] = value
        return value


def fragments_file(cache_record: Path) -> Path:
    """Return where the pieces are kept, beside the build record."""
    return cache_record.with_suffix(".fragments.pickle")


def read_fragments(path: Path, shared: str) -> dict[str, tuple[str, dict[str, Piece]]]:
    """Return the pieces kept by a build with the same shared inputs, or none."""
    try:
        with path.open("rb") as stream:
            data = pickle.load(stream)  # our own cache, beside the output folder
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return {}
        if data.get("shared") != shared:
            return {}  # made with other site settings, vocabularies or code
        pieces = data["pieces"]
        return pieces if isinstance(pieces, dict) else {}
    except (OSError, pickle.UnpicklingError, EOFError, KeyError, TypeError, ValueError):
        return {}


def write_fragments(path: Path, fragments: Fragments, shared: str) -> None:
    """Keep this build's pieces for the next one; a cache that can't be written costs time only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as stream:
            pickle.dump(
                {"version": VERSION, "shared": shared, "pieces": fragments.made},
                stream,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        os.replace(temporary, path)
    except OSError:
        pass
