"""Search in people's own words: query.js (stop words, elisions, Arabic clitics, relaxation and
what the page says about it), the search words every entry page carries in every language, and
the relevance of natural queries per language (tests/fixtures/relevance/queries.yaml)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import pytest
from conftest import ROOT


def _benchmark() -> ModuleType:
    """Return benchmarks/relevance.py, which runs and judges the queries for this test too."""
    name = "relevance_benchmark"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "relevance.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _search_words(site: Path, lang: str, slug: str) -> str:
    from generator.publishing.search import search_copies

    # what Pagefind reads: the page with its search data (visitors get it without)
    html = (search_copies(site) / lang / "groups" / slug / "index.html").read_text("utf-8")
    found = re.search(r'<p hidden data-pagefind-weight="5">([^<]*)</p>', html)
    assert found, "no hidden search words on the page"
    return found.group(1)


# --- the search words on entry pages ---------------------------------------------------------


# An English-only carers' group: its kind, how it meets and one of its topics, as the page in each
# language names them (label and the words people use), and as no other language's page does.
_CARERS_WORDS = {
    "en": ["Caring for someone", "carer", "Support group", "Online"],
    "es": ["Cuidar de un familiar", "cuidadora", "Grupo de apoyo", "En línea"],
    "fr": ["Proches aidants", "aidant familial", "groupe d&#39;entraide", "En ligne"],
    "ar": ["رعاية شخص قريب", "مقدم رعاية", "دعم متبادل"],
}


@pytest.mark.parametrize("lang", ["en", "es", "fr", "ar"])
def test_entry_page_carries_its_terms_in_its_own_language(sample_build: Path, lang: str) -> None:
    # found by the words people type in the page's language, whatever the entry's own; the
    # other languages' words are on the search page instead (next test), not on every entry
    words = _search_words(sample_build, lang, "carers-video-circle")
    for expected in _CARERS_WORDS[lang]:
        assert expected in words, expected
    for other, phrases in _CARERS_WORDS.items():
        if other != lang:
            for phrase in phrases:
                assert phrase not in words, (other, phrase)


def _other_words(site: Path, lang: str) -> dict[str, list[str]]:
    # the search page names the file, which query.js fetches at the first search
    page = (site / lang / "search" / "index.html").read_text("utf-8")
    assert 'data-other-words="words.json"' in page
    return json.loads((site / lang / "search" / "words.json").read_text("utf-8"))


def test_search_page_names_other_languages_words_in_its_own(sample_build: Path) -> None:
    es = _other_words(sample_build, "es")
    assert es["carer"] == ["Cuidar de un familiar"]
    assert es["aidant"] == ["Cuidar de un familiar"]
    assert "Cuidar de un familiar" in es["رعاية"]  # Arabic, also without its article
    assert es["grief"] == ["Duelo y pérdida"]
    assert "cuidadora" not in es  # the page's own words are on its entries already
    # a word also without its accents, as people type it, unless that is the page's own word
    fr = _other_words(sample_build, "fr")
    assert fr["depression"][0] == "Dépression" and "vétérans" not in fr
    en = _other_words(sample_build, "en")
    assert "vétérans" in en and "veterans" not in en and "depression" not in en
    ar = _other_words(sample_build, "ar")
    assert ar["cuidadora"] == ["رعاية شخص قريب"]
    assert "l'anxiété" not in ar and "anxiété" in ar  # looked up without the elision
    # every word is lower case, as query.js looks it up, and names labels of the page's language
    en = _other_words(sample_build, "en")
    assert all(word == word.lower() for word in en)
    assert "Caring for someone" in en["cuidadora"]


def test_arabic_search_words_also_come_without_their_article(sample_build: Path) -> None:
    words = _search_words(sample_build, "ar", "carers-video-circle").split()
    # "الوحدة والعزلة" (loneliness): query.js searches "الوحدة" and "بالوحدة" as "وحدة"
    assert {"الوحدة", "وحدة", "والعزلة", "عزلة"} <= set(words)


# --- query.js: the words of a query ----------------------------------------------------------


def _wait(page: Any, expression: str) -> None:
    """Wait until `expression` is true in the page (the site's policy forbids wait_for_function's
    own evaluation of strings)."""
    for _ in range(200):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"never true: {expression}")


def _open(browser: Any, address: str) -> Any:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors
    page.goto(address)
    _wait(page, "() => !!window.PeerQuery")
    return page


@pytest.fixture(scope="module")
def query_page(browser: Any, sample_server: str) -> Any:
    page = _open(browser, f"{sample_server}en/search/")
    yield page
    page.close()


@pytest.mark.parametrize(
    ("lang", "query", "words"),
    [
        ("en", "looking after my dad who has cancer", ["looking", "dad", "cancer"]),
        ("en", "I'm looking for a grief group near me", ["grief"]),
        ("en", "Someone To Talk To", ["Talk"]),
        ("en", "help", ["help"]),  # only stop words: still what was asked
        ("es", "grupo para madres primerizas", ["madres", "primerizas"]),
        ("es", "¿Dónde hay apoyo para el duelo?", ["duelo"]),
        ("fr", "j'ai perdu mon frère", ["perdu", "frère"]),
        ("fr", "qu’est-ce qu'on fait pour l'anxiété", ["l'anxiété"]),
        ("ar", "أبحث عن مجموعة دعم للأمهات الجدد", ["للأمهات", "الجدد"]),
        ("ar", "أنا لاجئ وأحتاج إلى من أتكلم معه", ["لاجئ", "وأحتاج", "أتكلم"]),
    ],
)
def test_query_keeps_the_words_that_carry_meaning(
    query_page: Any, lang: str, query: str, words: list[str]
) -> None:
    kept = query_page.evaluate(
        "([q, lang]) => window.PeerQuery.analyse(q, lang).map((w) => w.text)", [query, lang]
    )
    assert kept == words


@pytest.mark.parametrize(
    ("lang", "word", "forms"),
    [
        ("ar", "للأمهات", ["أمهات", "للأمهات"]),  # li + al: "for the mothers"
        ("ar", "والوحدة", ["وحدة", "والوحدة"]),  # wa + al
        ("ar", "بالحزن", ["حزن", "بالحزن"]),  # bi + al
        ("ar", "فالقلق", ["قلق", "فالقلق"]),  # fa + al
        ("ar", "الاكتئاب", ["اكتئاب", "الاكتئاب"]),  # al
        # a lone و ف ب ل ك may be the word's own first letter: tried second, on longer words
        ("ar", "وأحتاج", ["وأحتاج", "أحتاج"]),
        ("ar", "فقدان", ["فقدان", "قدان"]),
        ("ar", "وحدة", ["وحدة", "حدة"]),
        ("ar", "وفقد", ["وفقد", "فقد"]),  # "and loss", as in "حزن وفقد"
        ("ar", "ولد", ["ولد"]),  # never below a three-letter root
        ("ar", "الم", ["الم"]),
        ("fr", "l'anxiété", ["anxiété"]),
        ("fr", "d’écoute", ["écoute"]),
        ("en", "don't", ["don't"]),
    ],
)
def test_query_searches_a_word_without_its_clitics(
    query_page: Any, lang: str, word: str, forms: list[str]
) -> None:
    found = query_page.evaluate(
        "([q, lang]) => window.PeerQuery.analyse(q, lang)[0].forms", [word, lang]
    )
    assert found == forms


def test_every_site_language_has_stop_words(query_page: Any) -> None:
    languages = query_page.evaluate("Object.keys(window.PeerQuery.STOP)")
    assert sorted(languages) == ["ar", "en", "es", "fr"]


# --- query.js: relaxation, on a small index of its own ---------------------------------------

# A stand-in for Pagefind's search: every word must be on a page (as a prefix of one of its
# words), like Pagefind; a word no page holds falls back to the longest word that begins it
# ("cancer" -> "can"), like Pagefind; each result's excerpt highlights what matched.
_FAKE = """
async ([query, pages]) => {
  const calls = [];
  function matches(words, term) {
    const extended = words.filter((w) => w.startsWith(term));
    if (extended.length) return extended;
    const shorter = words.filter((w) => term.startsWith(w)).sort((a, b) => b.length - a.length);
    return shorter.slice(0, 1);
  }
  async function search(term, options) {
    calls.push(term);
    const terms = term.split(" ").filter(Boolean);
    const results = [];
    Object.entries(pages).forEach(([id, text]) => {
      const words = text.split(" ");
      const hits = terms.map((t) => matches(words, t));
      if (hits.every((h) => h.length)) {
        const marked = new Set(hits.flat());
        const excerpt = words.map((w) => (marked.has(w) ? "<mark>" + w + "</mark>" : w)).join(" ");
        const score = hits.flat().length;
        results.push({id, score, words: [], data: async () => ({url: "/" + id + "/", excerpt})});
      }
    });
    results.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    return {results, unfilteredResultCount: results.length, filters: {}, totalFilters: {}};
  }
  const outcome = await window.PeerQuery.run(search, query, {}, "en");
  return {
    ids: outcome.response.results.map((r) => r.id),
    used: outcome.used.map((w) => w.text),
    left: outcome.left.map((w) => w.text),
    any: outcome.any,
    more: !!outcome.more,
    calls,
  };
}
"""

PAGES = {
    "grief-circle": "grief loss bereavement circle brother sister",
    "carers": "carer caring looking after relative can",
    "veterans": "veterans military grief",
    "warmline": "phone talk evening",
    "night-line": "phone talk night overnight",
    "sleep": "night sleep",
    "young": "night owls young talk",
}


def _relax(page: Any, query: str) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(_FAKE, [query, PAGES])
    return result


def test_words_that_match_are_searched_together(query_page: Any) -> None:
    got = _relax(query_page, "lost my brother and the grief")
    assert (got["used"], got["left"], got["any"]) == (["brother", "grief"], ["lost"], False)
    assert got["ids"][0] == "grief-circle"  # the one entry with both words


def test_a_word_no_entry_holds_is_left_out_and_named(query_page: Any) -> None:
    got = _relax(query_page, "grief giraffe")
    assert got["ids"] == ["grief-circle", "veterans"]
    assert (got["used"], got["left"]) == (["grief"], ["giraffe"])


def test_a_word_found_only_through_a_shorter_word_is_left_out(query_page: Any) -> None:
    # Pagefind finds "cancer" as "can": not a word of the query's meaning
    got = _relax(query_page, "looking after my dad who has cancer")
    assert got["left"] == ["dad", "cancer"]
    assert got["ids"] == ["carers"]


def test_words_no_entry_holds_together_find_entries_with_some_of_them(query_page: Any) -> None:
    got = _relax(query_page, "veterans sister")
    assert got["any"] is True and got["left"] == []
    assert sorted(got["ids"]) == ["grief-circle", "veterans"]


def test_few_full_matches_come_first_then_partial_ones(query_page: Any) -> None:
    got = _relax(query_page, "someone to talk to at night")
    assert got["more"] is True
    assert got["ids"][:2] == ["night-line", "young"]  # both words
    assert sorted(got["ids"][2:]) == ["sleep", "warmline"]  # one of them


def test_a_word_of_another_language_is_also_searched_as_what_it_names(query_page: Any) -> None:
    # the English page: "cuidadora" is Spanish for a carer, "vétérans" French for veterans
    # each label searched as a phrase
    assert '"Caring for someone"' in _relax(query_page, "cuidadora")["calls"]
    assert '"Veteran peer network"' in _relax(query_page, "vétérans")["calls"]
    # an English word costs one search, even where another language writes it with accents
    assert _relax(query_page, "veterans")["calls"] == ["veterans"]
    assert _relax(query_page, "depression")["calls"] == ["depression"]


def test_a_pasted_paragraph_costs_a_bounded_number_of_searches(query_page: Any) -> None:
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet grief"
    got = _relax(query_page, words)
    assert len(got["calls"]) <= 2 * 8 + 1
    assert got["left"] == words.split()  # the ninth word on is not looked up


# --- the search page --------------------------------------------------------------------------


def _result_hrefs(page: Any) -> list[str]:
    """Return the addresses the search results link to, in order."""
    hrefs: list[str] = page.locator(".search-result a").evaluate_all(
        "links => links.map((a) => a.href)"
    )
    return hrefs


def _note(browser: Any, server: str, lang: str, query: str) -> tuple[Any, str]:
    page = _open(browser, f"{server}{lang}/search/?q={quote(query)}")
    _wait(page, "() => window.PeerQuery.last !== undefined")
    page.wait_for_selector(".search-result")
    note = page.locator("[data-search-relaxed]")
    text = "" if note.count() == 0 or note.is_hidden() else note.inner_text()
    return page, text


@pytest.mark.parametrize(
    ("lang", "query", "note"),
    [
        (
            "en",
            "grief giraffe",
            "No entry matched every word; showing results for: grief. Left out: giraffe.",
        ),
        (
            "ar",
            "الحزن زرافة",
            "لا يوجد مدخل يطابق كل الكلمات؛ نعرض نتائج البحث عن: الحزن. كلمات لم يُبحث عنها: زرافة.",
        ),
        ("en", "grief", ""),
        ("ar", "حزن وفقد", ""),  # "grief and loss": "و" written onto the second word
    ],
)
def test_search_page_says_which_words_were_left_out(
    browser: Any, sample_server: str, lang: str, query: str, note: str
) -> None:
    page, text = _note(browser, sample_server, lang, query)
    assert text == note
    assert page.errors == []
    page.close()


def test_hidden_search_words_are_found_but_never_shown_or_read(
    browser: Any, sample_server: str
) -> None:
    # an English-only entry, found on the Spanish site by a Spanish keyword of its topic
    page, _ = _note(browser, sample_server, "es", "cuidadora")
    hrefs = _result_hrefs(page)
    assert any(h.endswith("/es/groups/carers-video-circle/") for h in hrefs)
    page.close()
    entry = browser.new_page()
    entry.goto(f"{sample_server}es/groups/carers-video-circle/")
    # the words are in the copy search reads, not in the page a visitor gets: nothing to show,
    # read aloud or download
    assert "cuidadora" not in entry.content()
    assert "cuidadora" not in entry.locator("main").aria_snapshot()
    entry.close()


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("es", "relative"),  # English on the Spanish page (a word not in the entry's text)
        ("es", "aidant"),  # French
        ("en", "cuidadora"),  # Spanish on the English page
        ("en", "بالرعاية"),  # Arabic, with "bi + al" written onto it
        ("fr", "Cuidadora"),  # as typed at the start of a sentence
        ("ar", "relative"),
        ("ar", "cuidadora"),
    ],
)
def test_a_word_of_another_site_language_finds_what_it_names(
    browser: Any, sample_server: str, lang: str, query: str
) -> None:
    page, note = _note(browser, sample_server, lang, query)
    hrefs = _result_hrefs(page)
    assert any(h.endswith(f"/{lang}/groups/carers-video-circle/") for h in hrefs), hrefs
    # what it names, not every page that holds the label's words somewhere (a guide on safety
    # online holds "caring", "for" and "someone"); "رعاية" (care) also names healthcare
    # workers, whom a guide does speak of
    if query != "بالرعاية":
        assert not any("/guides/" in h for h in hrefs), hrefs
    assert note == ""  # nothing left out
    assert page.errors == []
    page.close()


def test_words_of_another_language_together_find_the_pages_that_hold_both(
    browser: Any, sample_server: str
) -> None:
    # "cuidador familiar" (a family carer): each word stands for "Caring for someone" as a
    # phrase, and "familiar" is an English word too; the pages holding both come first
    page, note = _note(browser, sample_server, "en", "cuidador familiar")
    hrefs = _result_hrefs(page)
    assert {h.rsplit("/", 2)[-2] for h in hrefs[:2]} == {
        "carers-video-circle",
        "austin-bilingual-caregivers-circle",
    }, hrefs
    assert note.startswith("Few entries matched every word")
    assert page.errors == []
    page.close()


# --- relevance, measured ------------------------------------------------------------------------


@pytest.mark.slow
def test_natural_queries_find_a_relevant_entry_first(browser: Any, sample_server: str) -> None:
    bench = _benchmark()
    terms = bench.entry_terms(ROOT / "content")
    page = browser.new_page()
    failures = []
    for lang, rules in bench.load_queries().items():
        outcomes = bench.run_queries(page, sample_server, lang, rules, terms)
        count, hits, mrr = bench.summary(outcomes)
        assert count >= 12, lang
        failures += [(lang, o.query, o.urls[:5]) for o in outcomes if not 0 < o.rank <= 5]
        assert mrr >= 0.9, (lang, mrr, [(o.query, o.rank) for o in outcomes])
    page.close()
    assert failures == []
