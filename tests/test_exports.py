"""The open data exports: JSON with its schema, CSV, and the Meeting Guide feed."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, catalog_of, entry
from jsonschema import Draft202012Validator, FormatChecker

from generator.catalog.catalog import Catalog
from generator.exports.exports import FORMATS, csv_files, json_files, meeting_guide_files
from generator.incremental.fragments import Fragments

BASE = "https://peer-support.example.org/"
RIVERSIDE = "riverside-veterans-peer-circle"

# The meeting type codes of the Meeting Guide spec (github.com/code4recovery/spec, README,
# "Meeting Types") that our vocabularies, joining, status and languages can map to.
SPEC_TYPES = {
    "AF", "AM", "AR", "ASL", "BG", "C", "DA", "DE", "EL", "EN", "FA", "FI", "FR", "HE", "HI",
    "HR", "HU", "IS", "ITA", "JA", "KA", "KOR", "LGBTQ", "LT", "M", "ML", "MT", "NE", "NL", "NO",
    "O", "POL", "POR", "PUN", "RUS", "S", "SEN", "SK", "SL", "SV", "TC", "TH", "TL", "TUR", "UK",
    "W", "X", "XB", "Y",
}  # fmt: skip
# Every language of the spec's type list, by the BCP 47 tag a volunteer writes for it
SPEC_LANGUAGES = {
    "af": "AF", "am": "AM", "ar": "AR", "ase": "ASL", "bg": "BG", "da": "DA", "de": "DE",
    "el": "EL", "en": "EN", "fa": "FA", "fi": "FI", "fr": "FR", "he": "HE", "hi": "HI",
    "hr": "HR", "hu": "HU", "is": "IS", "it": "ITA", "ja": "JA", "ka": "KA", "ko": "KOR",
    "lt": "LT", "ml": "ML", "mt": "MT", "ne": "NE", "nl": "NL", "nb": "NO", "pl": "POL",
    "pt-BR": "POR", "pa": "PUN", "ru": "RUS", "es-MX": "S", "sk": "SK", "sl": "SL", "sv": "SV",
    "th": "TH", "tl": "TL", "tr": "TUR", "uk": "UK",
}  # fmt: skip
REPO = "https://github.com/example/peer-support-directory"

CSV_HEADER = [
    "slug", "url", "name", "kind", "summary", "organization", "attendance", "joining",
    "facilitation", "topics", "audiences", "languages", "cost", "cost_note", "venue", "address",
    "city", "region", "postal_code", "country", "latitude", "longitude", "online_url",
    "platform", "online_phone", "timezone", "schedule", "website", "email", "phone",
    "accessibility", "practices", "status", "verified_date", "added",
    "text_language", "approximate", "location_notes", "online_countries", "online_notes",
    "schedule_notes", "status_note", "how_to_join", "description",
    "name_en", "name_es", "name_fr", "name_ar",
    "summary_en", "summary_es", "summary_fr", "summary_ar",
]  # fmt: skip

CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
UPDATED = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


@pytest.fixture(scope="module")
def sample(sample_catalog: Catalog) -> Catalog:
    return sample_catalog


def directory(catalog: Catalog) -> tuple[dict[str, Any], dict[str, Any]]:
    files = json_files(catalog)
    return (
        json.loads(files["data/directory.json"]),
        json.loads(files["data/directory.schema.json"]),
    )


def schema_errors(document: Any, schema: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(document)]


def csv_rows(catalog: Catalog) -> tuple[bytes, list[list[str]]]:
    data = csv_files(catalog)["data/directory.csv"]
    return data, list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def csv_records(catalog: Catalog) -> dict[str, dict[str, str]]:
    _, rows = csv_rows(catalog)
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def feed(catalog: Catalog) -> list[dict[str, Any]]:
    meetings: list[dict[str, Any]] = json.loads(
        meeting_guide_files(catalog)["data/meeting-guide.json"]
    )
    return meetings


def fixture_site(**changes: str) -> str:
    """Return the fixture site.yaml with top-level lines replaced."""
    text = (FIXTURES / "valid" / "site.yaml").read_text(encoding="utf-8")
    for key, value in changes.items():
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
    return text


# --- all formats --------------------------------------------------------------------------------


def test_formats_list_every_file_the_exports_write(sample: Catalog) -> None:
    written = {**json_files(sample), **csv_files(sample), **meeting_guide_files(sample)}
    assert [path for path, _ in FORMATS] == list(written)
    assert dict(FORMATS)["data/directory.csv"].startswith("text/csv")
    assert dict(FORMATS)["data/directory.schema.json"] == "application/schema+json"


def test_exports_give_the_same_bytes_for_the_same_content(sample: Catalog) -> None:
    again = catalog_of(ROOT / "content")
    for export in (json_files, csv_files, meeting_guide_files):
        assert export(sample) == export(again)


def test_json_exports_joined_from_pieces_are_plain_indented_json(sample: Catalog) -> None:
    for name, data in {**json_files(sample), **meeting_guide_files(sample)}.items():
        text = data.decode("utf-8")
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n", name


def test_exports_reuse_the_pieces_of_unchanged_entries(sample: Catalog) -> None:
    slugs = [item.slug for item in sample.published]
    hashes = {slug: f"hash-{slug}" for slug in slugs}
    first = Fragments(hashes)
    made = {
        export: export(sample, first) for export in (json_files, csv_files, meeting_guide_files)
    }
    assert first.reused == 0
    # a changed entry's pieces are made again; a piece kept from before is used as it is
    changed = {**hashes, slugs[0]: "changed"}
    kept = {slug: (digest, dict(pieces)) for slug, (digest, pieces) in first.made.items()}
    kept[slugs[1]][1]["csv"] = "kept row\r\n"
    second = Fragments(changed, kept)
    csv_text = csv_files(sample, second)["data/directory.csv"].decode("utf-8-sig")
    assert "kept row\r\n" in csv_text
    assert second.reused == len(slugs) - 1  # all but the changed one
    third = Fragments(changed, kept)
    for export, files in made.items():
        if export is not csv_files:
            assert export(sample, third) == files


# --- JSON ---------------------------------------------------------------------------------------


def test_json_export_validates_against_its_schema(sample: Catalog) -> None:
    document, schema = directory(sample)
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == BASE + "data/directory.schema.json"
    assert schema_errors(document, schema) == []


def test_json_schema_rejects_shapes_the_export_never_writes(sample: Catalog) -> None:
    document, schema = directory(sample)
    broken = copy.deepcopy(document)
    broken["entries"][0]["name"] = "Plain text instead of a translation mapping"
    del broken["entries"][1]["slug"]
    broken["entries"][2]["urls"]["en"] = 42
    broken["generated"] = "2026-11-25"
    errors = schema_errors(broken, schema)
    assert (
        "$.entries[0].name: 'Plain text instead of a translation mapping' is not of type 'object'"
        in errors
    )
    assert "$.entries[1]: 'slug' is a required property" in errors
    assert "$.entries[2].urls.en: 42 is not of type 'string'" in errors
    assert any(e.startswith("$: Additional properties") for e in errors)


def test_json_schema_documents_entry_fields_from_the_models(sample: Catalog) -> None:
    _, schema = directory(sample)
    entry_schema = schema["$defs"]["Entry"]
    assert entry_schema["properties"]["summary"]["description"] == (
        "One or two plain sentences, at most 200 characters, shown in lists and search results."
    )
    assert schema["$defs"]["Location"]["properties"]["city"]["description"] == (
        "Town or city, e.g. Springfield."
    )
    assert "major" in schema["properties"]["version"]["description"]
    assert schema["properties"]["version"]["const"] == "2.0"


def test_json_export_lists_published_entries_only_in_slug_order(sample: Catalog) -> None:
    document, _ = directory(sample)
    slugs = [item["slug"] for item in document["entries"]]
    assert slugs == [item.slug for item in sample.published]
    assert slugs == sorted(slugs)
    assert "eastside-postpartum-peer-circle" not in slugs  # ended
    assert "lee-road-mens-peer-talk" in slugs  # temporarily closed, still listed
    assert len(slugs) == len(sample.entries) - 1


def test_json_export_sample_entry_and_directory_fields(sample: Catalog) -> None:
    document, _ = directory(sample)
    assert document["version"] == "2.0"
    assert document["site"] == {
        "title": {
            "en": "Peer Support Directory",
            "es": "Directorio de Apoyo entre Iguales",
            "fr": "Répertoire de soutien par les pairs",
            "ar": "دليل دعم الأقران",
        },
        "base_url": BASE,
        "languages": ["en", "es", "fr", "ar"],
        "default_language": "en",
    }
    assert document["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert document["vocabularies"]["topics"]["depression"]["label"]["es"] == "Depresión"
    riverside = next(e for e in document["entries"] if e["slug"] == RIVERSIDE)
    assert list(riverside)[:3] == ["slug", "urls", "name"]
    assert riverside["urls"] == {
        lang: f"{BASE}{lang}/groups/{RIVERSIDE}/" for lang in ("en", "es", "fr", "ar")
    }
    assert riverside["name"]["es"] == "Círculo de Apoyo entre Veteranos Riverside"
    assert riverside["organization"] == {"en": "Riverside Veterans Association"}
    assert riverside["text_language"] == "en"
    assert riverside["contact"]["phone"] == "+12175550142"
    assert riverside["location"]["coordinates"] == [39.799, -89.644]
    assert riverside["schedule"]["meetings"][1] == {
        "day": "saturday",
        "weeks": [1, 3],
        "start": "10:00",
        "end": "11:30",
    }
    assert riverside["verified"] == {"date": "2026-10-01"}  # how it was confirmed stays private
    assert riverside["added"] == "2024-05-14"
    assert riverside["status"] == "active"
    assert "status_note" not in riverside  # None is left out, not written as null


def test_json_export_keys_plain_text_by_the_entry_language(site: Callable[..., Path]) -> None:
    root = site(
        {
            "groups/test-group.yaml": entry(),
            "groups/grupo.yaml": entry(
                name="Grupo de prueba", summary="Un grupo.", text_language="es", languages="[es]"
            ),
        }
    )
    document, schema = directory(catalog_of(root))
    by_slug = {e["slug"]: e for e in document["entries"]}
    assert by_slug["test-group"]["name"] == {"en": "Test Group"}
    assert by_slug["test-group"]["text_language"] == "en"
    assert by_slug["grupo"]["name"] == {"es": "Grupo de prueba"}
    assert by_slug["grupo"]["summary"] == {"es": "Un grupo."}
    assert by_slug["grupo"]["schedule"] == {"hours": "by-appointment"}
    assert document["license"] is None  # the fixture site names no licence
    assert schema_errors(document, schema) == []


def test_json_urls_have_one_slash_under_a_sub_path(site: Callable[..., Path]) -> None:
    root = site(
        {
            "site.yaml": fixture_site(base_url="https://peers.example.org/dir"),
            "groups/test-group.yaml": entry(),
        }
    )
    document, schema = directory(catalog_of(root))
    assert document["site"]["base_url"] == "https://peers.example.org/dir/"
    assert document["entries"][0]["urls"]["es"] == (
        "https://peers.example.org/dir/es/groups/test-group/"
    )
    assert schema["$id"] == "https://peers.example.org/dir/data/directory.schema.json"


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_is_excel_friendly_with_a_stable_header(sample: Catalog) -> None:
    data, rows = csv_rows(sample)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM
    assert data.split(b"\n", 1)[0].endswith(b"\r")
    assert rows[0] == CSV_HEADER
    assert len(rows) - 1 == len(sample.published)
    assert [row[0] for row in rows[1:]] == [item.slug for item in sample.published]
    assert all(len(row) == len(CSV_HEADER) for row in rows)


def test_csv_sample_entry_values(sample: Catalog) -> None:
    row = csv_records(sample)[RIVERSIDE]
    assert row["url"] == f"{BASE}en/groups/{RIVERSIDE}/"
    assert row["name"] == "Riverside Veterans Peer Circle"
    assert row["name_es"] == "Círculo de Apoyo entre Veteranos Riverside"
    assert row["kind"] == "veteran-network"
    assert row["topics"] == "ptsd; depression; substance-use"
    assert row["languages"] == "en; es"
    assert row["venue"] == "Riverside Community Center"
    assert row["postal_code"] == "62701"
    assert (row["latitude"], row["longitude"]) == ("39.799", "-89.644")
    assert row["approximate"] == "no"
    assert row["platform"] == "zoom"
    assert row["online_phone"] == "'+13125550199"
    assert row["phone"] == "'+12175550142"
    assert row["schedule"] == "tuesday 18:30-20:00; saturday weeks 1,3 10:00-11:30"
    assert row["timezone"] == "America/Chicago"
    assert row["verified_date"] == "2026-10-01"
    assert row["added"] == "2024-05-14"
    assert row["text_language"] == "en"
    assert row["description"].startswith("Tuesday evenings are for veterans")
    assert "**" not in row["description"]  # Markdown becomes plain text
    assert row["status"] == "active"


def test_csv_text_is_in_the_entry_language(sample: Catalog) -> None:
    row = csv_records(sample)["grupo-apoyo-mutuo-lavapies"]
    assert row["text_language"] == "es"
    assert row["url"] == f"{BASE}es/groups/grupo-apoyo-mutuo-lavapies/"
    assert row["name"] == row["name_es"] == "Grupo de Apoyo Mutuo Lavapiés"
    assert row["name_en"] == "Lavapiés Mutual Support Group"
    assert row["schedule"] == "wednesday 18:00-19:30"


def test_csv_neutralises_formulas_and_keeps_line_breaks(site: Callable[..., Path]) -> None:
    root = site(
        {
            "groups/test-group.yaml": entry(
                summary="""'=HYPERLINK("https://evil.example","Click me")'""",
                organization="'@SUM(1+1)'",
                cost_note="'-2+3 per session'",
                description="|\n  First paragraph.\n\n  Second paragraph.",
                contact='\n  phone: "+1 217 555 0142"',
            ),
            "groups/plain.yaml": entry(name="Plain Group", summary="Nothing odd here."),
        }
    )
    records = csv_records(catalog_of(root))
    row = records["test-group"]
    assert row["summary"] == """'=HYPERLINK("https://evil.example","Click me")"""
    assert row["summary_en"] == row["summary"]
    assert row["organization"] == "'@SUM(1+1)"
    assert row["cost_note"] == "'-2+3 per session"
    assert row["phone"] == "'+12175550142"
    assert row["description"] == "First paragraph.\n\nSecond paragraph."
    assert row["name_es"] == ""  # no translation
    assert records["plain"]["summary"] == "Nothing odd here."


# --- Meeting Guide ------------------------------------------------------------------------------


def test_meeting_guide_feed_follows_the_spec(sample: Catalog) -> None:
    meetings = feed(sample)
    assert meetings
    slugs = [m["slug"] for m in meetings]
    assert len(slugs) == len(set(slugs))
    for meeting in meetings:
        assert isinstance(meeting["name"], str) and 0 < len(meeting["name"]) <= 255
        assert isinstance(meeting["slug"], str) and len(meeting["slug"]) <= 64
        days = meeting["day"] if isinstance(meeting["day"], list) else [meeting["day"]]
        assert days and all(type(d) is int and 0 <= d <= 6 for d in days), meeting["slug"]
        assert CLOCK.match(meeting["time"]) and CLOCK.match(meeting["end_time"])
        assert UPDATED.match(meeting["updated"])
        assert set(meeting["types"]) <= SPEC_TYPES, meeting["slug"]
        assert "<" not in meeting.get("notes", "") and "**" not in meeting.get("notes", "")
        assert meeting.get("approximate", "no") in ("yes", "no")
        # Meeting Guide lists a meeting near its place: online ones at an approximate one
        assert meeting.get("address") or meeting.get("formatted_address"), meeting["slug"]
        assert meeting["regions"] and all(isinstance(r, str) and r for r in meeting["regions"])
        assert meeting["edit_url"].startswith(f"{REPO}/edit/main/content/groups/")
        assert meeting["feedback_url"].startswith(f"{REPO}/issues/new?template=correction.yml&")


def test_meeting_guide_sample_meeting(sample: Catalog) -> None:
    by_slug = {m["slug"]: m for m in feed(sample)}
    assert by_slug[RIVERSIDE] == {
        "name": "Riverside Veterans Peer Circle",
        "slug": RIVERSIDE,
        "day": 2,
        "time": "18:30",
        "end_time": "20:00",
        "timezone": "America/Chicago",
        "types": ["EN", "O", "S", "X"],
        "notes": "No meetings on federal holidays. Saturday meetings are open to families.\n\n"
        "Just come along, or join the video call from the link below. No sign-up and no proof "
        "of service needed.",
        "url": f"{BASE}en/groups/{RIVERSIDE}/",
        "updated": "2026-10-01 00:00:00",
        "location": "Riverside Community Center",
        "location_notes": "Room 4, second floor. The elevator is next to the front desk.",
        "address": "120 Main Street",
        "city": "Springfield",
        "state": "Illinois",
        "postal_code": "62701",
        "country": "US",
        "latitude": 39.799,
        "longitude": -89.644,
        "approximate": "no",
        "regions": ["United States", "Illinois", "Springfield"],
        "conference_url": "https://example.org/join/riverside-veterans",
        "conference_phone": "+13125550199",
        "edit_url": f"{REPO}/edit/main/content/groups/us/{RIVERSIDE}.yaml",
        "feedback_url": f"{REPO}/issues/new?template=correction.yml"
        "&title=Correction%3A+Riverside+Veterans+Peer+Circle&entry=riverside-veterans-peer-circle",
        "group": "Riverside Veterans Association",
        "entity": "Peer Support Directory",
        "entity_website_url": BASE,
    }


def test_meeting_guide_leaves_out_monthly_meetings(sample: Catalog) -> None:
    meetings = feed(sample)
    riverside = [m for m in meetings if m["url"].endswith(f"/{RIVERSIDE}/")]
    assert [(m["slug"], m["day"]) for m in riverside] == [(RIVERSIDE, 2)]  # not Saturday
    monthly_only = [
        item.slug
        for item in sample.published
        if item.entry.schedule.meetings and all(m.weeks for m in item.entry.schedule.meetings)
    ]
    assert monthly_only  # the sample has some, or this test proves nothing
    assert not [m for m in meetings if any(m["url"].endswith(f"/{s}/") for s in monthly_only)]
    hours_only = [item.slug for item in sample.published if item.entry.schedule.hours]
    assert not [m for m in meetings if any(m["url"].endswith(f"/{s}/") for s in hours_only)]


def test_meeting_guide_numbers_several_meetings_and_expands_daily(sample: Catalog) -> None:
    by_slug = {m["slug"]: m for m in feed(sample)}
    assert "recovery-together-daily" not in by_slug
    first, second = by_slug["recovery-together-daily-1"], by_slug["recovery-together-daily-2"]
    assert first["day"] == second["day"] == [0, 1, 2, 3, 4, 5, 6]
    assert (first["time"], second["time"]) == ("07:30", "19:00")


def test_meeting_guide_temporarily_closed_and_online_places(sample: Catalog) -> None:
    by_slug = {m["slug"]: m for m in feed(sample)}
    closed = by_slug["lee-road-mens-peer-talk"]
    assert "TC" in closed["types"]
    assert closed["notes"].startswith("The shed's lease ended in October 2026.")
    assert closed["approximate"] == "yes"  # the entry says its coordinates are the town's
    # a phone line for the United Kingdom only: one time zone, so an honest approximate place
    severn = by_slug["severn-peer-listening-line-1"]
    assert (severn["formatted_address"], severn["approximate"]) == ("United Kingdom", "yes")
    assert severn["conference_phone"] == "+441174960157"
    assert severn["regions"] == ["Online"]
    # the United States and Australia span several time zones ("United States" would not say
    # which), and a service for anyone anywhere has no country: the town its zone is named after
    for slug, place in (
        ("rose-city-peer-warmline", "Los Angeles, United States"),
        ("harbour-peer-warmline", "Sydney, Australia"),
        ("recovery-together-daily-1", "New York, United States"),
    ):
        assert (by_slug[slug]["formatted_address"], by_slug[slug]["approximate"]) == (place, "yes")
        assert not {"address", "city", "country", "latitude"} & set(by_slug[slug])


def test_meeting_guide_long_slugs_midnight_and_closed_online(site: Callable[..., Path]) -> None:
    long_slug = "a-very-long-entry-name-for-a-peer-support-group-that-meets-twice-weekly"
    schedule = (
        "\n  timezone: Europe/London\n  meetings:"
        '\n    - {day: monday, start: "22:00", end: "24:00"}'
        '\n    - {day: friday, start: "18:00", end: "19:00"}'
    )
    root = site(
        {
            f"groups/{long_slug}.yaml": entry(schedule=schedule),
            "groups/paused.yaml": entry(
                schedule=schedule, status="temporarily-closed", status_note="Back in March."
            ),
        }
    )
    meetings = feed(catalog_of(root))
    slugs = [m["slug"] for m in meetings]
    assert len(long_slug) > 64
    assert len(set(slugs)) == len(slugs) == 4
    assert all(len(s) <= 64 and re.fullmatch(r"[a-z0-9-]+", s) for s in slugs)
    long_ones = [m for m in meetings if m["url"].endswith(f"/{long_slug}/")]
    assert [m["slug"][-2:] for m in long_ones] == ["-1", "-2"]
    assert [m["end_time"] for m in long_ones] == ["23:59", "19:00"]
    paused = [m for m in meetings if m["url"].endswith("/paused/")]
    assert paused[0]["notes"] == "Back in March."
    assert "conference_url" not in paused[0]  # it does not meet online either
    assert long_ones[0]["conference_url"] == "https://example.org/join"


def test_meeting_guide_gives_every_language_the_spec_lists_its_type(
    site: Callable[..., Path],
) -> None:
    tags = list(SPEC_LANGUAGES)
    schedule = (
        '\n  timezone: Europe/Paris\n  meetings:\n    - {day: monday, start: "18:00", end: "19:00"}'
    )
    files = {
        f"groups/g{n}.yaml": entry(
            name=f"Group {n}", schedule=schedule, languages="[" + ", ".join(tags[n : n + 10]) + "]"
        )
        for n in range(0, len(tags), 10)
    }
    found = {m["slug"]: set(m["types"]) for m in feed(catalog_of(site(files)))}
    for n in range(0, len(tags), 10):
        wanted = {SPEC_LANGUAGES[tag] for tag in tags[n : n + 10]}
        assert found[f"g{n}"] == wanted | {"O"}, tags[n : n + 10]


def test_meeting_guide_places_online_meetings_by_their_time_zone(
    site: Callable[..., Path],
) -> None:
    def place(zone: str, countries: str | None) -> dict[str, Any]:
        schedule = f'\n  timezone: {zone}\n  meetings:\n    - {{day: monday, start: "18:00", end: "19:00"}}'
        online = "\n  url: https://example.org/join"
        if countries:
            online += f"\n  countries: {countries}"
        (meeting,) = feed(
            catalog_of(site({"groups/g.yaml": entry(schedule=schedule, online=online)}))
        )
        return {k: meeting.get(k) for k in ("formatted_address", "approximate", "regions")}

    assert place("Africa/Cairo", None) == {
        "formatted_address": "Cairo, Egypt",
        "approximate": "yes",
        "regions": ["Online"],
    }
    # one country with one zone: the country itself
    assert place("Europe/Paris", "[FR]")["formatted_address"] == "France"
    # a zone outside every country served says nothing true about the meeting's place
    assert place("America/Chicago", "[FR, BE]")["formatted_address"] is None
    assert place("Asia/Kolkata", "[IN, LK]")["formatted_address"] == "Kolkata, India"
    assert place("UTC", None)["formatted_address"] is None


def test_meeting_guide_regions_leave_out_the_country_every_meeting_shares(
    site: Callable[..., Path],
) -> None:
    schedule = '\n  timezone: America/Chicago\n  meetings:\n    - {day: monday, start: "18:00", end: "19:00"}'

    def located(city: str, country: str, region: str | None = None) -> str:
        lines = f"\n  venue: Hall\n  address: 1 Main Street\n  city: {city}\n  country: {country}"
        if region:
            lines += f"\n  region: {region}"
        return entry(
            name=city, schedule=schedule, attendance="in-person", online=None, location=lines
        )

    one = {
        "groups/madison.yaml": located("Madison", "US", "Wisconsin"),
        "groups/austin.yaml": located("Austin", "US", "Texas"),
    }
    regions = {m["slug"]: m["regions"] for m in feed(catalog_of(site(one)))}
    assert regions == {"austin": ["Texas", "Austin"], "madison": ["Wisconsin", "Madison"]}
    two = {**one, "groups/lyon.yaml": located("Lyon", "FR")}
    regions = {m["slug"]: m["regions"] for m in feed(catalog_of(site(two)))}
    assert regions["austin"] == ["United States", "Texas", "Austin"]
    assert regions["lyon"] == ["France", "Lyon"]


def test_meeting_guide_kept_meetings_follow_a_change_of_the_countries(
    site: Callable[..., Path],
) -> None:
    schedule = '\n  timezone: America/Chicago\n  meetings:\n    - {day: monday, start: "18:00", end: "19:00"}'
    place = "\n  venue: Hall\n  address: 1 Main Street\n  city: {}\n  country: {}"
    austin = entry(
        name="Austin", schedule=schedule, attendance="in-person", online=None,
        location=place.format("Austin", "US"),
    )  # fmt: skip
    lyon = entry(
        name="Lyon", schedule=schedule, attendance="in-person", online=None,
        location=place.format("Lyon", "FR"),
    )  # fmt: skip
    before = catalog_of(site({"groups/austin.yaml": austin}))
    first = Fragments({"austin": "a1"})
    meeting_guide_files(before, first)
    after = catalog_of(site({"groups/austin.yaml": austin, "groups/lyon.yaml": lyon}))
    kept = Fragments({"austin": "a1", "lyon": "l1"}, kept=first.made)
    assert meeting_guide_files(after, kept) == meeting_guide_files(after)
