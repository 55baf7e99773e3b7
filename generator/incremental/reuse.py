"""The incremental-build policy: which planned pages a build may copy from the published site
instead of making and rendering them again.

The planner names every page before making it (`planning.views.Planned`); the build asks
`Reuse.decide` about each one. Planning itself knows nothing of earlier builds."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator.incremental.cache import Inputs, Record, reusable
from generator.text import urls
from generator.text.urls import page_file


class PlannedPage(Protocol):
    """What the policy reads of a planned page (`planning.views.Planned` is one)."""

    @property
    def path(self) -> str: ...
    @property
    def entry(self) -> str: ...
    @property
    def shows(self) -> tuple[str, ...]: ...
    @property
    def detail(self) -> str: ...


def _never(path: str) -> bool:
    return False


@dataclass(frozen=True)
class Reuse:
    """What a build may copy from the published site instead of planning and rendering again.

    An entry's pages are reused by slug. A list page is reused by key: a hash of everything it
    shows that the shared inputs don't fix (its place in the list, the total, and the entries on
    it with their input hashes). Keys are only meaningful between builds with the same shared
    inputs; the caller passes `keys` only then.
    """

    entries: frozenset[str] = frozenset()
    hashes: Mapping[str, str] = field(default_factory=dict)
    """Entry slug -> hash of its input; without them, list pages get no key."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """List page path -> the key of the published page at that path."""
    published: Callable[[str], bool] = _never
    """Whether the published site holds the page at a path (one deleted by hand is made again)."""

    def decide(self, page: PlannedPage) -> tuple[bool, str]:
        """Return whether the published file of `page` may be copied instead of the page made
        again, and the key to remember it by (list pages only; "" for the others).

        An entry's own page is copied when the entry and everything shared are unchanged. A
        list page is copied when it shows the same entries, unchanged, with the same title and
        totals. Any other page is always made: it depends on the whole catalog.
        """
        if page.entry:
            return page.entry in self.entries, ""
        if page.shows or page.detail:
            key = self.list_key(page.path, page.detail, page.shows)
            return self.page(page.path, key), key
        return False, ""

    def page(self, path: str, key: str) -> bool:
        """Whether the published page at `path` was made from the same `key`."""
        return bool(key) and self.keys.get(path) == key and self.published(path)

    def list_key(self, path: str, detail: str, slugs: Sequence[str]) -> str:
        """Return the key of a list page, or "" when entry hashes are unknown."""
        if not self.hashes:
            return ""
        digest = hashlib.sha256(f"{path}\0{detail}".encode())
        for slug in slugs:
            digest.update(f"\0{slug}\0{self.hashes.get(slug, '')}".encode())
        return digest.hexdigest()[:32]


def reuse_for(
    out: Path, inputs: Inputs | None, previous: Record | None, languages: list[str]
) -> Reuse:
    """Return what this build may copy from the site published in `out`."""
    if inputs is None:
        return Reuse()

    def published(path: str) -> bool:
        # a page deleted from the published site by hand is made again
        return os.path.isfile(os.path.join(out, page_file(path)))

    same = previous is not None and previous.inputs.shared == inputs.shared
    entries = frozenset(
        slug
        for slug in reusable(previous, inputs)
        if all(published(urls.entry(lang, slug)) for lang in languages)
    )
    return Reuse(
        entries=entries,
        hashes=inputs.entries,
        keys=previous.lists if same and previous is not None else {},
        published=published,
    )
