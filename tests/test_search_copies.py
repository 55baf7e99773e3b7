"""Search copies: Pagefind reads each searchable page as rendered, with what only search reads
(filters, metadata, sort values, keywords in every language, `data-pagefind-*` attributes),
and visitors get the page without it. The copies are kept beside the site, never in it."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, TODAY, entry, tree

from generator.build import workers
from generator.build.site import build_site
from generator.publishing.search import BUNDLE, SOURCE_HASH, indexed_pages_hash, search_copies
from generator.publishing.search_copies import search_copy, visitor_copy

pytestmark = pytest.mark.slow

# What a volunteer might type (or an attacker send) that looks like search markup: it is text,
# and visitors see it as written.
LOOKALIKE = 'Meet " data-pagefind-body data-pagefind-meta="title:x" here'
COMMENTS = "Before <!--search-only--> between <!--/search-only--> after"


def _content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", root)
    return root


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _title(html: str) -> str:
    return html[html.index("<title>") : html.index("</title>")]


def _index_read(site: Path) -> dict[str, object]:
    """Return what a search bundle holds, as a visitor's browser reads it: each language's
    results (fragments, by address) and its filter files, decompressed."""
    found: dict[str, object] = {}
    for path in sorted((site / BUNDLE).rglob("*.pf_*")):
        if path.suffix == ".pf_meta":
            continue  # names the other files, whose names hash their bytes: compared below
        data = gzip.decompress(path.read_bytes())
        if path.suffix == ".pf_fragment":
            fragment = json.loads(data.removeprefix(b"pagefind_dcd"))
            found[f"{path.parent.parent.name} {fragment['url']}"] = fragment
        else:
            parts = found.setdefault(f"{path.parent.parent.name} {path.suffix}", set())
            assert isinstance(parts, set) and data.startswith(b"pagefind_dcd")
            value, end = _cbor(data, len(b"pagefind_dcd"))
            assert end == len(data)
            parts.add(value)
    return found


def _cbor(data: bytes, at: int) -> tuple[object, int]:
    """Decode the CBOR value at `at` (the kinds Pagefind's filter and index files use); return
    it and where it ends. Arrays come back as sorted tuples: Pagefind writes a filter's values
    in no fixed order (upstream issue Pagefind#638), and their order means nothing."""
    kind, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        number = info
    else:
        width = 1 << (info - 24)
        number = int.from_bytes(data[at : at + width], "big")
        at += width
    if kind in (0, 1):
        return number if kind == 0 else -1 - number, at
    if kind in (2, 3):
        return data[at : at + number], at + number
    if kind in (4, 5):
        items = []
        for _ in range(number * (2 if kind == 5 else 1)):
            item, at = _cbor(data, at)
            items.append(item)
        return tuple(sorted(items, key=repr)), at
    raise AssertionError(f"CBOR kind {kind} at {at}")


def _pages(folder: Path) -> dict[str, str]:
    return {
        name: data.decode("utf-8")
        for name, data in tree(folder).items()
        if name.endswith("index.html") and not name.startswith(f"{BUNDLE}/")
    }


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixture") / "site"
    assert build_site(FIXTURES / "valid", out, TODAY).published
    return out


def test_visitors_get_no_search_markup_and_search_gets_all_of_it(fixture_site: Path) -> None:
    copies = search_copies(fixture_site)
    assert copies.parent == fixture_site.parent / ".cache"  # beside the site, never in it
    indexed = _pages(copies)
    # every entry in every language, and the guide where it is written (English, Spanish)
    assert sorted(indexed) == sorted(
        [
            *(
                f"{lang}/groups/{slug}/index.html"
                for lang in ("ar", "en", "es", "fr")
                for slug in ("closed-circle", "online-grief-line", "riverside-veterans")
            ),
            "en/guides/first-meeting/index.html",
            "es/guides/first-meeting/index.html",
        ]
    )
    published = _pages(fixture_site)
    for name, copy in indexed.items():
        page = published[name]
        assert "data-pagefind" in copy and "<!--search-only-->" in copy
        assert "data-pagefind" not in page, name
        assert "search-only" not in page, name
        # the copy is the page's <html> tag, title and <main>; the visitor's <main> is the
        # copy's without what only search reads, and nothing else differs
        assert copy.startswith(page[: page.index("<head>")]), name
        assert _title(copy) == _title(page)
        assert _main(visitor_copy(copy)) == _main(page), name
        assert "<header" not in copy.split("<main", 1)[0] and len(copy) < len(page)
    # what search reads is in the copy: filters, sort values, metadata, keywords
    copy = indexed["en/groups/riverside-veterans/index.html"]
    for part in ('data-pagefind-filter="', 'data-search-order="name:', "data-pagefind-body"):
        assert part in copy
    # and the visitor's page shows the same entry, without them
    page = published["en/groups/riverside-veterans/index.html"]
    assert "data-search-order" not in page and "data-pagefind-filter" not in page
    assert "<h1>Riverside Veterans Peer Circle</h1>" in page
    assert 'class="note note-away"' in page  # the links that paper and handouts leave out


def test_search_indexes_the_short_copy_as_it_would_the_whole_page(
    tmp_path: Path, fixture_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the copy leaves out the page's head, header and footer: Pagefind must find the same
    # results, words, filters, metadata and sort values in it
    monkeypatch.setattr(workers, "search_copy", lambda html: html)
    whole = tmp_path / "whole" / "site"
    assert build_site(FIXTURES / "valid", whole, TODAY).published
    assert "<header" in (search_copies(whole) / "en/groups/closed-circle/index.html").read_text()
    short, full = _index_read(fixture_site), _index_read(whole)
    assert len([name for name in short if "/groups/" in name]) == 12
    assert short == full


def test_a_page_laid_out_otherwise_is_copied_whole() -> None:
    page = '<html lang="en"><head><title>T</title></head><body><article data-pagefind-body>x'
    assert search_copy(page) == page  # no <main>
    two = page + "<main></main><main></main>"
    assert search_copy(two) == two


def test_search_markup_lookalikes_in_an_entry_stay_as_written(tmp_path: Path) -> None:
    root = _content(tmp_path)
    text = entry(name=f"'{LOOKALIKE}'").replace("summary: A test group.", f"summary: '{LOOKALIKE}'")
    text += f"description: |\n  {LOOKALIKE}\n\n  {COMMENTS}\n\n  `{LOOKALIKE}`\n"
    (root / "groups" / "lookalike.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    result = build_site(root, out, TODAY)
    assert result.published, [p.format() for p in result.problems]
    page = (out / "en/groups/lookalike/index.html").read_text(encoding="utf-8")
    shown = LOOKALIKE.replace('"', "&#34;")
    assert f"<h1>{shown}</h1>" in page  # the name, with its quotes escaped
    assert f'<meta name="description" content="{shown}">' in page
    assert f'<p class="lead">{shown}</p>' in page
    # every "data-pagefind" left on the page is the entry's own words, as written
    rest = page
    for written in (shown, LOOKALIKE, LOOKALIKE.replace('"', '\\"'), "+data-pagefind-"):
        rest = rest.replace(written, "")
    assert page.count("data-pagefind-body") >= 8 and "data-pagefind" not in rest
    assert "Before" in page and "between" in page and "after" in page
    # the search copy has them too, and Pagefind found the entry by them
    copy = (search_copies(out) / "en/groups/lookalike/index.html").read_text(encoding="utf-8")
    assert _main(visitor_copy(copy)) == _main(page)


def test_a_changed_entry_keeps_the_others_search_copies_and_a_lost_copy_is_made_again(
    tmp_path: Path,
) -> None:
    root = _content(tmp_path)
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    copies = search_copies(out)
    kept = copies / "en/groups/closed-circle/index.html"
    lost = copies / "fr/groups/riverside-veterans/index.html"
    before = kept.stat().st_ino
    lost_bytes = lost.read_bytes()
    lost.unlink()
    changed = root / "groups" / "online-grief-line.yaml"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("Evening Grief Warmline", "Evening Line"),
        encoding="utf-8",
    )
    again = build_site(root, out, TODAY)
    assert again.published and again.reused > 0
    assert kept.stat().st_ino == before  # kept as it was: the same file, linked
    assert lost.read_bytes() == lost_bytes  # made again with its page
    assert "Evening Line" in (copies / "en/groups/online-grief-line/index.html").read_text("utf-8")
    # every bundle indexes the copies now kept, and no build's leftovers remain
    for lang, (source_hash, _) in indexed_pages_hash(copies).items():
        assert (out / BUNDLE / lang / SOURCE_HASH).read_text().strip() == source_hash
    assert sorted(p.name for p in copies.parent.glob("site.search*")) == ["site.search"]
    # byte for byte what a clean build gives, pages and copies alike
    clean = tmp_path / "clean"
    build_site(root, clean, TODAY, cache=False)
    assert tree(copies) == tree(search_copies(clean))


def test_a_build_that_fails_leaves_the_published_copies_alone(tmp_path: Path) -> None:
    root = _content(tmp_path)
    out = tmp_path / "site"
    build_site(root, out, TODAY)
    copies = tree(search_copies(out))
    (root / "groups" / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    assert not build_site(root, out, TODAY).published
    assert tree(search_copies(out)) == copies
    assert sorted(p.name for p in (tmp_path / ".cache").glob("site.search*")) == ["site.search"]


def test_a_killed_builds_copies_are_removed_and_a_running_ones_kept(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_site(FIXTURES / "valid", out, TODAY).published
    copies = search_copies(out)
    # no process has this number (Linux's are at most 2**22)
    dead = copies.with_name(f".{copies.name}.new-99999999-1")
    running = copies.with_name(f".{copies.name}.new-{os.getpid()}-1")
    for folder in (dead, running):
        (folder / "en/groups/x").mkdir(parents=True)
    # a build that has something to do (an unchanged site is left as it is)
    assert build_site(FIXTURES / "valid", out, TODAY, cache=False).published
    assert not dead.exists() and running.exists()
    assert sorted(p.name for p in copies.parent.iterdir() if p.name.startswith(".")) == [
        running.name
    ]


def test_a_theme_without_the_search_only_markers_is_still_searched_whole(
    tmp_path: Path,
) -> None:
    # a theme's entry page written without the markers and with <main> renamed: the copy is
    # the whole page, search finds the entry by its filters, and visitors get the search
    # data too (heavier, not broken) but no data-pagefind attributes
    default = (Path(__file__).parents[1] / "themes/default/templates/entry.html").read_text()
    assert "<!--search-only-->" in default
    template = default.replace("<!--search-only-->", "").replace("<!--/search-only-->", "")
    base = (Path(__file__).parents[1] / "themes/default/templates/base.html").read_text()
    assert base.count("<main") == 1
    themes = tmp_path / "themes"
    (themes / "plain/templates").mkdir(parents=True)
    (themes / "plain/templates/entry.html").write_text(template, encoding="utf-8")
    (themes / "plain/templates/base.html").write_text(
        base.replace("<main", '<div role="main"').replace("</main>", "</div>"),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert build_site(FIXTURES / "valid", out, TODAY, theme="plain", themes=themes).published
    name = "en/groups/riverside-veterans/index.html"
    page = (out / name).read_text(encoding="utf-8")
    copy = (search_copies(out) / name).read_text(encoding="utf-8")
    assert "<main" not in copy and "<header" in copy  # whole
    assert 'data-pagefind-filter="Topics:' in copy
    assert "data-pagefind" not in page and "search-only" not in page
    assert visitor_copy(copy) == page
    fragments = [
        json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))
        for p in (out / BUNDLE / "en" / "fragment").iterdir()
    ]
    found = {f["url"]: f for f in fragments}
    assert "Topics" in found["/en/groups/riverside-veterans/"]["filters"]
