"""Now and next in the browser: entry pages and cards say when a group next meets from the
visitor's clock and time zone, and lists and search narrow to "Meets today" and "Open now".

Clocks are set with Playwright around meetings (before, during, just after, past midnight, a
monthly meeting, a 24/7 line, across a change of summer time), in English and Arabic, at 360
and 1280 CSS pixels, on a small site built once for this file.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import FIXTURES, TODAY, entry, serve_folder

from generator.build.site import build_site

ENTRIES = {
    "tuesday-evening": (
        "Tuesday Evening Circle",
        '\n  timezone: America/Chicago\n  meetings:\n    - {day: tuesday, start: "18:30", end: "20:00"}',
    ),
    "night-line": (
        "Night Line",
        "\n  timezone: Europe/London\n  meetings:\n"
        '    - {day: daily, start: "22:00", end: "24:00"}\n'
        '    - {day: daily, start: "00:00", end: "06:00"}',
    ),
    "second-saturday": (
        "Second Saturday Group",
        "\n  timezone: America/Chicago\n  meetings:\n"
        '    - {day: saturday, weeks: [2], start: "10:00", end: "11:30"}',
    ),
    "always-line": ("Always Line", "24/7"),
    "paris-sunday": (
        "Paris Sunday Group",
        '\n  timezone: Europe/Paris\n  meetings:\n    - {day: sunday, start: "10:00", end: "11:00"}',
    ),
    "ask-first": ("Ask First Group", "by-appointment"),
}
NAMES = {slug: name for slug, (name, _) in ENTRIES.items()}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Build the six groups above (with the test site's settings) and serve them."""
    root = tmp_path_factory.mktemp("now-next")
    content = root / "content"
    shutil.copytree(FIXTURES / "valid", content)
    shutil.rmtree(content / "groups")
    (content / "groups").mkdir()
    for slug, (name, schedule) in ENTRIES.items():
        (content / "groups" / f"{slug}.yaml").write_text(
            entry(name=name, kind="support-group", schedule=schedule), encoding="utf-8"
        )
    result = build_site(content, root / "site", TODAY)
    assert result.published, [p.format() for p in result.problems]
    with serve_folder(root / "site") as address:
        yield address


def open_at(
    browser: Any,
    url: str,
    now: str,
    zone: str,
    width: int = 360,
    script: bool = True,
) -> Any:
    """Return a page opened at `url` with the browser's clock at `now` in time zone `zone`."""
    context = browser.new_context(
        timezone_id=zone,
        viewport={"width": width, "height": 800},
        java_script_enabled=script,
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    if script:
        page.clock.install(time=now)
    page.goto(url)
    page.wait_for_load_state("load")
    page.errors = errors
    return page


def next_meeting(
    browser: Any, server: str, lang: str, slug: str, now: str, zone: str, width: int
) -> str:
    page = open_at(browser, f"{server}{lang}/groups/{slug}/", now, zone, width)
    try:
        line = page.locator(".when-next")
        line.wait_for(state="attached")
        page.wait_for_function("document.querySelector('.when-next').textContent !== ''")
        text = line.text_content() or ""
        assert page.errors == []
        # nothing wider than a phone: the page does not scroll sideways
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        if lang == "ar":
            assert line.evaluate("e => getComputedStyle(e).direction") == "rtl"
        return text.replace("\u202f", " ")
    finally:
        page.context.close()


EN_CASES = [
    # a weekly meeting (Tuesday 18:30-20:00 in Chicago): before, during, the minute it ends
    ("tuesday-evening", "2026-12-01T23:00:00Z", "America/Chicago", "Today at 6:30 PM"),
    ("tuesday-evening", "2026-12-02T00:30:00Z", "America/Chicago", "On now (until 8:00 PM)"),
    ("tuesday-evening", "2026-12-02T02:00:00Z", "America/Chicago", "Tuesday, December 8"),
    ("tuesday-evening", "2026-11-30T18:00:00Z", "America/Chicago", "Tomorrow at 6:30 PM"),
    ("tuesday-evening", "2026-11-28T18:00:00Z", "America/Chicago", "Next Tuesday at 6:30 PM"),
    # said on the visitor's own clock: Tuesday 18:30 in Chicago is Wednesday 01:30 in Paris
    ("tuesday-evening", "2026-12-01T20:00:00Z", "Europe/Paris", "Tomorrow at 1:30 AM"),
    # 22:00-24:00 then 00:00-06:00: one night, on past midnight
    ("night-line", "2026-12-02T01:00:00Z", "Europe/London", "On now (until 6:00 AM)"),
    ("night-line", "2026-12-02T07:00:00Z", "Europe/London", "Today at 10:00 PM"),
    # the second Saturday: 12 December, then 9 January
    ("second-saturday", "2026-12-06T18:00:00Z", "America/Chicago", "Next Saturday at 10:00 AM"),
    ("second-saturday", "2026-12-12T18:00:00Z", "America/Chicago", "Saturday, January 9"),
    ("always-line", "2026-12-02T03:00:00Z", "Asia/Kolkata", "Open now"),
    # Paris goes forward on 28 March 2027, New York on 14 March: 10:00 in Paris is 5:00, then
    # 4:00 in New York; in Paris it stays 10:00 across the change
    ("paris-sunday", "2027-03-20T17:00:00Z", "America/New_York", "Tomorrow at 5:00 AM"),
    ("paris-sunday", "2027-03-27T17:00:00Z", "America/New_York", "Tomorrow at 4:00 AM"),
    ("paris-sunday", "2027-03-28T08:30:00Z", "Europe/Paris", "On now (until 11:00 AM)"),
    # Paris goes back on 25 October 2026, New York on 1 November: 4:00, 5:00, then 4:00 again
    ("paris-sunday", "2026-10-17T12:00:00Z", "America/New_York", "Tomorrow at 4:00 AM"),
    ("paris-sunday", "2026-10-24T12:00:00Z", "America/New_York", "Tomorrow at 5:00 AM"),
    ("paris-sunday", "2026-10-31T12:00:00Z", "America/New_York", "Tomorrow at 4:00 AM"),
]

AR_CASES = [
    ("tuesday-evening", "2026-12-01T23:00:00Z", "America/Chicago", "اليوم الساعة 6:30 م"),
    ("tuesday-evening", "2026-12-02T00:30:00Z", "America/Chicago", "جارٍ الآن (حتى 8:00 م)"),
    ("tuesday-evening", "2026-12-02T02:00:00Z", "America/Chicago", "الثلاثاء، 8 ديسمبر"),
    ("tuesday-evening", "2026-11-28T18:00:00Z", "America/Chicago", "الثلاثاء القادم الساعة 6:30 م"),
    ("night-line", "2026-12-02T01:00:00Z", "Europe/London", "جارٍ الآن (حتى 6:00 ص)"),
    ("second-saturday", "2026-12-12T18:00:00Z", "America/Chicago", "السبت، 9 يناير"),
    ("always-line", "2026-12-02T03:00:00Z", "Asia/Kolkata", "مفتوح الآن"),
    ("paris-sunday", "2027-03-27T17:00:00Z", "America/New_York", "غدًا الساعة 4:00 ص"),
]


@pytest.mark.parametrize("width", [360, 1280])
def test_an_entry_page_says_its_next_meeting_from_the_visitors_clock(
    browser: Any, server: str, width: int
) -> None:
    said = [next_meeting(browser, server, "en", *case[:3], width) for case in EN_CASES]
    assert said == [case[3] for case in EN_CASES]


@pytest.mark.parametrize("width", [360, 1280])
def test_an_arabic_entry_page_says_it_in_arabic_right_to_left_with_latin_digits(
    browser: Any, server: str, width: int
) -> None:
    said = [next_meeting(browser, server, "ar", *case[:3], width) for case in AR_CASES]
    assert said == [case[3] for case in AR_CASES]
    assert not any(re.search("[\u0660-\u0669\u06f0-\u06f9]", text) for text in said)


def test_without_javascript_the_page_reads_as_before_with_no_empty_line(
    browser: Any, server: str
) -> None:
    page = open_at(browser, f"{server}en/groups/tuesday-evening/", "", "UTC", script=False)
    try:
        assert not page.locator(".when-next").is_visible()
        assert page.locator(".schedule").inner_text().startswith("Tuesdays, 6:30")
        page.goto(f"{server}en/browse/kind/support-group/")
        assert not page.locator(".when-control").is_visible()
        assert not page.locator(".cards [data-when]").first.is_visible()
        assert page.locator(".cards > li").count() == 6
    finally:
        page.context.close()


@pytest.mark.parametrize("path", ["en/groups/tuesday-evening/", "en/browse/kind/support-group/"])
def test_the_next_meeting_appears_without_moving_anything(
    browser: Any, server: str, path: str
) -> None:
    page = open_at(browser, server + path, "2026-12-01T23:00:00Z", "America/Chicago")
    try:
        page.wait_for_function("document.querySelector('[data-when]') !== null")
        page.clock.run_for(1000)
        shift = page.evaluate(
            """() => new Promise(done => {
                let total = 0;
                new PerformanceObserver(list => {
                    for (const entry of list.getEntries()) total += entry.value;
                }).observe({type: "layout-shift", buffered: true});
                setTimeout(() => done(total), 0);
            })"""
        )
        assert shift == 0
    finally:
        page.context.close()


def visible_names(page: Any) -> list[str]:
    return sorted(page.locator(".cards > li:visible > h2").all_inner_texts())


@pytest.mark.parametrize(("lang", "width"), [("en", 360), ("ar", 1280)])
def test_a_list_narrows_to_meets_today_and_open_now_and_says_how_many(
    browser: Any, server: str, lang: str, width: int
) -> None:
    # 14:00 on a Tuesday in Chicago: the 24/7 line is open; the Tuesday circle meets at 18:30
    # and the night line at 16:00 (22:00 in London); the rest meet on other days
    page = open_at(
        browser,
        f"{server}{lang}/browse/kind/support-group/",
        "2026-12-01T20:00:00Z",
        "America/Chicago",
        width,
    )
    try:
        today = page.locator("[data-when-pick=today]")
        now = page.locator("[data-when-pick=now]")
        status = page.locator("[data-when-status]")
        assert today.is_enabled() and now.is_enabled()
        assert len(visible_names(page)) == 6
        today.click()
        assert today.get_attribute("aria-pressed") == "true"
        assert visible_names(page) == sorted(
            [NAMES["always-line"], NAMES["night-line"], NAMES["tuesday-evening"]]
        )
        assert status.get_attribute("role") == "status"
        assert (
            status.inner_text()
            == {
                "en": "Shown: 3 of 6 on this page.",
                "ar": "المعروض 3 من 6 في هذه الصفحة.",
            }[lang]
        )
        assert page.url.endswith("?when=today")
        now.click()
        assert (today.get_attribute("aria-pressed"), now.get_attribute("aria-pressed")) == (
            "false",
            "true",
        )
        assert visible_names(page) == [NAMES["always-line"]]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # the address keeps the choice: reloaded, the list is still narrowed
        page.reload()
        page.wait_for_load_state("load")
        assert page.locator("[data-when-pick=now]").get_attribute("aria-pressed") == "true"
        assert visible_names(page) == [NAMES["always-line"]]
        page.locator("[data-when-pick=now]").click()
        assert len(visible_names(page)) == 6
        assert page.url.endswith("/support-group/")
        assert page.errors == []
    finally:
        page.context.close()


def result_names(page: Any, count: int) -> list[str]:
    """Return the names of the results once `count` of them are drawn and the list is shown."""
    page.wait_for_function(
        """count => !document.querySelector("[data-search].search-pending")
            && document.querySelectorAll(".search-result .card-title").length === count
            && document.querySelector("pagefind-summary").textContent.trim() !== ''""",
        arg=count,
    )
    return sorted(page.locator(".search-result .card-title").all_inner_texts())


@pytest.mark.parametrize(("lang", "width"), [("en", 1280), ("ar", 360)])
def test_search_narrows_to_open_now_and_meets_today_with_the_choice_in_the_address(
    browser: Any, server: str, lang: str, width: int
) -> None:
    page = open_at(
        browser,
        f"{server}{lang}/search/?when=now",
        "2026-12-01T20:00:00Z",
        "America/Chicago",
        width,
    )
    try:
        assert result_names(page, 1) == [NAMES["always-line"]]
        assert page.locator("[data-when-pick=now]").get_attribute("aria-pressed") == "true"
        assert page.locator(".search-result .card-when").all_inner_texts() == [
            {"en": "Open now", "ar": "مفتوح الآن"}[lang]
        ]
        # the choice sits with the filters, which a phone opens on demand
        page.locator("[data-filters-toggle]").click()
        page.locator("[data-when-pick=today]").click()
        assert result_names(page, 3) == sorted(
            [NAMES["always-line"], NAMES["night-line"], NAMES["tuesday-evening"]]
        )
        assert "when=today" in page.url
        # the hidden hours filter is not offered among the visible filters
        assert not page.locator('[data-filter-name="when"]').is_visible()
        page.locator("[data-when-pick=today]").click()
        # everything again: the six groups (and the test site's guides)
        page.wait_for_function(
            "name => [...document.querySelectorAll('.search-result .card-title')]"
            ".some(title => title.textContent.trim() === name)",
            arg=NAMES["ask-first"],
        )
        assert "when=" not in page.url
        assert page.errors == []
    finally:
        page.context.close()
