"""The directory as an Open Referral HSDS 3.0 package: services, organizations and locations.

Each published entry is one HSDS service; where it meets (a venue, a video call, a phone line) is
a location linked to it by a service_at_location. The files follow the shapes of HSDS's compiled
JSON Schemas (service.json, organization.json, service_at_location.json, and the location
definition of service_with_definitions.json), so other directories and referral systems can
import the data without asking how it is laid out.

Free text is the entry's own, as its volunteer wrote it (the language its page is in); the few
words made here (schedule descriptions, fees, language names) are English, like HSDS's codes,
and vocabulary terms are named in the site's default language. Where HSDS asks for something the
entry does not say, the field is left out; where the schema requires it anyway, it is an empty
string, which says "not given" without inventing a value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from uuid import NAMESPACE_URL, uuid4, uuid5

from babel.lists import format_list

from generator.catalog import opendata
from generator.catalog.catalog import Catalog, CatalogEntry, pick
from generator.catalog.labels import (
    ATTENDANCE_LABELS,
    COST_LABELS,
    JOINING_LABELS,
    ORDINALS,
    PLATFORM_LABELS,
)
from generator.exports.hsds_api import api_files, profile_files
from generator.exports.hsds_tabular import tabular_files
from generator.incremental.fragments import Fragments
from generator.model import privacy
from generator.model.models import RRULE_DAYS, VOCABULARIES, Entry, Meeting, Vocabularies
from generator.text import i18n, urls

FOLDER = opendata.HSDS_FOLDER
VERSION = "3.0"
_SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"
_EVERY_DAY = ",".join(RRULE_DAYS)

_JSON = dict[str, Any]


@dataclass(frozen=True)
class _Written:
    """One entry's part of the package, already written as JSON.

    Where the organization that runs it goes, the text holds `_ORGANIZATION`: what an
    organization runs comes from the other entries, so it is filled in at every build.
    """

    organization_id: str | None
    service_id: str
    service: bytes
    links: tuple[bytes, ...]
    locations: tuple[bytes, ...]
    summary: bytes
    """The service as an organization lists it: its own fields, without the organization."""


# A string no entry can hold (NUL, and a fresh random part), standing for the organization
_ORGANIZATION = f"\x00{uuid4().hex}\x00"
_ORGANIZATION_JSON = json.dumps(_ORGANIZATION).encode()


def hsds_files(
    catalog: Catalog, fragments: Fragments | None = None, today: date | None = None
) -> dict[str, bytes]:
    """Return the HSDS 3.0 package of the published entries, by output path.

    Meeting times carry the UTC offset their next meeting on or after `today` (the build's
    date; the real date when not given) has in the group's time zone.

    Each entry's part is written once and kept in `fragments` by the preview server: the files
    are joined from the parts, as compact JSON in a fixed order (the same catalog gives the
    same bytes).
    """
    runners = _runners(catalog)
    by_id = {organization["id"]: _dumps(organization) for organization in runners.values()}
    pieces = fragments or Fragments()
    day = today or date.today()

    def written(item: CatalogEntry) -> _Written:
        # not even set up for an entry whose part is kept
        part: _Written = pieces.get_object(
            "hsds", item.slug, lambda: _write(catalog, item, runners, day)
        )
        return part

    parts = [written(item) for item in catalog.published]

    def joined(texts: list[bytes]) -> bytes:
        # bytes: joining 50 MB of text and encoding it would take several times as long
        return b"[" + b",".join(texts) + b"]\n"

    def filled(text: bytes, part: _Written) -> bytes:
        if part.organization_id is None:
            return text
        return text.replace(_ORGANIZATION_JSON, by_id[part.organization_id], 1)

    members: dict[str, list[_Written]] = {}
    for part in parts:
        if part.organization_id is not None:
            members.setdefault(part.organization_id, []).append(part)
    organizations = sorted(
        (urls.sort_key(runner["name"]), runner["id"])
        for runner in runners.values()
        if runner["id"] in members
    )
    files: dict[str, tuple[list[bytes], str]] = {
        "services.json": ([filled(part.service, part) for part in parts], "service.json"),
        "organizations.json": (
            [_organization(by_id[key], members[key]) for _, key in organizations],
            "organization.json",
        ),
        "service_at_locations.json": (
            [filled(link, part) for part in parts for link in part.links],
            "service_at_location.json",
        ),
        "locations.json": (
            [location for part in parts for location in part.locations],
            "service_with_definitions.json#/definitions/location",
        ),
    }
    license_ = catalog.site.data_license
    index = {
        "version": VERSION,
        "description": "Open Referral Human Services Data Specification (HSDS) package",
        "license": {"name": license_.name, "url": license_.url} if license_ else None,
        "files": [
            {"path": _published(name), "count": len(texts), "schema": _SCHEMAS + schema}
            for name, (texts, schema) in files.items()
        ],
    }
    out = {FOLDER + name: joined(texts) for name, (texts, _) in files.items()}
    out[FOLDER + "index.json"] = _dumps(index) + b"\n"
    base = catalog.site.base_url
    services = [(part.service_id, filled(part.service, part)) for part in parts]
    terms = [
        _taxonomy_term(catalog, vocabulary, term)
        for vocabulary in VOCABULARIES
        for term in getattr(catalog.vocabularies, vocabulary)
    ]
    taxonomies = _taxonomies(catalog)
    out |= api_files(base, VERSION, services, taxonomies, terms)
    out |= tabular_files(
        json.loads(out[FOLDER + "services.json"]),
        json.loads(out[FOLDER + "organizations.json"]),
        taxonomies,
        terms,
        {"name": license_.name, "url": license_.url} if license_ else None,
    )
    out |= profile_files(base, VERSION)
    return out


def _write(
    catalog: Catalog, item: CatalogEntry, runners: Mapping[str, _JSON], today: date
) -> _Written:
    service = _Service(catalog, item, runners, today).build()
    organization_id = service["organization_id"] if "organization" in service else None
    if organization_id is not None:
        service = {**service, "organization": _ORGANIZATION}
    summary = _summary(service)
    links = service.get("service_at_locations", [])
    return _Written(
        organization_id=organization_id,
        service_id=service["id"],
        service=_dumps(service),
        links=tuple(_dumps({**link, "service": summary}) for link in links),
        locations=tuple(_dumps(link["location"]) for link in links),
        summary=_dumps(_without(summary, "organization")),
    )


def _organization(organization: bytes, members: list[_Written]) -> bytes:
    """Return an organization with its services and their locations, written as `_dumps` does
    {**organization, "locations": [...], "services": [...]}."""
    locations = b",".join(location for part in members for location in part.locations)
    services = b",".join(part.summary for part in members)
    return organization[:-1] + b',"locations":[' + locations + b'],"services":[' + services + b"]}"


def _dumps(value: object) -> bytes:
    # Compact and in insertion order (id first)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _obj(**fields: Any) -> _JSON:
    """Return an HSDS object without the fields the entry does not give (None or empty)."""
    return {key: value for key, value in fields.items() if value is not None and value != []}


def _without(obj: _JSON, key: str) -> _JSON:
    return {k: v for k, v in obj.items() if k != key}


def _summary(service: _JSON) -> _JSON:
    """Return a service's own fields and organization, as HSDS lists services.

    Nested under an organization or a service_at_location, the whole service would repeat
    services.json, where the same id has its schedules, phones, languages and places.
    """
    return {k: v for k, v in service.items() if not isinstance(v, list)}


@lru_cache(maxsize=1 << 20)
def _uuid(name: str) -> str:
    # HSDS ids are UUIDs; version 5 of a URL-like name keeps them stable from build to build.
    # Remembered: the preview server asks again for the same ones on every rebuild.
    return str(uuid5(NAMESPACE_URL, name))


def _organization_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def _runners(catalog: Catalog) -> dict[str, _JSON]:
    """Return one organization per distinct name (ignoring case and spacing), by that key."""
    names: dict[str, str] = {}
    runs: dict[str, list[str]] = {}
    for item in catalog.published:
        if item.entry.organization is None:
            continue
        name = _own(item, item.entry.organization, catalog)
        key = _organization_key(name)
        names.setdefault(key, name)
        runs.setdefault(key, []).append(_own(item, item.entry.name, catalog))
    return {
        key: {
            "id": _uuid(f"{urls.root(catalog.site.base_url)}#organization/{key}"),
            "name": names[key],
            # HSDS requires a description; what the directory knows is what it runs.
            "description": f"Runs {format_list(runs[key], locale='en')}.",
        }
        for key in names
    }


def _own(item: CatalogEntry, values: Mapping[str, str], catalog: Catalog) -> str:
    """Return a translatable field as the volunteer wrote it."""
    return item.text(values, item.language, catalog.site.default_language).text


class _Service:
    """The HSDS service of one entry, with everything HSDS nests in it."""

    def __init__(
        self,
        catalog: Catalog,
        item: CatalogEntry,
        organizations: Mapping[str, _JSON],
        today: date,
    ) -> None:
        self.catalog = catalog
        self.today = today
        self.organizations = organizations
        self.item = item
        self.entry: Entry = item.entry
        site = catalog.site
        # Labels and the page link follow the entry's own language when the site has it.
        self.lang = item.page_language(site)
        self.id = self.uuid("service")

    def uuid(self, role: str) -> str:
        """Return the id of one part of this entry's HSDS data."""
        return _uuid(f"{urls.entry_id(self.catalog.site.base_url, self.item.slug)}#{role}")

    def text(self, values: Mapping[str, str] | None) -> str | None:
        """Return a translatable field as the volunteer wrote it, if the entry has it."""
        return None if values is None else _own(self.item, values, self.catalog)

    def label(self, vocabulary: str, term: str) -> str:
        """Return a vocabulary term's label in the entry's page language."""
        return self.catalog.term_label(vocabulary, term, self.lang).text

    def build(self) -> _JSON:
        """Return the full service object."""
        entry = self.entry
        summary = self.text(entry.summary)
        description = self.text(entry.description)
        organization = self.organization()
        return _obj(
            id=self.id,
            organization_id=organization["id"] if organization else None,
            name=self.text(entry.name),
            description=f"{summary}\n\n{description}" if description else summary,
            url=urls.entry_url(self.catalog.site.base_url, self.lang, self.item.slug),
            email=entry.contact.email if entry.contact else None,
            # HSDS has a status of the same name; ended entries are not published at all.
            status="active" if entry.status == "active" else "temporarily closed",
            # the directory's profile (hsds_api.profile_files): typed, not flattened into text
            kind=entry.kind,
            joining=entry.joining,
            facilitation=entry.facilitation,
            alert=self.text(entry.status_note),
            application_process=self.application_process(),
            eligibility_description=self.eligibility(),
            fees_description=self.fees(),
            assured_date=entry.verified.date.isoformat(),
            organization=organization,
            phones=self.phones(),
            schedules=self.schedules(),
            service_areas=self.service_areas(),
            service_at_locations=self.service_at_locations(),
            languages=self.languages(),
            cost_options=self.cost_options(),
            attributes=self.attributes(),
        )

    def organization(self) -> _JSON | None:
        """Return the organization that runs the entry."""
        name = self.text(self.entry.organization)
        return self.organizations[_organization_key(name)] if name else None

    def application_process(self) -> str:
        """Return how to join: the joining rule, then the volunteer's steps."""
        rule = JOINING_LABELS[self.entry.joining] + "."
        steps = self.text(self.entry.how_to_join)
        return f"{rule}\n\n{steps}" if steps else rule

    def eligibility(self) -> str | None:
        """Return who it is for, from the audiences."""
        labels = [self.label("audiences", term) for term in self.entry.audiences]
        # Labels contain "and" themselves ("Families and friends"), so a list would blur them.
        return "; ".join(labels) or None

    def fees(self) -> str:
        """Return the cost and its note."""
        note = self.text(self.entry.cost_note)
        label = COST_LABELS[self.entry.cost]
        return f"{label}. {note}" if note else label

    def cost_options(self) -> list[_JSON]:
        """Return a structured zero amount for free entries; other costs stay in the text."""
        if self.entry.cost != "free":
            return []
        return [
            {
                "id": self.uuid("cost"),
                "service_id": self.id,
                "amount": 0,
                "amount_description": COST_LABELS["free"],
            }
        ]

    def phones(self) -> list[_JSON]:
        """Return the call-in and contact numbers, E.164 as validation stored them."""
        entry = self.entry
        online = entry.online.phone if entry.online else None
        contact = entry.contact.phone if entry.contact else None
        phones: list[_JSON] = []
        if online:
            # One phone row can belong to the service and to its online place at once.
            phones.append(
                {
                    "id": self.uuid("phone/online"),
                    "service_id": self.id,
                    "location_id": self.uuid("location/online"),
                    "number": online,
                    "type": "voice",
                    "description": "To take part by phone",
                }
            )
        if contact and contact != online:
            phones.append(
                {
                    "id": self.uuid("phone/contact"),
                    "service_id": self.id,
                    "number": contact,
                    "type": "voice",
                    "description": "To reach the organizers",
                }
            )
        return phones

    def languages(self) -> list[_JSON]:
        """Return the languages it is held in."""
        languages = []
        for tag in self.entry.languages:
            primary = tag.split("-")[0].lower()
            languages.append(
                _obj(
                    id=self.uuid(f"language/{tag}"),
                    service_id=self.id,
                    name=i18n.language_name(tag, "en"),
                    # HSDS codes are ISO 639; a region or script subtag goes in the note.
                    code=primary,
                    note=f"BCP 47: {tag}" if tag.lower() != primary else None,
                )
            )
        return languages

    def schedules(self) -> list[_JSON]:
        """Return one RFC 5545 schedule per meeting, or one for 24/7 or by-appointment hours."""
        schedule = self.entry.schedule
        common = {
            "notes": self.text(schedule.notes),
            "attending_type": ATTENDANCE_LABELS[self.entry.attendance],
        }
        if schedule.meetings:
            assert schedule.timezone is not None  # the model requires it with meetings
            return [
                _obj(
                    id=self.uuid(f"schedule/{number}"),
                    service_id=self.id,
                    **_rule(meeting, schedule.timezone, self.today),
                    **common,
                )
                for number, meeting in enumerate(schedule.meetings, start=1)
            ]
        if schedule.hours == "24/7":
            return [
                _obj(
                    id=self.uuid("schedule/24-7"),
                    service_id=self.id,
                    freq="WEEKLY",
                    byday=_EVERY_DAY,
                    # every hour of the day, in any zone: said in UTC, as HSDS reads times
                    opens_at="00:00Z",
                    closes_at="23:59Z",
                    timezone=0,
                    description="Open 24 hours a day, 7 days a week",
                    **common,
                )
            ]
        return [
            _obj(
                id=self.uuid("schedule/appointment"),
                service_id=self.id,
                description="By appointment",
                **common,
            )
        ]

    def service_areas(self) -> list[_JSON]:
        """Return the countries an online entry serves, when it names them."""
        online = self.entry.online
        if online is None or not online.countries:
            return []
        return [
            {
                "id": self.uuid(f"service-area/{code}"),
                "service_id": self.id,
                "name": i18n.country_name(code, "en"),
                "description": f"ISO 3166-1: {code}",
            }
            for code in online.countries
        ]

    def service_at_locations(self) -> list[_JSON]:
        """Return the venue and the online place, each linked to the service."""
        places = [("venue", self.physical()), ("online", self.virtual())]
        return [
            {
                "id": self.uuid(f"service-at-location/{role}"),
                "service_id": self.id,
                "location_id": location["id"],
                "location": location,
            }
            for role, location in places
            if location is not None
        ]

    def physical(self) -> _JSON | None:
        """Return the venue of an in-person or hybrid entry."""
        place = self.entry.location
        if place is None:
            return None
        location_id = self.uuid("location/venue")
        # Town-centre coordinates would put a venue's pin where the venue is not, and a private
        # address's would lead to a home: only a public venue's own coordinates are published.
        exact = privacy.venue_coordinates(place)
        # HSDS requires a street, state and postal code. A volunteer leaves the street out for a
        # private address and some countries have no state: those stay empty, never guessed, and
        # the address keeps the town and country the volunteer did give.
        address = {
            "id": self.uuid("address/venue"),
            "location_id": location_id,
            "address_1": place.address or "",
            "city": place.city,
            "state_province": place.region or "",
            "postal_code": place.postal_code or "",
            "country": place.country,
            "address_type": "physical",
        }
        return _obj(
            id=location_id,
            location_type="physical",
            name=place.venue or place.city,
            description=self.text(place.notes),
            latitude=exact[0] if exact else None,
            longitude=exact[1] if exact else None,
            addresses=[address],
            accessibility=self.accessibility(location_id, "in-person"),
        )

    def virtual(self) -> _JSON | None:
        """Return the online place (link, platform, notes) of an online or hybrid entry."""
        online = self.entry.online
        if online is None:
            return None
        location_id = self.uuid("location/online")
        platform = online.platform if online.platform not in (None, "other") else None
        return _obj(
            id=location_id,
            location_type="virtual",
            url=online.url,
            name=PLATFORM_LABELS[platform] if platform else None,
            description=self.text(online.notes),
            phones=[phone for phone in self.phones() if phone.get("location_id") == location_id],
            accessibility=self.accessibility(location_id, "online"),
        )

    def accessibility(self, location_id: str, attendance: str) -> list[_JSON]:
        """Return the access features of the entry's one location.

        A hybrid entry's features may belong to the venue, the call or both, which the entry
        does not say, so they stay in the service's attributes alone.
        """
        if self.entry.attendance != attendance:
            return []
        return [
            {
                "id": self.uuid(f"accessibility/{term}"),
                "location_id": location_id,
                "description": self.label("accessibility", term),
            }
            for term in self.entry.accessibility
        ]

    def attributes(self) -> list[_JSON]:
        """Return the vocabulary terms (topics, audiences, accessibility, practices)."""
        attributes = []
        for vocabulary in VOCABULARIES:
            for term in getattr(self.entry, vocabulary):
                taxonomy_term = _taxonomy_term(self.catalog, vocabulary, term)
                attributes.append(
                    {
                        "id": self.uuid(f"attribute/{vocabulary}/{term}"),
                        "link_id": self.id,
                        "link_entity": "service",
                        "taxonomy_term_id": taxonomy_term["id"],
                        "taxonomy_term": taxonomy_term,
                    }
                )
        return attributes


def _rule(meeting: Meeting, timezone: str, today: date) -> _JSON:
    """Return the RFC 5545 fields and a plain description of one recurring meeting, its times
    with the UTC offset of its next meeting on or after `today` (HSDS reads a bare time as
    UTC)."""
    start, _ = opendata.next_meeting([meeting], timezone, today)
    offset = _offset(start)
    if meeting.every_day:
        # HSDS's freq allows WEEKLY and MONTHLY only: every day is every weekday of the week.
        freq, when = "WEEKLY", "Every day"
    elif meeting.weeks:
        freq = "MONTHLY"
        # the English message ids are the English words
        ordinals = format_list([ORDINALS[week] for week in meeting.ordinal_weeks], locale="en")
        when = f"{ordinals.capitalize()} {meeting.day.capitalize()} of the month"
    else:
        freq, when = "WEEKLY", f"Every {meeting.day.capitalize()}"
    return {
        "freq": freq,
        "byday": ",".join(meeting.rrule_days),
        "opens_at": meeting.start + offset,
        # RFC 3339 times and most parsers stop at 23:59; the description keeps the exact end.
        "closes_at": meeting.end_within_day() + offset,
        # HSDS's timezone is a fixed UTC offset, which daylight saving time changes during the
        # year: the IANA zone is named in the description too, and the build date's offset is
        # given from the date of the next meeting on.
        "timezone": _hours(start),
        "dtstart": start.date().isoformat(),
        "description": f"{when}, {meeting.start}–{meeting.end}, {timezone} time",
    }


def _offset(moment: datetime) -> str:
    """Return a moment's UTC offset as RFC 3339 writes it after a time: "Z" or "-06:00"."""
    offset = moment.utcoffset()
    assert offset is not None  # the moment is in a time zone
    if not offset:
        return "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def _hours(moment: datetime) -> int | float:
    """Return a moment's UTC offset in hours, as HSDS's `timezone` number: -6, 5.5."""
    offset = moment.utcoffset()
    assert offset is not None
    hours = offset.total_seconds() / 3600
    return int(hours) if hours.is_integer() else hours


def _taxonomy_term(catalog: Catalog, vocabulary: str, term_id: str) -> _JSON:
    """Return a vocabulary term as an HSDS taxonomy term of the directory's own taxonomy.

    Terms are named in the site's default language, so that one term has one id throughout.
    """
    base = urls.root(catalog.site.base_url)
    term = catalog.term(vocabulary, term_id)
    default = catalog.site.default_language
    label = catalog.term_label(vocabulary, term_id, default)
    # HSDS requires a description: a term without one gets an empty one, not its label again.
    description = pick(term.description, default, default, default).text if term.description else ""
    return {
        "id": _uuid(f"{base}#taxonomy/{vocabulary}/{term_id}"),
        "code": term_id,
        "name": label.text,
        "description": description,
        "taxonomy": vocabulary,
        "taxonomy_id": _taxonomy_id(base, vocabulary),
        "language": label.lang,
    }


def _taxonomy_id(base: str, vocabulary: str) -> str:
    return _uuid(f"{base}#taxonomy/{vocabulary}")


def _published(name: str) -> str:
    """Return the name a file of the package is published under, inside data/hsds/."""
    return name + ".gz" if FOLDER + name in opendata.GZIPPED else name


def _taxonomies(catalog: Catalog) -> list[_JSON]:
    """Return the directory's vocabularies as HSDS taxonomies, one per vocabulary."""
    base = urls.root(catalog.site.base_url)
    return [
        {
            "id": _taxonomy_id(base, vocabulary),
            "name": vocabulary,
            "description": Vocabularies.model_fields[vocabulary].description or vocabulary,
            "uri": f"{base}{opendata.DIRECTORY.published}#/vocabularies/{vocabulary}",
        }
        for vocabulary in VOCABULARIES
    ]
