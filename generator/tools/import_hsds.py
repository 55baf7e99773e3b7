"""`build.py import hsds`: Open Referral HSDS 3.0 services -> draft entries, one per service.

Two shapes are read: API-shaped JSON (a service, a list of services, or a page of them in
"contents", with what HSDS nests in a service) and the tabular package (a CSV per object, in
a folder or named by its datapackage.json), whose rows are nested by their ids first. Fields of
this directory's own export are read back exactly (the joining rule at the start of
application_process, the IANA zone in a schedule's description), so its data round-trips."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.catalog.labels import ATTENDANCE_LABELS, COST_LABELS, JOINING_LABELS, PLATFORM_LABELS
from generator.model.models import (
    FACILITATION,
    JOINING,
    KINDS,
    RRULE_DAYS,
    VOCABULARIES,
    WEEKDAYS,
)
from generator.tools.importer import (
    Checker,
    Draft,
    Slugs,
    SourceError,
    decode,
    json_array_items,
    read_source,
    several,
)
from generator.tools.scaffold import DEFAULT_ZONES

FORM = "hsds"
_JSON = dict[str, Any]
_ZONE_NAME = re.compile(r"(\d{2}:\d{2})[–-](\d{2}:\d{2}), ([A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+) time$")
_BYDAY = re.compile(r"(-?\d)?(MO|TU|WE|TH|FR|SA|SU)")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?")
# a page of this directory: /<language>/groups/<slug>/
_SLUG_IN_URL = re.compile(r"/([a-z]{2,3}(?:-[A-Za-z0-9]+)*)/groups/([a-z0-9]+(?:-[a-z0-9]+)*)/?$")
_TABLES = (
    "services", "organizations", "locations", "service_at_locations", "addresses", "phones",
    "schedules", "languages", "service_areas", "cost_options", "attributes", "taxonomy_terms",
    "accessibility",
)  # fmt: skip


def _text(obj: _JSON, key: str) -> str:
    value = obj.get(key)
    if isinstance(value, bool) or value is None:
        return ""
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _objects(value: Any) -> list[_JSON]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _services_json(text: str) -> list[tuple[int, _JSON]]:
    if text.lstrip().startswith("["):
        return json_array_items(text)  # with the line each service starts on
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"line {exc.lineno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise SourceError("is nested too deeply to be HSDS data") from None
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]  # a page of a paginated list
    elif isinstance(data, dict) and "name" in data:
        data = [data]
    if not isinstance(data, list):
        raise SourceError(
            "is JSON but not HSDS services: expected a service, a list of services, or a page "
            "of them under contents"
        )
    return [(1, item) for item in data]


def _table_file(folder: Path, name: str) -> Path | None:
    """Return a tabular package's CSV for `name`, plain or gzipped (a site publishes its large
    tables as services.csv.gz), or None when the package has no such table."""
    for path in (folder / f"{name}.csv", folder / f"{name}.csv.gz"):
        if path.is_file():
            return path
    return None


def _csv_table(path: Path) -> list[_JSON]:
    text = decode(read_source(path))
    try:
        return [dict(row) for row in csv.DictReader(io.StringIO(text, newline=""), strict=True)]
    except csv.Error as exc:
        raise SourceError(f"{path.name}: not readable as CSV: {exc}") from None


def _services_tabular(folder: Path) -> list[tuple[int, _JSON]]:
    """Return the services of a tabular package, with their rows nested as the API nests them."""
    files = {name: _table_file(folder, name) for name in _TABLES}
    tables = {name: _csv_table(path) for name, path in files.items() if path}
    if "services" not in tables:
        raise SourceError("has no services.csv; a tabular HSDS package has one CSV per object")

    def by(table: str, key: str) -> dict[str, list[_JSON]]:
        found: dict[str, list[_JSON]] = {}
        for row in tables.get(table, []):
            found.setdefault(row.get(key) or "", []).append(row)
        return found

    terms = {row.get("id"): row for row in tables.get("taxonomy_terms", [])}
    organizations = {row.get("id"): row for row in tables.get("organizations", [])}
    locations = {row.get("id"): dict(row) for row in tables.get("locations", [])}
    addresses, location_phones = by("addresses", "location_id"), by("phones", "location_id")
    access = by("accessibility", "location_id")
    for key, location in locations.items():
        location["addresses"] = addresses.get(key or "", [])
        location["phones"] = location_phones.get(key or "", [])
        location["accessibility"] = access.get(key or "", [])
    phones, schedules = by("phones", "service_id"), by("schedules", "service_id")
    languages, areas = by("languages", "service_id"), by("service_areas", "service_id")
    costs, attributes = by("cost_options", "service_id"), by("attributes", "link_id")
    links = by("service_at_locations", "service_id")
    services = []
    for number, row in enumerate(tables["services"], start=2):  # line 1 is the header
        key = row.get("id") or ""
        service: _JSON = dict(row)
        if row.get("organization_id") in organizations:
            service["organization"] = organizations[row.get("organization_id")]
        service["phones"] = phones.get(key, [])
        service["schedules"] = schedules.get(key, [])
        service["languages"] = languages.get(key, [])
        service["service_areas"] = areas.get(key, [])
        service["cost_options"] = costs.get(key, [])
        service["attributes"] = [
            {**a, "taxonomy_term": terms.get(a.get("taxonomy_term_id"), {})}
            for a in attributes.get(key, [])
        ]
        service["service_at_locations"] = [
            {**link, "location": locations.get(link.get("location_id"), {})}
            for link in links.get(key, [])
        ]
        services.append((number, service))
    return services


def read_services(source: Path) -> tuple[str, list[tuple[int, _JSON]]]:
    """Return the name rows are reported under and the services of an HSDS source."""
    folder = source.parent if source.name == "datapackage.json" else source
    if folder.is_dir():
        return (folder / "services.csv").as_posix(), _services_tabular(folder)
    return source.as_posix(), _services_json(decode(read_source(source)))


def _reverse(labels: dict[str, str]) -> dict[str, str]:
    return {label.casefold(): key for key, label in labels.items()}


_JOINING = _reverse(JOINING_LABELS)
_COSTS = _reverse(COST_LABELS)
_ATTENDANCE = _reverse(ATTENDANCE_LABELS)
_PLATFORMS = _reverse(PLATFORM_LABELS)


def _split_rule(text: str, rules: dict[str, str]) -> tuple[str | None, str]:
    """Return the rule a text starts with ("Free. $5 suggested") and the rest of it."""
    head, _, rest = text.partition("\n\n") if "\n\n" in text else text.partition(". ")
    found = rules.get(head.strip().rstrip(".").casefold())
    return (found, rest.strip()) if found else (None, text)


def _draft(
    row: int, service: _JSON, checker: Checker, taken: Slugs, source: str, today: date
) -> Draft:
    """Return the draft entry of one service.

    Why it is long: it is the table of HSDS fields to entry fields, read top to bottom.
    """
    fill: dict[tuple[str | int, ...], str] = {}
    dated: list[tuple[str, ...]] = []
    data: dict[str, Any] = {"name": _text(service, "name")[:120]}
    if not data["name"]:
        data["name"] = "Service"
        fill[("name",)] = "the service has no name"
        checker.warn(row, "this service has no name, which HSDS requires; named Service")
    kind = _text(service, "kind")
    data["kind"] = checker.choice(kind, KINDS, row, "kind", fill) if kind else "support-group"
    if not kind:
        fill[("kind",)] = "HSDS has no kind; support-group, warmline, one-to-one..."
    summary, _, description = _text(service, "description").partition("\n\n")
    if len(summary) > 200 or not summary:
        description = _text(service, "description")
        summary = (re.split(r"(?<=[.!?])\s", description, maxsplit=1)[0] or data["name"])[:200]
        fill[("summary",)] = "one or two plain sentences, at most 200 characters"
    data["summary"] = summary
    if description:
        data["description"] = description[:5000]
    organization = service.get("organization")
    if isinstance(organization, dict) and _text(organization, "name"):
        data["organization"] = _text(organization, "name")[:160]
    locations = [link.get("location") for link in _objects(service.get("service_at_locations"))]
    physical = next(
        (p for p in locations if isinstance(p, dict) and p.get("location_type") != "virtual"), None
    )
    virtual = next(
        (p for p in locations if isinstance(p, dict) and p.get("location_type") == "virtual"), None
    )
    schedules = _objects(service.get("schedules"))
    attending = (
        _ATTENDANCE.get(_text(schedules[0], "attending_type").casefold()) if schedules else None
    )
    data["attendance"] = attending or (
        "hybrid" if physical and virtual else "online" if virtual or not physical else "in-person"
    )
    joining, steps = _split_rule(_text(service, "application_process"), _JOINING)
    if _text(service, "joining") in JOINING:
        joining = _text(service, "joining")
    data["joining"] = joining or "open"
    if not joining:
        fill[("joining",)] = "open, register, contact-first, referral or members-only"
    if steps:
        data["how_to_join"] = steps[:2000]
    facilitation = _text(service, "facilitation")
    data["facilitation"] = facilitation if facilitation in FACILITATION else "peer-led"
    if facilitation not in FACILITATION:
        fill[("facilitation",)] = "peer-led, co-facilitated or professional"
    terms = _terms(service, checker, row)
    data["topics"] = terms.pop("topics", [])
    if not data["topics"]:
        fallback = "general-wellbeing" if "general-wellbeing" in checker.terms["topics"] else None
        data["topics"] = [
            fallback or next(iter(sorted(checker.terms["topics"])), "general-wellbeing")
        ]
        fill[("topics",)] = "terms from vocabularies.yaml; the service has none that fit"
    if terms.get("audiences"):
        data["audiences"] = terms["audiences"]
    data["languages"] = _languages(service)[:10] or [checker.default_language]
    if not _languages(service):
        fill[("languages",)] = "the service names no language"
    cost, note = _split_rule(_text(service, "fees_description"), _COSTS)
    if cost is None and any(
        _text(c, "amount") in ("0", "0.0") for c in _objects(service.get("cost_options"))
    ):
        cost = "free"
    data["cost"] = cost or "free"
    if cost is None:
        fill[("cost",)] = "free, donation, sliding-scale or fee"
    if note and cost:
        data["cost_note"] = note[:500]
    country = ""
    if physical is not None and data["attendance"] != "online":
        data["location"] = _location(physical, row, checker, fill)
        country = data["location"]["country"]
    if data["attendance"] in ("online", "hybrid"):
        data["online"] = _online(virtual or {}, service, row, checker)
    data["schedule"] = _schedule(schedules, country, fill)
    contact_phone = next(
        (
            _text(p, "number")
            for p in _objects(service.get("phones"))
            if not _text(p, "location_id")
        ),
        "",
    )
    contact = {
        "website": _website(_text(service, "url"), row, checker),
        "email": checker.email(_text(service, "email"), row, "email"),
        "phone": checker.phone(contact_phone, row, "phone"),
    }
    if any(contact.values()):
        data["contact"] = {k: v for k, v in contact.items() if v}
    for vocabulary in ("accessibility", "practices"):
        if terms.get(vocabulary):
            data[vocabulary] = terms[vocabulary]
    status = _text(service, "status")
    if status and status != "active":
        data["status"] = "ended" if status in ("inactive", "defunct") else "temporarily-closed"
    if _text(service, "alert"):
        data["status_note"] = _text(service, "alert")[:500]
    try:
        verified = date.fromisoformat(_text(service, "assured_date")[:10])
    except ValueError:
        verified = today
        dated.append(("verified", "date"))
    data["verified"] = {"date": min(verified, today), "source": f"Imported from {source}"}
    fill[("verified", "source")] = "how it was confirmed; an import is not a check"
    own = _SLUG_IN_URL.search(urlsplit(_text(service, "url")).path if _text(service, "url") else "")
    slug = own.group(2) if own and own.group(2) not in taken else ""
    if own and own.group(1) != checker.default_language and own.group(1) in checker.languages:
        # the page the service links to is in the entry's own language
        data["text_language"] = own.group(1)
    if slug:
        taken.add(slug)
    slug = slug or taken.new(data["name"])
    folder = country.lower() if country else "online"
    return Draft(slug, folder, data, row, fill, dated)


def _terms(service: _JSON, checker: Checker, row: int) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    unknown = []
    for attribute in _objects(service.get("attributes")):
        term = attribute.get("taxonomy_term")
        if not isinstance(term, dict):
            continue
        taxonomy, code = _text(term, "taxonomy"), _text(term, "code")
        vocabulary = (
            taxonomy
            if taxonomy in VOCABULARIES
            else next((v for v in VOCABULARIES if code in checker.terms.get(v, set())), None)
        )
        if vocabulary is None:
            unknown.append(_text(term, "name") or code)
            continue
        found.setdefault(vocabulary, []).append(code)
    if unknown:
        checker.warn(
            row,
            f"{several(unknown, 'taxonomy term', 'taxonomy terms')} "
            f"{'matches' if len(unknown) == 1 else 'match'} no term in vocabularies.yaml; left out",
        )
    return {v: checker.known(v, terms, row) for v, terms in found.items()}


def _languages(service: _JSON) -> list[str]:
    tags = []
    for language in _objects(service.get("languages")):
        note = _text(language, "note")
        tag = (
            note.removeprefix("BCP 47: ")
            if note.startswith("BCP 47: ")
            else _text(language, "code")
        )
        if tag and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", tag) and tag not in tags:
            tags.append(tag)
    return tags


def _website(url: str, row: int, checker: Checker) -> str | None:
    # this directory's own export links each service to its page here, not to a website
    if not url or _SLUG_IN_URL.search(urlsplit(url).path):
        return None
    return checker.url(url, row, "url")


def _location(place: _JSON, row: int, checker: Checker, fill: dict[Any, str]) -> dict[str, Any]:
    address = next(iter(_objects(place.get("addresses"))), {})
    location: dict[str, Any] = {}
    city = _text(address, "city")
    name = _text(place, "name")
    if name and name != city:
        location["venue"] = name
    if _text(address, "address_1"):
        location["address"] = _text(address, "address_1")
    location["city"] = city or "Unknown"
    if not city:
        fill[("location", "city")] = "the location's address gives no city"
    if _text(address, "state_province"):
        location["region"] = _text(address, "state_province")
    if _text(address, "postal_code"):
        location["postal_code"] = _text(address, "postal_code")
    country = checker.country(_text(address, "country").upper(), row, "country")
    location["country"] = country or "US"
    if not country:
        fill[("location", "country")] = "the address gives no country code"
    try:
        point = (float(place.get("latitude")), float(place.get("longitude")))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        point = None
    if point and -90 <= point[0] <= 90 and -180 <= point[1] <= 180:
        location["coordinates"] = list(point)
    if _text(place, "description"):
        location["notes"] = _text(place, "description")[:500]
    return location


def _online(place: _JSON, service: _JSON, row: int, checker: Checker) -> dict[str, Any]:
    online: dict[str, Any] = {}
    url = checker.url(_text(place, "url"), row, "url")
    if url:
        online["url"] = url
    platform = _PLATFORMS.get(_text(place, "name").casefold())
    online["platform"] = platform or "other"
    phone = next((_text(p, "number") for p in _objects(place.get("phones"))), "")
    checked = checker.phone(phone, row, "phone")
    if checked:
        online["phone"] = checked
    countries = []
    for area in _objects(service.get("service_areas")):
        code = _text(area, "description").removeprefix("ISO 3166-1: ")
        if re.fullmatch(r"[A-Z]{2}", code):
            countries.append(code)
    if countries:
        online["countries"] = countries
    if _text(place, "description"):
        online["notes"] = _text(place, "description")[:500]
    return online


def _clock(value: str) -> str | None:
    match = _CLOCK.fullmatch(value)
    if match is None or int(match.group(1)) > 23:
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _meetings(schedule: _JSON) -> Iterator[dict[str, Any]]:
    start, end = _clock(_text(schedule, "opens_at")), _clock(_text(schedule, "closes_at"))
    exact = _ZONE_NAME.search(_text(schedule, "description"))
    if exact:
        start, end = exact.group(1), exact.group(2)
    codes = [m.groups() for m in _BYDAY.finditer(_text(schedule, "byday"))]
    if start is None or end is None or not codes:
        return
    days = [WEEKDAYS[RRULE_DAYS.index(code)] for _, code in codes]
    if len(set(days)) == 7 and not any(week for week, _ in codes):
        yield {"day": "daily", "start": start, "end": end}
        return
    weeks = [int(week) for week, _ in codes if week]
    if weeks and len(set(days)) == 1:
        yield {"day": days[0], "weeks": weeks, "start": start, "end": end}
        return
    for day in dict.fromkeys(days):
        yield {"day": day, "start": start, "end": end}


def _schedule(schedules: list[_JSON], country: str, fill: dict[Any, str]) -> dict[str, Any] | str:
    notes = next((_text(s, "notes") for s in schedules if _text(s, "notes")), "")
    descriptions = [_text(s, "description") for s in schedules]
    if "Open 24 hours a day, 7 days a week" in descriptions:
        hours: dict[str, Any] = {"hours": "24/7"}
        return {**hours, "notes": notes[:500]} if notes else hours
    meetings = [m for s in schedules for m in _meetings(s)]
    zone = next((match.group(3) for d in descriptions if (match := _ZONE_NAME.search(d))), None)
    if not meetings:
        hours = {"hours": "by-appointment"}
        if "By appointment" not in descriptions:
            fill[("schedule", "hours")] = "the service gives no weekly times"
        return {**hours, "notes": notes[:500]} if notes else hours
    schedule: dict[str, Any] = {
        "timezone": zone or DEFAULT_ZONES.get(country, "America/Chicago"),
        "meetings": meetings[:21],
    }
    if zone is None:
        fill[("schedule", "timezone")] = "HSDS gives a UTC offset at most; the IANA zone name"
    if notes:
        schedule["notes"] = notes[:500]
    return schedule


def drafts_from(source: Path, checker: Checker, today: date) -> list[Draft]:
    """Return one draft per service of an HSDS source (JSON file, or tabular package)."""
    name, services = read_services(source)
    checker.source = name
    taken = Slugs()
    drafts = []
    for row, service in services:
        if not isinstance(service, dict):
            checker.warn(row, "expected a service in { }, found something else; skipped")
            continue
        drafts.append(_draft(row, service, checker, taken, source.name, today))
    return drafts
