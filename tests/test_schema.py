"""The committed JSON Schemas: current, documented, and accepting the sample content."""

from __future__ import annotations

import datetime
import json
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import ROOT

from generator.model.schema import dump, schemas


@pytest.mark.parametrize("name", sorted(schemas()))
def test_committed_schema_is_current(name: str) -> None:
    committed = ROOT / "schema" / name
    assert committed.read_text(encoding="utf-8") == dump(schemas()[name]), (
        f"schema/{name} is stale: run `python build.py schema` and commit the result"
    )


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = list(schema.get("properties", {}).items())
    for definition in schema.get("$defs", {}).values():
        found.extend(definition.get("properties", {}).items())
    return found


@pytest.mark.parametrize("name", sorted(schemas()))
def test_every_schema_field_is_described(name: str) -> None:
    undocumented = [
        field for field, spec in _properties(schemas()[name]) if not spec.get("description")
    ]
    assert undocumented == []


def _editor_view(value: Any) -> Any:
    """Return YAML data as an editor's schema check sees it (dates as text)."""
    if isinstance(value, dict):
        return {str(k): _editor_view(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_editor_view(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_sample_entries_validate_against_the_group_schema() -> None:
    schema = json.loads((ROOT / "schema" / "group.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((ROOT / "content" / "groups").rglob("*.yaml"))
    assert files
    for path in files:
        data = _editor_view(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [
            f"{path.name}: {'/'.join(map(str, e.path))}: {e.message}"
            for e in validator.iter_errors(data)
        ]
        assert errors == []
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        target = (path.parent / first_line.split("$schema=", 1)[1]).resolve()
        assert target == (ROOT / "schema" / "group.schema.json").resolve(), path


def test_schema_rejects_what_check_rejects() -> None:
    schema = json.loads((ROOT / "schema" / "group.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    base = {
        "name": "G",
        "kind": "support-group",
        "summary": "S",
        "attendance": "online",
        "joining": "open",
        "facilitation": "peer-led",
        "topics": ["grief"],
        "languages": ["en"],
        "cost": "free",
        "online": {"url": "https://example.org"},
        "schedule": "24/7",
        "verified": {"date": "2026-10-01", "source": "Web"},
    }
    assert list(validator.iter_errors(base)) == []
    for change in (
        {"kind": "group"},
        {"nmae": "x"},
        {"schedule": "weekly"},
        {"summary": "x" * 201},
        {"online": {"url": "javascript:alert(1)"}},
    ):
        assert list(validator.iter_errors({**base, **change})), change
