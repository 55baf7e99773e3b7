"""The search index: Pagefind over the written folder, one bundle per page language.

Only pages marked `data-pagefind-body` (entries and guides) are indexed. Each language is
indexed on its own (`pagefind/<lang>/`): a search only ever loads its own language's index, and
indexing one language at a time keeps the indexer's memory to a quarter.

Pagefind 1.5 does not write byte-identical files for identical input (upstream issue
Pagefind#638), so when a language's pages are unchanged from the published site, its published
bundle is kept as it is.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

BUNDLE = "pagefind"
MARKER = "data-pagefind-body"
SOURCE_HASH = "source.sha256"


@dataclass(frozen=True)
class IndexResult:
    """What the index step did: pages indexed per language, and which bundles were kept."""

    pages: Counter[str]
    reused: tuple[str, ...]


def indexed_pages_hash(folder: Path) -> dict[str, tuple[str, int]]:
    """Return, per language folder, a hash of the pages Pagefind would index and their count."""
    digests: dict[str, hashlib._Hash] = {}
    counts: Counter[str] = Counter()
    for path in sorted(folder.rglob("*.html")):
        relative = path.relative_to(folder)
        if relative.parts[0] == BUNDLE or len(relative.parts) < 2:
            continue
        data = path.read_bytes()
        if MARKER.encode() not in data:
            continue
        lang = relative.parts[0]
        digest = digests.setdefault(lang, hashlib.sha256())
        digest.update(relative.as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(data).digest())
        counts[lang] += 1
    return {lang: (digest.hexdigest(), counts[lang]) for lang, digest in digests.items()}


async def _index(folder: Path, lang: str) -> None:
    config = IndexConfig(output_path=str(folder / BUNDLE / lang), verbose=False)
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(folder), glob=f"{lang}/**/*.html")


def _run_async(folder: Path, lang: str) -> None:
    """Run the indexer; in a thread of its own when this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(_index(folder, lang))
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _index(folder, lang)).result()


def build_index(folder: Path, published: Path | None) -> IndexResult:
    """Write `folder/pagefind/<lang>/`, keeping a published bundle whose input is unchanged."""
    pages: Counter[str] = Counter()
    reused: list[str] = []
    for lang, (source_hash, count) in sorted(indexed_pages_hash(folder).items()):
        pages[lang] = count
        target = folder / BUNDLE / lang
        if published is not None:
            previous = published / BUNDLE / lang
            marker = previous / SOURCE_HASH
            if marker.is_file() and marker.read_text(encoding="utf-8").strip() == source_hash:
                shutil.copytree(previous, target)
                reused.append(lang)
                continue
        _run_async(folder, lang)
        (target / SOURCE_HASH).write_text(source_hash + "\n", encoding="utf-8")
    return IndexResult(pages=pages, reused=tuple(reused))
