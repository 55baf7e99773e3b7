"""The towns' lists, tried as an attacker would with an entry's city: the list's own separator
in a city's name must not make the entry answer for a town it does not name."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import catalog_of, entry

from generator.exports.towns import town_files

pytestmark = pytest.mark.slow  # the gazetteer reads GeoNames' places once per machine


def test_a_city_holding_the_lists_separator_names_one_town_only(
    site: Callable[..., Path],
) -> None:
    hostile = entry(
        attendance="in-person",
        online=None,
        location="{city: 'Tiny Hamlet|Dublin', country: IE, coordinates: [53.12, -8.65]}",
    )
    catalog = catalog_of(site({"groups/hostile.yaml": hostile}))
    rows = json.loads(town_files(catalog)["towns/ie.json"])["t"]
    mine = [row for row in rows if row[1:3] == [5312, -865]]
    assert [row[0].split("|") for row in mine] == [["Tiny Hamlet Dublin"]]
