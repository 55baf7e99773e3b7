"""The build: load -> validate -> catalog -> plan -> render -> write -> publish."""

from __future__ import annotations

import dataclasses
import functools
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Container, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.build.choice_words import theme_words
from generator.build.memory import give_back_memory
from generator.build.workers import RenderJob, markdown_mapper, render_all
from generator.catalog.catalog import Catalog, build_catalog
from generator.exports.exports import csv_files, json_files, meeting_guide_files
from generator.exports.geojson import geojson_files
from generator.exports.hsds import hsds_files
from generator.exports.ics import calendar_files
from generator.exports.packing import packed
from generator.exports.towns import town_files
from generator.incremental.cache import (
    Inputs,
    Record,
    cache_file,
    folder_identity,
    hash_inputs,
    read_record,
    write_record,
)
from generator.incremental.fragments import (
    Fragments,
    Piece,
    fragments_file,
    read_fragments,
    write_fragments,
)
from generator.incremental.reuse import Reuse, reuse_for
from generator.planning.pages import Planner
from generator.publishing.admin import admin_files, admin_headers
from generator.publishing.hosts import PROFILES, HostProfile, OutputSize, check_output, measure
from generator.publishing.output import (
    Spare,
    check_outputs,
    copy_file,
    publish,
    recover,
    remove_stale,
    staging,
    trash_folder,
    write_files,
    write_page,
)
from generator.publishing.search import Indexer
from generator.publishing.search_copies import search_staging
from generator.publishing.sitemap import (
    SITEMAP_BYTES,
    SITEMAP_URLS,
    PageOutline,
    site_files,
    sitemap_files,
)
from generator.reading.load import EntryMemo, load_content
from generator.reading.problems import Problem, display_path
from generator.reading.validate import ValidationMemo, validate
from generator.rendering.render import Renderer
from generator.text import urls
from generator.text.i18n import load_translations
from generator.text.urls import page_file
from generator.theme.assets import collect_assets, fingerprint
from generator.theme.folders import THEMES, theme_dirs, theme_problems


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
    output: OutputSize | None = None
    """What the published folder holds (bytes, files, the largest), measured before publishing."""
    host: HostProfile | None = None
    """The host the output was measured against."""
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
    copies_spare: Spare | None = None
    """The search copies the last build replaced, for the next one to write over."""
    published: tuple[tuple[int, int], set[str]] | None = None
    """The site the last build published: its folder's identity, and its files but search's."""
    sitemap: tuple[tuple[str, str, list[PageOutline]], dict[str, bytes]] | None = None
    """The last sitemap files, and what they were made from."""


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
    hosts: Mapping[str, HostProfile] = PROFILES,
    sitemap_limits: tuple[int, int] = (SITEMAP_URLS, SITEMAP_BYTES),
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
    default theme's. The output is measured against the limits of the host site.yaml names
    (`hosts` holds them; `sitemap_limits`, the URLs and bytes of one sitemap file): past one,
    the build stops before publishing (under `memo`, the preview server, it only warns).
    """
    result = BuildResult()
    clock = _Clock(result)
    folders = theme_dirs(theme, themes)
    result.problems = theme_problems(folders)
    if result.problems:
        return clock.stop()
    inputs = previous = None
    same = False
    if cache:
        recover(out)  # a build killed mid-swap leaves no record that still holds
        inputs = hash_inputs(content, folders, today, base_url)
        previous = read_record(out)
        clock.phase("cache")
        same = previous is not None and previous.inputs == inputs and not previous.pending
        if previous is not None and same and (memo is None or memo.shared == inputs.shared):
            result.problems = previous.warnings
            result.pages = Counter(previous.pages)
            result.files = previous.files
            result.indexed = previous.indexed
            result.published = result.unchanged = True
            return clock.stop()
    remembered = memo if memo is not None and inputs is not None else None
    # entries unchanged since the published build passed its Markdown check as they are now
    checked = _unchanged_entries(inputs, previous)
    catalog = _catalog(
        content, today, base_url, memo, remembered, inputs, result, clock, checked, jobs, theme
    )
    if catalog is None:
        return clock.stop()
    translations = {
        lang: load_translations([f / "locales" for f in folders], lang)
        for lang in catalog.site.languages
    }
    assets, asset_files = fingerprint(collect_assets([f / "static" for f in folders]))
    planner = Planner(catalog, translations, today)
    compiled = cache_file(out).parent / "templates" if cache else None
    renderer = Renderer(catalog, [f / "templates" for f in folders], translations, assets, compiled)
    profile = hosts[catalog.site.host]
    for env in renderer.envs.values():
        # a host that sends the `_headers` policy needs no copy of it in every page
        env.globals["host_sends_headers"] = profile.headers
    clock.phase("plan")
    reuse = reuse_for(out, inputs, previous, planner.languages)
    fragments = _fragments(out, inputs, remembered, reuse)
    previous_indexed = previous.indexed_pages if previous is not None and reuse.entries else {}
    job = _Job(
        catalog,
        planner,
        renderer,
        reuse,
        fragments,
        asset_files,
        previous_indexed,
        profile,
        display_path(content / "site.yaml"),
        sitemap_limits,
    )
    list_keys, indexed_pages = _write_and_publish(
        job, out, result, clock, remembered, jobs, progress, defer_search
    )
    if inputs is not None and result.published:
        _keep_record(out, inputs, result, list_keys, indexed_pages, fragments, remembered)
    result.unchanged = same
    return clock.stop()


class _Clock:
    """Times a build's phases into its result: each phase lasts from the end of the one before."""

    def __init__(self, result: BuildResult) -> None:
        self.result = result
        self.started = self.mark = time.perf_counter()

    def phase(self, name: str) -> None:
        now = time.perf_counter()
        self.result.phases[name] = self.result.phases.get(name, 0.0) + now - self.mark
        self.mark = now

    def stop(self) -> BuildResult:
        self.result.seconds = time.perf_counter() - self.started
        return self.result


def _unchanged_entries(inputs: Inputs | None, previous: Record | None) -> frozenset[str]:
    """Return the slugs whose file, and everything shared (code included), are as they were
    for the published build: what validation found of them then still holds."""
    if inputs is None or previous is None or previous.inputs.shared != inputs.shared:
        return frozenset()
    before = previous.inputs.entries
    return frozenset(
        slug for slug, digest in inputs.entries.items() if digest and before.get(slug) == digest
    )


def _catalog(
    content: Path,
    today: date,
    base_url: str | None,
    memo: BuildMemo | None,
    remembered: BuildMemo | None,
    inputs: Inputs | None,
    result: BuildResult,
    clock: _Clock,
    checked: frozenset[str] = frozenset(),
    jobs: int | None = None,
    theme: str | None = None,
) -> Catalog | None:
    """Load and check the content into `result`; return its catalog, or None on an error.
    A wrong value is told the nearest word the theme shows for it in any site language."""
    raw = load_content(content, remembered.entries if remembered else None)
    clock.phase("load")
    validation = remembered.validation.use(inputs.shared) if remembered and inputs else None
    # `serve` runs threads beside its builds, and a fork copies none of them: it renders here
    with markdown_mapper(jobs if memo is None else 1) as mapper:
        validated = validate(
            raw,
            today,
            memo=validation,
            markdown_checked=checked,
            mapper=mapper,
            choice_words=theme_words(theme),
        )
    result.problems = validated.problems
    result.files = validated.files
    clock.phase("validate")
    if not validated.ok:
        return None
    catalog = build_catalog(validated)
    del raw, validated  # the parsed files: the workers fork from this process, lighter without
    if memo is None:  # `serve` keeps its parses, and would pay for a collection on every change
        give_back_memory()
    if base_url:
        site = catalog.site.model_copy(update={"base_url": base_url})
        catalog = dataclasses.replace(catalog, site=site)
    return catalog


def _fragments(
    out: Path, inputs: Inputs | None, remembered: BuildMemo | None, reuse: Reuse
) -> Fragments:
    """Return the export pieces this build may take over: the memo's, else the kept file's."""
    # the preview server keeps the data pieces for its next build
    keep_objects = remembered is not None
    if inputs is not None and remembered is not None and remembered.shared == inputs.shared:
        return Fragments(
            inputs.entries, remembered.pieces, remembered.objects, keep_objects=keep_objects
        )
    if inputs is not None:
        kept = (
            read_fragments(fragments_file(cache_file(out)), inputs.shared) if reuse.entries else {}
        )
        return Fragments(inputs.entries, kept, keep_objects=keep_objects)
    return Fragments()


@dataclass
class _Job:
    """What a build writes, once the content is checked and the pages can be planned."""

    catalog: Catalog
    planner: Planner
    renderer: Renderer
    reuse: Reuse
    fragments: Fragments
    asset_files: dict[str, bytes]
    previous_indexed: Mapping[str, str]
    """Page file -> SHA-256 (hex) of the published indexed pages, from the last build."""
    host: HostProfile
    site_yaml: str
    """The site settings file as a problem names it."""
    sitemap_limits: tuple[int, int]


def _write_and_publish(
    job: _Job,
    out: Path,
    result: BuildResult,
    clock: _Clock,
    remembered: BuildMemo | None,
    jobs: int | None,
    progress: Callable[[str], None] | None,
    defer_search: bool,
) -> tuple[dict[str, str], dict[str, bytes]]:
    """Render and write every page, the exports and the files beside them into a fresh folder,
    index it for search and publish it as `out`; return the list pages' keys and the digests
    of the indexed pages, for the build record.

    Why it is long: the folder, the indexer and the spare site are held open together, and
    their order (write, index, publish, then clean up in the background) is the point.
    """
    catalog, planner, renderer = job.catalog, job.planner, job.renderer
    list_keys: dict[str, str] = {}
    published = out if out.is_dir() else None
    spare = None
    if remembered is not None and remembered.spare is not None:
        spare, remembered.spare = remembered.spare, None  # written over, or removed on failure
    spare_files = spare.files() if spare is not None else set()
    trash = trash_folder(out)
    made: set[str] = set()  # every file this build writes or keeps, but the search bundles'
    copies_spare = None
    if remembered is not None and remembered.copies_spare is not None:
        copies_spare, remembered.copies_spare = remembered.copies_spare, None
    with (
        staging(out, spare) as folder,
        search_staging(out, copies_spare) as copies,
        Indexer(folder, copies.folder, published, defer_search, trash) as indexer,
    ):
        render_job = RenderJob(
            planner, renderer, folder, out, job.reuse, job.previous_indexed, copies
        )
        outlines: list[PageOutline] = []
        indexed_pages: dict[str, bytes] = {}

        def exports() -> tuple[int, float, list[str]]:
            began = time.perf_counter()
            written, names = _write_exports(
                catalog, folder, out, job.reuse, job.fragments, planner.today
            )
            return written, time.perf_counter() - began, names

        # the exports are written while the worker processes render, and each language is
        # indexed for search as soon as its entries are written: this process mostly waits
        languages = list(catalog.site.languages)
        search = catalog.site.features.search

        def searchable(lang: str, pages: dict[str, bytes]) -> None:
            indexed_pages.update(pages)
            copies.remove_stale(lang, pages)  # a spare's copies of pages no longer made
            if search:
                indexer.add(pages)

        # with search deferred (`serve`), the pages come first and nothing waits on the indexer
        behind_search = search and not defer_search
        rendered_all, (exported, export_seconds, export_names) = render_all(
            render_job, languages, jobs, progress, exports, searchable, behind_search
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
        clock.phase("render")
        result.phases["exports"] = export_seconds
        base = urls.root(catalog.site.base_url)
        maps = _sitemap(
            sorted(outlines), base, catalog.site.default_language, remembered, job.sitemap_limits
        )
        site = catalog.site
        extra = site_files(maps, base, admin_headers(site, site.host))
        extra.update(admin_files(site, catalog.vocabularies))  # the opt-in editor, /admin/
        result.bytes_written += write_files(folder, {**job.asset_files, **extra})
        made.update(job.asset_files, extra, (page_file(outline.path) for outline in outlines))
        # two outputs on one file (or on two names a case-blind host can't tell apart) fail
        # the build here, before anything is published
        check_outputs(
            [
                *((name, "theme asset") for name in job.asset_files),
                *((name, "site file") for name in extra),
                *((name, "open data") for name in export_names),
                *((page_file(outline.path), "page") for outline in outlines),
            ]
        )
        if spare is not None:
            remove_stale(folder, spare_files - made)
        clock.phase("write")
        indexed = indexer.finish()  # and a spare's bundles of languages not searched now go
        if search:
            result.indexed = sum(indexed.pages.values())
            result.search_pending = list(indexed.deferred)
            clock.phase("search index")  # only what is left once the pages are written
        fits = _fits_host(folder, job, result, preview=remembered is not None)
        clock.phase("measure")
        if not fits:
            return list_keys, indexed_pages  # the staged folder goes; `out` stays as it was
        old = publish(folder, out, keep_old=defer_search)
        copies.remove_stale(None, indexed_pages)  # a spare's languages no longer made
        # before the build record, which says they are the site's
        kept_copies = copies.publish(trash, keep_old=remembered is not None)
        if remembered is not None:
            remembered.copies_spare = kept_copies
        result.published = True
        clock.phase("publish")
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
    return list_keys, indexed_pages


def _keep_record(
    out: Path,
    inputs: Inputs,
    result: BuildResult,
    list_keys: dict[str, str],
    indexed_pages: dict[str, bytes],
    fragments: Fragments,
    remembered: BuildMemo | None,
) -> None:
    """Write the build record beside `out`, and keep the export pieces for the next build."""
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
    catalog: Catalog, folder: Path, out: Path, reuse: Reuse, fragments: Fragments, today: date
) -> tuple[int, list[str]]:
    """Write the open data into `folder`, keeping the unchanged entries' calendars; return the
    bytes written and the files' names."""
    written = 0
    calendars = {slug for slug in reuse.entries if (out / urls.calendar(slug)).is_file()}
    names = [urls.calendar(slug) for slug in sorted(calendars)]
    for name in names:
        written += copy_file(out, folder, name)
    for files in open_data(catalog, fragments, skip=calendars, today=today):
        written += write_files(folder, files)
        names.extend(files)
        del files  # the next format is made without this one in memory
    return written, names


def open_data(
    catalog: Catalog,
    fragments: Fragments | None = None,
    skip: Container[str] = (),
    today: date | None = None,
) -> Iterator[dict[str, bytes]]:
    """Yield the machine-readable copies of the directory under data/ (output path -> bytes),
    one format at a time: at 10,000 entries they are 240 MB, and only one need be in memory.

    The entries' pieces come from `fragments` where it has them; the calendars of the entries
    in `skip` are left out (the published ones are kept).
    """
    yield calendar_files(catalog, skip)
    yield packed(json_files(catalog, fragments))
    yield packed(csv_files(catalog, fragments))
    yield meeting_guide_files(catalog, fragments)
    yield packed(hsds_files(catalog, fragments, today))
    yield geojson_files(catalog)
    yield town_files(catalog, fragments)  # not open data: what near-me matches a typed town against


def _fits_host(folder: Path, job: _Job, result: BuildResult, preview: bool) -> bool:
    """Measure the staged `folder` against the host's limits into `result`; return whether it
    may be published (the preview server publishes anyway, and only warns)."""
    result.output = measure(folder)
    result.host = job.host
    found = check_output(job.host, result.output, job.site_yaml, _host_line(job.site_yaml))
    if preview:
        found = [dataclasses.replace(p, severity="warning") for p in found]
    result.problems = [*result.problems, *found]
    return not any(p.severity == "error" for p in found)


def _host_line(site_yaml: str) -> int:
    """Return the line of site.yaml that names the host (1 when it names none)."""
    try:
        lines = Path(site_yaml).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        return 1
    return next((n for n, text in enumerate(lines, 1) if text.startswith("host:")), 1)


def _sitemap(
    pages: list[PageOutline],
    base: str,
    default: str,
    memo: BuildMemo | None,
    limits: tuple[int, int] = (SITEMAP_URLS, SITEMAP_BYTES),
) -> dict[str, bytes]:
    """Return the sitemap files, made again only if their pages or addresses changed."""
    made_from = (base, default, pages)
    if memo is not None and memo.sitemap is not None and memo.sitemap[0] == made_from:
        return memo.sitemap[1]
    files = sitemap_files(pages, base, default, *limits)
    if memo is not None:
        memo.sitemap = (made_from, files)
    return files
