"""The towns' lists near-me matches a typed town against: one small file per covered country,
only the fields matching needs, never more precise than a town; and the unit of a page."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import catalog_of, entry

from generator.exports import towns
from generator.exports.towns import town_files
from generator.incremental.fragments import Fragments
from generator.planning.wording import uses_miles

pytestmark = pytest.mark.slow  # the gazetteer reads GeoNames' places once per machine

LYON = entry(
    attendance="in-person", online=None, location="{city: Lyon, country: FR}"
)  # a town, no coordinates
HAMLET = entry(
    attendance="in-person",
    online=None,
    location="{city: Tiny Hamlet, country: IE, coordinates: [53.123456, -8.654321]}",
)


def _files(site: Callable[..., Path], **files: str) -> dict[str, Any]:
    catalog = catalog_of(site({f"groups/{name}.yaml": text for name, text in files.items()}))
    return {path: json.loads(data) for path, data in town_files(catalog).items()}


def _town(data: dict[str, Any], name: str) -> list[list[Any]]:
    return [row for row in data["t"] if row[0].split("|")[0] == name]


def test_a_list_is_written_for_the_sites_country_and_each_country_entries_meet_in(
    site: Callable[..., Path],
) -> None:
    files = _files(site, lyon=LYON, hamlet=HAMLET)
    assert sorted(files) == ["towns/fr.json", "towns/ie.json", "towns/us.json"]
    france = files["towns/fr.json"]
    # the country's name in every site language, for "Lyon, France" / "ليون، فرنسا"
    assert france["n"] == ["France", "Francia", "فرنسا", "FR"]
    (lyon,) = _town(france, "Lyon")
    names = lyon[0].split("|")
    assert "ليون" in names and "Lyons" in names
    # hundredths of a degree: the town, no more
    assert lyon[1:3] == [4575, 485]
    assert not [n for n in names if n.islower() or "," in n or "،" in n]


def test_every_list_credits_geonames_and_its_licence(site: Callable[..., Path]) -> None:
    files = _files(site, lyon=LYON, hamlet=HAMLET)
    assert len(files) == 3
    for data in files.values():
        assert data["source"] == (
            "Town names and places: GeoNames (https://www.geonames.org/), "
            "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
        )


def test_a_town_an_entry_names_is_listed_even_below_the_gazetteers_size(
    site: Callable[..., Path],
) -> None:
    ireland = _files(site, hamlet=HAMLET)["towns/ie.json"]
    assert _town(ireland, "Tiny Hamlet") == [["Tiny Hamlet", 5312, -865]]


def test_towns_that_share_a_name_carry_their_region_and_size(
    site: Callable[..., Path],
) -> None:
    states = _files(site)["towns/us.json"]
    springfields = {row[3]: row for row in _town(states, "Springfield")}
    assert {"IL", "MO", "MA", "OR"} <= set(springfields)
    assert springfields["MO"][4] > springfields["IL"][4] > 0  # thousands of people
    assert states["r"]["IL"] == "Illinois"
    # a town whose name no other shares carries neither
    (chicago,) = _town(states, "Chicago")
    assert len(chicago) == 3


def test_the_lists_are_small(site: Callable[..., Path]) -> None:
    files = town_files(catalog_of(site({"groups/lyon.yaml": LYON})))
    sizes = {path: len(gzip.compress(data)) for path, data in files.items()}
    assert sizes["towns/fr.json"] < 30_000
    assert sizes["towns/us.json"] < 110_000


def test_no_list_without_near_me(site: Callable[..., Path]) -> None:
    content = site({"groups/lyon.yaml": LYON})
    config = content / "site.yaml"
    assert "features:" not in config.read_text("utf-8")
    config.write_text(config.read_text("utf-8") + "features:\n  near_me: false\n", "utf-8")
    assert town_files(catalog_of(content)) == {}


def test_a_rebuild_keeps_the_lists_until_an_entry_names_another_town(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Fragments({"lyon": "1"})
    before = town_files(catalog_of(site({"groups/lyon.yaml": LYON})), first)
    edited = entry(
        summary="Another summary.",
        attendance="in-person",
        online=None,
        location="{city: Lyon, country: FR}",
    )
    kept = Fragments({"lyon": "2"}, first.made)
    made = []
    real = towns._town_files
    monkeypatch.setattr(towns, "_town_files", lambda *a: made.append(1) or real(*a))
    assert town_files(catalog_of(site({"groups/lyon.yaml": edited})), kept) == before
    assert made == []  # the towns were not listed again: a summary is not a town
    # a town the gazetteer lacks, named by an entry, makes the lists again
    moved = LYON.replace("city: Lyon", "city: Tiny Hamlet, coordinates: [45.7, 4.8]")
    after = town_files(catalog_of(site({"groups/lyon.yaml": moved})), Fragments({}, first.made))
    assert made == [1]
    assert _town(json.loads(after["towns/fr.json"]), "Tiny Hamlet") == [["Tiny Hamlet", 4570, 480]]
    # and so does another country
    dublin = LYON.replace("city: Lyon, country: FR", "city: Dublin, country: IE")
    elsewhere = town_files(
        catalog_of(site({"groups/lyon.yaml": dublin})), Fragments({}, first.made)
    )
    assert sorted(elsewhere) == ["towns/ie.json", "towns/us.json"]


@pytest.mark.parametrize(
    ("country", "lang", "miles"),
    [
        ("US", "en", True),
        ("US", "es", True),  # Spanish as written in the United States
        ("US", "fr", False),
        ("US", "ar", False),
        ("GB", "en", True),
        ("FR", "en", False),
        ("LR", "en", True),
    ],
)
def test_a_page_counts_in_miles_where_its_country_and_language_do(
    country: str, lang: str, miles: bool
) -> None:
    assert uses_miles(country, lang) is miles
