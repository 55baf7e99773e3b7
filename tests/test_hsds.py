"""The HSDS 3.0 package: valid against Open Referral's own schemas, and true to the entries."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import pytest
from conftest import ROOT, TODAY, catalog_of, entry
from jsonschema import Draft202012Validator, FormatChecker

from generator.catalog.catalog import Catalog
from generator.exports import hsds_api
from generator.exports.hsds import hsds_files
from generator.exports.hsds_api import profile_files
from generator.incremental.fragments import Fragments

VENDOR = Path(__file__).parent / "vendor" / "hsds-3.0"
# Each file of the package and the official schema its objects follow (HSDS's OpenAPI document
# points at the same compiled schemas and declares JSON Schema 2020-12 as their dialect).
SCHEMAS = {
    "services.json": "service.json",
    "organizations.json": "organization.json",
    "service_at_locations.json": "service_at_location.json",
    "locations.json": "service_with_definitions.json#/definitions/location",
}
FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _web_address(value: object) -> bool:
    # jsonschema checks "uri" only with rfc3987 installed, which nothing else here needs; every
    # address in the package is a web address, so check that instead.
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def merge_patch(target: Any, patch: Any) -> Any:
    """Return `target` with `patch` applied as RFC 7386 says (HSDS profiles are such patches)."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def published_profile() -> dict[str, Any]:
    """Return the profile as the site publishes it: its description and its patches."""
    files = profile_files("https://peer-support.example.org/", "3.0")
    return {
        path.removeprefix("data/hsds/profile/"): json.loads(data) for path, data in files.items()
    }


@cache
def _schema_file(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VENDOR / name).read_text(encoding="utf-8"))
    # the services follow the directory's profile: upstream's schema with its patch applied
    patch = published_profile().get(name)
    return merge_patch(data, patch) if patch else data


@cache
def _schema(reference: str) -> dict[str, Any]:
    name, _, pointer = reference.partition("#")
    document = _schema_file(name)
    if not pointer:
        return document
    # A definition's own "$ref"s point into the file's definitions, so they come along.
    return {"$ref": "#" + pointer, "definitions": document["definitions"]}


@cache
def _validator(reference: str) -> Draft202012Validator:
    return Draft202012Validator(_schema(reference), format_checker=FORMATS)


def _undeclared(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str) -> list[str]:
    """Return the fields the schema does not declare.

    HSDS's schemas allow any extra field, so a misspelt one would pass validation unnoticed.
    """
    while "$ref" in schema:
        schema = root["definitions"][schema["$ref"].rsplit("/", 1)[-1]]
    found: list[str] = []
    if isinstance(value, dict) and "properties" in schema:
        for key, item in value.items():
            if key in schema["properties"]:
                found += _undeclared(item, schema["properties"][key], root, f"{path}/{key}")
            else:
                found.append(f"{path}/{key}")
    elif isinstance(value, list) and "items" in schema:
        for number, item in enumerate(value):
            found += _undeclared(item, schema["items"], root, f"{path}/{number}")
    return found


def _problems(name: str, objects: list[dict[str, Any]]) -> list[str]:
    reference = SCHEMAS[name]
    schema = _schema(reference)
    problems = []
    for number, obj in enumerate(objects):
        where = f"{name}[{number}] {obj.get('name', obj.get('id'))}"
        for error in _validator(reference).iter_errors(obj):
            path = "/".join(str(part) for part in error.absolute_path)
            problems.append(f"{where} /{path}: {error.message}")
        problems += [
            f"{where} {field}: not an HSDS field" for field in _undeclared(obj, schema, schema, "")
        ]
    return problems


def parsed(files: dict[str, bytes]) -> dict[str, Any]:
    """Return the package's files parsed, by name inside data/hsds/."""
    assert all(path.startswith("data/hsds/") for path in files)
    return {
        path.removeprefix("data/hsds/"): json.loads(data)
        for path, data in files.items()
        if path.endswith(".json")  # the tabular package's CSV tables are read in their tests
    }


def checked(catalog: Catalog) -> dict[str, Any]:
    """Return the parsed package of `catalog`, after validating every object of every file."""
    package = parsed(hsds_files(catalog, today=TODAY))
    assert {name for name in package if "/" not in name} == {*SCHEMAS, "index.json"}
    problems = [p for name in SCHEMAS for p in _problems(name, package[name])]
    assert problems == []
    return package


@pytest.fixture(scope="module")
def sample(sample_catalog: Catalog) -> Catalog:
    return sample_catalog


@pytest.fixture(scope="module")
def package(sample: Catalog) -> dict[str, Any]:
    """Return the sample content's HSDS package (validated by the first test below)."""
    return parsed(hsds_files(sample, today=TODAY))


@pytest.fixture
def package_of(site: Callable[..., Path]) -> Callable[[dict[str, str]], dict[str, Any]]:
    """Return a function giving the validated package of the fixture site with `files`."""

    def make(files: dict[str, str]) -> dict[str, Any]:
        return checked(catalog_of(site(files)))

    return make


def service_of(package: dict[str, Any], slug: str) -> dict[str, Any]:
    """Return the service of the entry `slug`."""
    found = [s for s in package["services.json"] if s["url"].endswith(f"/groups/{slug}/")]
    assert len(found) == 1, slug
    service: dict[str, Any] = found[0]
    return service


def objects_with_ids(value: Any) -> Iterator[dict[str, Any]]:
    """Yield every object with an id, however deeply nested."""
    if isinstance(value, dict):
        if "id" in value:
            yield value
        for item in value.values():
            yield from objects_with_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from objects_with_ids(item)


# --- the sample content ----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_file_of_the_sample_package_validates_against_its_hsds_schema(
    package: dict[str, Any], name: str
) -> None:
    assert {n for n in package if "/" not in n} == {*SCHEMAS, "index.json"}
    assert package[name], f"{name} is empty"
    assert _problems(name, package[name]) == []


def test_schema_check_catches_a_wrong_status_a_bad_id_and_a_misspelt_field(
    package: dict[str, Any],
) -> None:
    service = {**package["services.json"][0], "status": "temporarily-closed", "id": "river-1"}
    service["phone_numbers"] = []
    problems = "\n".join(_problems("services.json", [service]))
    assert "'temporarily-closed' is not one of" in problems
    assert "'river-1' is not a 'uuid'" in problems
    assert "/phone_numbers: not an HSDS field" in problems


def test_package_holds_every_published_entry_and_no_ended_one(
    sample: Catalog, package: dict[str, Any]
) -> None:
    urls = [service["url"] for service in package["services.json"]]
    assert len(urls) == len(sample.published) == len(set(urls))
    assert not any("/eastside-postpartum-peer-circle/" in url for url in urls)  # status: ended
    listed = {f["path"]: f["count"] for f in package["index.json"]["files"]}
    # the index names the files as published: compressed, like every whole-directory export
    assert listed == {f"{name}.gz": len(package[name]) for name in SCHEMAS}


def test_an_id_always_names_the_same_thing_and_top_level_ids_are_unique(
    package: dict[str, Any],
) -> None:
    seen: dict[str, str] = {}
    for obj in objects_with_ids(package["services.json"]):
        UUID(obj["id"])
        text = json.dumps(obj, sort_keys=True)
        assert seen.setdefault(obj["id"], text) == text, obj["id"]
    for name in SCHEMAS:
        ids = [obj["id"] for obj in package[name]]
        assert len(ids) == len(set(ids)), name


def test_the_same_content_gives_the_same_bytes(sample: Catalog) -> None:
    assert hsds_files(sample) == hsds_files(catalog_of(ROOT / "content"))


def test_the_files_are_plain_compact_json_and_the_same_from_kept_parts(sample: Catalog) -> None:
    # each entry's part is written once and the files joined from the parts: the result must
    # be what writing the whole objects gives, organizations (spliced in) included
    plain = hsds_files(sample)
    for path, data in plain.items():
        if path.startswith("data/hsds/tabular/"):
            continue  # tables, and a datapackage.json indented for people to read
        text = data.decode("utf-8")
        assert (
            text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")) + "\n"
        )
    assert json.loads(plain["data/hsds/organizations.json"])  # the sample has organizations
    hashes = {item.slug: "same" for item in sample.published}
    first = Fragments(hashes, keep_objects=True)
    hsds_files(sample, first)
    kept = Fragments(hashes, kept_objects=first.made_objects, keep_objects=True)
    assert hsds_files(sample, kept) == plain
    assert kept.reused == len(sample.published)


def test_a_hybrid_group_maps_its_schedule_phones_languages_and_places(
    package: dict[str, Any],
) -> None:
    service = service_of(package, "riverside-veterans-peer-circle")
    assert service["name"] == "Riverside Veterans Peer Circle"
    assert service["status"] == "active"
    assert service["url"] == (
        "https://peer-support.example.org/en/groups/riverside-veterans-peer-circle/"
    )
    assert service["email"] == "circle@riverside-veterans.example.org"
    assert service["assured_date"] == "2026-10-01"
    assert service["organization"]["name"] == "Riverside Veterans Association"
    assert service["organization_id"] == service["organization"]["id"]
    rules = [(s["freq"], s["byday"], s["opens_at"], s["closes_at"]) for s in service["schedules"]]
    # HSDS reads a time without a zone as UTC: Chicago is six hours behind in November
    assert rules == [
        ("WEEKLY", "TU", "18:30-06:00", "20:00-06:00"),
        ("MONTHLY", "1SA,3SA", "10:00-06:00", "11:30-06:00"),
    ]
    assert [(s["timezone"], s["dtstart"]) for s in service["schedules"]] == [
        (-6, "2026-12-01"),
        (-6, "2026-12-05"),
    ]
    assert service["schedules"][1]["description"] == (
        "First and third Saturday of the month, 10:00–11:30, America/Chicago time"
    )
    # written "(217) 555-0142" by the volunteer
    assert {p["number"] for p in service["phones"]} == {"+12175550142", "+13125550199"}
    assert [(lang["code"], lang["name"]) for lang in service["languages"]] == [
        ("en", "English"),
        ("es", "Spanish"),
    ]
    venue, online = (link["location"] for link in service["service_at_locations"])
    assert venue["location_type"] == "physical"
    assert venue["name"] == "Riverside Community Center"
    assert (venue["latitude"], venue["longitude"]) == (39.799, -89.644)
    address = {k: v for k, v in venue["addresses"][0].items() if "id" not in k}
    assert address == {
        "address_1": "120 Main Street",
        "city": "Springfield",
        "state_province": "Illinois",
        "postal_code": "62701",
        "country": "US",
        "address_type": "physical",
    }
    assert online["location_type"] == "virtual"
    assert online["url"] == "https://example.org/join/riverside-veterans"
    assert [p["number"] for p in online["phones"]] == ["+13125550199"]
    terms = {
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in service["attributes"]
    }
    assert {
        ("topics", "ptsd"),
        ("audiences", "veterans"),
        ("practices", "trauma-informed"),
    } <= terms


def test_a_temporarily_closed_group_is_temporarily_closed_with_its_note_as_alert(
    package: dict[str, Any],
) -> None:
    service = service_of(package, "lee-road-mens-peer-talk")
    assert service["status"] == "temporarily closed"
    assert service["alert"].startswith("The shed's lease ended in October 2026.")


def test_an_organization_lists_the_services_it_runs(package: dict[str, Any]) -> None:
    (riverside,) = [
        o for o in package["organizations.json"] if o["name"] == "Riverside Veterans Association"
    ]
    names = {service["name"] for service in riverside["services"]}
    assert names == {"Riverside Veterans Peer Circle", "Prairie Vet-to-Vet Mentors"}
    assert riverside["description"] == (
        "Runs Prairie Vet-to-Vet Mentors and Riverside Veterans Peer Circle."
    )


def test_the_index_names_the_version_and_the_data_licence(package: dict[str, Any]) -> None:
    index = package["index.json"]
    assert index["version"] == "3.0"
    assert index["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }


# --- small fixture sites -----------------------------------------------------------------------


def test_an_online_group_has_one_virtual_place_and_no_organization(
    package_of: Callable[[dict[str, str]], dict[str, Any]],
) -> None:
    package = package_of({"groups/test-group.yaml": entry()})
    (service,) = package["services.json"]
    assert "organization" not in service and "organization_id" not in service
    assert package["organizations.json"] == []
    (link,) = service["service_at_locations"]
    assert link["location"] == {
        "id": link["location_id"],
        "location_type": "virtual",
        "url": "https://example.org/join",
    }
    assert package["locations.json"] == [link["location"]]
    assert package["service_at_locations.json"][0]["service"]["id"] == service["id"]
    assert package["index.json"]["license"] is None  # the fixture site gives none
    (schedule,) = service["schedules"]
    assert schedule["description"] == "By appointment"
    assert "freq" not in schedule and "opens_at" not in schedule


def test_a_venue_without_street_or_postal_code_keeps_them_empty_and_hides_town_coordinates(
    package_of: Callable[[dict[str, str]], dict[str, Any]],
) -> None:
    text = entry(
        attendance="in-person",
        online=None,
        location="{city: Springfield, country: US, coordinates: [39.78, -89.65], approximate: true}",
        contact="{email: group@example.org}",
    )
    (service,) = package_of({"groups/test-group.yaml": text})["services.json"]
    (link,) = service["service_at_locations"]
    location = link["location"]
    assert location["location_type"] == "physical"
    assert location["name"] == "Springfield"
    assert "latitude" not in location and "longitude" not in location
    address = location["addresses"][0]
    assert (address["address_1"], address["state_province"], address["postal_code"]) == ("", "", "")
    assert (address["city"], address["country"]) == ("Springfield", "US")


def test_daily_last_week_and_midnight_meetings_become_hsds_rules(
    package_of: Callable[[dict[str, str]], dict[str, Any]],
) -> None:
    meetings = (
        '{day: daily, start: "22:00", end: "24:00"}, '
        '{day: thursday, weeks: [3, -1, 1], start: "19:00", end: "20:30"}'
    )
    text = entry(schedule=f"{{timezone: Europe/London, meetings: [{meetings}]}}")
    (service,) = package_of({"groups/test-group.yaml": text})["services.json"]
    daily, monthly = service["schedules"]
    assert (daily["freq"], daily["byday"]) == ("WEEKLY", "MO,TU,WE,TH,FR,SA,SU")
    assert (daily["opens_at"], daily["closes_at"]) == ("22:00Z", "23:59Z")
    assert daily["description"] == "Every day, 22:00–24:00, Europe/London time"
    assert (monthly["freq"], monthly["byday"]) == ("MONTHLY", "1TH,3TH,-1TH")
    assert monthly["description"].startswith("First, third, and last Thursday of the month")


def test_a_24_7_line_is_open_every_day_all_day(
    package_of: Callable[[dict[str, str]], dict[str, Any]],
) -> None:
    (service,) = package_of({"groups/test-group.yaml": entry(schedule="24/7")})["services.json"]
    (schedule,) = service["schedules"]
    assert (schedule["freq"], schedule["byday"]) == ("WEEKLY", "MO,TU,WE,TH,FR,SA,SU")
    # every hour in any zone: said in UTC, as HSDS reads a time without an offset
    assert (schedule["opens_at"], schedule["closes_at"]) == ("00:00Z", "23:59Z")
    assert schedule["timezone"] == 0


def test_a_regional_language_tag_keeps_its_iso_639_code_and_notes_the_full_tag(
    package_of: Callable[[dict[str, str]], dict[str, Any]],
) -> None:
    text = entry(languages="[pt-BR, ase]")
    (service,) = package_of({"groups/test-group.yaml": text})["services.json"]
    languages = [(lang["code"], lang["name"], lang.get("note")) for lang in service["languages"]]
    assert languages == [
        ("pt", "Brazilian Portuguese", "BCP 47: pt-BR"),
        ("ase", "American Sign Language", None),
    ]


def test_entries_of_one_organization_share_it_whatever_the_spacing_or_case(
    package_of: Callable[[dict[str, str]], dict[str, Any]],
) -> None:
    package = package_of(
        {
            "groups/a-group.yaml": entry(name="A Group", organization="Harbour  Peers"),
            "groups/b-group.yaml": entry(name="B Group", organization="harbour peers"),
        }
    )
    (organization,) = package["organizations.json"]
    assert organization["name"] == "Harbour  Peers"
    assert organization["description"] == "Runs A Group and B Group."
    assert {s["organization_id"] for s in package["services.json"]} == {organization["id"]}
    assert [s["name"] for s in organization["services"]] == ["A Group", "B Group"]


def test_a_kept_service_gets_its_organization_as_the_other_entries_now_make_it(
    site: Callable[..., Path],
) -> None:
    # The preview server keeps each unchanged entry's service; what its organization runs
    # comes from the other entries, so a kept service must not carry the old description.
    before = catalog_of(
        site(
            {
                "groups/a-group.yaml": entry(name="A Group", organization="Harbour Peers"),
                "groups/b-group.yaml": entry(name="B Group", organization="Harbour Peers"),
            }
        )
    )
    hashes = {"a-group": "a1", "b-group": "b1"}
    first = Fragments(hashes, keep_objects=True)  # as the preview server's memo does
    hsds_files(before, first)
    after = catalog_of(
        site(
            {
                "groups/a-group.yaml": entry(name="A Circle", organization="Harbour Peers"),
                "groups/b-group.yaml": entry(name="B Group", organization="Harbour Peers"),
            }
        )
    )
    kept = Fragments({"a-group": "a2", "b-group": "b1"}, kept_objects=first.made_objects)
    assert hsds_files(after, kept) == hsds_files(after)
    assert kept.reused == 1  # b-group's service
    services = json.loads(hsds_files(after, kept)["data/hsds/services.json"])
    assert {s["organization"]["description"] for s in services} == {"Runs A Circle and B Group."}


def _schedules(site: Any, schedule: str, today: date) -> list[dict[str, Any]]:
    catalog = catalog_of(site({"groups/g.yaml": entry(schedule=schedule)}))
    (service,) = json.loads(hsds_files(catalog, today=today)["data/hsds/services.json"])
    schedules: list[dict[str, Any]] = service["schedules"]
    return schedules


def test_meeting_times_carry_the_offset_their_next_meeting_has(site: Any) -> None:
    schedule = (
        "\n  timezone: Europe/London\n  meetings:\n"
        '    - {day: sunday, start: "19:00", end: "24:00"}'
    )
    # the clocks go forward on 29 March 2026: a build that week dates the next meeting in BST
    (summer,) = _schedules(site, schedule, date(2026, 3, 25))
    assert (summer["opens_at"], summer["closes_at"], summer["timezone"]) == (
        "19:00+01:00",
        "23:59+01:00",
        1,
    )
    assert summer["dtstart"] == "2026-03-29"
    # in winter London is on UTC, which RFC 3339 writes "Z"
    (winter,) = _schedules(site, schedule, TODAY)
    assert (winter["opens_at"], winter["closes_at"], winter["timezone"]) == (
        "19:00Z",
        "23:59Z",
        0,
    )
    assert winter["description"] == "Every Sunday, 19:00–24:00, Europe/London time"


def test_meeting_times_keep_an_offset_of_half_an_hour(site: Any) -> None:
    schedule = (
        '\n  timezone: Asia/Kolkata\n  meetings:\n    - {day: daily, start: "07:00", end: "08:00"}'
    )
    (rule,) = _schedules(site, schedule, TODAY)
    assert (rule["opens_at"], rule["timezone"], rule["dtstart"]) == (
        "07:00+05:30",
        5.5,
        "2026-11-25",
    )


# --- the API as static files, and the profile ---------------------------------------------------

API = "https://peer-support.example.org/data/hsds/"


def test_the_api_index_names_the_version_profile_and_openapi(package: dict[str, Any]) -> None:
    assert package["api/index.json"] == {
        "version": "3.0",
        "profile": API + "profile/",
        "openapi_url": (
            "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
        ),
    }
    profile = package["profile/index.json"]
    assert profile["uri"] == API + "profile/"
    assert profile["profile"] == {
        name: API + "profile/" + name
        for name in ("service.json", "organization.json", "service_at_location.json")
    }


def test_the_api_pages_hold_every_service_whole_with_no_file_per_service(
    package: dict[str, Any],
) -> None:
    services = package["services.json"]
    assert len(services) > hsds_api.PAGE_SIZE  # more than one page, or paging is not tested
    # a file per service was 10,000 of a national site's files, each a copy of a page's item
    assert not [
        path for path in package if path.startswith("api/services/") and "/pages/" not in path
    ]
    pages = [package[f"api/services/pages/{n}.json"] for n in (1, 2)]
    assert "api/services/pages/3.json" not in package
    assert [page["contents"] for page in pages] == [
        services[: hsds_api.PAGE_SIZE],
        services[hsds_api.PAGE_SIZE :],
    ]
    assert [{k: v for k, v in page.items() if k != "contents"} for page in pages] == [
        {
            "total_items": len(services),
            "total_pages": 2,
            "page_number": 1,
            "size": hsds_api.PAGE_SIZE,
            "first_page": True,
            "last_page": False,
            "empty": False,
        },
        {
            "total_items": len(services),
            "total_pages": 2,
            "page_number": 2,
            "size": len(services) - hsds_api.PAGE_SIZE,
            "first_page": False,
            "last_page": True,
            "empty": False,
        },
    ]


def test_the_api_lists_the_taxonomies_and_every_term_the_services_use(
    package: dict[str, Any],
) -> None:
    (taxonomies,) = [package["api/taxonomies/pages/1.json"]]
    assert [t["name"] for t in taxonomies["contents"]] == [
        "topics",
        "audiences",
        "accessibility",
        "practices",
    ]
    ids = {t["id"] for t in taxonomies["contents"]}
    for taxonomy in taxonomies["contents"]:
        assert package[f"api/taxonomies/{taxonomy['id']}.json"] == taxonomy
        assert _validator("service_with_definitions.json#/definitions/taxonomy").is_valid(taxonomy)
    terms = [
        term
        for number in range(1, package["api/taxonomy_terms/pages/1.json"]["total_pages"] + 1)
        for term in package[f"api/taxonomy_terms/pages/{number}.json"]["contents"]
    ]
    assert {t["taxonomy_id"] for t in terms} == ids
    used = {
        attribute["taxonomy_term"]["id"]: attribute["taxonomy_term"]
        for service in package["services.json"]
        for attribute in service["attributes"]
    }
    by_id = {t["id"]: t for t in terms}
    assert used and all(by_id[key] == term for key, term in used.items())
    for term in terms:
        assert package[f"api/taxonomy_terms/{term['id']}.json"] == term


@pytest.mark.slow  # checking the merged schema against the metaschema takes a second
def test_services_carry_the_profile_s_typed_fields(package: dict[str, Any]) -> None:
    service = service_of(package, "riverside-veterans-peer-circle")
    assert (service["kind"], service["joining"], service["facilitation"]) == (
        "veteran-network",
        "open",
        "peer-led",
    )
    # the profile's patch makes a valid schema that types them: upstream alone would not
    schema = _schema_file("service.json")
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    assert validator.is_valid(service)
    for field, wrong in (("kind", "therapy"), ("joining", "walk-in"), ("facilitation", 3)):
        assert not validator.is_valid({**service, field: wrong}), field


def test_a_list_without_items_is_one_empty_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hsds_api, "PAGE_SIZE", 2)
    files = hsds_api.api_files("https://x.example/", "3.0", [], [], [])
    assert json.loads(files["data/hsds/api/services/pages/1.json"]) == {
        "total_items": 0,
        "total_pages": 1,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }
    three = [(str(n), json.dumps({"id": str(n)}).encode()) for n in range(3)]
    files = hsds_api.api_files("https://x.example/", "3.0", three, [], [])
    last = json.loads(files["data/hsds/api/services/pages/2.json"])
    assert (last["size"], last["last_page"], last["contents"]) == (1, True, [{"id": "2"}])


# --- the Tabular Data Package ---------------------------------------------------------------------


def test_the_tabular_package_passes_frictionless_with_every_link_between_rows(
    sample: Catalog, tmp_path: Path
) -> None:
    from frictionless import Package

    files = hsds_files(sample, today=TODAY)
    for path, data in files.items():
        if path.startswith("data/hsds/tabular/"):
            (tmp_path / path.removeprefix("data/hsds/tabular/")).write_bytes(data)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    names = [resource["path"] for resource in package["resources"]]
    assert sorted(names) == sorted(p.name for p in tmp_path.glob("*.csv"))
    assert {"services.csv", "organizations.csv", "schedules.csv", "taxonomy_terms.csv"} <= set(
        names
    )
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:20]
    # the foreign keys are declared, so frictionless checked them
    (schedules,) = [r for r in package["resources"] if r["name"] == "schedule"]
    assert {"fields": "service_id", "reference": {"resource": "service", "fields": "id"}} in (
        schedules["schema"]["foreignKeys"]
    )
    services = list(csv.DictReader(io.StringIO((tmp_path / "services.csv").read_text("utf-8"))))
    assert len(services) == len(sample.published)
    riverside = next(s for s in services if s["name"] == "Riverside Veterans Peer Circle")
    assert (riverside["kind"], riverside["joining"], riverside["facilitation"]) == (
        "veteran-network",
        "open",
        "peer-led",
    )


def test_the_tables_have_hsds_fields_typed_as_hsds_types_them(sample: Catalog) -> None:
    files = hsds_files(sample, today=TODAY)
    package = json.loads(files["data/hsds/tabular/datapackage.json"])
    definitions = _schema_file("service_with_definitions.json")["definitions"]
    profile = set(published_profile()["service.json"]["properties"])
    problems = []
    for resource in package["resources"]:
        upstream = (
            _schema_file("service.json")
            if resource["name"] == "service"
            else definitions[resource["name"]]
        )["properties"]
        for field in resource["schema"]["fields"]:
            spec = upstream.get(field["name"])
            if spec is None:
                if not (resource["name"] == "service" and field["name"] in profile):
                    problems.append(f"{resource['name']}.{field['name']}: not an HSDS field")
                continue
            wanted = spec.get("datapackage_type", spec["type"])
            if field["type"] != "string" and field["type"] != wanted:
                problems.append(f"{resource['name']}.{field['name']}: {field['type']} != {wanted}")
    assert problems == []
