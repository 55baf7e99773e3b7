"""The HSDS 3.0 API as static files, and the directory's HSDS profile for peer support.

HSDS describes its API as `GET /`, `GET /services`, `GET /services/{id}`, `GET /taxonomies`
and `GET /taxonomy_terms` (upstream schema/openapi.json). A static host answers no queries, so
each answer is a file under `data/hsds/api/`, named by its path with `.json` added, and each
page of a list is a file of its own:

    GET /                          api/index.json
    GET /services?page=N           api/services/pages/N.json
    GET /taxonomies?page=N         api/taxonomies/pages/N.json
    GET /taxonomies/{id}           api/taxonomies/{id}.json
    GET /taxonomy_terms?page=N     api/taxonomy_terms/pages/N.json
    GET /taxonomy_terms/{id}       api/taxonomy_terms/{id}.json

Lists are pages in the shape of the OpenAPI's Page schema. `GET /services/{id}` has no file:
the pages (and `services.json`) hold every service whole, and one file per service was a third
of the output's files at 10,000 entries (10,000 of 123,000) for nothing a reader could not
find in the pages; the few taxonomies and terms keep theirs. The services follow the directory's
profile (`data/hsds/profile/`): a JSON Merge Patch of HSDS's service.json that adds the
entry's kind, joining and facilitation as fields with fixed values, instead of flattening
them into text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from generator.catalog import opendata
from generator.model.models import FACILITATION, JOINING, KINDS
from generator.text import urls

API = opendata.HSDS_API_FOLDER
PROFILE = opendata.HSDS_PROFILE_FOLDER
PAGE_SIZE = 50
"""Items per page of a list: an answer a phone on a slow connection can still fetch."""
OPENAPI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"


def profile_uri(base_url: str) -> str:
    """Return the profile's canonical URI: the folder that holds its description and patches."""
    return urls.root(base_url) + PROFILE


def profile_files(base_url: str, version: str) -> dict[str, bytes]:
    """Return the profile: its description (index.json) and its patches of HSDS's schemas
    (service.json, and the compiled schemas that nest a service)."""
    uri = profile_uri(base_url)
    service = {
        "properties": {
            "kind": _enum("Kind", "What form the peer support takes.", KINDS),
            "joining": _enum("Joining", "How someone new joins.", JOINING),
            "facilitation": _enum(
                "Facilitation",
                "Who leads it: peers, a peer with a professional, or professionals.",
                FACILITATION,
            ),
        }
    }
    # the same fields where the compiled schemas nest a service in another object
    patches = {
        "service.json": service,
        "organization.json": {"properties": {"services": {"items": service}}},
        "service_at_location.json": {"properties": {"service": service}},
    }
    about = {
        "name": "Peer support",
        "uri": uri,
        "version": "1.0.0",
        "hsds_version": version,
        "description": (
            "HSDS for peer support directories: a service is a group, line or community run "
            "by and for people with lived experience, with its kind, how to join it and who "
            "leads it as fields of their own."
        ),
        "profile": {name: uri + name for name in patches},
    }
    out = {PROFILE + "index.json": _dumps(about)}
    out |= {PROFILE + name: _dumps(patch) for name, patch in patches.items()}
    return out


def _enum(title: str, description: str, values: Sequence[str]) -> dict[str, Any]:
    return {
        "name": title.lower(),
        "type": "string",
        "title": title,
        "description": description,
        "enum": list(values),
    }


def api_files(
    base_url: str,
    version: str,
    services: Sequence[tuple[str, bytes]],
    taxonomies: Sequence[dict[str, Any]],
    terms: Sequence[dict[str, Any]],
) -> dict[str, bytes]:
    """Return the API's answers as files: `services` are (id, service JSON) pairs."""
    index = {"version": version, "profile": profile_uri(base_url), "openapi_url": OPENAPI}
    out = {API + "index.json": _dumps(index)}
    out |= _list("services", [(id_, text) for id_, text in services], records=False)
    for name, objects in (("taxonomies", taxonomies), ("taxonomy_terms", terms)):
        out |= _list(name, [(obj["id"], _dumps(obj).rstrip(b"\n")) for obj in objects])
    return out


def _list(name: str, items: Sequence[tuple[str, bytes]], records: bool = True) -> dict[str, bytes]:
    """Return the list's pages (at least one, empty when no items), and with `records` one
    file per item."""
    out = {f"{API}{name}/{id_}.json": text + b"\n" for id_, text in items} if records else {}
    total = max(1, -(-len(items) // PAGE_SIZE))
    for number in range(1, total + 1):
        chunk = items[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        head = {
            "total_items": len(items),
            "total_pages": total,
            "page_number": number,
            "size": len(chunk),
            "first_page": number == 1,
            "last_page": number == total,
            "empty": not items,
        }
        # the items are already JSON: joined as bytes, not parsed again
        page = _dumps(head).rstrip(b"\n")[:-1] + b',"contents":['
        out[f"{API}{name}/pages/{number}.json"] = (
            page + b",".join(text for _, text in chunk) + b"]}\n"
        )
    return out


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
