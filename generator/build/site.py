"""The build: load -> validate -> catalog -> plan -> render -> write -> publish."""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import dataclasses
import functools
import gc
import hashlib
import multiprocessing
import os
import shutil
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Container, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from xml.sax.saxutils import escape, quoteattr

from generator.catalog.catalog import Catalog, build_catalog
from generator.exports.exports import csv_files, json_files, meeting_guide_files
from generator.exports.hsds import hsds_files
from generator.exports.ics import calendar_files
from generator.incremental.cache import (
    Inputs,
    Record,
    cache_file,
    folder_identity,
    hash_inputs,
    read_record,
    write_record,
)
from generator.incremental.cache import reusable as cache_reusable
from generator.incremental.fragments import (
    Fragments,
    Piece,
    fragments_file,
    read_fragments,
    write_fragments,
)
from generator.planning.pages import REUSED, Planner, Reuse
from generator.publishing.output import (
    Spare,
    copy_file,
    copy_page,
    headers_file,
    publish,
    recover,
    remove_stale,
    staging,
    trash_folder,
    write_files,
    write_page,
)
from generator.publishing.search import MARKER, Indexer
from generator.reading.load import EntryMemo, load_content, scan_files
from generator.reading.problems import Problem, display_path
from generator.reading.validate import ValidationMemo, validate
from generator.rendering.render import Renderer
from generator.text import urls
from generator.text.i18n import load_translations
from generator.text.urls import page_file
from generator.theme.assets import collect_assets, fingerprint

T = TypeVar("T")
MARKER_BYTES = MARKER.encode()
THEMES = Path(__file__).resolve().parents[2] / "themes"
DEFAULT_THEME = THEMES / "default"


@dataclass
class BuildResult:
    """What a build did: problems (if it stopped), pages per language, timings."""

    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    pages: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)
    published: bool = False
    bytes_written: int = 0
    indexed: int = 0
    reused: int = 0
    """Pages copied from the published site because nothing they show changed."""
    unchanged: bool = False
    """Nothing changed since the build that published the output folder: nothing was done, or
    only what fills a `memo` (every page kept as it was)."""
    search_pending: list[str] = field(default_factory=list)
    """Languages whose search bundle is out of date until `search.refresh_bundle` runs."""
    cleanup: threading.Thread | None = None
    """What is left to do in the background: removing the replaced site (with `defer_search`;
    with a `memo` too, it is kept as the next build's spare instead) and what was moved aside,
    and with a `memo`, keeping the export pieces on disk for a later build."""


@dataclass
class BuildMemo:
    """What a long-running process (the preview server) keeps in memory between its builds:
    entry files parsed and checked, so a rebuild reads again only the files that changed, and
    the entries' export pieces, so it makes again only the changed entries' ones."""

    entries: EntryMemo = field(default_factory=EntryMemo)
    validation: ValidationMemo = field(default_factory=ValidationMemo)
    shared: str = ""
    """The shared inputs the export pieces below were made with."""
    pieces: dict[str, tuple[str, dict[str, Piece]]] = field(default_factory=dict)
    objects: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    spare: Spare | None = None
    """The site the last build replaced, for the next one to write over."""
    published: tuple[tuple[int, int], set[str]] | None = None
    """The site the last build published: its folder's identity, and its files but search's."""
    sitemap: tuple[tuple[str, str, list[PageOutline]], bytes] | None = None
    """The last sitemap, and what it was made from."""


def theme_dirs(theme: str | None, themes: Path = THEMES) -> list[Path]:
    """Return the theme folders in override order: the maintainer's theme (a folder under
    `themes`, chosen with --theme, never by content) first, then the default theme."""
    folders = [themes / theme] if theme and theme != "default" else []
    folders.append(DEFAULT_THEME)
    return folders


def theme_problems(folders: list[Path]) -> list[Problem]:
    """Return what is wrong with the theme folders' files: links, devices and pipes are never
    read, and names must be checked out everywhere, as under the content folder."""
    problems = []
    for folder in folders:
        if not folder.is_dir() or folder.is_symlink():
            problems.append(
                Problem(
                    display_path(folder),
                    1,
                    1,
                    "error",
                    "the theme is not a folder under themes/; build with --theme NAME, "
                    "where NAME is one of the folders there",
                )
            )
            continue
        problems.extend(scan_files(folder, display_path(folder)).problems)
    return problems


def build_site(
    content: Path,
    out: Path,
    today: date,
    base_url: str | None = None,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
    cache: bool = True,
    defer_search: bool = False,
    memo: BuildMemo | None = None,
    theme: str | None = None,
    themes: Path = THEMES,
) -> BuildResult:
    """Build the site from `content` into `out`; `out` is replaced only if everything worked.

    With `cache`, a build whose inputs are those of the published site does nothing, and one
    where only some entries changed copies the other entries' pages from the published site.
    With `defer_search`, languages whose pages changed keep their published search bundle for
    now and are listed in `search_pending`, for `search.refresh_bundle` to bring up to date, and
    the replaced site is removed in the background (`cleanup`): the new pages are up at once.
    With `memo` (and `cache`), unchanged entry files are neither parsed nor checked again; a
    memo that has not seen these inputs yet is filled by a whole build (reusing what it can).
    `theme` names a folder under `themes` whose templates, assets and catalogs override the
    default theme's.
    """
    result = BuildResult()
    started = time.perf_counter()

    def phase(name: str, since: float) -> float:
        now = time.perf_counter()
        result.phases[name] = result.phases.get(name, 0.0) + now - since
        return now

    mark = time.perf_counter()
    folders = theme_dirs(theme, themes)
    result.problems = theme_problems(folders)
    if result.problems:
        result.seconds = time.perf_counter() - started
        return result
    inputs = previous = None
    same = False
    if cache:
        recover(out)  # a build killed mid-swap leaves no record that still holds
        inputs = hash_inputs(content, folders, today, base_url)
        previous = read_record(out)
        mark = phase("cache", mark)
        same = previous is not None and previous.inputs == inputs and not previous.pending
        if previous is not None and same and (memo is None or memo.shared == inputs.shared):
            result.problems = previous.warnings
            result.pages = Counter(previous.pages)
            result.files = previous.files
            result.indexed = previous.indexed
            result.published = result.unchanged = True
            result.seconds = time.perf_counter() - started
            return result
    remembered = memo if memo is not None and inputs is not None else None
    raw = load_content(content, remembered.entries if remembered else None)
    mark = phase("load", mark)
    validation = remembered.validation.use(inputs.shared) if remembered and inputs else None
    validated = validate(raw, today, memo=validation)
    result.problems = validated.problems
    result.files = validated.files
    mark = phase("validate", mark)
    if not validated.ok:
        result.seconds = time.perf_counter() - started
        return result
    catalog = build_catalog(validated)
    del raw, validated  # the parsed files: the workers fork from this process, lighter without
    if memo is None:  # `serve` keeps its parses, and would pay for a collection on every change
        _give_back_memory()
    if base_url:
        site = catalog.site.model_copy(update={"base_url": base_url})
        catalog = dataclasses.replace(catalog, site=site)
    translations = {
        lang: load_translations([f / "locales" for f in folders], lang)
        for lang in catalog.site.languages
    }
    assets, asset_files = fingerprint(collect_assets([f / "static" for f in folders]))
    planner = Planner(catalog, translations, today)
    compiled = cache_file(out).parent / "templates" if cache else None
    renderer = Renderer(catalog, [f / "templates" for f in folders], translations, assets, compiled)
    mark = phase("plan", mark)
    reuse = _reuse(out, inputs, previous, planner.languages)
    list_keys: dict[str, str] = {}
    fragments = Fragments()
    # the preview server keeps the data pieces for its next build
    keep_objects = remembered is not None
    if inputs is not None and remembered is not None and remembered.shared == inputs.shared:
        fragments = Fragments(
            inputs.entries, remembered.pieces, remembered.objects, keep_objects=keep_objects
        )
    elif inputs is not None:
        kept = (
            read_fragments(fragments_file(cache_file(out)), inputs.shared) if reuse.entries else {}
        )
        fragments = Fragments(inputs.entries, kept, keep_objects=keep_objects)
    published = out if out.is_dir() else None
    spare = None
    if remembered is not None and remembered.spare is not None:
        spare, remembered.spare = remembered.spare, None  # written over, or removed on failure
    spare_files = spare.files() if spare is not None else set()
    trash = trash_folder(out)
    made: set[str] = set()  # every file this build writes or keeps, but the search bundles'
    with (
        staging(out, spare) as folder,
        Indexer(folder, published, defer_search, trash) as indexer,
    ):
        previous_indexed = previous.indexed_pages if previous is not None and reuse.entries else {}
        job = _RenderJob(planner, renderer, folder, out, reuse, previous_indexed)
        outlines: list[PageOutline] = []
        indexed_pages: dict[str, bytes] = {}

        def exports() -> tuple[int, float, list[str]]:
            began = time.perf_counter()
            written, names = _write_exports(catalog, folder, out, reuse, fragments)
            return written, time.perf_counter() - began, names

        # the exports are written while the worker processes render, and each language is
        # indexed for search as soon as its entries are written: this process mostly waits
        languages = list(catalog.site.languages)
        search = catalog.site.features.search

        def searchable(lang: str, pages: dict[str, bytes]) -> None:
            indexed_pages.update(pages)
            if search:
                indexer.add(pages)

        # with search deferred (`serve`), the pages come first and nothing waits on the indexer
        behind_search = search and not defer_search
        rendered_all, (exported, export_seconds, export_names) = _render_all(
            job, languages, jobs, progress, exports, searchable, behind_search
        )
        result.bytes_written += exported
        made.update(export_names)
        for lang, rendered in rendered_all:
            result.pages[lang] += len(rendered.outlines)
            outlines.extend(rendered.outlines)
            list_keys.update(rendered.keys)
            result.bytes_written += rendered.bytes_written
            result.reused += rendered.reused
        for page in planner.shared_pages():
            result.bytes_written += write_page(folder, page.path, renderer.render(page))
            result.pages[page.lang] += 1
            outlines.append(PageOutline(page.path, dict(page.alternates)))
        mark = phase("render", mark)
        result.phases["exports"] = export_seconds
        base = urls.root(catalog.site.base_url)
        extra = {
            "sitemap.xml": _sitemap(
                sorted(outlines), base, catalog.site.default_language, remembered
            ),
            "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n".encode(),
            "_headers": headers_file().encode(),
            ".nojekyll": b"",
        }
        result.bytes_written += write_files(folder, {**asset_files, **extra})
        made.update(asset_files, extra, (page_file(outline.path) for outline in outlines))
        if spare is not None:
            remove_stale(folder, spare_files - made)
        mark = phase("write", mark)
        indexed = indexer.finish()  # and a spare's bundles of languages not searched now go
        if search:
            result.indexed = sum(indexed.pages.values())
            result.search_pending = list(indexed.deferred)
            mark = phase("search index", mark)  # only what is left once the pages are written
        old = publish(folder, out, keep_old=defer_search)
        result.published = True
        mark = phase("publish", mark)
        if old is not None and remembered is not None:
            # the files of a site this memo's last build published are known: no need to list
            last = remembered.published
            known = last[1] if last is not None and last[0] == folder_identity(old) else None
            remembered.spare = Spare(old, known)
            result.cleanup = _in_background(result.cleanup, remembered.spare.wait)
            remembered.published = (folder_identity(out), made)
        elif old is not None:
            result.cleanup = _in_background(
                None, functools.partial(shutil.rmtree, old, ignore_errors=True)
            )
    if indexer.emptying is not None:
        result.cleanup = _in_background(result.cleanup, indexer.emptying.join)
    if inputs is not None:
        warnings = [p for p in result.problems if p.severity == "warning"]
        record = Record(
            inputs,
            (0, 0),
            dict(result.pages),
            result.files,
            result.indexed,
            warnings,
            result.search_pending,
            list_keys,
            {page: digest.hex() for page, digest in indexed_pages.items()},
        )
        write_record(out, record)
        keep = functools.partial(
            write_fragments, fragments_file(cache_file(out)), fragments, inputs.shared
        )
        if remembered is None:
            keep()
        else:
            # the preview server has the pieces in memory; the file is for a later `build`
            remembered.shared = inputs.shared
            remembered.pieces, remembered.objects = fragments.made, fragments.made_objects
            result.cleanup = _in_background(result.cleanup, keep)
    result.unchanged = same
    result.seconds = time.perf_counter() - started
    return result


def _in_background(before: threading.Thread | None, work: Callable[[], None]) -> threading.Thread:
    """Start `work` in a thread of its own, after `before` (if any) has finished."""

    def run() -> None:
        if before is not None:
            before.join()
        work()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _write_exports(
    catalog: Catalog, folder: Path, out: Path, reuse: Reuse, fragments: Fragments
) -> tuple[int, list[str]]:
    """Write the open data into `folder`, keeping the unchanged entries' calendars; return the
    bytes written and the files' names."""
    written = 0
    calendars = {slug for slug in reuse.entries if (out / urls.calendar(slug)).is_file()}
    names = [urls.calendar(slug) for slug in sorted(calendars)]
    for name in names:
        written += copy_file(out, folder, name)
    for files in open_data(catalog, fragments, skip=calendars):
        written += write_files(folder, files)
        names.extend(files)
        del files  # the next format is made without this one in memory
    return written, names


def _reuse(
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
        for slug in cache_reusable(previous, inputs)
        if all(published(urls.entry(lang, slug)) for lang in languages)
    )
    return Reuse(
        entries=entries,
        hashes=inputs.entries,
        keys=previous.lists if same and previous is not None else {},
        published=published,
    )


def open_data(
    catalog: Catalog, fragments: Fragments | None = None, skip: Container[str] = ()
) -> Iterator[dict[str, bytes]]:
    """Yield the machine-readable copies of the directory under data/ (output path -> bytes),
    one format at a time: at 10,000 entries they are 240 MB, and only one need be in memory.

    The entries' pieces come from `fragments` where it has them; the calendars of the entries
    in `skip` are left out (the published ones are kept).
    """
    yield calendar_files(catalog, skip)
    yield json_files(catalog, fragments)
    yield csv_files(catalog, fragments)
    yield meeting_guide_files(catalog, fragments)
    yield hsds_files(catalog, fragments)


def _sitemap(pages: list[PageOutline], base: str, default: str, memo: BuildMemo | None) -> bytes:
    """Return the sitemap, made again only if its pages or their addresses changed."""
    made_from = (base, default, pages)
    if memo is not None and memo.sitemap is not None and memo.sitemap[0] == made_from:
        return memo.sitemap[1]
    data = sitemap(pages, base, default).encode()
    if memo is not None:
        memo.sitemap = (made_from, data)
    return data


def sitemap(pages: list[PageOutline], base: str, default: str) -> str:
    """Return sitemap.xml with hreflang alternates (and x-default) for every localized page."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    blocks: dict[tuple[tuple[str, str], ...], str] = {}
    for page in pages:
        if page.path.endswith((".html", ".xml")):
            continue  # the 404 page is not a place to send anyone, and a feed is not a page
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(base + page.path)}</loc>")
        if page.alternates:
            # the same block for each language's version of a page: made once
            target = page.alternates.get(default, page.path)
            group = (*page.alternates.items(), ("x-default", target))
            block = blocks.get(group)
            if block is None:
                block = blocks[group] = _alternate_links(page.alternates, base, target)
            lines.append(block)
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _alternate_links(alternates: dict[str, str], base: str, target: str) -> str:
    link = '    <xhtml:link rel="alternate" hreflang={} href={}/>'
    lines = [
        link.format(quoteattr(lang), quoteattr(base + path)) for lang, path in alternates.items()
    ]
    lines.append(
        f'    <xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(base + target)}/>'
    )
    return "\n".join(lines)


@dataclass(frozen=True, order=True)
class PageOutline:
    """What the sitemap needs of a page once its HTML is written."""

    path: str
    alternates: dict[str, str] = field(compare=False)


@dataclass
class _Rendered:
    outlines: list[PageOutline]
    bytes_written: int
    reused: int = 0
    keys: dict[str, str] = field(default_factory=dict)
    """List page path -> the key it was made from."""
    indexed: dict[str, bytes] = field(default_factory=dict)
    """Page file -> SHA-256 of its bytes, for the pages the search indexes."""


@dataclass
class _RenderJob:
    planner: Planner
    renderer: Renderer
    folder: Path
    published: Path
    reuse: Reuse = field(default_factory=Reuse)
    """What is copied from the published site instead of rendered."""
    indexed: Mapping[str, str] = field(default_factory=dict)
    """Page file -> SHA-256 (hex) of the published indexed pages, from the last build."""


# Set in the parent just before worker processes fork, so they inherit the catalog, templates
# and translations instead of receiving them pickled.
_JOB: _RenderJob | None = None

# Below this many entries, starting worker processes costs more than it saves.
PARALLEL_FROM_ENTRIES = 400

# How far render workers stand back for the indexer (see `_render_all`).
WORKER_NICENESS = 10


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


def _render_task(task: _Task) -> tuple[_Task, _Rendered]:
    """Plan, render and write a share of one language's pages; in a worker process or inline."""
    assert _JOB is not None
    outlines: list[PageOutline] = []
    written = reused = 0
    keys: dict[str, str] = {}
    indexed: dict[str, bytes] = {}
    planner, lang = _JOB.planner, task.lang
    pages = (
        planner.searchable_pages(lang, _JOB.reuse, (task.first, task.every))
        if task.searchable
        else planner.other_pages(lang, _JOB.reuse)
    )
    for page in pages:
        if page.key:
            keys[page.path] = page.key
        name = page_file(page.path)
        if page.template == REUSED:
            written += copy_page(_JOB.published, _JOB.folder, page.path)
            reused += 1
            known = _JOB.indexed.get(name)
            if known is not None:
                indexed[name] = bytes.fromhex(known)
            elif page.path.startswith(f"{lang}/groups/"):
                data = (_JOB.folder / name).read_bytes()
                if MARKER_BYTES in data:
                    indexed[name] = hashlib.sha256(data).digest()
        else:
            html = _JOB.renderer.render(page)
            written += write_page(_JOB.folder, page.path, html)
            if MARKER in html:
                indexed[name] = hashlib.sha256(html.encode("utf-8")).digest()
        outlines.append(PageOutline(page.path, dict(page.alternates)))
    _JOB.renderer.forget()  # a worker takes the next share with the memory it started with
    return task, _Rendered(outlines, written, reused, keys, indexed)


def _render_all(
    job: _RenderJob,
    languages: list[str],
    jobs: int | None,
    progress: Callable[[str], None] | None,
    meanwhile: Callable[[], T],
    searchable: Callable[[str, dict[str, bytes]], None],
    behind_search: bool = False,
) -> tuple[list[tuple[str, _Rendered]], T]:
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
    done: list[tuple[str, _Rendered]] = []

    def finished(task: _Task, rendered: _Rendered) -> None:
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


def _give_back_memory() -> None:
    """Hand the memory freed since loading back to the system.

    Parsing every file peaks well above what the catalog keeps; the C library holds on to
    the difference (about 100 MB at 10,000 entries) unless asked, and the build goes on for
    minutes beside the worker processes and the indexer.
    """
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # glibc only: elsewhere, nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def settle_memory() -> None:
    """Collect a long-lived process's garbage, then leave what it keeps out of later collections.

    For `serve`, once a build is published: its memo holds every entry parsed, checked and
    rendered, millions of objects that a full collection walks in half a second at 10,000
    entries. Left to chance, one or two such collections landed inside most rebuilds, before
    the pages were current. Here they cost one collection after the pages are up, and the
    next build's collections see only what it makes. What this collection frees never
    stays frozen: each call collects everything again first.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def summary_line(result: BuildResult, out: Path) -> str:
    """Return the one-line summary every build ends with."""
    per_lang = ", ".join(f"{lang} {count}" for lang, count in sorted(result.pages.items()))
    total = sum(result.pages.values())
    searchable = f", {result.indexed} searchable" if result.indexed else ""
    if result.unchanged:
        return f"build: nothing changed since the last build of {out} ({total} pages)"
    reused = f", {result.reused} unchanged pages kept" if result.reused else ""
    return (
        f"build: {total} pages ({per_lang}){searchable}{reused} in {result.seconds:.1f} s -> {out}"
    )


def terminal_progress() -> Callable[[str], None] | None:
    """Return a progress printer for an interactive terminal, or None in CI and pipes."""
    if not sys.stderr.isatty():
        return None

    def show(message: str) -> None:
        print(f"\r{message}\033[K", end="", file=sys.stderr, flush=True)

    return show
