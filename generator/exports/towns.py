"""The towns a visitor may type in "near me", one small JSON file per covered country, which
the search page fetches only when the visitor uses near-me and then matches on the device: the
typed town never leaves it, and a visitor who never uses near-me loads none of this.

A file, `towns/<country>.json`, holds only what matching and ordering need, in short keys:

- "n": the country's names in every site language, and its code, for "Lyon, France";
- "t": the towns, largest first, each [names, latitude, longitude] in hundredths of a degree
  (the precision of a town, `privacy.TOWN_DECIMALS`); names are the town's own name and, for
  large towns, its names in the scripts of the site's languages, joined by "|". A town whose
  name another covered town shares also has [..., region, population in thousands], so the
  page can offer the choices ("Springfield, Illinois") or take a clearly larger one;
- "source": where the towns come from and under which licence (GeoNames, CC BY 4.0);
- "r": the names of those towns' regions (a US state), or "a": the region's largest town,
  for regions the gazetteer has no name for ("Valence, near Lyon" reads as "Lyon area").
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any

from babel import Locale

from generator.catalog.catalog import Catalog
from generator.catalog.gazetteer import Place, fold, places, region_names
from generator.catalog.nearby import covered_countries, towns_file
from generator.incremental.fragments import Fragments
from generator.model import privacy
from generator.text import i18n

SOURCE = (
    "Town names and places: GeoNames (https://www.geonames.org/), "
    "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
)
"""The credit GeoNames' licence asks for where its data is published, in every file."""

_LONGEST_NAME = 40  # longer "names" in GeoNames are descriptions, not what anyone types

# GeoNames' other names include codes and descriptions ("SPI", "Springfield, Illinois"), and
# in Arabic script, Persian, Urdu and Kurdish spellings, with letters Arabic does not use
_NOT_A_NAME = re.compile(r"[|,;()/\d،؛]|^[A-Z]{3,4}$|[پچژگکیۆێڈٹںےھەۀ]")
# a Latin name someone may type here starts with a capital and uses letters of the languages
# around it (accents that fall away when folded): "Londres", "Séville"; not "li ang", "Łondra"
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z' .-]*$")


def town_files(catalog: Catalog, fragments: Fragments | None = None) -> dict[str, bytes]:
    """Return the towns' lists of the covered countries (path -> bytes), none without near-me.

    They take a second or two to make and seldom change: besides the shared inputs (the
    site's languages, the gazetteer's version, this code), only with the covered countries and
    the towns entries name. `fragments` keeps them between builds, by a hash of those."""
    countries = covered_countries(catalog)
    pieces = fragments or Fragments()
    digest = _digest(catalog, countries)
    made: dict[str, bytes] = {}

    def make(path: str) -> bytes:
        if not made:
            made.update(_town_files(catalog, countries))
        return made[path]

    return {
        path: pieces.get_keyed("towns", path, digest, functools.partial(make, path))
        for path in map(towns_file, countries)
    }


def _digest(catalog: Catalog, countries: tuple[str, ...]) -> str:
    """Return a hash of what the towns' lists show beyond the shared inputs: the countries,
    and the towns entries name, where they are."""
    digest = hashlib.sha256("\0".join(countries).encode())
    named = set()
    for item in catalog.published:
        location = item.entry.location
        if location is not None and location.country in countries:
            named.add((location.country, location.city, privacy.public_coordinates(location)))
    for town in sorted(named, key=repr):
        digest.update(f"\0{town!r}".encode())
    return digest.hexdigest()


def _town_files(catalog: Catalog, countries: tuple[str, ...]) -> dict[str, bytes]:
    scripts = _scripts(catalog.site.languages)
    lists = {country: _towns(catalog, country, countries, scripts) for country in countries}
    shared = Counter(key for towns in lists.values() for town in towns for key in town[0])
    files: dict[str, bytes] = {}
    for country, towns in lists.items():
        rows: list[list[Any]] = []
        used: set[str] = set()
        for keys, names, place in towns:
            latitude, longitude = (round(v * 10**privacy.TOWN_DECIMALS) for v in place[:2])
            row: list[Any] = ["|".join(names), latitude, longitude]
            if any(shared[key] > 1 for key in keys):
                row += [place[2], round(place[3] / 1000)]
                used.add(place[2])
            rows.append(row)
        data: dict[str, Any] = {
            "source": SOURCE,
            "n": _country_names(country, catalog.site.languages),
        }
        known = region_names(country)
        if known:
            data["r"] = {code: known[code] for code in sorted(used) if code in known}
        areas = _largest_by_region(towns, used - known.keys())
        if areas:
            data["a"] = areas
        data["t"] = rows
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        files[towns_file(country)] = text.encode("utf-8") + b"\n"
    return files


# a town as listed: its folded names (to find which names other towns share), the names
# written, and (latitude, longitude, region code, population)
_Town = tuple[frozenset[str], list[str], tuple[float, float, str, int]]


def _towns(
    catalog: Catalog, country: str, countries: Iterable[str], scripts: frozenset[str]
) -> list[_Town]:
    """Return a country's towns, largest first, one per name and region, with the towns its
    entries name that are too small for the gazetteer's list."""
    towns: list[_Town] = []
    seen: set[tuple[str, str]] = set()
    for place in places(country, countries):
        key = (fold(place.name), place.region_code)
        if not key[0] or key in seen:
            continue  # two places of one name in one region: the larger is the one people mean
        seen.add(key)
        names, folded = _names(place, scripts)
        where = (place.latitude, place.longitude, place.region_code, place.population)
        towns.append((folded, names, where))
    listed = {key[0] for key in seen}
    for item in catalog.published:
        location = item.entry.location
        coordinates = privacy.public_coordinates(location)
        if location is None or coordinates is None or location.country != country:
            continue
        # "|" separates a town's names in the list: in a city it would add a name (a town
        # the entry does not name, which near-me would then find at the entry's place)
        city = " ".join(location.city.replace("|", " ").split())
        name = fold(city)
        if name and name not in listed:
            listed.add(name)
            towns.append((frozenset({name}), [city], (*coordinates, "", 0)))
    return towns


def _names(place: Place, scripts: frozenset[str]) -> tuple[list[str], frozenset[str]]:
    """Return a town's names as written (its own first) and folded, leaving out those in
    scripts no site language is written in, and romanisations ("li ang"), which are lower case."""
    names = [place.name]
    folded = {fold(place.name)}
    for name in place.alternates:
        if (
            not name.strip()
            or len(name) > _LONGEST_NAME
            or _NOT_A_NAME.search(name)
            or not _written_in(name, scripts)
            or (_script(name[:1]) == "LATIN" and not _LATIN_NAME.match(_unaccented(name)))
        ):
            continue
        key = fold(name)
        if not key or key in folded:
            continue
        folded.add(key)
        names.append(name)
    return names, frozenset(folded)


def _largest_by_region(towns: list[_Town], codes: set[str]) -> dict[str, str]:
    """Return the name of each region's largest town, for the regions in `codes`."""
    found: dict[str, str] = {}
    for _keys, names, (_lat, _lon, code, _population) in towns:  # largest first
        if code in codes and code not in found:
            found[code] = names[0]
    return dict(sorted(found.items()))


def _country_names(country: str, languages: Iterable[str]) -> list[str]:
    """Return a country's names in the site's languages, and its code, once each."""
    names = [i18n.country_name(country, lang) for lang in languages]
    return list(dict.fromkeys([*names, country]))


def _scripts(languages: Iterable[str]) -> frozenset[str]:
    """Return the scripts the site's languages are written in, by their own names ("العربية"
    is Arabic); Latin always, as every town has a name in it."""
    return frozenset({"LATIN", *(_language_script(lang) for lang in languages)})


@cache
def _language_script(lang: str) -> str:
    own = Locale.parse(lang.replace("-", "_")).get_display_name() or ""
    return next((_script(c) for c in own if c.isalpha()), "LATIN")


@cache
def _script(letter: str) -> str:
    return unicodedata.name(letter, "").split(" ")[0]


def _unaccented(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _written_in(name: str, scripts: frozenset[str]) -> bool:
    """Whether every letter of `name` is of one of `scripts`."""
    return all(_script(c) in scripts for c in name if c.isalpha())
