"""`build.py import meeting-guide`: a Meeting Guide API feed (github.com/code4recovery/spec, a
JSON array of weekly meetings) -> draft entries, one per group: the meetings with the same name
at the same place become one entry's schedule."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from babel.core import get_global

from generator.exports.meeting_types import ACCESSIBILITY, AUDIENCES, JOINING, LANGUAGES
from generator.model.models import WEEKDAYS
from generator.tools.importer import (
    Checker,
    Draft,
    Notice,
    Slugs,
    decode,
    json_array_items,
    several,
)
from generator.tools.scaffold import DEFAULT_ZONES

# types that are facts about the meeting handled elsewhere, not terms
HANDLED = {"TC", "DB"}
PLATFORMS = {
    "zoom.us": "zoom",
    "zoom.com": "zoom",
    "meet.google.com": "google-meet",
    "teams.microsoft.com": "microsoft-teams",
    "teams.live.com": "microsoft-teams",
    "meet.jit.si": "jitsi",
    "discord.gg": "discord",
    "discord.com": "discord",
    "chat.whatsapp.com": "whatsapp",
    "signal.group": "signal",
}
COUNTRY_NAMES = {
    "usa": "US", "united states": "US", "us": "US", "canada": "CA", "uk": "GB",
    "united kingdom": "GB", "australia": "AU", "ireland": "IE", "france": "FR", "spain": "ES",
    "mexico": "MX", "méxico": "MX", "españa": "ES",
}  # fmt: skip
_TEXT_FIELDS = (
    "name", "slug", "time", "end_time", "timezone", "location", "location_notes", "group",
    "group_notes", "notes", "address", "city", "state", "postal_code", "country",
    "formatted_address", "approximate", "conference_url", "conference_url_notes",
    "conference_phone", "conference_phone_notes", "url", "updated", "entity", "venmo",
    "square", "paypal", "homegroup_online", "region",
)  # fmt: skip
_PERSONAL = re.compile(r"contact_\d+_(name|email|phone)")
# HH:MM as the spec asks; seconds and a 12-hour "7:30 PM", which some feeds write, are read too
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?(?:\s*([ap])\.?m\.?)?", re.IGNORECASE)
FORM = "meeting-guide"


def _text(meeting: Mapping[str, Any], key: str) -> str:
    value = meeting.get(key)
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return value.strip() if isinstance(value, str) else ""


def _clock(value: str) -> str | None:
    match = _TIME.fullmatch(value.strip())
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    hour, half = int(match.group(1)), (match.group(3) or "").lower()
    if half and not 1 <= hour <= 12:
        return None
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return f"{hour:02d}:{match.group(2)}"


def _days(value: Any) -> list[int] | None:
    values = value if isinstance(value, list) else [value]
    days = []
    for item in values:
        if isinstance(item, str) and item.strip().isdigit():
            item = int(item)
        if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= 6:
            return None
        days.append(item)
    return sorted(set(days)) or None


def _types(meeting: Mapping[str, Any]) -> list[str]:
    value = meeting.get("types")
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return [str(v).strip() for v in value if isinstance(v, str | int) and str(v).strip()]


def _group_key(meeting: Mapping[str, Any]) -> tuple[str, ...]:
    place = [_text(meeting, k).casefold() for k in ("location", "address", "city")]
    if not any(place):
        place = [_text(meeting, "formatted_address").casefold()]
    return (" ".join(_text(meeting, "name").casefold().split()), *place)


def read_feed(text: str, source: str, checker: Checker, today: date) -> list[Draft]:
    """Return one draft entry per group of meetings in a Meeting Guide feed."""
    groups: dict[tuple[str, ...], list[tuple[int, dict[str, Any]]]] = {}
    for line, item in json_array_items(text):
        if not isinstance(item, dict):
            checker.warn(line, "expected a meeting in { }, found something else; skipped")
            continue
        for key in _TEXT_FIELDS:
            value = item.get(key)
            if value is not None and not isinstance(value, str | int | float):
                checker.warn(line, f"{key} should be text; its value was left out")
                item.pop(key)
        if not _text(item, "name"):
            checker.warn(line, "this meeting has no name, which the spec requires; skipped")
            continue
        groups.setdefault(_group_key(item), []).append((line, item))
    taken = Slugs()
    return [_draft(rows, checker, today, taken, source) for rows in groups.values()]


def _draft(
    rows: list[tuple[int, dict[str, Any]]],
    checker: Checker,
    today: date,
    taken: Slugs,
    source: str,
) -> Draft:
    row, first = rows[0]
    data: dict[str, Any] = {}
    fill: dict[tuple[str | int, ...], str] = {}
    _texts(data, fill, rows, checker)
    name = data["name"]
    types: list[str] = []
    for _line, meeting in rows:
        for code in _types(meeting):
            if code not in types:
                types.append(code)
    unknown = [
        code
        for code in types
        if code not in LANGUAGES
        and code not in AUDIENCES
        and code not in ACCESSIBILITY
        and code not in JOINING
        and code not in HANDLED
    ]
    if unknown:
        checker.warn(
            row,
            f"{several(unknown, 'meeting type', 'meeting types')} "
            f"{'has' if len(unknown) == 1 else 'have'} no matching field or term in this "
            "directory; left out (describe them in description if they matter)",
        )

    in_person = any(_text(m, "address") for _, m in rows) or any(
        _text(m, "formatted_address") and _text(m, "approximate") != "yes" for _, m in rows
    )
    conference = any(_text(m, "conference_url") or _text(m, "conference_phone") for _, m in rows)
    closed = "TC" in types
    if in_person and conference:
        attendance = "online" if closed else "hybrid"
    else:
        attendance = "in-person" if in_person else "online"
    data["attendance"] = attendance
    _from_types(data, fill, types, rows, in_person, checker)
    country = _country(rows, checker)
    zone = _zone(rows, checker, country)
    if attendance in ("in-person", "hybrid"):
        data["location"] = _location(rows, checker, country or "US", fill)
    if attendance in ("online", "hybrid"):
        data["online"] = _online(rows, checker, country if not in_person else None)
    data["schedule"] = _schedule(rows, checker, zone or DEFAULT_ZONES.get(country or "US"), fill)
    data["summary"] = _summary(data)
    if data.get("online", {}).get("url"):
        fill[("online", "url")] = (
            "a meeting room link lets anyone who reads the page walk in; link a sign-up page, "
            "or remove it and set joining: contact-first"
        )
    if zone is None and "meetings" in data["schedule"]:
        fill[("schedule", "timezone")] = "the feed gives no time zone; the country's usual one"
    listing = next((_text(m, "url") for _, m in rows if _text(m, "url")), "")
    website = checker.url(listing, row, "url") if listing else None
    if website:
        data["contact"] = {"website": website}
    if any(any(_PERSONAL.fullmatch(k) for k in m) for _, m in rows):
        checker.warn(
            row,
            "contact_1/2/3 fields are a person's details; not imported (the directory lists "
            "only a group's own public contacts)",
        )
    if closed:
        data["status"] = "temporarily-closed"
        fill[("status",)] = "the feed marks the location temporarily closed (TC)"
    elif attendance == "online" and not conference:
        data["status"] = "temporarily-closed"
        fill[("status",)] = "no conference link or phone: the spec counts it as inactive"
        checker.warn(
            row,
            "this online meeting has no conference_url or conference_phone, which the spec "
            "reads as inactive; imported as temporarily-closed",
        )
    updated = [_updated(_text(m, "updated")) for _, m in rows]
    known_dates = [d for d in updated if d is not None and d <= today]
    data["verified"] = {
        "date": max(known_dates) if known_dates else today,
        "source": f"Imported from the Meeting Guide feed {source}",
    }
    fill[("verified", "source")] = "an import is not a check; confirm with the group"
    data["added"] = today
    dated: list[tuple[str, ...]] = [("added",)] + ([] if known_dates else [("verified", "date")])
    folder = (country or "online").lower() if in_person else "online"
    return Draft(taken.new(name), folder, data, row, fill, dated)


def _texts(
    data: dict[str, Any],
    fill: dict[tuple[str | int, ...], str],
    rows: list[tuple[int, dict[str, Any]]],
    checker: Checker,
) -> None:
    """Set name, kind, summary, description and organization."""
    row, first = rows[0]
    name = _text(first, "name")
    if len(name) > 120:
        checker.warn(row, "the name is longer than 120 characters; cut short")
        fill[("name",)] = "shortened to 120 characters"
        name = name[:119].rstrip() + "…"
    data["name"] = name
    data["kind"] = "support-group"
    data["summary"] = ""  # made from the schedule and the place, once they are known
    fill[("summary",)] = "one or two plain sentences on what happens there, for a newcomer"
    descriptions = []
    for key in ("group_notes", "notes"):
        for _, meeting in rows:
            value = _text(meeting, key)
            if value and value not in descriptions:
                descriptions.append(value)
    if descriptions:
        data["description"] = "\n\n".join(descriptions)[:5000]
    group = _text(first, "group")
    if group and group.casefold() != name.casefold():
        data["organization"] = group[:160]


def _summary(data: dict[str, Any]) -> str:
    """Return a plain first summary from the facts: when and where it meets."""
    schedule = data["schedule"]
    if isinstance(schedule, str):
        when = "Meets by appointment"
    else:
        days = list(dict.fromkeys(m["day"] for m in schedule["meetings"]))
        names = ["every day" if d == "daily" else d.capitalize() for d in days]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        when = f"Meets {listed}" if "every day" in names else f"Meets on {listed}"
    if "location" in data:
        where = f" in {data['location']['city']}"
    else:
        where = " online"
    extra = " and online" if data["attendance"] == "hybrid" else ""
    return f"{when}{where}{extra}."[:200]


def _from_types(
    data: dict[str, Any],
    fill: dict[tuple[str | int, ...], str],
    types: list[str],
    rows: list[tuple[int, dict[str, Any]]],
    in_person: bool,
    checker: Checker,
) -> None:
    """Set joining, facilitation, topics, audiences, accessibility, languages and cost."""
    row = rows[0][0]
    joining = [JOINING[c] for c in types if c in JOINING]
    data["joining"] = joining[0] if len(joining) == 1 else "open"
    if len(joining) != 1:
        fill[("joining",)] = "open (anyone may come) or members-only; the feed says neither"
    data["facilitation"] = "peer-led"
    fill[("facilitation",)] = "Meeting Guide meetings are peer-led; check"
    topic = "substance-use" if "substance-use" in checker.terms["topics"] else None
    topic = topic or next(iter(sorted(checker.terms["topics"])), "general-wellbeing")
    data["topics"] = [topic]
    fill[("topics",)] = "terms from vocabularies.yaml; the feed has no topics"
    audiences = checker.known("audiences", [AUDIENCES[c] for c in types if c in AUDIENCES], row)
    if audiences:
        data["audiences"] = audiences
    access = [ACCESSIBILITY[c] for c in types if c in ACCESSIBILITY]
    if not in_person:
        access = [term for term in access if term == "asl"]  # no venue to reach
    accessibility = checker.known("accessibility", access, row)
    if accessibility:
        data["accessibility"] = accessibility
    languages = list(dict.fromkeys(LANGUAGES[c] for c in types if c in LANGUAGES))
    data["languages"] = languages[:10] or ["en"]
    if not languages:
        fill[("languages",)] = "the feed names no language"
    donations = any(_text(m, k) for _, m in rows for k in ("venmo", "square", "paypal"))
    donations = donations or "DB" in types or any(_text(m, "homegroup_online") for _, m in rows)
    data["cost"] = "donation" if donations else "free"
    if not donations:
        fill[("cost",)] = "free, donation, sliding-scale or fee"


def _online(
    rows: list[tuple[int, dict[str, Any]]], checker: Checker, country: str | None
) -> dict[str, Any]:
    """Return the online block of a group's meetings (country: the one it is for, if any)."""
    (row, first), online = rows[0], dict[str, Any]()
    url = next((_text(m, "conference_url") for _, m in rows if _text(m, "conference_url")), "")
    phone = next(
        (_text(m, "conference_phone") for _, m in rows if _text(m, "conference_phone")), ""
    )
    checked_url = checker.url(url, row, "conference_url")
    if checked_url:
        online["url"] = checked_url
    try:
        host = (urlsplit(checked_url).hostname or "") if checked_url else ""
    except ValueError:
        host = ""
    platform = next((p for h, p in PLATFORMS.items() if host == h or host.endswith("." + h)), None)
    dial = re.split(r"[,;#*]", phone, maxsplit=1)[0].strip() if phone else ""
    checked_phone = checker.phone(dial, row, "conference_phone")
    online["platform"] = platform or ("phone" if checked_phone and not url else "other")
    if checked_phone:
        online["phone"] = checked_phone
    if country:
        online["countries"] = [country]
    extra = [_text(first, k) for k in ("conference_url_notes", "conference_phone_notes")]
    if any(extra):
        online["notes"] = " ".join(e for e in extra if e)[:500]
    return online


def _updated(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _country(rows: list[tuple[int, dict[str, Any]]], checker: Checker) -> str | None:
    for line, meeting in rows:
        value = _text(meeting, "country")
        if not value and _text(meeting, "formatted_address"):
            value = _text(meeting, "formatted_address").rsplit(",", 1)[-1].strip()
            value = COUNTRY_NAMES.get(value.casefold(), value if len(value) == 2 else "")
        if value:
            value = COUNTRY_NAMES.get(value.casefold(), value) if len(value) != 2 else value
            return checker.country(value.upper(), line, "country")
    zone = next((_text(m, "timezone") for _, m in rows if _text(m, "timezone")), "")
    zones: Mapping[str, str] = get_global("zone_territories")
    return zones.get(zone)


def _zone(
    rows: list[tuple[int, dict[str, Any]]], checker: Checker, country: str | None
) -> str | None:
    zones = []
    for line, meeting in rows:
        value = _text(meeting, "timezone")
        if value and value not in zones:
            checked = checker.timezone(value, line, "timezone")
            if checked:
                zones.append(checked)
    if len(zones) > 1:
        checker.warn(
            rows[0][0],
            f"meetings of this group give different time zones ({', '.join(zones)}); "
            f"all imported in {zones[0]}",
        )
    return zones[0] if zones else None


def _location(
    rows: list[tuple[int, dict[str, Any]]],
    checker: Checker,
    country: str,
    fill: dict[tuple[str | int, ...], str],
) -> dict[str, Any]:
    line, meeting = next(
        ((r, m) for r, m in rows if _text(m, "address") or _text(m, "formatted_address")), rows[0]
    )
    location: dict[str, Any] = {}
    address, city = _text(meeting, "address"), _text(meeting, "city")
    formatted = [p.strip() for p in _text(meeting, "formatted_address").split(",")]
    if not address and len(formatted) >= 3:
        address, city = formatted[0], city or formatted[1]
    if _text(meeting, "location"):
        location["venue"] = _text(meeting, "location")
    if address:
        location["address"] = address
    location["city"] = city or "Unknown"
    if not city:
        fill[("location", "city")] = "the feed gives no city"
        checker.warn(line, "this meeting has an address but no city; city needs filling in")
    if _text(meeting, "state"):
        location["region"] = _text(meeting, "state")
    if _text(meeting, "postal_code"):
        location["postal_code"] = _text(meeting, "postal_code")
    location["country"] = country
    latitude, longitude = meeting.get("latitude"), meeting.get("longitude")
    try:
        point = (float(latitude), float(longitude))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        point = None
    if point and -90 <= point[0] <= 90 and -180 <= point[1] <= 180:
        location["coordinates"] = [round(point[0], 5), round(point[1], 5)]
        if _text(meeting, "approximate") == "yes":
            location["approximate"] = True
    elif latitude is not None or longitude is not None:
        checker.warn(line, "latitude and longitude are not numbers on Earth; left out")
    if _text(meeting, "location_notes"):
        location["notes"] = _text(meeting, "location_notes")[:500]
    return location


def _schedule(
    rows: list[tuple[int, dict[str, Any]]],
    checker: Checker,
    zone: str | None,
    fill: dict[tuple[str | int, ...], str],
) -> dict[str, Any] | str:
    meetings: list[dict[str, Any]] = []
    for line, meeting in rows:
        if meeting.get("day") is None and not _text(meeting, "time"):
            continue  # by appointment
        days = _days(meeting.get("day"))
        start = _clock(_text(meeting, "time"))
        if days is None or start is None:
            checker.warn(
                line,
                "day must be 0 (Sunday) to 6 (Saturday) or a list of them, and time HH:MM; "
                "this meeting's day and time were left out",
            )
            continue
        end = _clock(_text(meeting, "end_time")) if _text(meeting, "end_time") else None
        guessed = end is None
        if end is None:
            hour, minute = divmod(int(start[:2]) * 60 + int(start[3:]) + 60, 60)
            end = "24:00" if hour >= 24 else f"{hour:02d}:{minute:02d}"
        elif end <= start:
            checker.warn(line, f"this meeting ends ({end}) before it starts; imported to 24:00")
            end = "24:00"
        names = ["daily"] if len(days) == 7 else [WEEKDAYS[(d - 1) % 7] for d in days]
        for day in names:
            item = {"day": day, "start": start, "end": end}
            if item in meetings:
                continue
            if guessed:
                fill[("schedule", "meetings", len(meetings), "end")] = "the spec's default hour"
            meetings.append(item)
    if not meetings:
        return "by-appointment"
    if len(meetings) > 21:
        checker.warn(rows[0][0], "more than 21 meetings a week for one group; kept the first 21")
        meetings = meetings[:21]
    return {"timezone": zone or "America/Chicago", "meetings": meetings}


def drafts_from(data: bytes, source: str, checker: Checker, today: date) -> list[Draft]:
    """Return the drafts of a Meeting Guide feed file's bytes."""
    return read_feed(decode(data), source, checker, today)


__all__ = ["FORM", "Notice", "drafts_from"]
