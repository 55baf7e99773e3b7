"""The search index: Pagefind over the written folder, one index per page language.

Only pages marked `data-pagefind-body` (entries and guides) are indexed. Pagefind 1.5 does not
write byte-identical files for identical input (upstream issue Pagefind#638), so when the pages it
would index are unchanged from the published site, the published index is kept as it is.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

BUNDLE = "pagefind"
MARKER = "data-pagefind-body"
SOURCE_HASH = "source.sha256"


@dataclass(frozen=True)
class IndexResult:
    """What the index step did."""

    pages: int
    reused: bool


def indexed_pages_hash(folder: Path) -> tuple[str, int]:
    """Return a hash of every page Pagefind would index, and how many there are."""
    digest = hashlib.sha256()
    count = 0
    for path in sorted(folder.rglob("*.html")):
        if path.is_relative_to(folder / BUNDLE):
            continue
        data = path.read_bytes()
        if MARKER.encode() not in data:
            continue
        count += 1
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest(), count


async def _index(folder: Path) -> None:
    config = IndexConfig(output_path=str(folder / BUNDLE), verbose=False)
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(folder))


def _run_async(folder: Path) -> None:
    """Run the indexer; in a thread of its own when this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(_index(folder))
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _index(folder)).result()


def build_index(folder: Path, published: Path | None) -> IndexResult:
    """Write `folder/pagefind/`, reusing `published/pagefind/` when its input is unchanged."""
    source_hash, count = indexed_pages_hash(folder)
    if published is not None:
        previous = published / BUNDLE
        marker = previous / SOURCE_HASH
        if marker.is_file() and marker.read_text(encoding="utf-8").strip() == source_hash:
            shutil.copytree(previous, folder / BUNDLE)
            return IndexResult(pages=count, reused=True)
    _run_async(folder)
    (folder / BUNDLE / SOURCE_HASH).write_text(source_hash + "\n", encoding="utf-8")
    return IndexResult(pages=count, reused=False)
