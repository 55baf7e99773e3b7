"""The directory used as a visitor would, on a phone and in Arabic first: what broke there,
kept mended. Each test names the page, width and language where the problem was seen."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest


def _page(browser: Any, lang: str, width: int, **options: Any) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": width, "height": 740}, locale=lang, **options)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


@pytest.mark.parametrize(
    ("lang", "width", "words"),
    [
        ("en", 360, "Town names: GeoNames (CC BY 4.0)"),
        ("en", 1280, "Town names: GeoNames (CC BY 4.0)"),
        ("ar", 360, "أسماء المدن: GeoNames (CC BY 4.0)"),
        ("ar", 1280, "أسماء المدن: GeoNames (CC BY 4.0)"),
    ],
)
def test_near_me_credits_geonames_for_its_town_names(
    browser: Any, sample_server: str, lang: str, width: int, words: str
) -> None:
    """The towns near-me matches are GeoNames' (CC BY 4.0), whose licence asks for credit: the
    opened panel says where the names come from and links to GeoNames and the licence."""
    context, page = _page(browser, lang, width)
    try:
        page.goto(f"{sample_server}{lang}/search/")
        page.click(".near-me > summary")
        credit = page.locator(".near-me .near-credit")
        assert credit.is_visible()
        assert " ".join(credit.inner_text().split()) == words
        links = credit.locator("a")
        assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
            "https://www.geonames.org/",
            "https://creativecommons.org/licenses/by/4.0/",
        ]
        # the names read left to right inside an Arabic sentence, each its own link
        assert [links.nth(i).get_attribute("dir") for i in range(links.count())] == ["ltr"] * 2
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def _your_times(
    browser: Any, address: str, lang: str, width: int, slug: str, zone: str
) -> list[str]:
    """Open an entry page on a Tuesday evening in `zone` and return its "Your time" lines."""
    context, page = _page(browser, lang, width, timezone_id=zone)
    try:
        page.clock.set_fixed_time(datetime(2026, 12, 2, 1, 0, tzinfo=UTC))
        page.goto(f"{address}{lang}/groups/{slug}/")
        notes = page.eval_on_selector_all(".local-time", "notes => notes.map(n => n.textContent)")
        return [" ".join(note.split()) for note in notes]
    finally:
        context.close()


@pytest.mark.parametrize(
    ("lang", "width", "expected"),
    [
        ("en", 360, ["Your time: 6:00 PM – 12:00 AM", "Your time: 4:00 – 6:00 PM"]),
        ("en", 1280, ["Your time: 6:00 PM – 12:00 AM", "Your time: 4:00 – 6:00 PM"]),
        ("ar", 360, ["بتوقيتك: 6:00 م – 12:00 ص", "بتوقيتك: 4:00–6:00 م"]),
        ("ar", 1280, ["بتوقيتك: 6:00 م – 12:00 ص", "بتوقيتك: 4:00–6:00 م"]),
        (
            "fr",
            360,
            [
                "Dans votre fuseau horaire : 18:00 – 00:00",
                "Dans votre fuseau horaire : 16:00 – 18:00",
            ],
        ),
    ],
)
def test_your_time_of_a_nightly_line_across_midnight_names_no_dates(
    browser: Any, sample_server: str, lang: str, width: int, expected: list[str]
) -> None:
    """Night Light meets every day 00:00–06:00 and 22:00–24:00 London time; in Chicago the
    first is 6 PM to midnight. It was said "Your time: 12/1/2026, 6:00 PM – 12/2/2026, 12:00 AM":
    two dates on a line that is every day. French hours have two digits, as the schedule's."""
    assert (
        _your_times(browser, sample_server, lang, width, "night-light-peer-line", "America/Chicago")
        == expected
    )


@pytest.mark.parametrize(
    ("lang", "width", "saturday"),
    [
        ("en", 360, "Your time: Saturday 6:00 PM – Sunday 2:00 AM"),
        ("en", 1280, "Your time: Saturday 6:00 PM – Sunday 2:00 AM"),
        ("ar", 360, "بتوقيتك: السبت 6:00 م – الأحد 2:00 ص"),
        ("ar", 1280, "بتوقيتك: السبت 6:00 م – الأحد 2:00 ص"),
    ],
)
def test_your_time_of_a_weekly_meeting_across_midnight_names_both_days(
    browser: Any, sample_server: str, lang: str, width: int, saturday: str
) -> None:
    """The Lakeshore line's Saturday 12:00–20:00 Toronto is Saturday 18:00 to Sunday 02:00 in
    Paris: both weekdays, no dates."""
    times = _your_times(
        browser, sample_server, lang, width, "lakeshore-evening-warmline", "Europe/Paris"
    )
    assert times[5] == saturday


@pytest.mark.parametrize("width", [360, 1280])
def test_next_meeting_in_french_writes_two_digit_hours_as_the_schedule_does(
    browser: Any, sample_server: str, width: int
) -> None:
    """Riverside meets Tuesdays 18:30 in Chicago, 01:30 on Wednesday in Paris; the schedule
    beside it writes "01:30", and the next-meeting line said "Aujourd’hui à 1:30"."""
    context, page = _page(browser, "fr", width, timezone_id="Europe/Paris")
    try:
        page.clock.set_fixed_time(datetime(2026, 12, 1, 23, 50, tzinfo=UTC))
        page.goto(f"{sample_server}fr/groups/riverside-veterans-peer-circle/")
        assert page.locator(".when-next").first.text_content() == "Aujourd’hui à 01:30"
    finally:
        context.close()
