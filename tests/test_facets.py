"""Facets: which entries each browse page lists, in what order, and the keys of places."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from conftest import catalog_of, entry

from generator.catalog.catalog import Catalog
from generator.catalog.facets import facet_index, meeting_days, parts_of_day, place_key, region_keys
from generator.model.models import Entry
from generator.text import urls

IN_PERSON = {"attendance": "in-person", "online": None}


def meets(*meetings: str, timezone: str = "Europe/Paris") -> str:
    """Return a schedule field of meetings written as flow mappings."""
    lines = "".join(f"\n    - {meeting}" for meeting in meetings)
    return f"\n  timezone: {timezone}\n  meetings:{lines}"


def catalog(site: Callable[..., Path], **entries: str) -> Catalog:
    """Return the catalog of a site with these entries (file stem -> YAML)."""
    return catalog_of(site({f"groups/{slug}.yaml": text for slug, text in entries.items()}))


def one(site: Callable[..., Path], text: str) -> Entry:
    """Return the model of a single entry."""
    return catalog(site, only=text).published[0].entry


def counts(facet: dict[str, list]) -> dict[str, int]:  # type: ignore[type-arg]
    return {value: len(items) for value, items in facet.items()}


# --- kinds, attendance, topics, languages ------------------------------------------------------


def test_kinds_are_counted_in_the_order_of_their_labels(site: Callable[..., Path]) -> None:
    facets = facet_index(
        catalog(
            site,
            a=entry(name="A", kind="warmline"),
            b=entry(name="B", kind="veteran-network"),
            c=entry(name="C", kind="support-group"),
            d=entry(name="D", kind="warmline"),
        )
    )
    # label order (support group, ..., warmline, ..., veteran network), not alphabetical
    assert counts(facets["kind"]) == {"support-group": 1, "warmline": 2, "veteran-network": 1}
    assert list(facets["kind"]) == ["support-group", "warmline", "veteran-network"]


def test_attendance_is_in_label_order_and_topics_and_languages_by_id(
    site: Callable[..., Path],
) -> None:
    facets = facet_index(
        catalog(
            site,
            a=entry(name="A", attendance="hybrid", location="{city: Lyon, country: FR}"),
            b=entry(
                name="B",
                topics="[ptsd, grief]",
                languages="[fr, ar]",
                location="{city: Lyon, country: FR}",
                **IN_PERSON,
            ),
            c=entry(
                name="C",
                topics="[depression]",
                location="{city: Lyon, country: FR}",
                **IN_PERSON,
            ),
        )
    )
    assert list(facets["attendance"]) == ["in-person", "hybrid"]  # A, first found, is hybrid
    assert counts(facets["topics"]) == {"depression": 1, "grief": 2, "ptsd": 1}
    assert list(facets["topics"]) == ["depression", "grief", "ptsd"]
    assert list(facets["languages"]) == ["ar", "en", "fr"]


def test_ended_entries_are_in_no_facet(site: Callable[..., Path]) -> None:
    facets = facet_index(
        catalog(
            site,
            live=entry(name="Live"),
            gone=entry(name="Gone", kind="warmline", topics="[ptsd]", status="ended"),
        )
    )
    assert counts(facets["kind"]) == {"support-group": 1}
    assert counts(facets["topics"]) == {"grief": 1}


# --- days and parts of the day ---------------------------------------------------------------


def test_days_are_listed_monday_first(site: Callable[..., Path]) -> None:
    text = entry(
        schedule=meets(
            '{day: sunday, start: "10:00", end: "11:00"}',
            '{day: wednesday, start: "10:00", end: "11:00"}',
            '{day: monday, start: "10:00", end: "11:00"}',
        )
    )
    assert meeting_days(one(site, text)) == ["monday", "wednesday", "sunday"]


def test_the_day_facet_counts_entries_monday_first(site: Callable[..., Path]) -> None:
    facets = facet_index(
        catalog(
            site,
            a=entry(name="A", schedule=meets('{day: sunday, start: "10:00", end: "11:00"}')),
            b=entry(
                name="B",
                schedule=meets(
                    '{day: sunday, start: "10:00", end: "11:00"}',
                    '{day: sunday, start: "18:00", end: "19:00"}',
                    '{day: tuesday, start: "10:00", end: "11:00"}',
                ),
            ),
        )
    )
    # an entry that meets twice on Sunday is one entry on Sunday's list
    assert list(facets["day"].items()) == [
        ("tuesday", facets["day"]["tuesday"]),
        ("sunday", facets["day"]["sunday"]),
    ]
    assert counts(facets["day"]) == {"tuesday": 1, "sunday": 2}
    assert counts(facets["time"]) == {"morning": 2, "evening": 1}


def test_open_around_the_clock_means_every_day_and_every_part_of_it(
    site: Callable[..., Path],
) -> None:
    always = one(site, entry(schedule="24/7"))
    assert meeting_days(always) == [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    assert parts_of_day(always) == ["morning", "afternoon", "evening"]


def test_by_appointment_is_on_no_day_and_at_no_time(site: Callable[..., Path]) -> None:
    facets = facet_index(catalog(site, a=entry(schedule="by-appointment")))
    assert facets["day"] == {}
    assert facets["time"] == {}


def test_a_daily_meeting_is_on_every_day(site: Callable[..., Path]) -> None:
    daily = one(site, entry(schedule=meets('{day: daily, start: "07:00", end: "08:00"}')))
    assert len(meeting_days(daily)) == 7
    assert parts_of_day(daily) == ["morning"]


def test_a_meeting_past_midnight_is_on_both_days_evening_and_morning(
    site: Callable[..., Path],
) -> None:
    late = one(
        site,
        entry(
            schedule=meets(
                '{day: friday, start: "22:00", end: "24:00"}',
                '{day: saturday, start: "00:00", end: "01:30"}',
            )
        ),
    )
    assert meeting_days(late) == ["friday", "saturday"]
    assert parts_of_day(late) == ["morning", "evening"]


def test_a_monthly_meeting_is_on_its_weekday(site: Callable[..., Path]) -> None:
    monthly = one(
        site,
        entry(schedule=meets('{day: thursday, weeks: [-1], start: "19:00", end: "20:30"}')),
    )
    assert meeting_days(monthly) == ["thursday"]
    assert parts_of_day(monthly) == ["evening"]


def test_a_meeting_is_in_every_part_of_the_day_it_overlaps_and_no_other(
    site: Callable[..., Path],
) -> None:
    def parts(start: str, end: str) -> list[str]:
        text = entry(schedule=meets(f'{{day: monday, start: "{start}", end: "{end}"}}'))
        return parts_of_day(one(site, text))

    assert parts("16:00", "18:00") == ["afternoon", "evening"]
    assert parts("11:00", "12:00") == ["morning"]  # ends as the afternoon starts
    assert parts("12:00", "17:00") == ["afternoon"]
    assert parts("11:59", "17:01") == ["morning", "afternoon", "evening"]


# --- places ----------------------------------------------------------------------------------


def test_place_keys_are_the_country_and_the_region_slug() -> None:
    assert place_key("US") == "us"
    assert place_key("FR", "ile-de-france") == "fr/ile-de-france"
    # a region in another script is percent-encoded: the key is part of a page's address
    assert place_key("EG", "القاهرة") == "eg/" + quote("القاهرة", safe="")
    assert place_key("EG", "القاهرة").isascii()


def test_regions_get_distinct_keys_even_when_their_names_look_alike(
    site: Callable[..., Path],
) -> None:
    def at(country: str, region: str) -> str:
        return entry(
            name=f'"{region}"',
            location=f'{{city: Town, region: "{region}", country: {country}}}',
            **IN_PERSON,
        )

    keys = region_keys(
        catalog(
            site,
            a=at("FR", "Île-de-France"),
            b=at("FR", "Saint-Étienne"),
            c=at("FR", "Saint Etienne"),
            d=at("EG", "القاهرة"),
            e=at("US", "Illinois"),
        )
    )
    assert keys[("FR", "Île-de-France")] == "fr/ile-de-france"
    assert keys[("US", "Illinois")] == "us/illinois"
    assert keys[("EG", "القاهرة")] == place_key("EG", "القاهرة")
    assert keys[("FR", "Saint Etienne")] == "fr/saint-etienne"
    assert keys[("FR", "Saint-Étienne")].startswith("fr/saint-etienne-")
    assert len(set(keys.values())) == len(keys)


def test_places_list_countries_then_their_regions_with_online_countries(
    site: Callable[..., Path],
) -> None:
    facets = facet_index(
        catalog(
            site,
            hall=entry(
                name="Hall",
                location="{city: Springfield, region: Illinois, country: US}",
                **IN_PERSON,
            ),
            both=entry(
                name="Both",
                attendance="hybrid",
                location="{city: Lyon, country: FR}",
                online="{url: https://example.org/j, countries: [FR, CA]}",
            ),
            line=entry(name="Line", online="{url: https://example.org/k, countries: [US]}"),
            nowhere=entry(name="Nowhere"),
        )
    )
    assert counts(facets["places"]) == {"ca": 1, "fr": 1, "us": 2, "us/illinois": 1}
    assert list(facets["places"]) == ["ca", "fr", "us", "us/illinois"]
    assert facets["region_names"] == {"us/illinois": "Illinois"}


@pytest.mark.parametrize(
    "region",
    ["../..", "..", ".", "a/b", "a\\b", "%2e%2e", "%2F", "CON", "<b>x</b>", "\u202eevil", "x\x00y"],
)
def test_a_region_name_never_makes_a_key_that_leaves_its_country_folder(region: str) -> None:
    key = place_key("FR", urls.name_slug(region))
    country, _, part = key.partition("/")
    assert country == "fr"
    assert part and "/" not in part and "\\" not in part and "%2f" not in part.lower()
    assert unquote(part) not in (".", "..")
    assert all(c.isprintable() and unicodedata.bidirectional(c) not in ("RLO", "LRO") for c in part)
    assert urls.file_key(part) not in ("con", "prn", "aux", "nul")
