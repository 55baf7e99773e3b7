"""`build.py import csv`: a spreadsheet with the columns of the directory's own
data/directory.csv (any order, any subset but name) -> draft entries, one per row."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

from generator.exports.exports import CSV_COLUMNS
from generator.model.models import (
    ATTENDANCE,
    COSTS,
    FACILITATION,
    JOINING,
    KINDS,
    PLATFORMS,
    STATUSES,
)
from generator.tools.importer import Checker, Draft, Slugs, SourceError, decode, several
from generator.tools.scaffold import DEFAULT_ZONES

FORM = "csv"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MEETING = re.compile(
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|daily)"
    r"(?: weeks ((?:-?\d|last)(?:,(?:-?\d|last))*))? (\d{1,2}:\d{2})-(\d{1,2}:\d{2})"
)
_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_TRANSLATION = re.compile(r"(?:name|summary)_" + _TAG.pattern)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def template(languages: list[str]) -> str:
    """Return the header row of a spreadsheet to fill in, for a site with these languages."""
    header = [name for name, _ in CSV_COLUMNS]
    header += [f"name_{lang}" for lang in languages] + [f"summary_{lang}" for lang in languages]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(header)
    return buffer.getvalue()


def _cell(value: str | None) -> str:
    text = (value or "").strip()
    # the export writes an apostrophe before a cell a spreadsheet would run as a formula
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


def _list(value: str) -> list[str]:
    return [item.strip() for item in re.split(r"[;,]", value) if item.strip()]


def read_rows(text: str, checker: Checker) -> list[tuple[int, dict[str, str]]]:
    """Return (line, cells by column) for each row with something in it."""
    first = text.split("\n", 1)[0]
    # spreadsheets in French or Spanish save with ";" (the comma is their decimal mark)
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] = []
    start = 1
    try:
        for cells in reader:
            if not header:
                header = [c.strip().lower() for c in cells]
                if "name" not in header:
                    raise SourceError(
                        "line 1: the header row has no name column; the first row must name "
                        "the columns (python build.py import csv --template prints them)"
                    )
                known = {name for name, _ in CSV_COLUMNS}
                unknown = [
                    c for c in header if c and c not in known and not _TRANSLATION.fullmatch(c)
                ]
                header = ["" if c in unknown else c for c in header]
                if unknown:
                    checker.warn(
                        1,
                        f"{several(unknown, 'column', 'columns')} "
                        + (
                            "is not a directory.csv column"
                            if len(unknown) == 1
                            else "are not directory.csv columns"
                        )
                        + "; ignored",
                    )
            elif any(c.strip() for c in cells):
                if len(cells) > len(header):
                    checker.warn(
                        start, "this row has more cells than the header; extra cells ignored"
                    )
                rows.append(
                    (start, {h: _cell(c) for h, c in zip(header, cells, strict=False) if h})
                )
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SourceError(f"line {reader.line_num}: not readable as CSV: {exc}") from None
    if not header:
        raise SourceError("is empty; expected a header row and one row per entry")
    return rows


def _localized(row: dict[str, str], key: str, own: str) -> str | dict[str, str]:
    value = row.get(key, "")
    translations = {
        lang: row[f"{key}_{lang}"]
        for lang in dict.fromkeys(
            [own, *sorted(k[len(key) + 1 :] for k in row if k.startswith(f"{key}_"))]
        )
        if row.get(f"{key}_{lang}")
    }
    if value:
        translations.setdefault(own, value)
    if set(translations) <= {own}:
        return value or translations.get(own, "")
    return (
        {own: translations.pop(own, value), **translations}
        if own in translations or value
        else translations
    )


def _schedule(
    row: dict[str, str], line: int, checker: Checker, country: str, fill: dict[Any, str]
) -> dict[str, Any]:
    text = row.get("schedule", "")
    schedule: dict[str, Any] = {}
    zone = checker.timezone(row.get("timezone", ""), line, "timezone")
    if text in ("24/7", "by-appointment"):
        schedule = {"hours": text}
        if zone:
            schedule = {"timezone": zone, **schedule}
    else:
        meetings = []
        for part in (p.strip() for p in text.split(";") if p.strip()):
            match = _MEETING.fullmatch(part)
            if match is None:
                checker.warn(
                    line,
                    f"schedule '{part}' is not '<day>[ weeks <n>,<n>] HH:MM-HH:MM', 24/7 or "
                    "by-appointment; left out",
                )
                continue
            day, weeks, start, end = match.groups()
            meeting: dict[str, Any] = {"day": day}
            if weeks:
                meeting["weeks"] = [-1 if w == "last" else int(w) for w in weeks.split(",")]
            meeting |= {"start": start.zfill(5), "end": end.zfill(5)}
            meetings.append(meeting)
        if meetings:
            schedule = {"timezone": zone or DEFAULT_ZONES.get(country, "America/Chicago")}
            if not zone:
                fill[("schedule", "timezone")] = "the row gives no time zone"
            schedule["meetings"] = meetings[:21]
        else:
            schedule = {"hours": "by-appointment"}
            fill[("schedule", "hours")] = "the row gives no schedule"
    if row.get("schedule_notes"):
        schedule["notes"] = row["schedule_notes"]
    return schedule


def _row_draft(
    line: int, row: dict[str, str], checker: Checker, taken: Slugs, source: str, today: date
) -> Draft:
    fill: dict[tuple[str | int, ...], str] = {}
    own = row.get("text_language") or checker.default_language
    if not _TAG.fullmatch(own):
        checker.warn(
            line,
            f"text_language '{own}' is not a language tag such as en or fr-CA; "
            f"{checker.default_language} used",
        )
        own = checker.default_language
    data: dict[str, Any] = {"name": _localized(row, "name", own)}
    data["kind"] = checker.choice(row.get("kind", ""), KINDS, line, "kind", fill)
    data["summary"] = _localized(row, "summary", own)
    if not data["summary"]:
        data["summary"] = "Summary to write."
        fill[("summary",)] = "one or two plain sentences, at most 200 characters"
    if row.get("description"):
        data["description"] = row["description"]
    if own != checker.default_language:
        data["text_language"] = own
    if row.get("organization"):
        data["organization"] = row["organization"]
    data["attendance"] = checker.choice(
        row.get("attendance", ""), ATTENDANCE, line, "attendance", fill
    )
    data["joining"] = checker.choice(row.get("joining", ""), JOINING, line, "joining", fill)
    if row.get("how_to_join"):
        data["how_to_join"] = row["how_to_join"]
    data["facilitation"] = checker.choice(
        row.get("facilitation", ""), FACILITATION, line, "facilitation", fill
    )
    topics = checker.known("topics", _list(row.get("topics", "")), line)
    if not topics:
        topics = ["general-wellbeing"] if "general-wellbeing" in checker.terms["topics"] else []
        topics = topics or sorted(checker.terms["topics"])[:1] or ["general-wellbeing"]
        fill[("topics",)] = "terms from vocabularies.yaml; the row gives none that fit"
    data["topics"] = topics
    for vocabulary in ("audiences",):
        terms = checker.known(vocabulary, _list(row.get(vocabulary, "")), line)
        if terms:
            data[vocabulary] = terms
    data["languages"] = _list(row.get("languages", ""))[:10] or [own]
    if not row.get("languages"):
        fill[("languages",)] = "the row names no language"
    data["cost"] = checker.choice(row.get("cost", ""), COSTS, line, "cost", fill)
    if row.get("cost_note"):
        data["cost_note"] = row["cost_note"]
    country = ""
    if any(row.get(k) for k in ("venue", "address", "city", "country")):
        data["location"] = _location(row, line, checker, fill)
        country = data["location"]["country"]
    attendance = data["attendance"]
    if "location" not in data and attendance in ("in-person", "hybrid"):
        data["location"] = _location(row, line, checker, fill)
    if any(row.get(k) for k in ("online_url", "platform", "online_phone", "online_notes")):
        data["online"] = _online(row, line, checker)
    if attendance in ("online", "hybrid") and not data.get("online"):
        data["online"] = {"platform": "other"}
        fill[("online",)] = "how to join online: url, platform or phone; the row gives none"
    data["schedule"] = _schedule(row, line, checker, country, fill)
    contact = {
        "website": checker.url(row.get("website", ""), line, "website"),
        "email": checker.email(row.get("email", ""), line, "email"),
        "phone": checker.phone(row.get("phone", ""), line, "phone"),
    }
    if any(contact.values()):
        data["contact"] = {k: v for k, v in contact.items() if v}
    for vocabulary in ("accessibility", "practices"):
        terms = checker.known(vocabulary, _list(row.get(vocabulary, "")), line)
        if terms:
            data[vocabulary] = terms
    status = row.get("status", "")
    if status and status != "active":
        data["status"] = checker.choice(status, STATUSES, line, "status", fill)
    if row.get("status_note"):
        data["status_note"] = row["status_note"]
    verified = _date(row.get("verified_date", ""), line, checker, "verified_date", today)
    data["verified"] = {"date": verified or today, "source": f"Imported from {source}"}
    fill[("verified", "source")] = "how it was confirmed; an import is not a check"
    added = _date(row.get("added", ""), line, checker, "added", today)
    data["added"] = added or today
    dated: list[tuple[str, ...]] = [
        path for path, given in ((("verified", "date"), verified), (("added",), added)) if not given
    ]
    slug = row.get("slug", "")
    if slug and (not _SLUG.fullmatch(slug) or slug in taken):
        checker.warn(
            line, f"slug '{slug}' is not a unique file name of a-z, 0-9 and -; a new one is made"
        )
        slug = ""
    if slug:
        taken.add(slug)
    name = data["name"] if isinstance(data["name"], str) else next(iter(data["name"].values()))
    slug = slug or taken.new(name)
    folder = country.lower() if country else "online"
    return Draft(slug, folder, data, line, fill, dated)


def _date(value: str, line: int, checker: Checker, what: str, today: date) -> date | None:
    if not value:
        return None
    try:
        found = date.fromisoformat(value)
    except ValueError:
        checker.warn(line, f"{what} '{value}' is not a date written YYYY-MM-DD; left out")
        return None
    if found > today:
        checker.warn(line, f"{what} {value} is in the future; today's date used")
        return None
    return found


def _location(
    row: dict[str, str], line: int, checker: Checker, fill: dict[Any, str]
) -> dict[str, Any]:
    location: dict[str, Any] = {}
    for key, field in (("venue", "venue"), ("address", "address")):
        if row.get(key):
            location[field] = row[key]
    location["city"] = row.get("city") or "Unknown"
    if not row.get("city"):
        fill[("location", "city")] = "the row gives no city"
    for key, field in (("region", "region"), ("postal_code", "postal_code")):
        if row.get(key):
            location[field] = row[key]
    country = checker.country(row.get("country", "").upper(), line, "country")
    location["country"] = country or "US"
    if not country:
        fill[("location", "country")] = "the row gives no country code"
    if row.get("latitude") or row.get("longitude"):
        try:
            point = (float(row.get("latitude", "")), float(row.get("longitude", "")))
        except ValueError:
            point = (999.0, 999.0)
        if -90 <= point[0] <= 90 and -180 <= point[1] <= 180:
            location["coordinates"] = list(point)
            if row.get("approximate") == "yes":
                location["approximate"] = True
        else:
            checker.warn(line, "latitude and longitude are not numbers on Earth; left out")
    if row.get("location_notes"):
        location["notes"] = row["location_notes"]
    return location


def _online(row: dict[str, str], line: int, checker: Checker) -> dict[str, Any]:
    online: dict[str, Any] = {}
    url = checker.url(row.get("online_url", ""), line, "online_url")
    if url:
        online["url"] = url
    platform = row.get("platform", "")
    if platform in PLATFORMS:
        online["platform"] = platform
    elif platform:
        checker.warn(line, f"platform '{platform}' is not one of {', '.join(PLATFORMS)}; left out")
    phone = checker.phone(row.get("online_phone", ""), line, "online_phone")
    if phone:
        online["phone"] = phone
    countries = [c.upper() for c in _list(row.get("online_countries", ""))]
    checked = [c for c in countries if checker.country(c, line, "online_countries")]
    if checked:
        online["countries"] = checked
    if row.get("online_notes"):
        online["notes"] = row["online_notes"]
    return online


def drafts_from(data: bytes, source: str, checker: Checker, today: date) -> list[Draft]:
    """Return one draft per row of a CSV file's bytes."""
    taken = Slugs()
    rows = read_rows(decode(data), checker)
    return [_row_draft(line, row, checker, taken, source, today) for line, row in rows]
