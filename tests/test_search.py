"""Search in a real browser: queries, filters with counts, languages, synonyms, shared URLs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import ROOT, TODAY

from generator.catalog.catalog import build_catalog, pick
from generator.cli import run_check
from generator.publishing.search import (
    BUNDLE,
    SOURCE_HASH,
    Indexer,
    indexed_pages_hash,
    read_indexed_pages,
    search_copies,
)
from generator.text.urls import sort_key

LANGS = ("en", "es", "fr", "ar")
# a word each language's entries use only in one entry's name, and that entry
QUERIES = {
    "en": ("Riverside", "riverside-veterans-peer-circle"),
    "es": ("Lavapiés", "grupo-apoyo-mutuo-lavapies"),
    "fr": ("Croix-Rousse", "cercle-entraide-croix-rousse"),
    "ar": ("لاكمبا", "lakemba-arabic-newcomers-circle"),
}
# a synonym from vocabularies.yaml that no entry's text contains, and its topic
SYNONYMS = {
    "en": ("flashbacks", "ptsd"),
    "es": ("angustia", "anxiety"),
    "fr": ("angoisse", "anxiety"),
    "ar": ("فصام", "psychosis"),
}


@pytest.fixture(scope="module")
def catalog() -> Any:
    return build_catalog(run_check(ROOT / "content", TODAY))


def _name(catalog: Any, slug: str, lang: str) -> str:
    item = catalog.by_slug[slug]
    return str(pick(item.entry.name, lang, item.language, "en").text)


def _results(page: Any) -> list[str]:
    page.wait_for_function(
        "() => { const s = document.querySelector('pagefind-summary .pf-summary');"
        " const r = document.querySelector('pagefind-results ul');"
        " const pending = document.querySelector('.search-pending');"  # first cards not drawn
        " return s && s.textContent.trim() && r && r.getAttribute('aria-busy') === 'false'"
        " && !pending; }"
    )
    page.wait_for_timeout(300)
    summary = page.locator("pagefind-summary").inner_text()
    digits = "".join(c for c in summary.split()[0] if c.isdigit())
    count = int(digits) if digits else 0
    titles: list[str] = []
    for _ in range(80):  # results render lazily as they scroll into view
        titles = page.locator(".search-result .card-title").all_inner_texts()
        if len(titles) >= count:
            break
        placeholder = page.locator("pagefind-results li[aria-hidden=true]")
        if placeholder.count():
            from playwright.sync_api import Error as PlaywrightError

            try:
                placeholder.first.scroll_into_view_if_needed(timeout=5000)
            except PlaywrightError:
                pass  # it rendered between finding it and scrolling to it: look again
        page.wait_for_timeout(100)
    assert len(titles) == count, (count, titles)
    return titles


def _open(browser: Any, url: str) -> Any:
    """Open `url` in a new page that records its errors and requests (`.errors`, `.requests`)."""
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.errors, page.requests = errors, requests
    page.goto(url)
    return page


def _search(
    browser: Any, server: str, lang: str, query: str, **filters: str
) -> tuple[Any, list[str]]:
    params = "&".join(
        [f"q={quote(query)}"] + [f"{quote(k)}={quote(v)}" for k, v in filters.items()]
    )
    page = _open(browser, f"{server}{lang}/search/?{params}")
    return page, _results(page)


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_an_entry_by_name(
    browser: Any, sample_server: str, catalog: Any, lang: str
) -> None:
    word, slug = QUERIES[lang]
    page, titles = _search(browser, sample_server, lang, word)
    assert _name(catalog, slug, lang) in titles
    link = page.get_by_role("link", name=_name(catalog, slug, lang))
    assert link.first.get_attribute("href").endswith(f"/{lang}/groups/{slug}/")
    assert page.errors == []
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_filter_narrows_results_with_the_right_count(
    browser: Any, sample_server: str, catalog: Any, lang: str
) -> None:
    page = _open(browser, f"{sample_server}{lang}/search/")
    page.locator("pagefind-input input").focus()  # Pagefind starts when the visitor acts
    everything = _results(page)
    warmlines = [e for e in catalog.published if e.entry.kind == "warmline"]
    page.locator("[data-filters-toggle]").click()  # the filters wait behind it, unloaded
    labels = page.locator("pagefind-filter-pane label.pf-filter-checkbox")
    labels.first.wait_for(state="attached")
    target = None
    for index in range(labels.count()):
        label = labels.nth(index)
        text = label.text_content() or ""
        if text.rstrip("0123456789").strip() in _kind_labels(lang, "warmline"):
            target = label
            break
    assert target is not None
    count_shown = int(target.locator(".pf-filter-checkbox-count").text_content() or 0)
    assert count_shown == len(warmlines)
    target.locator("xpath=ancestor::details").evaluate("d => d.open = true")
    target.click()
    narrowed = _results(page)
    assert len(narrowed) == len(warmlines) < len(everything)
    assert sorted(narrowed) == sorted(_name(catalog, e.slug, lang) for e in warmlines)
    assert "sort" not in page.url and "=" in page.url  # the filter is in the address
    page.close()


def _kind_labels(lang: str, kind: str) -> set[str]:
    from generator.catalog.labels import KIND_LABELS
    from generator.text.i18n import load_translations
    from generator.theme.folders import DEFAULT_THEME

    translations = load_translations([DEFAULT_THEME / "locales"], lang)
    return {translations.gettext(KIND_LABELS[kind][0])}


def test_arabic_only_word_is_found_only_in_arabic(
    browser: Any, sample_server: str, catalog: Any
) -> None:
    word = "بالهيل"  # only the Arabic description of the Lakemba circle mentions cardamom
    page, titles = _search(browser, sample_server, "ar", word)
    assert titles == [_name(catalog, "lakemba-arabic-newcomers-circle", "ar")]
    page.close()
    page, titles = _search(browser, sample_server, "en", word)
    assert titles == []
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_synonym_finds_its_term(browser: Any, sample_server: str, catalog: Any, lang: str) -> None:
    word, topic = SYNONYMS[lang]
    page, titles = _search(browser, sample_server, lang, word)
    expected = sorted(
        _name(catalog, e.slug, lang) for e in catalog.published if topic in e.entry.topics
    )
    assert sorted(titles) == expected
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_shared_address_restores_query_and_filters(
    browser: Any, sample_server: str, catalog: Any, lang: str
) -> None:
    from generator.catalog.labels import SEARCH_FILTERS
    from generator.text.i18n import load_translations
    from generator.theme.folders import DEFAULT_THEME

    gettext = load_translations([DEFAULT_THEME / "locales"], lang).gettext
    kind_key = gettext(SEARCH_FILTERS["kind"])
    kind_value = next(iter(_kind_labels(lang, "support-group")))
    page, titles = _search(browser, sample_server, lang, "", **{kind_key: kind_value})
    groups = [e for e in catalog.published if e.entry.kind == "support-group"]
    assert len(titles) == len(groups)
    checkbox = page.locator(f'pagefind-filter-pane input[name="{kind_key}"][value="{kind_value}"]')
    assert checkbox.is_checked()
    page.close()
    word = "peer" if lang == "en" else QUERIES[lang][0]
    page, titles = _search(browser, sample_server, lang, word, sort="name")
    assert page.locator("pagefind-input input").input_value() == word
    assert page.locator("[data-search-sort]").input_value() == "name"
    assert titles == sorted(titles, key=sort_key)
    page.close()


def _bundle_pages(site: Path, lang: str) -> dict[str, str]:
    """Return page id -> address of every page in a language's bundle, read from its
    fragments (what a result's `id` and `data().url` are in the browser)."""
    pages = {}
    for fragment in (site / BUNDLE / lang / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        pages[fragment.stem] = json.loads(data)["url"]
    return pages


def _checked_on(catalog: Any, address: str) -> str:
    """Return the day an entry was last checked, or a guide last updated, from its address."""
    kind, slug = address.strip("/").split("/")[1:3]
    if kind == "groups":
        return catalog.by_slug[slug].entry.verified.date.isoformat()
    guide = next(g for g in catalog.guides if g.slug == slug)
    return guide.front.updated.isoformat()


@pytest.mark.parametrize("lang", LANGS)
def test_each_order_lists_every_page_of_the_bundle_in_that_order(
    sample_build: Path, catalog: Any, lang: str
) -> None:
    pages = _bundle_pages(sample_build, lang)
    bundle = sample_build / BUNDLE / lang
    by_name = json.loads((bundle / "order-name.json").read_text("utf-8"))
    by_date = json.loads((bundle / "order-verified.json").read_text("utf-8"))
    assert sorted(by_name) == sorted(by_date) == sorted(pages)
    days = [_checked_on(catalog, pages[page]) for page in by_date]
    assert days == sorted(days, reverse=True)  # the latest check first
    # Pagefind's own sorts are not in the metadata every search loads
    assert b"data-pagefind-sort" not in b"".join(
        path.read_bytes() for path in search_copies(sample_build).glob(f"{lang}/*/*/index.html")
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_results_come_by_name_or_latest_check_when_asked(
    browser: Any, sample_server: str, catalog: Any, lang: str
) -> None:
    by_title = {
        _name(catalog, item.slug, lang): item.entry.verified.date.isoformat()
        for item in catalog.published
    }
    page, titles = _search(browser, sample_server, lang, "", sort="verified")
    assert page.locator("[data-search-sort]").input_value() == "verified"
    days = [by_title[title] for title in titles if title in by_title]
    assert len(days) >= 5
    assert days == sorted(days, reverse=True)
    page.close()
    page, titles = _search(browser, sample_server, lang, "", sort="name")
    assert len(titles) >= 5
    assert titles == sorted(titles, key=sort_key)
    assert page.errors == []
    page.close()


def test_near_me_orders_by_distance_without_sending_the_place(
    browser: Any, sample_server: str, catalog: Any
) -> None:
    page = _open(browser, f"{sample_server}en/search/?sort=distance")
    requests = page.requests
    assert page.locator("[data-near]").get_attribute("open") is not None
    page.locator("[data-near-town]").fill("Lyon, France")
    page.locator("[data-near-apply]").click()
    # the summary says something else for a moment while the new order is applied: wait until
    # results with their distances are drawn and the summary counts them
    page.locator(".search-result .distance").first.wait_for()
    page.wait_for_function(
        "() => /[0-9]/.test(document.querySelector('pagefind-summary').textContent)"
    )
    titles = _results(page)
    first = page.locator(".search-result").first
    assert "Lyon" in first.inner_text()
    # a US site counts in miles; from a town, distances are approximate
    assert first.locator(".distance").inner_text() == "about 1 mi"
    assert "near=45.7" in page.url
    assert all(r.startswith(sample_server) for r in requests)
    assert not any("45.7" in r for r in requests)  # the place stays on the device
    assert len(titles) > 10
    page.close()


def test_search_page_explains_itself_without_javascript(browser: Any, sample_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sample_server}fr/search/")
    assert page.locator("[data-search-fallback]").is_visible()
    assert page.locator("[data-search]").is_hidden()
    assert page.locator("[data-search-fallback] a").count() == 8  # every way to browse
    context.close()


def test_header_search_box_leads_to_the_search_page(browser: Any, sample_server: str) -> None:
    page = browser.new_page()
    page.goto(f"{sample_server}es/guides/")
    page.locator("#site-search-input").fill("duelo")
    page.locator("#site-search-input").press("Enter")
    page.wait_for_url("**/es/search/?q=duelo")
    assert _results(page)
    page.close()


def test_search_page_lists_everything_without_fetching_the_word_index(
    browser: Any, sample_server: str, sample_build: Path
) -> None:
    # before the visitor acts, nothing of Pagefind is loaded (test_search_light); once they
    # focus the box, the page lists every entry and guide: that needs the page list, not a
    # word of the index, nor the filters' index until the filters are opened
    page = _open(browser, f"{sample_server}en/search/")
    requests = page.requests
    page.wait_for_load_state("networkidle")
    assert [u for u in requests if "/pagefind/" in u] == []
    page.locator("pagefind-input input").focus()
    titles = _results(page)
    assert len(titles) == indexed_pages_hash(search_copies(sample_build), "en")["en"][1]  # 60
    assert [u for u in requests if "/pagefind/en/filter/" in u] == []
    assert [u for u in requests if "/pagefind/en/index/" in u] == []
    page.locator("[data-filters-toggle]").click()
    page.locator("pagefind-filter-pane label.pf-filter-checkbox").first.wait_for(state="attached")
    assert [u for u in requests if "/pagefind/en/filter/" in u]
    assert len(_results(page)) == len(titles)  # still everything, now with the counts
    page.locator("pagefind-input input").fill("grief")  # a word: the chunk that holds it
    page.wait_for_url("**/en/search/?q=grief")
    assert 0 < len(_results(page)) < len(titles)
    assert [u for u in requests if "/pagefind/en/index/" in u]
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_search_reads_an_entrys_facts_without_their_labels(
    browser: Any, sample_server: str, lang: str
) -> None:
    # every entry page has the same labels ("Cost", "Led by"...): indexed, a search for one
    # would find every entry, and excerpts would be full of them
    word, slug = QUERIES[lang]
    page = _open(browser, f"{sample_server}{lang}/groups/{slug}/")
    # when it next meets is worked out on the visitor's clock, after indexing: not a fact of it
    page.evaluate("document.querySelectorAll('.when-next').forEach(line => line.remove())")
    labels = page.locator("dl.facts dt").all_inner_texts()
    values = [
        " ".join(text.split("\n")[0].split())
        for text in page.locator("dl.facts dd").all_inner_texts()
    ]
    notes = page.locator("dl.facts p.note a").all_inner_texts()  # "Add to calendar", "More in…"
    found = page.evaluate(
        """async ([bundle, word]) => {
            const pagefind = await import(bundle);
            const search = await pagefind.search(word);
            return Promise.all(search.results.map(result => result.data()));
        }""",
        [f"{sample_server}pagefind/{lang}/pagefind.js", word],
    )
    content = next(r["content"] for r in found if r["url"].endswith(f"/groups/{slug}/"))
    content = " ".join(content.split())  # thin spaces in times, line breaks in addresses
    assert len(labels) >= 7 and notes
    for label in labels + notes:
        if " " in label.strip():  # one-word labels ("When") may be words of the text itself
            assert label.strip() not in content, label
    for value in values:
        assert value in content, value
    page.close()


def test_only_entries_and_guides_are_indexed(sample_build: Path) -> None:
    copies = search_copies(sample_build)
    counts = {lang: count for lang, (_, count) in indexed_pages_hash(copies).items()}
    # 54 entries in every language; the 7 guides where they are written (11 translations)
    assert counts == {"en": 61, "es": 58, "fr": 58, "ar": 57}
    assert sorted(p.name for p in (sample_build / BUNDLE).iterdir()) == sorted(counts)


def test_unchanged_index_is_kept(sample_build: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "staged"
    shutil.copytree(sample_build, copy, ignore=shutil.ignore_patterns(BUNDLE))
    copies = search_copies(sample_build)
    with Indexer(copy, copies, sample_build) as indexer:
        indexer.add(read_indexed_pages(copies))
        result = indexer.finish()
    assert result.reused == ("ar", "en", "es", "fr")
    before = {
        p.relative_to(sample_build / BUNDLE): p.read_bytes()
        for p in (sample_build / BUNDLE).rglob("*")
        if p.is_file()
    }
    after = {
        p.relative_to(copy / BUNDLE): p.read_bytes()
        for p in (copy / BUNDLE).rglob("*")
        if p.is_file()
    }
    assert before == after
    for lang, (source_hash, _) in indexed_pages_hash(copies).items():
        assert (copy / BUNDLE / lang / SOURCE_HASH).read_text().strip() == source_hash


def test_the_bundles_load_the_whole_filter_index_only_when_asked(sample_build: Path) -> None:
    # Pagefind 1.5's interface asks for every filter's counts as it loads; the build makes the
    # bundle fetch them only when search.js asks (the pane opened, or filters in the address).
    # A Pagefind release that changes these lines leaves its scripts as written: this says so.
    for lang in LANGS:
        bundle = sample_build / "pagefind" / lang
        main = (bundle / "pagefind.js").read_text(encoding="utf-8")
        worker = (bundle / "pagefind-worker.js").read_text(encoding="utf-8")
        assert main.count("async filters(all)") == 3, lang
        assert "if(all&&Array.isArray(filter_array))" in main
        assert worker.count("async filters(all)") == 2, lang
        assert "pagefindInstance.filters(...args)" in worker


def test_a_site_built_into_a_relative_folder_is_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python build.py build` writes to `site`, relative to where it runs, as `serve` does;
    Pagefind, which runs in a folder of its own, still finds the pages and writes the bundle."""
    from generator.build.site import build_site

    monkeypatch.chdir(tmp_path)
    result = build_site(ROOT / "tests" / "fixtures" / "valid", Path("site"), TODAY)
    assert result.published, [p.format() for p in result.problems]
    assert (tmp_path / "site" / "pagefind" / "en" / "pagefind-entry.json").is_file()
    assert not (tmp_path / "site" / "site").exists()
