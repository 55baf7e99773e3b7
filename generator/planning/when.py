"""When an entry meets, as the compact data that when.js reads on the visitor's device.

Two shapes of one schedule: the rule that says every meeting exactly (a data attribute on entry
pages and cards, and Pagefind meta for search results), and the hours of the week in UTC that
its meetings can touch (a Pagefind filter), so that "Open now" and "Meets today" ask the index
for the few entries that can match instead of loading every result's data.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from generator.model.models import Entry, Meeting

ALWAYS = "A"
"""The rule and the filter value ("a") of a line open 24 hours a day, 7 days a week."""


def when_rule(entry: Entry) -> str:
    """Return an entry's meetings as when.js reads them, or "" when there is nothing to say.

    "A" is 24/7; otherwise the IANA zone, then one word per meeting: ISO weekday (0 for every
    day), weeks of the month after dots (L for the last), "@", start and end as HHMM, e.g.
    "Europe/Paris 2@1830-2000 6.1.L@1000-1130". An entry that is not active has no next meeting.
    """
    schedule = entry.schedule
    if entry.status != "active":
        return ""
    if schedule.hours == "24/7":
        return ALWAYS
    if not schedule.meetings or not schedule.timezone:
        return ""
    return " ".join([schedule.timezone, *(_meeting_word(m) for m in schedule.meetings)])


def _meeting_word(meeting: Meeting) -> str:
    day = "0" if meeting.weekday is None else str(meeting.weekday + 1)
    weeks = "".join(f".{'L' if week < 0 else week}" for week in meeting.ordinal_weeks)
    return f"{day}{weeks}@{meeting.start.replace(':', '')}-{meeting.end.replace(':', '')}"


def when_hours(entry: Entry, year: int) -> list[str]:
    """Return the hours of the week in UTC ("h0" is Monday 00:00-01:00) that an entry's
    meetings can touch under any of its zone's offsets in `year`, or ["a"] for a 24/7 line.

    A superset on purpose: a monthly meeting has the hours of every week, and one that starts
    at 18:30 has all of 18:00-19:00; when.js checks the exact rule on what the index returns.
    """
    rule = when_rule(entry)
    if rule == ALWAYS:
        return ["a"]
    if not rule:
        return []
    assert entry.schedule.timezone is not None and entry.schedule.meetings
    offsets = _offsets(entry.schedule.timezone, year)
    found: set[int] = set()
    for meeting in entry.schedule.meetings:
        start = meeting.start_time.hour * 60 + meeting.start_time.minute
        end = (
            24 * 60
            if meeting.ends_at_midnight
            else (meeting.end_time.hour * 60 + meeting.end_time.minute)
        )
        days = range(7) if meeting.weekday is None else (meeting.weekday,)
        for day in days:
            for offset in offsets:
                first = day * 24 * 60 + start - offset
                last = day * 24 * 60 + end - offset
                found.update(hour % 168 for hour in range(first // 60, -(-last // 60)))
    return [f"h{hour}" for hour in sorted(found)]


@functools.cache
def _offsets(zone: str, year: int) -> tuple[int, ...]:
    """Return the UTC offsets in minutes that `zone` uses in `year` (two where summer time)."""
    tz = ZoneInfo(zone)
    start = datetime(year, 1, 1, tzinfo=UTC)
    found: set[int] = set()
    for step in range(366 * 4):
        offset = (start + timedelta(hours=6 * step)).astimezone(tz).utcoffset()
        assert offset is not None
        found.add(int(offset.total_seconds()) // 60)
    return tuple(sorted(found))
