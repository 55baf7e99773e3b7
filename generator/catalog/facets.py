"""Facets: the ways to browse the catalog (kind, attendance, topics, audiences, places,
languages, day, time of day), and which published entries fall under each value."""

from __future__ import annotations

from typing import Any

from generator.catalog.catalog import Catalog, CatalogEntry
from generator.catalog.labels import ATTENDANCE_LABELS, KIND_LABELS, PARTS_OF_DAY
from generator.model.models import WEEKDAYS, Entry
from generator.text import urls

FACETS = ("kind", "attendance", "topics", "audiences", "places", "languages", "day", "time")


def place_key(country: str, region_slug: str = "") -> str:
    """Return the browse key of a country, or of a region of it given its slug."""
    # the region part is percent-encoded: the key is part of the page's path (`urls.page_file`)
    return f"{country.lower()}/{urls.path_part(region_slug)}" if region_slug else country.lower()


def region_keys(catalog: Catalog) -> dict[tuple[str, str], str]:
    """Return the place key of every (country, region) of the published entries, distinct for
    distinct names: "Saint-Étienne" and "Saint Etienne", or two Arabic names, never share a
    page."""
    names: dict[str, set[str]] = {}
    for item in catalog.published:
        location = item.entry.location
        if location is not None and location.region:
            names.setdefault(location.country, set()).add(location.region)
    keys = {}
    for country, regions in names.items():
        for region, slug in urls.unique_slugs(sorted(regions)).items():
            keys[country, region] = place_key(country, slug)
    return keys


def meeting_days(entry: Entry) -> list[str]:
    """Return the weekdays an entry is open or meets on, Monday first (24/7: every day)."""
    schedule = entry.schedule
    if schedule.hours == "24/7":
        return list(WEEKDAYS)
    found: set[str] = set()
    for meeting in schedule.meetings or ():
        found.update(meeting.weekdays)
    return [day for day in WEEKDAYS if day in found]


def parts_of_day(entry: Entry) -> list[str]:
    """Return the parts of the day (in the group's own time) an entry is open or meets in."""
    schedule = entry.schedule
    if schedule.hours == "24/7":
        return list(PARTS_OF_DAY)
    found: set[str] = set()
    for meeting in schedule.meetings or ():
        start, end = _minutes(meeting.start), _minutes(meeting.end)
        found.update(
            part
            for part, (_, lower, upper) in PARTS_OF_DAY.items()
            if start < upper and end > lower
        )
    return [part for part in PARTS_OF_DAY if part in found]


def _minutes(clock: str) -> int:
    hour, minute = clock.split(":")
    return int(hour) * 60 + int(minute)


def facet_index(catalog: Catalog) -> dict[str, Any]:
    """Return facet -> value -> entries, with places as country then country/region."""
    facets: dict[str, dict[str, list[CatalogEntry]]] = {f: {} for f in FACETS}
    region_names: dict[str, str] = {}
    regions = region_keys(catalog)
    for item in catalog.published:
        entry = item.entry
        facets["kind"].setdefault(entry.kind, []).append(item)
        facets["attendance"].setdefault(entry.attendance, []).append(item)
        for topic in entry.topics:
            facets["topics"].setdefault(topic, []).append(item)
        for audience in entry.audiences:
            facets["audiences"].setdefault(audience, []).append(item)
        for tag in entry.languages:
            facets["languages"].setdefault(tag, []).append(item)
        places: list[str] = []
        if entry.location is not None:
            places.append(place_key(entry.location.country))
            if entry.location.region:
                key = regions[entry.location.country, entry.location.region]
                region_names.setdefault(key, entry.location.region)
                places.append(key)
        if entry.online is not None:
            places.extend(place_key(c) for c in entry.online.countries or ())
        for place in dict.fromkeys(places):
            facets["places"].setdefault(place, []).append(item)
        for day in meeting_days(entry):
            facets["day"].setdefault(day, []).append(item)
        for part in parts_of_day(entry):
            facets["time"].setdefault(part, []).append(item)
    kinds_order = list(KIND_LABELS)
    ordered: dict[str, Any] = {
        "kind": {k: facets["kind"][k] for k in kinds_order if k in facets["kind"]},
        "attendance": {
            k: facets["attendance"][k] for k in ATTENDANCE_LABELS if k in facets["attendance"]
        },
    }
    for facet in ("topics", "audiences", "languages"):
        ordered[facet] = dict(sorted(facets[facet].items()))
    ordered["places"] = dict(sorted(facets["places"].items()))
    ordered["day"] = {d: facets["day"][d] for d in WEEKDAYS if d in facets["day"]}
    ordered["time"] = {p: facets["time"][p] for p in PARTS_OF_DAY if p in facets["time"]}
    ordered["region_names"] = region_names
    ordered["region_keys"] = regions
    return ordered
