"""Phone numbers are drawn as they are dialled, in every page type, in Arabic too.

In a right-to-left page the spaces and hyphens between a number's digit groups take the page's
direction unless the number is isolated, and "116 123" is drawn "123 116": a person who dials
what they read calls a wrong number. Here Chromium draws the pages, and for every number of
several digit groups on them the x position of each group (from Range.getClientRects) must grow
in the order the groups are written.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ROOT, TODAY, serve_folder

from generator.build.site import build_site

WIDTHS = (360, 1280)

# every text node's numbers of several digit groups, with where each group is drawn
_NUMBERS = r"""() => {
  const number = /\+?(?:\(\d+\)|\d+)(?:[ \u00a0.\-]?\(\d+\)|(?<=\))[ \u00a0.\-]?\d+|[ \u00a0.\-]\d+)+/g;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, [hidden], .visually-hidden")) continue;
    if (!parent.checkVisibility({visibilityProperty: true})) continue;
    for (const match of node.data.matchAll(number)) {
      const groups = [];
      for (const group of match[0].matchAll(/\d+/g)) {
        const start = match.index + group.index;
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + group[0].length);
        const rect = [...range.getClientRects()].find(r => r.width > 0);
        if (rect) groups.push({digits: group[0], left: rect.left, top: rect.top});
      }
      const where = parent.closest("p, li, h1, h2, h3, dd, td, a") || parent;
      found.push({number: match[0], groups, where: where.textContent.trim().slice(0, 100)});
    }
  }
  return found;
}"""


def drawn_wrong(numbers: list[dict[str, Any]]) -> list[str]:
    """Return each number whose groups are not drawn left to right in the order written."""
    wrong = []
    for found in numbers:
        groups = found["groups"]
        written = [g["digits"] for g in groups]
        drawn = [g["digits"] for g in sorted(groups, key=lambda g: g["left"])]
        one_line = max(g["top"] for g in groups) - min(g["top"] for g in groups) < 2
        if drawn != written or not one_line:
            wrong.append(f"{found['number']!r} drawn {' '.join(drawn)!r} in {found['where']!r}")
    return wrong


@pytest.fixture(scope="module")
def uk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the sample site built with the United Kingdom as its own country.

    Its crisis line, 116 123, is then on every page that is about no country (home, lists,
    guides, search, 404), where the sample's own (988) has a single group to draw.
    """
    folder = tmp_path_factory.mktemp("uk")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    settings = (content / "site.yaml").read_text("utf-8")
    assert "\ndefault_country: US\n" in settings
    (content / "site.yaml").write_text(
        settings.replace("\ndefault_country: US\n", "\ndefault_country: GB\n"), "utf-8"
    )
    # a number in an entry's own words, shown as written on its page and in search results
    riverside = content / "groups/us/riverside-veterans-peer-circle.yaml"
    text = riverside.read_text("utf-8")
    said = "  ar: حلقة أسبوعية يدعم فيها"
    assert said in text
    riverside.write_text(
        text.replace(said, "  ar: اتصل على 555-0142. حلقة أسبوعية يدعم فيها"), "utf-8"
    )
    result = build_site(content, folder / "site", TODAY)
    assert result.published, [p.format() for p in result.problems]
    with serve_folder(folder / "site") as address:
        yield address


def numbers_on(browser: Any, address: str, width: int) -> list[dict[str, Any]]:
    context = browser.new_context(viewport={"width": width, "height": 640})
    try:
        page = context.new_page()
        page.goto(address)
        page.wait_for_load_state("networkidle")
        if "/search/" in address:
            if address.endswith("/search/"):
                page.locator("pagefind-input input").focus()  # Pagefind starts when one acts
            page.wait_for_selector("pagefind-results ul[aria-busy=false]", state="attached")
            page.locator("pagefind-results").scroll_into_view_if_needed()
            page.wait_for_selector(".search-result")
        numbers: list[dict[str, Any]] = page.evaluate(_NUMBERS)
        return numbers
    finally:
        context.close()


# page types in Arabic: the crisis bar shows 116 123 where the page is about no country
UK_PAGES = {
    "ar/": "116 123",
    "ar/groups/riverside-veterans-peer-circle/": "+1 217-555-0142",  # contact and online phone
    "ar/groups/cercle-entraide-croix-rousse/": "+33 1 99 00 41 18",
    "ar/groups/rideau-veterans-peer-network/": "9-8-8",  # in Canada: its line's name
    "ar/groups/": "116 123",
    "ar/browse/places/au/": "13 11 14",  # a place's list: its country's line
    "ar/browse/topics/anxiety/": "116 123",
    "ar/crisis/": "13 11 14",
    "ar/guides/what-is-peer-support/": "116 123",
    "ar/search/": "116 123",
    "ar/search/?q=%D8%AD%D9%84%D9%82%D8%A9": "555-0142",  # a result's summary: "حلقة"
    "ar/about/": "116 123",
    "ar/data/": "+1 312 555 0199",  # in the field reference, an example in English
    "404.html": "116 123",
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", list(UK_PAGES))
def test_every_phone_number_is_drawn_as_it_is_dialled(
    browser: Any, uk_server: str, path: str, width: int
) -> None:
    numbers = numbers_on(browser, uk_server + path, width)
    assert UK_PAGES[path] in [found["number"] for found in numbers]
    assert drawn_wrong(numbers) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("path", "number"),
    [
        ("ar/crisis/", "116 123"),
        ("ar/groups/lakemba-arabic-newcomers-circle/", "13 11 14"),  # in Sydney: its bar
        ("ar/browse/places/gb/", "116 123"),
    ],
)
def test_the_sample_sites_numbers_are_drawn_as_they_are_dialled(
    browser: Any, sample_server: str, path: str, number: str, width: int
) -> None:
    numbers = numbers_on(browser, sample_server + path, width)
    assert number in [found["number"] for found in numbers]
    assert drawn_wrong(numbers) == []


# --- the crisis page on a phone ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar", "fr"])
def test_one_tap_on_a_country_brings_its_lines_onto_a_phones_screen(
    browser: Any, sample_server: str, lang: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    try:
        page = context.new_page()
        page.goto(f"{sample_server}{lang}/crisis/")
        chooser = page.locator(".crisis-countries a")
        assert chooser.count() == 7
        off_screen = []
        for i in range(chooser.count()):
            page.evaluate("window.scrollTo(0, 0)")
            link = chooser.nth(i)
            name = link.inner_text()
            link.click()
            section = page.locator(link.get_attribute("href") or "")
            page.wait_for_function("s => location.hash === s", arg=link.get_attribute("href"))
            heading = section.locator("h2").bounding_box()
            first_way = section.locator(".crisis-lines a").first.bounding_box()
            assert heading is not None and first_way is not None
            if not (0 <= heading["y"] and first_way["y"] + first_way["height"] <= 640):
                off_screen.append(f"{name}: heading at {heading['y']}, first link {first_way}")
        assert off_screen == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_link_on_the_crisis_page_has_a_name_of_its_own(
    browser: Any, sample_server: str, lang: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{sample_server}{lang}/crisis/")
        snapshot = page.locator("main").aria_snapshot()
        names = re.findall(r"^\s*- '?link \"(.*?)\"'?:?$", snapshot, re.M)
        # chooser (7), and each line's call, text and website links
        assert len(names) > 20
        assert len(names) == len(set(names)), snapshot
        if lang == "en":
            assert "988 Suicide & Crisis Lifeline website (United States)" in names
            assert "Call 116 123 (Samaritans, United Kingdom)" in names
            assert "Website" not in names
    finally:
        context.close()
