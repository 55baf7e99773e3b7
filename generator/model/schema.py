"""JSON Schemas generated from the models, for editors (yaml-language-server) and CI."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from generator.model.config import SiteConfig
from generator.model.models import HOURS, Entry, Guide, Vocabularies

_DRAFT = "https://json-schema.org/draft/2020-12/schema"

# the parts of an entry, in the order the field references (CONTRIBUTING.md, the site's
# "how to add a group" page) show them: (definition in the schema, heading)
SECTIONS = (
    ("", "An entry"),
    ("Location", "location"),
    ("Online", "online"),
    ("Schedule", "schedule"),
    ("Meeting", "schedule.meetings (each meeting)"),
    ("Contact", "contact"),
    ("Verification", "verified"),
)


def _schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    schema = model.model_json_schema()
    for name, spec in schema.get("properties", {}).items():
        # pydantic leaves the description off a property that is only a $ref
        description = model.model_fields[name].description
        if "description" not in spec and description:
            spec["description"] = description
    return {"$schema": _DRAFT, "title": title, **{k: v for k, v in schema.items() if k != "title"}}


def entry_schema() -> dict[str, Any]:
    """Return the schema of an entry file, with the schedule shorthands (24/7, by-appointment)."""
    schema = _schema(Entry, "Peer support directory entry")
    schedule = schema["properties"]["schedule"]
    schema["properties"]["schedule"] = {
        "description": schedule.get("description", ""),
        "anyOf": [
            {"type": "string", "enum": list(HOURS)},
            {k: v for k, v in schedule.items() if k != "description"},
        ],
    }
    return schema


def schemas() -> dict[str, dict[str, Any]]:
    """Return every committed schema by file name."""
    return {
        "group.schema.json": entry_schema(),
        "guide.schema.json": _schema(Guide, "Peer support directory guide front matter"),
        "site.schema.json": _schema(SiteConfig, "Peer support directory site settings"),
        "vocabularies.schema.json": _schema(Vocabularies, "Peer support directory vocabularies"),
    }


def dump(schema: dict[str, Any]) -> str:
    """Return the schema as the exact text committed under schema/."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
