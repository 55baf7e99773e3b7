"""The HSDS package as a Tabular Data Package: a CSV file per object and a datapackage.json.

HSDS 3.0 publishes its objects as tables too (upstream's datapackage.json): one CSV per object
named as upstream names it (services.csv, phones.csv...), nested objects taken out into their
own table, linked by the `*_id` fields they already carry. The datapackage.json describes the
tables written here (the fields the directory fills, typed as HSDS types them), with their
primary and foreign keys, so a tool such as frictionless can check every link between rows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from generator.catalog import opendata

FOLDER = opendata.HSDS_TABULAR_FOLDER

# object -> upstream's file name, in the order the tables are listed
TABLES = {
    "organization": "organizations.csv",
    "service": "services.csv",
    "location": "locations.csv",
    "service_at_location": "service_at_location.csv",
    "address": "addresses.csv",
    "phone": "phones.csv",
    "schedule": "schedules.csv",
    "service_area": "service_areas.csv",
    "language": "languages.csv",
    "accessibility": "accessibility.csv",
    "cost_option": "cost_options.csv",
    "attribute": "attributes.csv",
    "taxonomy": "taxonomies.csv",
    "taxonomy_term": "taxonomy_terms.csv",
}
# the key an object nests others under -> their object
_NESTED = {
    "organization": "organization",
    "location": "location",
    "taxonomy_term": "taxonomy_term",
    "addresses": "address",
    "phones": "phone",
    "schedules": "schedule",
    "service_areas": "service_area",
    "languages": "language",
    "accessibility": "accessibility",
    "cost_options": "cost_option",
    "attributes": "attribute",
    "service_at_locations": "service_at_location",
}
# nested copies of what has a table of its own, walked from elsewhere
_SKIP = {"services", "service", "locations"}
# HSDS's tabular types of the fields the directory fills; the rest are strings. Times
# (opens_at) stay strings: HSDS writes them with a UTC offset, which the "time" type rejects.
_TYPES = {
    "latitude": "number",
    "longitude": "number",
    "timezone": "number",
    "amount": "number",
    "assured_date": "date",
    "dtstart": "date",
}
# fields that point at another table's id (HSDS's foreign keys)
_REFERENCES = {
    "organization_id": "organization",
    "service_id": "service",
    "location_id": "location",
    "service_at_location_id": "service_at_location",
    "phone_id": "phone",
    "taxonomy_term_id": "taxonomy_term",
    "taxonomy_id": "taxonomy",
}


def tabular_files(
    services: Iterable[Mapping[str, Any]],
    organizations: Iterable[Mapping[str, Any]],
    taxonomies: Iterable[Mapping[str, Any]],
    terms: Iterable[Mapping[str, Any]],
    license_: Mapping[str, str] | None,
) -> dict[str, bytes]:
    """Return the CSV tables and datapackage.json of the HSDS objects given."""
    rows: dict[str, dict[str, dict[str, Any]]] = {table: {} for table in TABLES}
    for organization in organizations:
        _walk("organization", organization, rows)
    for service in services:
        _walk("service", service, rows)
    for taxonomy in taxonomies:
        _walk("taxonomy", taxonomy, rows)
    for term in terms:
        _walk("taxonomy_term", term, rows)
    out: dict[str, bytes] = {}
    resources = []
    for table, path in TABLES.items():
        found = list(rows[table].values())
        if not found:
            continue
        columns = _columns(found)
        out[FOLDER + path] = _csv(columns, found)
        resources.append(_resource(table, path, columns, rows))
    package: dict[str, Any] = {
        "name": "hsds",
        "title": "Open Referral HSDS 3.0, as tables",
        "profile": "tabular-data-package",
        "resources": resources,
    }
    if license_:
        package["licenses"] = [{"name": license_["name"], "path": license_["url"]}]
    text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    out[FOLDER + "datapackage.json"] = text.encode("utf-8")
    return out


def _walk(table: str, obj: Mapping[str, Any], rows: dict[str, dict[str, dict[str, Any]]]) -> None:
    row = {}
    for key, value in obj.items():
        if key in _SKIP:
            continue
        if isinstance(value, dict):
            _walk(_NESTED[key], value, rows)
        elif isinstance(value, list):
            for item in value:
                _walk(_NESTED[key], item, rows)
        else:
            row[key] = value
    # the same object nested in several places (a location, a term) is one row
    rows[table].setdefault(row["id"], row)


def _columns(found: Sequence[Mapping[str, Any]]) -> list[str]:
    columns: dict[str, None] = {}
    for row in found:
        columns.update(dict.fromkeys(row))
    return list(columns)


def _csv(columns: list[str], found: Sequence[Mapping[str, Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in found:
        writer.writerow(["" if row.get(c) is None else _cell(row[c]) for c in columns])
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _resource(
    table: str, path: str, columns: list[str], rows: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    foreign = [
        {"fields": column, "reference": {"resource": _REFERENCES[column], "fields": "id"}}
        for column in columns
        if column in _REFERENCES and rows[_REFERENCES[column]]
    ]
    schema: dict[str, Any] = {
        "fields": [{"name": c, "type": _TYPES.get(c, "string")} for c in columns],
        "primaryKey": "id",
    }
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": table,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }
