"""Incremental builds: nothing changed does nothing; one entry changed redoes only its pages,
and the result is byte for byte what a clean build gives."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from conftest import FIXTURES, TODAY, build_args, build_py, tree

from generator.cache import cache_file
from generator.site import build_site


def content_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", root)
    return root


def site_files(folder: Path) -> dict[str, bytes]:
    # Pagefind 1.5 varies some of its files between runs (Pagefind#638); everything else counts
    return {k: v for k, v in tree(folder).items() if not k.startswith("pagefind/")}


def entry_count(root: Path) -> int:
    return len(list((root / "groups").rglob("*.yaml")))


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
    changed = root / "groups" / "us" / "riverside-veterans.yaml"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace(
            "{en: Riverside Veterans Peer Circle,", "{en: Riverside Veterans Circle,"
        ),
        encoding="utf-8",
    )
    again = build_site(root, out, TODAY)
    assert not again.unchanged
    published_entries = 3  # the fixture has three entries, all with pages
    assert again.reused == (published_entries - 1) * 4
    clean = tmp_path / "clean"
    build_site(root, clean, TODAY, cache=False)
    assert site_files(out) == site_files(clean)
    assert (
        "Riverside Veterans Circle" in (out / "en/groups/riverside-veterans/index.html").read_text()
    )


def test_removed_and_added_entries_are_rebuilt(tmp_path: Path, site: Callable[..., Path]) -> None:
    root = content_copy(tmp_path)
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    moved = root / "groups" / "online-grief-line.yaml"
    moved.rename(root / "groups" / "us" / "online-grief-line.yaml")  # its edit link changes
    (root / "groups" / "closed-circle.yaml").unlink()
    again = build_site(root, out, TODAY)
    assert again.reused == 4  # riverside-veterans only
    clean = tmp_path / "clean"
    build_site(root, clean, TODAY, cache=False)
    assert site_files(out) == site_files(clean)


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
        == f"build: nothing changed since the last build of {out} (202 pages)"
    )
    forced = build_py(*build_args(root, out), "--no-cache")
    assert forced.stdout.splitlines()[-1].startswith("build: 202 pages (")
    assert "unchanged pages kept" not in forced.stdout


def test_a_preview_with_search_still_pending_is_never_taken_as_current(tmp_path: Path) -> None:
    from generator.search import BUNDLE, SOURCE_HASH, indexed_pages_hash

    root = content_copy(tmp_path)
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    changed = root / "groups" / "online-grief-line.yaml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Evening Grief Warmline", "Evening Warmline"), "utf-8")
    preview = build_site(root, out, TODAY, defer_search=True)
    assert preview.search_pending == ["ar", "en", "es", "fr"]
    stale = (out / BUNDLE / "en" / SOURCE_HASH).read_text().strip()
    assert stale != indexed_pages_hash(out)["en"][0]  # the old bundle, for now
    # `serve` was stopped before search caught up: the next build indexes again
    again = build_site(root, out, TODAY)
    assert not again.unchanged and again.search_pending == []
    assert (out / BUNDLE / "en" / SOURCE_HASH).read_text().strip() == indexed_pages_hash(out)["en"][
        0
    ]
    assert build_site(root, out, TODAY).unchanged


def test_a_published_page_deleted_by_hand_is_rendered_again(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    (out / "es/groups/riverside-veterans/index.html").unlink()
    changed = root / "groups" / "online-grief-line.yaml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Evening Grief Warmline", "Evening Warmline"), "utf-8")
    again = build_site(root, out, TODAY)
    assert again.reused == 4  # closed-circle's pages; riverside-veterans' are made again
    clean = tmp_path / "clean"
    build_site(root, clean, TODAY, cache=False)
    assert site_files(out) == site_files(clean)
