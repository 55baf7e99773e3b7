"""`build.py import hsds`: HSDS 3.0 services, as API JSON or a tabular package, into entries."""

from __future__ import annotations

import csv
import gzip
import json
from typing import Any

import pytest
from conftest import TODAY, catalog_of
from test_import import content, imported, run  # noqa: F401 (the content fixture)

from generator.cli import run_check
from generator.exports.hsds import hsds_files

_NESTED = {
    "phones": "phones",
    "schedules": "schedules",
    "languages": "languages",
    "service_areas": "service_areas",
    "cost_options": "cost_options",
    "attributes": "attributes",
}


@pytest.fixture(scope="module")
def exported(sample_catalog) -> dict[str, bytes]:
    return hsds_files(sample_catalog)


def test_sample_hsds_json_round_trips(content, tmp_path, exported, capsys):  # noqa: F811
    services = tmp_path / "services.json"
    services.write_bytes(exported["data/hsds/services.json"])
    assert run("hsds", services, "--content", content) == 0
    assert "0 warnings" in capsys.readouterr().out
    result = run_check(content, TODAY)
    assert result.ok, [p.format() for p in result.problems]
    assert hsds_files(catalog_of(content)) == exported


def _tables(services: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Flatten API-shaped services into HSDS tabular rows, one table per object."""
    tables: dict[str, list[dict[str, Any]]] = {}

    def add(table: str, row: dict[str, Any]) -> None:
        flat = {k: v for k, v in row.items() if not isinstance(v, dict | list)}
        if all(flat.get("id") != r.get("id") for r in tables.setdefault(table, [])):
            tables[table].append(flat)

    for service in services:
        add("services", service)
        if "organization" in service:
            add("organizations", service["organization"])
        for key, table in _NESTED.items():
            for row in service.get(key, []):
                add(table, row)
                if key == "attributes":
                    add("taxonomy_terms", row["taxonomy_term"])
        for link in service.get("service_at_locations", []):
            add("service_at_locations", link)
            location = link["location"]
            add("locations", location)
            for address in location.get("addresses", []):
                add("addresses", address)
            for phone in location.get("phones", []):
                add("phones", phone)
            for feature in location.get("accessibility", []):
                add("accessibility", feature)
    return tables


def test_sample_hsds_tabular_package_round_trips(content, tmp_path, exported):  # noqa: F811
    package = tmp_path / "package"
    package.mkdir()
    for table, rows in _tables(json.loads(exported["data/hsds/services.json"])).items():
        columns = list(dict.fromkeys(key for row in rows for key in row))
        with (package / f"{table}.csv").open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, columns)
            writer.writeheader()
            writer.writerows(rows)
    (package / "datapackage.json").write_text('{"resources": []}', encoding="utf-8")
    assert run("hsds", package / "datapackage.json", "--content", content) == 0
    result = run_check(content, TODAY)
    assert result.ok, [p.format() for p in result.problems]
    assert hsds_files(catalog_of(content)) == exported


SERVICE = {
    "id": "7c2e5c1a-0000-4000-8000-000000000001",
    "name": "Harbour Hearing Voices Group",
    "description": "A peer group for people who hear voices. We meet weekly.",
    "url": "https://harbour.example.org/voices",
    "email": "voices@harbour.example.org",
    "status": "active",
    "assured_date": "2026-09-01",
    "application_process": "Just come along.",
    "phones": [{"id": "p1", "number": "+44 20 7946 0000"}],
    "languages": [{"id": "l1", "name": "Welsh", "code": "cy"}],
    "schedules": [
        {"id": "s1", "freq": "WEEKLY", "byday": "TH", "opens_at": "18:00", "closes_at": "19:30"}
    ],
    "attributes": [
        {"id": "a1", "taxonomy_term": {"id": "t1", "code": "psychosis", "name": "Psychosis"}},
        {"id": "a2", "taxonomy_term": {"id": "t2", "code": "BD-1800", "name": "Basic Needs"}},
    ],
    "service_at_locations": [
        {
            "id": "sal1",
            "location": {
                "id": "loc1",
                "location_type": "physical",
                "name": "Harbour Centre",
                "addresses": [
                    {
                        "id": "ad1",
                        "address_1": "4 Quay Street",
                        "city": "Cardiff",
                        "state_province": "",
                        "postal_code": "CF10 1EA",
                        "country": "GB",
                    }
                ],
            },
        }
    ],
}


def test_hsds_service_from_another_system(content, tmp_path, capsys):  # noqa: F811
    source = tmp_path / "service.json"
    source.write_text(json.dumps({"total_items": 1, "contents": [SERVICE]}), encoding="utf-8")
    assert run("hsds", source, "--content", content) == 0
    out = capsys.readouterr().out
    assert (
        f"{source.as_posix()}:1: warning: taxonomy term Basic Needs matches no term in "
        "vocabularies.yaml; left out"
    ) in out
    text = (content / "groups/gb/harbour-hearing-voices-group.yaml").read_text(encoding="utf-8")
    assert "topics: [psychosis]\n" in text
    assert "languages: [cy]\n" in text
    assert '  venue: "Harbour Centre"\n' in text
    assert '  website: "https://harbour.example.org/voices"\n' in text
    assert "joining: open  # <- fill in:" in text
    assert '  timezone: "Europe/London"  # <- fill in:' in text
    assert '    - day: thursday\n      start: "18:00"\n      end: "19:30"\n' in text
    result = run_check(content, TODAY)
    assert [p.format() for p in result.problems if p.severity == "error"] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"just a string"', "is JSON but not HSDS services: expected a service, a list of "
         "services, or a page of them under contents"),
        ("{", "line 1: not valid JSON: Expecting property name enclosed in double quotes"),
        ("[1, 2", "ends before the list of meetings is closed with ]"),
    ],
)  # fmt: skip
def test_unreadable_hsds_is_reported(content, tmp_path, capsys, text, message):  # noqa: F811
    source = tmp_path / "services.json"
    source.write_text(text, encoding="utf-8")
    assert run("hsds", source, "--content", content) == 1
    assert (
        capsys.readouterr().err == f"{source.as_posix()}: error: {message}; nothing was written\n"
    )
    assert imported(content) == {}


def test_hsds_folder_without_services_is_reported(content, tmp_path, capsys):  # noqa: F811
    assert run("hsds", tmp_path, "--content", content) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path.as_posix()}: error: has no services.csv; a tabular HSDS package has one CSV "
        "per object; nothing was written\n"
    )


def test_hsds_wrong_types_are_warnings_never_tracebacks(content, tmp_path, capsys):  # noqa: F811
    source = tmp_path / "services.json"
    services: list[Any] = [
        7,
        {"name": None, "schedules": "often", "attributes": [{"taxonomy_term": 5}]},
        {"name": "Odd", "languages": [{"code": 42}], "service_at_locations": [{"location": []}],
         "status": "defunct", "fees_description": ["x"], "assured_date": "yesterday",
         "schedules": [{"byday": "XX", "opens_at": "99:99"}]},
    ]  # fmt: skip
    source.write_text(json.dumps(services), encoding="utf-8")
    assert run("hsds", source, "--content", content) == 0
    out = capsys.readouterr().out
    assert f"{source.as_posix()}:1: warning: expected a service in {{ }}" in out
    assert f"{source.as_posix()}:1: warning: this service has no name, which HSDS requires" in out
    result = run_check(content, TODAY)
    assert [p.format() for p in result.problems if p.severity == "error"] == []


def test_hsds_tabular_package_of_services_alone(content, tmp_path, capsys):  # noqa: F811
    package = tmp_path / "package"
    package.mkdir()
    (package / "services.csv").write_text(
        "\ufeffid,name,description,status,email\n"
        "s1,Tuesday Circle,A weekly circle.,inactive,circle@example.org\n"
        's2,"Two, Together",,active,not-an-email\n',
        encoding="utf-8",
    )
    assert run("hsds", package, "--content", content) == 0
    out = capsys.readouterr().out
    assert (
        f"{(package / 'services.csv').as_posix()}:3: warning: email 'not-an-email' left out:" in out
    )
    circle = (content / "groups/online/tuesday-circle.yaml").read_text(encoding="utf-8")
    assert "status: ended\n" in circle
    assert "schedule:\n  hours: by-appointment  # <- fill in:" in circle
    result = run_check(content, TODAY)
    assert [p.format() for p in result.problems if p.severity == "error"] == []


# --- the site's own gzipped exports -----------------------------------------------------------


def test_a_gzipped_hsds_export_imports_as_the_plain_one(content, tmp_path, exported):  # noqa: F811
    services = tmp_path / "services.json.gz"
    services.write_bytes(gzip.compress(exported["data/hsds/services.json"]))
    assert run("hsds", services, "--content", content) == 0
    assert hsds_files(catalog_of(content)) == exported


def test_a_tabular_package_with_gzipped_tables_imports(content, tmp_path, capsys):  # noqa: F811
    package = tmp_path / "package"
    package.mkdir()
    (package / "services.csv.gz").write_bytes(
        gzip.compress(
            b"id,name,description,status,email\n"
            b"s1,Tuesday Circle,A weekly circle.,active,circle@example.org\n"
        )
    )
    assert run("hsds", package, "--content", content) == 0
    assert list(imported(content)) == ["groups/online/tuesday-circle.yaml"]


@pytest.mark.parametrize(
    ("packed", "message"),
    [
        (gzip.compress(b"[]")[:-9], "is a gzip file cut short; download it again, or unpack it "
         "with another tool and import the unpacked file"),
        (b"\x1f\x8b" + b"not gzip at all", "is a gzip file that is damaged or cut short; download "
         "it again, or unpack it with another tool and import the unpacked file"),
        (gzip.compress(b" " * 50_000_001), "unpacks to more than 50 MB; the importer reads at "
         "most 50 MB (split it into smaller files)"),
    ],
    ids=["cut-short", "damaged", "unpacks-past-the-limit"],
)  # fmt: skip
def test_a_gzip_that_cannot_be_read_or_unpacks_too_far_is_refused(
    content,  # noqa: F811
    tmp_path,
    capsys,
    packed,
    message,
):
    source = tmp_path / "services.json.gz"
    source.write_bytes(packed)
    assert run("hsds", source, "--content", content) == 1
    assert (
        capsys.readouterr().err == f"{source.as_posix()}: error: {message}; nothing was written\n"
    )
    assert imported(content) == {}
