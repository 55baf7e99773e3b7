"""The map export: RFC 7946 GeoJSON of the entries that meet somewhere, as private as the rest."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import catalog_of, entry

from generator.catalog.catalog import Catalog
from generator.exports.geojson import geojson_files

SCHEDULE = (
    '\n  timezone: America/Chicago\n  meetings:\n    - {day: monday, start: "18:00", end: "19:00"}'
)


def collection(catalog: Catalog) -> dict[str, Any]:
    (data,) = geojson_files(catalog).values()
    parsed: dict[str, Any] = json.loads(data)
    return parsed


def test_the_map_has_a_point_per_entry_that_meets_somewhere(sample_catalog: Catalog) -> None:
    found = collection(sample_catalog)
    assert set(geojson_files(sample_catalog)) == {"data/directory.geojson"}
    assert found["type"] == "FeatureCollection"
    placed = [
        item
        for item in sample_catalog.published
        if item.entry.attendance != "online"
        and item.entry.location
        and item.entry.location.coordinates
    ]
    assert [f["id"] for f in found["features"]] == [item.slug for item in placed]
    for feature in found["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        assert set(feature["properties"]) == {"name", "url", "kind", "attendance", "approximate"}
        assert feature["properties"]["attendance"] in ("in-person", "hybrid")
    riverside = next(f for f in found["features"] if f["id"] == "riverside-veterans-peer-circle")
    # RFC 7946: longitude first
    assert riverside["geometry"]["coordinates"] == [-89.644, 39.799]
    assert riverside["properties"] == {
        "name": "Riverside Veterans Peer Circle",
        "url": "https://peer-support.example.org/en/groups/riverside-veterans-peer-circle/",
        "kind": "veteran-network",
        "attendance": "hybrid",
        "approximate": False,
    }


def test_a_place_without_a_public_address_is_only_its_town(site: Callable[..., Path]) -> None:
    place = (
        "\n  venue: A home\n  city: Springfield\n  country: US"
        "\n  coordinates: [39.781723, -89.650148]"
    )
    root = site(
        {
            "groups/home.yaml": entry(
                name="Home Circle",
                attendance="in-person",
                online=None,
                location=place,
                schedule=SCHEDULE,
                how_to_join="Call first.",
                contact="\n  email: circle@example.org",
            ),
            "groups/online.yaml": entry(name="Online Circle", schedule=SCHEDULE),
        }
    )
    (feature,) = collection(catalog_of(root))["features"]
    assert feature["geometry"]["coordinates"] == [-89.65, 39.78]
    assert feature["properties"]["approximate"] is True
    assert "A home" not in json.dumps(feature)
