"""What a meeting means, said once on the model: its weekdays, weeks of the month and end."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from generator.model.models import WEEKDAYS, Meeting


def meeting(**fields: object) -> Meeting:
    return Meeting.model_validate({"day": "tuesday", "start": "18:30", "end": "20:00", **fields})


def test_daily_meets_on_all_seven_weekdays_monday_first():
    daily = meeting(day="daily")
    assert daily.every_day
    assert daily.weekdays == WEEKDAYS
    assert daily.weekday is None


def test_a_weekday_meeting_names_its_one_day_and_its_number_from_monday():
    sunday = meeting(day="sunday")
    assert not sunday.every_day
    assert sunday.weekdays == ("sunday",)
    assert sunday.weekday == 6


def test_ordinal_weeks_are_in_calendar_order_with_the_last_week_after_the_numbered_ones():
    assert meeting(weeks=[-1, 3, 1]).ordinal_weeks == (1, 3, -1)
    assert meeting(weeks="last").ordinal_weeks == (-1,)
    assert meeting().ordinal_weeks == ()


def test_end_at_24_00_is_midnight_of_the_next_day():
    late = meeting(start="22:00", end="24:00")
    assert late.ends_at_midnight
    assert late.end_time == time(0, 0)
    zone = ZoneInfo("Europe/Paris")
    assert late.span(date(2026, 12, 1), zone) == (
        datetime(2026, 12, 1, 22, 0, tzinfo=zone),
        datetime(2026, 12, 2, 0, 0, tzinfo=zone),
    )


def test_an_end_before_midnight_stays_on_the_meetings_day():
    evening = meeting()
    assert not evening.ends_at_midnight
    assert (evening.start_time, evening.end_time) == (time(18, 30), time(20, 0))
    assert evening.span(date(2026, 12, 31)) == (
        datetime(2026, 12, 31, 18, 30),
        datetime(2026, 12, 31, 20, 0),
    )


def test_end_within_day_stops_at_23_59_for_formats_without_24_00():
    late = meeting(start="22:00", end="24:00")
    assert late.end_within_day() == "23:59"
    assert late.end_within_day(seconds=True) == "23:59:59"
    assert meeting().end_within_day() == "20:00"
    assert meeting().end_within_day(seconds=True) == "20:00:00"


def test_meets_on_its_weekday_in_its_weeks_of_the_month():
    first_and_last = meeting(weeks=[1, -1])
    # December 2026: Tuesdays are the 1st, 8th, 15th, 22nd and 29th
    assert [day for day in range(1, 32) if first_and_last.meets_on(date(2026, 12, day))] == [1, 29]
    assert [day for day in range(1, 15) if meeting().meets_on(date(2026, 12, day))] == [1, 8]
    assert all(meeting(day="daily").meets_on(date(2026, 12, day)) for day in range(1, 8))


def test_fifth_week_meets_only_in_months_that_have_one():
    fifth = meeting(weeks=[5])
    assert fifth.meets_on(date(2026, 12, 29))
    assert not any(fifth.meets_on(date(2026, 11, day)) for day in range(1, 31))


def test_rrule_days_are_icalendar_codes_with_the_weeks_of_the_month_in_front():
    assert meeting().rrule_days == ("TU",)
    assert meeting(day="daily").rrule_days == ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
    assert meeting(day="sunday", weeks=[-1, 2]).rrule_days == ("2SU", "-1SU")
