"""Near me in a browser: any town typed in the visitor's own words, found on the device from
the towns' lists fetched only once near-me is opened; a group with a town but no coordinates
ranked by its town; distances in the page's unit; a radius; online groups apart; no sideways
scrolling on a phone. English and Arabic, at 360 and 1280 px (and 320 px for reflow)."""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import FIXTURES, TODAY, entry, serve_folder

from generator.build.site import build_site

LYON = entry(
    name="Lyon Town Circle",
    attendance="in-person",
    online=None,
    # a town and country, no coordinates: how most volunteers write an entry
    location="{venue: Maison des associations, city: Lyon, country: FR}",
)
PORTLAND = entry(
    name="Portland Oregon Circle",
    attendance="in-person",
    online=None,
    location="{venue: Hall, address: 1 Main Street, city: Portland, region: Oregon, "
    "country: US, coordinates: [45.5231, -122.6765]}",
)
SALEM = entry(
    name="Salem Oregon Circle",
    attendance="in-person",
    online=None,
    location="{venue: Library, address: 2 State Street, city: Salem, region: Oregon, "
    "country: US, coordinates: [44.9429, -123.0351]}",
)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def near_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a small site: the valid fixture (Madrid without coordinates, Springfield IL,
    an online line) with a Lyon group that gives only its town, and two Oregon groups."""
    folder = tmp_path_factory.mktemp("near-me")
    content = folder / "content"
    shutil.copytree(FIXTURES / "valid", content)
    for name, text in {"lyon": LYON, "portland": PORTLAND, "salem": SALEM}.items():
        (content / "groups" / f"{name}.yaml").write_text(textwrap.dedent(text), "utf-8")
    out = folder / "site"
    result = build_site(content, out, TODAY)
    assert result.published, [p.format() for p in result.problems]
    with serve_folder(out) as address:
        yield address


def _open(browser: Any, address: str, lang: str, width: int) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 800}, locale=lang)
    page = context.new_page()
    page.set_default_timeout(60_000)  # Pagefind's first listing is slow on a busy machine
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{address}{lang}/search/")
    page.locator("pagefind-input input").focus()  # Pagefind starts when the visitor acts
    page.wait_for_selector(".search-result .card-title a")
    return context, page, requests


def _use_town(page: Any, text: str) -> None:
    page.fill("#near-town", text)
    page.press("#near-town", "Enter")


def _cards(page: Any) -> list[tuple[str, str, str]]:
    """Return the result cards as (group heading, title, distance), once they have settled."""
    page.wait_for_timeout(400)  # the list is drawn after Pagefind's debounce
    page.wait_for_function("() => !document.querySelector('[data-search].search-pending')")
    cards = page.eval_on_selector_all(
        ".search-result",
        """cards => cards.map(card => [
             (card.querySelector('.results-group') || {}).textContent || '',
             card.querySelector('.card-title').textContent.trim(),
             (card.querySelector('.distance') || {}).textContent || ''])""",
    )
    return [tuple(card) for card in cards]


def _titles(page: Any) -> list[str]:
    return [title for _group, title, _distance in _cards(page)]


def _no_sideways_scroll(page: Any) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


@pytest.mark.parametrize("width", [360, 1280])
def test_near_me_in_english_finds_typed_towns_on_the_device(
    browser: Any, near_site: str, width: int
) -> None:
    context, page, requests = _open(browser, near_site, "en", width)
    try:
        assert not [r for r in requests if "/towns/" in r], "towns loaded before near-me was used"
        page.click(".near-me summary")
        page.wait_for_function(
            "() => performance.getEntriesByType('resource')"
            ".filter(e => e.name.includes('/towns/')).length === 3"
        )
        assert _no_sideways_scroll(page)

        # lower case, no country: the Lyon group, placed by its town, first, in miles
        _use_town(page, "lyon")
        page.wait_for_url(re.compile(r"near=45\.75%2C4\.85"))
        cards = _cards(page)
        assert cards[0][:2] == ("Nearby", "Lyon Town Circle")
        assert re.fullmatch(r"about \d+ mi", cards[0][2])
        titles = [title for _g, title, _d in cards]
        assert titles.index("Lyon Town Circle") < titles.index("Portland Oregon Circle")
        online = [card for card in cards if card[0] == "Meets online"]
        assert online and online[0][2] == "Online"
        assert titles.index(online[0][1]) > titles.index("Salem Oregon Circle")
        assert "Online" not in [
            cards[titles.index(t)][2] for t in ("Lyon Town Circle", "Portland Oregon Circle")
        ]
        status = page.inner_text("[data-near-status]")
        assert status.startswith("Ordered by distance from Lyon, France.")

        # upper case with the country, accents left out, a town no entry is in yet
        for typed, named in (
            ("LYON, France", "Lyon, France"),
            ("Lyon France", "Lyon, France"),
            ("saint etienne", "Saint-Étienne, France"),
            # a state narrows a shared name; a town's own name wins over another's exonym
            ("Springfield IL", "Springfield, Illinois, United States"),
            ("Valence", "Valence, France"),
            ("Villeurbanne", "Villeurbanne, France"),
        ):
            _use_town(page, typed)
            page.wait_for_function(
                "t => document.querySelector('[data-near-status]').textContent.includes(t)",
                arg=f"from {named}.",
            )
        assert _titles(page)[0] == "Lyon Town Circle"  # the nearest to Villeurbanne

        # a name several towns share: the choices, with their state
        _use_town(page, "springfield")
        page.wait_for_selector("[data-near-choices] button")
        choices = page.eval_on_selector_all(
            "[data-near-choices] button", "b => b.map(x => x.textContent)"
        )
        assert "Springfield, Illinois, United States" in choices
        assert "Springfield, Missouri, United States" in choices
        # the choices and the grouped results, as axe-core sees them
        found = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert [v["id"] for v in found.response["violations"]] == []
        page.click("text=Springfield, Illinois, United States")
        page.wait_for_url(re.compile(r"near=39\.8"))

        # a radius in miles, kept in the address; the in-person groups beyond it go
        page.select_option("#near-within", "5")
        page.wait_for_url(re.compile(r"within=5"))
        cards = _cards(page)
        titles = [title for _g, title, _d in cards]
        assert titles[0] == "Riverside Veterans Peer Circle"
        assert "Lyon Town Circle" not in titles and "Salem Oregon Circle" not in titles
        assert [g for g, _t, _d in cards if g] == ["Nearby", "Meets online"]
        assert page.eval_on_selector_all("#near-within option", "o => o.map(x => x.textContent)")[
            1:
        ] == ["5 mi", "10 mi", "25 mi", "50 mi", "100 mi"]

        _use_town(page, "Xyzzyville")
        page.wait_for_function(
            "() => document.querySelector('[data-near-status]').textContent.startsWith('No town called')"
        )
        typed = ("lyon", "saint", "etienne", "valence", "villeurbanne", "springfield", "xyzzy")
        leaked = [r for r in requests if any(word in r.lower() for word in typed)]
        assert leaked == []
        assert _no_sideways_scroll(page)
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 360, 1280])
def test_near_me_in_arabic_matches_arabic_names_and_gives_kilometres(
    browser: Any, near_site: str, width: int
) -> None:
    context, page, requests = _open(browser, near_site, "ar", width)
    try:
        assert not [r for r in requests if "/towns/" in r]
        page.click(".near-me summary")
        # in Arabic, Lyon and León are both "ليون": the choices, named in Arabic
        _use_town(page, "ليون")
        page.wait_for_selector("[data-near-choices] button")
        choices = page.eval_on_selector_all(
            "[data-near-choices] button", "b => b.map(x => x.textContent)"
        )
        assert choices == ["ليون، فرنسا", "ليون، إسبانيا"]
        page.click("[data-near-choices] button >> nth=0")
        page.wait_for_function(
            "() => document.querySelector('[data-near-status]').textContent.includes('ليون، فرنسا')"
        )
        cards = _cards(page)
        assert cards[0][1] == "Lyon Town Circle"
        assert "كم" in cards[0][2] and "ميل" not in cards[0][2]
        assert "حوالي" in cards[0][2]
        assert _no_sideways_scroll(page)
        assert not [r for r in requests if "%D9%84%D9%8A%D9%88%D9%86" in r or "ليون" in r]
    finally:
        context.close()


def test_near_me_in_french_gives_kilometres_on_a_site_that_counts_in_miles(
    browser: Any, near_site: str
) -> None:
    context, page, _requests = _open(browser, near_site, "fr", 1280)
    try:
        page.click(".near-me summary")
        _use_town(page, "Lyon")
        page.wait_for_url(re.compile(r"near=45\.75"))
        cards = _cards(page)
        assert cards[0][1] == "Lyon Town Circle"
        assert re.fullmatch(r"environ \d+\s?km", cards[0][2])
        options = page.eval_on_selector_all("#near-within option", "o => o.map(x => x.value)")
        assert options == ["", "5", "10", "25", "50", "100"]
    finally:
        context.close()
