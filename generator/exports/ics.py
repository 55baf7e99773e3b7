"""iCalendar files: one calendar per entry with meetings, for people to add to their own calendar.

Everything here is derived from the content alone (no clock, no randomness), so the same content
gives byte-identical files whatever day the build runs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vText

from generator.model import privacy
from generator.text import urls

if TYPE_CHECKING:
    from collections.abc import Mapping

    from generator.catalog.catalog import Catalog, CatalogEntry
    from generator.model.config import SiteConfig
    from generator.model.models import Meeting

# Volunteer text may hold line breaks and stray control characters. icalendar escapes CR and LF
# in TEXT values but writes other controls and NEL/U+2028 as they are, and some parsers end a
# line at those, so line breaks become "\n" and the rest is dropped before icalendar sees them.
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")


def calendar_files(catalog: Catalog, skip: Container[str] = ()) -> dict[str, bytes]:
    """Return an iCalendar file per published entry that has meetings, by output path.

    The entries in `skip` are left out: their published files are kept as they are.
    """
    files: dict[str, bytes] = {}
    for item in catalog.published:
        if item.slug in skip:
            continue
        data = entry_calendar(item, catalog.site)
        if data is not None:
            files[urls.calendar(item.slug)] = data
    return files


def entry_calendar(item: CatalogEntry, site: SiteConfig) -> bytes | None:
    """Return one entry's iCalendar file, or None when it has no meetings (24/7, by appointment)."""
    entry = item.entry
    schedule = entry.schedule
    if not schedule.meetings or schedule.timezone is None:
        return None
    zone = ZoneInfo(schedule.timezone)
    host = urlsplit(site.base_url).hostname or "localhost"
    name = _single_line(_text(item, entry.name, site))
    page = _page_url(item, site)

    # Not Calendar.new()/Event.new(): they fill in a random UID and the current time.
    calendar = Calendar()
    calendar.add("prodid", f"-//Peer Support Directory//{host}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # vText explicitly: NAME and X- properties are otherwise written without any escaping.
    calendar.add("name", vText(name))
    calendar.add("x-wr-calname", vText(name))

    description = _description(item, site, page)
    location = _location(item)
    geo = _geo(item)
    stamp = datetime.combine(entry.verified.date, time(0, 0), tzinfo=UTC)
    starts: list[date] = []
    for index, meeting in enumerate(schedule.meetings, start=1):
        first = _first_day(meeting, entry.verified.date)
        starts.append(first)
        event = Event()
        event.add("uid", f"{item.slug}-{index}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", vText(name))
        start, end = meeting.span(first, zone)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("rrule", _rule(meeting))
        event.add("description", vText(description))
        if location is not None:
            event.add("location", vText(location))
        if geo is not None:
            event.add("geo", geo)
        event.add("url", page)
        # A temporarily closed group is expected back on the same schedule; CANCELLED would
        # make calendar clients drop the series instead of showing it as uncertain.
        event.add("status", "CONFIRMED" if entry.status == "active" else "TENTATIVE")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()  # untyped in icalendar 7
    # the zone goes before the first event, as the calendar's first component
    first_event = data.index(b"\r\nBEGIN:VEVENT\r\n") + 2
    timezone = _timezone(schedule.timezone, min(starts).year)
    return data[:first_event] + timezone + data[first_event:]


@functools.cache
def _timezone(tzid: str, year: int) -> bytes:
    """Return a zone's VTIMEZONE, as written, with its transitions from the start of `year` on.

    From the year of the first meeting: small and tied to the content rather than to a fixed
    epoch, and shared by every calendar in that zone and year. Making and writing one takes
    milliseconds, which thousands of entries would feel: it is half of every calendar's lines.
    """
    written: bytes = Timezone.from_tzid(tzid, first_date=date(year, 1, 1)).to_ical()
    return written


def _text(item: CatalogEntry, values: Mapping[str, str], site: SiteConfig) -> str:
    return item.text(values, item.language, site.default_language).text


def _clean(text: str) -> str:
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def _single_line(text: str) -> str:
    return " ".join(_clean(text).split())


def _page_url(item: CatalogEntry, site: SiteConfig) -> str:
    return urls.entry_url(site.base_url, item.page_language(site), item.slug)


def _join_url(item: CatalogEntry) -> str | None:
    online = item.entry.online
    if item.entry.attendance == "in-person" or online is None:
        return None
    return online.url


def _description(item: CatalogEntry, site: SiteConfig, page: str) -> str:
    entry = item.entry
    parts = [_clean(_text(item, entry.summary, site)), f"Details and how to join: {page}"]
    join = _join_url(item)
    if join is not None:
        parts[-1] += f"\nJoin online: {join}"
    if entry.schedule.notes:
        parts.append(_clean(_text(item, entry.schedule.notes, site)))
    return "\n\n".join(parts)


def _location(item: CatalogEntry) -> str | None:
    entry = item.entry
    place = entry.location
    if entry.attendance != "online" and place is not None:
        fields = (
            place.venue,
            place.address,
            place.city,
            place.region,
            place.postal_code,
            place.country,
        )
        return _single_line(", ".join(f for f in fields if f))
    return _join_url(item)


def _geo(item: CatalogEntry) -> tuple[float, float] | None:
    place = item.entry.location
    if item.entry.attendance == "online" or place is None:
        return None
    return privacy.venue_coordinates(place)


def _rule(meeting: Meeting) -> dict[str, str | list[str]]:
    if meeting.every_day:
        return {"freq": "daily"}
    if meeting.weeks is None:
        return {"freq": "weekly", "byday": meeting.rrule_days[0]}
    return {"freq": "monthly", "byday": list(meeting.rrule_days)}


def _first_day(meeting: Meeting, since: date) -> date:
    """Return the first day on or after `since` that the meeting's rule selects."""
    day = since
    while not meeting.meets_on(day):
        day += timedelta(days=1)
    return day
