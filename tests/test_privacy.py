"""What the site publishes: only what pages show, places without a street address only as a town,
and a warning for contact addresses that look like one person's own."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, catalog_of, entry, tree

from generator.build.site import build_site
from generator.catalog.catalog import Catalog
from generator.exports.exports import csv_files, json_files, meeting_guide_files
from generator.exports.hsds import hsds_files
from generator.exports.ics import entry_calendar
from generator.model.privacy import check_personal_email, unpublished_fields
from generator.planning.jsonld import entry_jsonld

SOURCE = "Call with Jane Roe at her home on Elm Street"
# a private home's coordinates, to the metre; the town is 39.78, -89.66
HOME = "[39.784321, -89.656789]"
VENUE = "[41.8781, -87.6298]"
PRIVATE = entry(
    attendance="in-person",
    online=None,
    location=f"{{city: Springfield, region: Illinois, country: US, coordinates: {HOME}}}",
    verified=f"{{date: 2026-10-01, source: {SOURCE}}}",
)
PUBLIC = entry(
    attendance="hybrid",
    location=(
        "{venue: Riverside Hall, address: 120 Main Street, city: Chicago, country: US, "
        f"coordinates: {VENUE}}}"
    ),
    schedule='{timezone: America/Chicago, meetings: [{day: tuesday, start: "18:30", end: "20:00"}]}',
    verified=f"{{date: 2026-10-01, source: {SOURCE}}}",
)


def _readable(data: bytes) -> bytes:
    # Pagefind's index files are gzip streams: what they hold is published too
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


@pytest.fixture
def privacy_site(site: Callable[..., Path]) -> Path:
    """Return a content folder with an entry at a private address and one at a public venue."""
    return site({"groups/home-circle.yaml": PRIVATE, "groups/hall-circle.yaml": PUBLIC})


@pytest.fixture
def built(privacy_site: Path, tmp_path: Path) -> dict[str, bytes]:
    """Return every file of the built site (search index included), decompressed."""
    out = tmp_path / "site"
    result = build_site(privacy_site, out, TODAY)
    assert result.published, [p.format() for p in result.problems]
    return {name: _readable(data) for name, data in tree(out).items()}


def test_verification_source_is_in_no_published_file(built: dict[str, bytes]) -> None:
    assert "data/directory.json.gz" in built and "data/calendars/hall-circle.ics" in built
    found = [name for name, data in built.items() if b"Jane Roe" in data]
    assert found == []


def test_private_address_coordinates_are_published_only_to_the_town(
    built: dict[str, bytes],
) -> None:
    found = [name for name, data in built.items() if b"39.784" in data or b"89.656" in data]
    assert found == []
    # the town's coordinates are still there, for "near me" and the open data
    assert b"39.78" in built["data/directory.json.gz"]
    fragments = [data for name, data in built.items() if name.startswith("pagefind/en/fragment/")]
    assert [data for data in fragments if b"home-circle" in data and b'"lat":"39.78"' in data]
    # a public venue keeps its own
    assert b"41.8781" in built["data/directory.json.gz"]


def test_private_address_coordinates_are_rounded_and_marked_in_each_export(
    privacy_site: Path,
) -> None:
    catalog = catalog_of(privacy_site)
    document = json.loads(json_files(catalog)["data/directory.json"])
    home = next(e for e in document["entries"] if e["slug"] == "home-circle")
    assert home["location"]["coordinates"] == [39.78, -89.66]
    assert home["location"]["approximate"] is True
    assert home["verified"] == {"date": "2026-10-01"}

    header, *rows = csv_files(catalog)["data/directory.csv"].decode("utf-8-sig").splitlines()
    row = dict(zip(header.split(","), rows[1].split(","), strict=False))
    assert row["slug"] == "home-circle"
    assert (row["latitude"], row["longitude"], row["approximate"]) == ("39.78", "-89.66", "yes")
    assert "verified_source" not in header

    hall = next(e for e in document["entries"] if e["slug"] == "hall-circle")
    assert hall["location"]["coordinates"] == [41.8781, -87.6298]
    assert hall["location"]["approximate"] is False


def test_meeting_guide_rounds_a_private_address_to_the_town(site: Callable[..., Path]) -> None:
    text = PRIVATE.replace(
        "schedule: by-appointment",
        'schedule: {timezone: America/Chicago, meetings: [{day: monday, start: "19:00", '
        'end: "20:00"}]}',
    )
    catalog = catalog_of(site({"groups/home-circle.yaml": text}))
    (meeting,) = json.loads(meeting_guide_files(catalog)["data/meeting-guide.json"])
    assert (meeting["latitude"], meeting["longitude"]) == (39.78, -89.66)
    assert meeting["approximate"] == "yes"


def test_pins_leave_out_a_private_address(privacy_site: Path) -> None:
    catalog = catalog_of(privacy_site)
    locations = json.loads(hsds_files(catalog)["data/hsds/locations.json"])
    home, hall = (
        next(loc for loc in locations if loc.get("name") == name)
        for name in ("Springfield", "Riverside Hall")
    )
    assert "latitude" not in home and "longitude" not in home
    assert (hall["latitude"], hall["longitude"]) == (41.8781, -87.6298)
    labels = {"kind": "Support group", "topics": [], "audiences": []}
    item = catalog.by_slug["home-circle"]
    node = entry_jsonld(item, catalog.site, "en", "https://x.example/", labels)
    assert "geo" not in node["availableChannel"]["serviceLocation"]


def test_every_unpublished_field_says_so_in_the_schema(sample_catalog: Catalog) -> None:
    assert unpublished_fields() == (("verified", "source"),)
    schema = json.loads(json_files(sample_catalog)["data/directory.schema.json"])
    verification = schema["$defs"]["Verification"]
    assert list(verification["properties"]) == ["date"]
    assert verification["required"] == ["date"]


@pytest.mark.parametrize(
    "email",
    [
        "jane.doe@gmail.com",
        "Circle.Springfield@GoogleMail.com",
        "peers@hotmail.co.uk",
        "x@yahoo.fr",
        "someone@outlook.com",
        "a@icloud.com",
        "group@proton.me",
    ],
)
def test_free_mail_addresses_get_a_warning(email: str) -> None:
    domain = email.rpartition("@")[2].lower()
    assert check_personal_email(email) == (
        f"contact.email: '{email}' is at {domain}, where people keep their own email, so it "
        "looks like a personal address; it is published on the page and in the open data, and "
        "stays there after its owner steps back; use a shared address for the group's role "
        "instead, such as contact@ or group@ at the organisation's own domain"
    )


@pytest.mark.parametrize(
    "email", ["jane.doe@riverside.org", "j.doe@riverside.org", "maria_garcia2@riverside.org"]
)
def test_name_shaped_addresses_get_a_warning(email: str) -> None:
    assert check_personal_email(email) == (
        f"contact.email: '{email}' looks like one person's own address (firstname.lastname); "
        "it is published on the page and in the open data, and stays there after its owner "
        "steps back; use a shared address for the group's role instead, such as contact@ or "
        "group@ at the organisation's own domain"
    )


@pytest.mark.parametrize(
    "email",
    [
        "circle@example.org",
        "peer.support@riverside.org",
        "info.springfield@riverside.org",
        "veterans@gmail.community",
        "hello@mail.example.org",
    ],
)
def test_role_addresses_get_no_warning(email: str) -> None:
    assert check_personal_email(email) is None


def test_calendar_gives_no_geo_for_a_private_address(site: Callable[..., Path]) -> None:
    text = PRIVATE.replace(
        "schedule: by-appointment",
        'schedule: {timezone: America/Chicago, meetings: [{day: monday, start: "19:00", '
        'end: "20:00"}]}',
    )
    catalog = catalog_of(site({"groups/home-circle.yaml": text}))
    data = entry_calendar(catalog.by_slug["home-circle"], catalog.site)
    assert data is not None and b"Springfield" in data
    assert b"GEO" not in data


def test_check_warns_about_a_personal_email_where_it_was_written(
    check_entry: Callable[[str], list[str]],
) -> None:
    from conftest import entry

    text = entry(contact="\n  email: jane.doe@gmail.com")
    found = [line for line in check_entry(text) if "contact.email" in line]
    line = text.splitlines().index("  email: jane.doe@gmail.com") + 1
    assert found == [
        f"{line}:10: warning: contact.email: 'jane.doe@gmail.com' is at gmail.com, where people "
        "keep their own email, so it looks like a personal address; it is published on the page "
        "and in the open data, and stays there after its owner steps back; use a shared address "
        "for the group's role instead, such as contact@ or group@ at the organisation's own domain"
    ]
