"""Now and next, the pure part: when.js's date logic run under node with clocks set around
meetings, and the rule and hours that the build writes for it (generator/planning/when.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from generator.model.models import Entry, Schedule
from generator.planning.when import when_hours, when_rule

WHEN_JS = ROOT / "themes" / "default" / "static" / "when.js"
HARNESS = Path(__file__).parent / "node" / "when_harness.js"
EN = {
    "now": "On now (until {time})",
    "today": "Today at {time}",
    "tomorrow": "Tomorrow at {time}",
    "week": "Next {weekday} at {time}",
    "open": "Open now",
}
AR = {
    "now": "جارٍ الآن (حتى {time})",
    "today": "اليوم الساعة {time}",
    "tomorrow": "غدًا الساعة {time}",
    "week": "{weekday} القادم الساعة {time}",
    "open": "مفتوح الآن",
}


def run(*cases: dict[str, object]) -> list[dict[str, object]]:
    """Return what when.js says for each case: key, text, passes and hours."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node here; CI has it")
    filled = [{"lang": "en", "labels": EN, **case} for case in cases]
    result = subprocess.run(
        [node, str(HARNESS), str(WHEN_JS)],
        input=json.dumps(filled),
        capture_output=True,
        text=True,
        check=True,
    )
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def says(*cases: tuple[str, str, str], lang: str = "en") -> list[str]:
    """Return what when.js says for each (rule, now, visitor's zone), in one run of node."""
    labels = EN if lang == "en" else AR
    found = run(
        *({"rule": r, "now": n, "here": h, "lang": lang, "labels": labels} for r, n, h in cases)
    )
    return [str(one["text"]).replace("\u202f", " ") for one in found]


TUESDAY_EVENING = "America/Chicago 2@1830-2000"


def test_a_weekly_meeting_said_before_during_and_after_it():
    chicago = "America/Chicago"  # December: UTC-6
    assert says(
        (TUESDAY_EVENING, "2026-12-01T23:00:00Z", chicago),
        (TUESDAY_EVENING, "2026-12-02T00:30:00Z", chicago),
        (TUESDAY_EVENING, "2026-12-02T01:59:00Z", chicago),
        # the minute it ends, the next one is a week away: said as its date
        (TUESDAY_EVENING, "2026-12-02T02:00:00Z", chicago),
        (TUESDAY_EVENING, "2026-11-30T16:00:00Z", chicago),
        (TUESDAY_EVENING, "2026-11-28T16:00:00Z", chicago),
    ) == [
        "Today at 6:30 PM",
        "On now (until 8:00 PM)",
        "On now (until 8:00 PM)",
        "Tuesday, December 8",
        "Tomorrow at 6:30 PM",
        "Next Tuesday at 6:30 PM",
    ]


def test_the_next_meeting_is_said_on_the_visitors_own_clock_and_calendar():
    # Tuesday 18:30 in Chicago is Wednesday 01:30 in Paris
    assert says(
        (TUESDAY_EVENING, "2026-12-01T19:00:00Z", "Europe/Paris"),
        (TUESDAY_EVENING, "2026-12-02T00:15:00Z", "Europe/Paris"),
        (TUESDAY_EVENING, "2026-12-02T00:45:00Z", "Asia/Tokyo"),
    ) == ["Tomorrow at 1:30 AM", "Today at 1:30 AM", "On now (until 11:00 AM)"]


def test_a_meeting_that_runs_past_midnight_is_one_meeting_until_its_end():
    nightly = "Europe/London 0@0000-0600 0@2200-2400"  # every night 22:00 to 06:00
    saturday_late = "America/New_York 6@2100-2400 7@0000-0130"
    assert says(
        (nightly, "2026-12-01T23:00:00Z", "Europe/London"),
        (nightly, "2026-12-02T05:00:00Z", "Europe/London"),
        (nightly, "2026-12-02T06:00:00Z", "Europe/London"),
        (nightly, "2026-12-01T22:00:00Z", "Europe/London"),
        (saturday_late, "2026-12-06T04:00:00Z", "America/New_York"),
        (saturday_late, "2026-12-06T06:30:00Z", "America/New_York"),
    ) == [
        "On now (until 6:00 AM)",
        "On now (until 6:00 AM)",
        "Today at 10:00 PM",
        "On now (until 6:00 AM)",
        "On now (until 1:30 AM)",
        "Next Saturday at 9:00 PM",
    ]


def test_monthly_ordinal_meetings_fall_on_their_weeks_of_the_month():
    first_and_third = "America/Chicago 6.1.3@1000-1130"  # December 2026: the 5th and the 19th
    last_tuesday = "America/Los_Angeles 2.L@1900-2030"  # 24 November, then 29 December
    fifth_wednesday = "Europe/Paris 3.5@1800-1900"  # 30 December 2026, then 31 March 2027
    assert says(
        (first_and_third, "2026-12-04T18:00:00Z", "America/Chicago"),
        (first_and_third, "2026-12-06T18:00:00Z", "America/Chicago"),
        (first_and_third, "2026-12-13T18:00:00Z", "America/Chicago"),
        (last_tuesday, "2026-11-25T18:00:00Z", "America/Los_Angeles"),
        (fifth_wednesday, "2027-01-01T12:00:00Z", "Europe/Paris"),
    ) == [
        "Tomorrow at 10:00 AM",
        "Saturday, December 19",
        "Next Saturday at 10:00 AM",
        "Tuesday, December 29",
        "Wednesday, March 31",
    ]


def test_a_24_7_line_is_always_open_now():
    found = run(
        *(
            {"rule": "A", "now": now, "here": "Asia/Kolkata"}
            for now in ("2026-12-01T03:00:00Z", "2027-03-28T01:30:00Z", "2026-12-25T12:00:00Z")
        )
    )
    assert [(one["text"], one["passes"]) for one in found] == 3 * [
        ("Open now", {"today": True, "now": True})
    ]


def test_a_meeting_in_paris_moves_on_a_new_york_clock_between_the_two_summer_time_changes():
    sunday = "Europe/Paris 7@1000-1100"
    monday = "Europe/Paris 1@1800-1900"
    new_york = "America/New_York"
    assert says(
        # New York goes forward on 14 March 2027, Paris on 28 March: 5 hours apart, then 6
        (sunday, "2027-03-06T17:00:00Z", new_york),
        (sunday, "2027-03-13T17:00:00Z", new_york),
        (sunday, "2027-03-20T17:00:00Z", new_york),
        (sunday, "2027-03-27T17:00:00Z", new_york),
        # in Paris the clock reads 10:00 on both sides of its own change
        (sunday, "2027-03-27T12:00:00Z", "Europe/Paris"),
        (sunday, "2027-03-28T08:30:00Z", "Europe/Paris"),
        # autumn: Paris goes back on 25 October 2026, New York on 1 November
        (monday, "2026-10-19T12:00:00Z", new_york),
        (monday, "2026-10-26T12:00:00Z", new_york),
        (monday, "2026-11-02T12:00:00Z", new_york),
    ) == [
        "Tomorrow at 4:00 AM",
        "Tomorrow at 5:00 AM",
        "Tomorrow at 5:00 AM",
        "Tomorrow at 4:00 AM",
        "Tomorrow at 10:00 AM",
        "On now (until 11:00 AM)",
        "Today at 12:00 PM",
        "Today at 1:00 PM",
        "Today at 12:00 PM",
    ]


def test_a_meeting_on_the_night_clocks_go_forward_still_ends_when_its_clock_says():
    night = "Europe/Paris 7@0100-0400"  # 28 March 2027: 02:00 becomes 03:00
    before, during, after = run(
        # 00:30 in Paris: 01:00 is still winter time, 00:00 UTC, whatever the offset after it
        {"rule": night, "now": "2027-03-27T23:30:00Z", "here": "Europe/Paris"},
        {"rule": night, "now": "2027-03-28T00:30:00Z", "here": "Europe/Paris"},
        {"rule": night, "now": "2027-03-28T02:01:00Z", "here": "Europe/Paris"},  # 04:01 CEST
    )
    assert before["text"] == "Today at 1:00 AM"
    assert during["text"] == "On now (until 4:00 AM)"
    assert after["key"] == "later"


def test_arabic_says_it_in_arabic_with_the_pages_latin_digits():
    assert says(
        (TUESDAY_EVENING, "2026-12-01T23:00:00Z", "America/Chicago"),
        (TUESDAY_EVENING, "2026-11-28T16:00:00Z", "America/Chicago"),
        (TUESDAY_EVENING, "2026-12-02T02:00:00Z", "America/Chicago"),
        ("A", "2026-12-02T02:00:00Z", "America/Chicago"),
        lang="ar",
    ) == [
        "اليوم الساعة 6:30 م",
        "الثلاثاء القادم الساعة 6:30 م",
        "الثلاثاء، 8 ديسمبر",
        "مفتوح الآن",
    ]


def test_meets_today_and_open_now_decide_from_the_visitors_day():
    at_five = {"rule": TUESDAY_EVENING, "now": "2026-12-01T23:00:00Z", "here": "America/Chicago"}
    during = {**at_five, "now": "2026-12-02T00:30:00Z"}
    over = {**at_five, "now": "2026-12-02T02:30:00Z"}
    monthly_off_week = {
        "rule": "America/Chicago 2.2@1830-2000",  # second Tuesday: 8 December
        "now": "2026-12-01T23:00:00Z",
        "here": "America/Chicago",
    }
    answers = [found["passes"] for found in run(at_five, during, over, monthly_off_week)]
    assert answers == [
        {"today": True, "now": False},
        {"today": True, "now": True},
        {"today": False, "now": False},
        {"today": False, "now": False},
    ]


def test_unreadable_rules_and_unknown_zones_say_nothing():
    for rule in ("", "Europe/Paris", "Europe/Paris 8@1000-1100", "Mars/Olympus 1@1000-1100"):
        (found,) = run({"rule": rule, "now": "2026-12-01T12:00:00Z", "here": "Europe/Paris"})
        assert (found["key"], found["text"]) == (None, "")


def entry(schedule: dict[str, object], status: str = "active") -> Entry:
    return Entry.model_construct(schedule=Schedule.model_validate(schedule), status=status)


RIVERSIDE = {
    "timezone": "America/Chicago",
    "meetings": [
        {"day": "tuesday", "start": "18:30", "end": "20:00"},
        {"day": "saturday", "weeks": [3, 1], "start": "10:00", "end": "11:30"},
        {"day": "friday", "weeks": "last", "start": "22:00", "end": "24:00"},
        {"day": "daily", "start": "07:00", "end": "07:30"},
    ],
}


def test_the_rule_names_the_zone_and_each_meeting_compactly():
    assert when_rule(entry(RIVERSIDE)) == (
        "America/Chicago 2@1830-2000 6.1.3@1000-1130 5.L@2200-2400 0@0700-0730"
    )
    assert when_rule(entry({"hours": "24/7"})) == "A"
    assert when_rule(entry({"hours": "by-appointment"})) == ""
    assert when_rule(entry(RIVERSIDE, status="temporarily-closed")) == ""
    assert when_rule(entry({"hours": "24/7"}, status="ended")) == ""


def test_the_hours_of_the_week_cover_both_summer_and_winter_time():
    tuesday = {"timezone": "America/Chicago", "meetings": [RIVERSIDE["meetings"][0]]}  # type: ignore[index]
    # 18:30-20:00 is 00:30-02:00 UTC on Wednesday in winter, 23:30-01:00 in summer
    assert when_hours(entry(tuesday), 2026) == ["h47", "h48", "h49"]
    sunday_night = {
        "timezone": "Pacific/Auckland",
        "meetings": [{"day": "monday", "start": "00:30", "end": "01:00"}],
    }
    # Monday 00:30 in Auckland (UTC+12 or +13) is Sunday 11:30 or 12:30 UTC
    assert when_hours(entry(sunday_night), 2026) == ["h155", "h156"]
    assert when_hours(entry({"hours": "24/7"}), 2026) == ["a"]
    assert when_hours(entry({"hours": "by-appointment"}), 2026) == []


def test_the_hours_of_the_week_cover_every_day_of_a_daily_meeting_and_one_ending_at_midnight():
    daily = {"timezone": "America/Chicago", "meetings": [RIVERSIDE["meetings"][3]]}  # type: ignore[index]
    # 07:00-07:30 is 13:00-13:30 UTC in winter, 12:00-12:30 in summer, on each of seven days
    assert when_hours(entry(daily), 2026) == [f"h{24 * d + h}" for d in range(7) for h in (12, 13)]
    last_friday = {"timezone": "America/Chicago", "meetings": [RIVERSIDE["meetings"][2]]}  # type: ignore[index]
    # Friday 22:00 until midnight is Saturday 04:00-06:00 UTC in winter, 03:00-05:00 in summer
    assert when_hours(entry(last_friday), 2026) == ["h123", "h124", "h125"]


def test_the_hours_asked_for_now_and_today_are_the_ones_the_build_wrote():
    tuesday = {"timezone": "America/Chicago", "meetings": [RIVERSIDE["meetings"][0]]}  # type: ignore[index]
    written = set(when_hours(entry(tuesday), 2026))
    base = {"rule": TUESDAY_EVENING, "here": "America/Chicago"}
    during, before, other_day = run(
        {**base, "now": "2026-12-02T00:45:00Z", "wanted": "now"},
        {**base, "now": "2026-12-01T15:00:00Z", "wanted": "today"},
        {**base, "now": "2026-12-03T15:00:00Z", "wanted": "today"},
    )
    assert during["hours"] == ["a", "h48"]
    assert written & set(during["hours"])  # type: ignore[arg-type]
    assert written & set(before["hours"])  # type: ignore[arg-type]
    assert not written & set(other_day["hours"])  # type: ignore[arg-type]
