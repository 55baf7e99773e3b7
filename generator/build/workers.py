"""The render workers: each language's pages planned, rendered and written in forked worker
processes (or inline for a small site), while the build process writes the exports and feeds
the search indexer."""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import hashlib
import multiprocessing
import multiprocessing.pool
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from generator.incremental.reuse import Reuse
from generator.planning.pages import Planner
from generator.publishing.output import copy_page, write_page
from generator.publishing.search import MARKER
from generator.publishing.search_copies import SearchCopies, search_copy, visitor_copy
from generator.publishing.sitemap import PageOutline
from generator.rendering.render import Renderer
from generator.text.markup import Mapper, Refusal
from generator.text.urls import page_file

T = TypeVar("T")


@dataclass
class Rendered:
    outlines: list[PageOutline]
    bytes_written: int
    reused: int = 0
    keys: dict[str, str] = field(default_factory=dict)
    """List page path -> the key it was made from."""
    indexed: dict[str, bytes] = field(default_factory=dict)
    """Page file -> SHA-256 of its bytes, for the pages the search indexes."""


@dataclass
class RenderJob:
    planner: Planner
    renderer: Renderer
    folder: Path
    published: Path
    reuse: Reuse = field(default_factory=Reuse)
    """What is copied from the published site instead of rendered."""
    indexed: Mapping[str, str] = field(default_factory=dict)
    """Page file -> SHA-256 (hex) of the published indexed pages' search copies, from the last
    build."""
    copies: SearchCopies | None = None
    """Where the searchable pages' search copies go; a job that renders searchable pages
    must have it (`_render_task` refuses to publish pages search could not read)."""


# Set in the parent just before worker processes fork, so they inherit the catalog, templates
# and translations instead of receiving them pickled.
_JOB: RenderJob | None = None

# Below this many entries, starting worker processes costs more than it saves.
PARALLEL_FROM_ENTRIES = 400

# How far render workers stand back for the indexer (see `render_all`).
WORKER_NICENESS = 10


# Below this many Markdown texts to check, a pool of processes costs more than it saves.
PARALLEL_FROM_TEXTS = 1000


@contextlib.contextmanager
def markdown_mapper(jobs: int | None) -> Iterator[Mapper]:
    """Yield a `Mapper` that renders a large site's Markdown texts on every core.

    The pool is forked when first used, from the process as it is then (no thread running:
    the build calls it before any starts), and closed on leaving. Few texts are mapped here.
    """
    workers = jobs or os.cpu_count() or 1
    pool: multiprocessing.pool.Pool | None = None

    def mapper(
        function: Callable[[str], str | Refusal], texts: Iterable[str]
    ) -> list[str | Refusal]:
        nonlocal pool
        todo = list(texts)
        if workers < 2 or len(todo) < PARALLEL_FROM_TEXTS or "fork" not in _METHODS:
            return [function(text) for text in todo]
        if pool is None:
            pool = multiprocessing.get_context("fork").Pool(workers)
        return pool.map(function, todo, chunksize=max(1, len(todo) // (workers * 8)))

    try:
        yield mapper
    finally:
        if pool is not None:
            pool.close()
            pool.join()


_METHODS = multiprocessing.get_all_start_methods()


def _start_worker(niceness: int) -> None:
    """Set up a render worker process: lower its priority by `niceness`, if any."""
    if niceness:
        with contextlib.suppress(OSError):
            os.nice(niceness)


@dataclass(frozen=True)
class _Task:
    """A share of one language's pages: its searchable pages (share `first` of `every`), or
    the others."""

    lang: str
    searchable: bool
    first: int = 0
    every: int = 1


def _tasks(languages: list[str], workers: int) -> list[_Task]:
    """Return the rendering work in the order to do it.

    Every worker makes a share of the first language's entries and guides, then of the next
    language's: each language can then be indexed by search while the rest renders. The
    other pages (lists, home, information pages) come last.
    """
    searchable = [_Task(lang, True, i, workers) for lang in languages for i in range(workers)]
    return searchable + [_Task(lang, False) for lang in languages]


def _render_task(task: _Task) -> tuple[_Task, Rendered]:
    """Plan, render and write a share of one language's pages; in a worker process or inline."""
    assert _JOB is not None
    outlines: list[PageOutline] = []
    written = reused = 0
    keys: dict[str, str] = {}
    indexed: dict[str, bytes] = {}
    planner, lang, reuse, copies = _JOB.planner, task.lang, _JOB.reuse, _JOB.copies
    planned_pages = (
        planner.plan_searchable(lang, (task.first, task.every))
        if task.searchable
        else planner.plan_other(lang)
    )
    for planned in planned_pages:
        copy, key = reuse.decide(planned)
        if key:
            keys[planned.path] = key
        name = page_file(planned.path)
        known = _JOB.indexed.get(name) if copy else None
        if known is not None and (copies is None or not copies.has(name)):
            copy = False  # its search copy is gone: page and copy are made again
        if copy:
            written += copy_page(_JOB.published, _JOB.folder, planned.path)
            reused += 1
            if known is not None and copies is not None:
                copies.keep(planned.path)
                indexed[name] = bytes.fromhex(known)
        else:
            html = _JOB.renderer.render(planned.make())
            if MARKER in html:
                # search reads the page as rendered (its <main>); visitors get it without
                # what only search reads
                if copies is None:
                    raise RuntimeError(f"{name} is searchable, but the job keeps no search copies")
                searched = search_copy(html)
                indexed[name] = hashlib.sha256(searched.encode("utf-8")).digest()
                copies.write(planned.path, searched)
                html = visitor_copy(html)
            written += write_page(_JOB.folder, planned.path, html)
        outlines.append(PageOutline(planned.path, dict(planned.alternates)))
    _JOB.renderer.forget()  # a worker takes the next share with the memory it started with
    return task, Rendered(outlines, written, reused, keys, indexed)


def render_all(
    job: RenderJob,
    languages: list[str],
    jobs: int | None,
    progress: Callable[[str], None] | None,
    meanwhile: Callable[[], T],
    searchable: Callable[[str, dict[str, bytes]], None],
    behind_search: bool = False,
) -> tuple[list[tuple[str, Rendered]], T]:
    """Render every language, in parallel worker processes when the site is large enough, and
    run `meanwhile` in this process while they do; return both results.

    `searchable(lang, indexed)` is called in this process as soon as all of a language's
    searchable pages are written, with their digests.

    With `behind_search`, the workers run at a lower priority than the indexer, which the
    build waits for: Pagefind indexes one language after another, each once its pages are
    written, so it is the build's critical path. Given the processor first, it ends with the
    rendering instead of long after, and the workers take whatever it leaves.
    """
    global _JOB
    workers = jobs or os.cpu_count() or 1
    large = len(job.planner.published) >= PARALLEL_FROM_ENTRIES
    parallel = workers > 1 and large and "fork" in multiprocessing.get_all_start_methods()
    tasks = _tasks(languages, workers if parallel else 1)
    shares_left = Counter(task.lang for task in tasks if task.searchable)
    indexed: dict[str, dict[str, bytes]] = {lang: {} for lang in languages}
    done: list[tuple[str, Rendered]] = []

    def finished(task: _Task, rendered: Rendered) -> None:
        done.append((task.lang, rendered))
        if progress:
            progress(f"rendering: {len(done)} of {len(tasks)} parts done")
        if task.searchable:
            indexed[task.lang].update(rendered.indexed)
            shares_left[task.lang] -= 1
            if not shares_left[task.lang]:
                searchable(task.lang, indexed.pop(task.lang))

    _JOB = job
    # a long-lived process that froze its heap (`settle_memory`) keeps it frozen
    frozen_before = gc.get_freeze_count() > 0
    try:
        if not parallel:
            for task in tasks:
                finished(*_render_task(task))
            return done, meanwhile()
        # Objects made before the fork are left out of the workers' garbage collection: a
        # collection would write to every one of them and so copy the parent's whole memory.
        gc.freeze()
        niceness = WORKER_NICENESS if behind_search else 0
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, _start_worker, (niceness,)) as pool:
            # the thread starts only once the workers are forked: a fork copies no running thread
            with concurrent.futures.ThreadPoolExecutor(max_workers=1) as thread:
                other = thread.submit(meanwhile)
                for task, rendered in pool.imap_unordered(_render_task, tasks):
                    finished(task, rendered)
                return done, other.result()
    finally:
        if not frozen_before:
            gc.unfreeze()
        _JOB = None
