"""schema.org structured data for entry pages: an Event for meetings, a Service otherwise.

Search engines and assistants read it to answer "when does it meet, where, in which language, is
it free". It carries only what the page itself shows; the template serialises it with Jinja's
`tojson`, which escapes `<`, `>`, `&` and quotes so no text can end the script element.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from generator.catalog.catalog import CatalogEntry, pick
from generator.catalog.opendata import next_meeting
from generator.model import privacy
from generator.model.config import SiteConfig
from generator.model.models import WEEKDAYS, Entry, Meeting
from generator.text import i18n
from generator.text.rooms import is_meeting_room

SCHEMA = "https://schema.org/"
ATTENDANCE_MODES = {
    "in-person": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "hybrid": "MixedEventAttendanceMode",
}
FREE_COSTS = ("free", "donation")
"""Costs under which nobody is asked to pay: a donation is welcome, never a condition."""


def entry_jsonld(
    item: CatalogEntry,
    site: SiteConfig,
    lang: str,
    url: str,
    labels: dict[str, Any],
    today: date | None = None,
) -> dict[str, Any]:
    """Return the JSON-LD of one entry page in `lang`, its next meeting as of `today` (the
    build's date; the real date when not given).

    `labels` holds what is already translated for the page: "kind", "topics" and "audiences".
    """
    entry = item.entry
    default = site.default_language

    def text(values: Any) -> str:
        return pick(values, lang, item.language, default).text

    node: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event" if entry.schedule.meetings else "Service",
        "@id": f"{url}#entry",
        "name": text(entry.name),
        "description": text(entry.summary),
        "url": url,
    }
    audience = [{"@type": "Audience", "audienceType": name} for name in labels["audiences"]]
    if audience:
        node["audience"] = audience
    organizer = _organization(entry, text)
    if entry.schedule.meetings:
        node["eventAttendanceMode"] = SCHEMA + ATTENDANCE_MODES[entry.attendance]
        # "temporarily closed" means no meetings until a date nobody knows yet
        node["eventStatus"] = SCHEMA + (
            "EventScheduled" if entry.status == "active" else "EventPostponed"
        )
        assert entry.schedule.timezone is not None
        # search engines require a date: the next meeting, with the offset it has that day
        start, end = next_meeting(
            entry.schedule.meetings, entry.schedule.timezone, today or date.today()
        )
        node["startDate"] = start.isoformat()
        node["endDate"] = end.isoformat()
        node["eventSchedule"] = [
            _schedule(meeting, entry.schedule.timezone) for meeting in entry.schedule.meetings
        ]
        node["location"] = _locations(entry, url)
        node["inLanguage"] = list(entry.languages)
        node["isAccessibleForFree"] = entry.cost in FREE_COSTS
        if entry.cost_note:
            node["offers"] = {"@type": "Offer", "description": text(entry.cost_note)}
        if labels["topics"]:
            node["about"] = [{"@type": "Thing", "name": name} for name in labels["topics"]]
        if organizer:
            node["organizer"] = organizer
        return node
    node["serviceType"] = labels["kind"]
    channel: dict[str, Any] = {
        "@type": "ServiceChannel",
        "availableLanguage": list(entry.languages),
    }
    if entry.online and entry.online.url:
        channel["serviceUrl"] = entry.online.url
    phone = (entry.online.phone if entry.online else None) or (
        entry.contact.phone if entry.contact else None
    )
    if phone:
        channel["servicePhone"] = {"@type": "ContactPoint", "telephone": phone}
    places = [p for p in _locations(entry, url) if p["@type"] == "Place"]
    if places:
        channel["serviceLocation"] = places[0]
    node["availableChannel"] = channel
    if entry.schedule.hours == "24/7":
        node["hoursAvailable"] = {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [SCHEMA + day.capitalize() for day in WEEKDAYS],
            "opens": "00:00:00",
            "closes": "23:59:59",
        }
    if entry.online and entry.online.countries:
        node["areaServed"] = [
            {"@type": "Country", "name": i18n.country_name(code, lang)}
            for code in entry.online.countries
        ]
    if organizer:
        node["provider"] = organizer
    return node


def _schedule(meeting: Meeting, zone: str) -> dict[str, Any]:
    days = meeting.weekdays
    found: dict[str, Any] = {
        "@type": "Schedule",
        "byDay": [SCHEMA + day.capitalize() for day in days],
        "startTime": f"{meeting.start}:00",
        "endTime": meeting.end_within_day(seconds=True),
        "scheduleTimezone": zone,
    }
    if meeting.every_day:
        found["repeatFrequency"] = "P1D"
    elif meeting.weeks:
        found["repeatFrequency"] = "P1M"
        # schema.org counts weeks 1 to 5 only; "last" stays in the page's words
        weeks = [w for w in meeting.weeks if w > 0]
        if weeks:
            found["byMonthWeek"] = weeks
    else:
        found["repeatFrequency"] = "P1W"
    return found


def _locations(entry: Entry, page: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    location = entry.location
    if location is not None:
        address: dict[str, Any] = {
            "@type": "PostalAddress",
            "addressLocality": location.city,
            "addressCountry": location.country,
        }
        if location.address:
            address["streetAddress"] = location.address
        if location.region:
            address["addressRegion"] = location.region
        if location.postal_code:
            address["postalCode"] = location.postal_code
        place: dict[str, Any] = {
            "@type": "Place",
            "name": location.venue or location.city,
            "address": address,
        }
        # a pin: only a public venue's own coordinates, never a town's or a private address's
        exact = privacy.venue_coordinates(location)
        if exact is not None:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": exact[0], "longitude": exact[1]}
        found.append(place)
    if entry.online is not None:
        # the public sign-up page; without one, the entry's own page, where people read how to
        # join. A link that opens the meeting room itself (which `check` warns about) is not
        # handed to search engines, which would lead anyone straight into the meeting.
        url = entry.online.url
        public = url is not None and not is_meeting_room(url)
        found.append({"@type": "VirtualLocation", "url": url if public else page})
    return found


def _organization(entry: Entry, text: Callable[[Any], str]) -> dict[str, Any] | None:
    contact = entry.contact
    if entry.organization is None and contact is None:
        return None
    found: dict[str, Any] = {
        "@type": "Organization",
        "name": text(entry.organization) if entry.organization else text(entry.name),
    }
    if contact is not None:
        if contact.website:
            found["url"] = contact.website
        if contact.email:
            found["email"] = contact.email
        if contact.phone:
            found["telephone"] = contact.phone
    return found
