"""Meeting Guide's type codes are one table each way: every code the feed export writes is
read back by the importer as something the export writes as the same code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, catalog_of

from generator.cli import _parser
from generator.exports.exports import MEETING_GUIDE_PATH, meeting_guide_files
from generator.exports.meeting_types import (
    ACCESSIBILITY,
    ACCESSIBILITY_TYPES,
    AUDIENCE_TYPES,
    AUDIENCES,
    JOINING,
    JOINING_TYPES,
    LANGUAGE_TYPES,
    LANGUAGES,
    READ_AS,
    SIGNED,
    VENUE_TYPES,
    reverse,
)
from generator.tools.importing import run_import

WRITTEN = {
    "language": (LANGUAGE_TYPES, LANGUAGES),
    "audience": (AUDIENCE_TYPES, AUDIENCES),
    "accessibility": ({**VENUE_TYPES, **ACCESSIBILITY_TYPES}, ACCESSIBILITY),
    "joining": (JOINING_TYPES, JOINING),
}


@pytest.mark.parametrize("what", sorted(WRITTEN))
def test_every_code_written_is_read_back_as_a_value_written_as_that_code(what):
    written, read = WRITTEN[what]
    for code in set(written.values()) - ({SIGNED} if what == "language" else set()):
        assert written[read[code]] == code, (what, code)


def test_codes_shared_by_several_values_are_read_as_stated_once():
    assert LANGUAGES["NO"] == "nb" and LANGUAGES["TL"] == "tl" and AUDIENCES["Y"] == "young-adults"
    assert all(READ_AS[code] in {*LANGUAGE_TYPES, *AUDIENCE_TYPES} for code in READ_AS)
    assert "ASL" not in LANGUAGES and ACCESSIBILITY["ASL"] == "asl"
    with pytest.raises(ValueError, match="Meeting Guide type Q is shared"):
        reverse({"one": "Q", "other": "Q"})


def _meeting(number: int, code: str) -> dict[str, object]:
    return {
        "name": f"Round trip {number}",
        "slug": f"round-trip-{number}",
        "day": number % 7,
        "time": "18:00",
        "end_time": "19:00",
        "timezone": "America/Chicago",
        "location": "Community Hall",
        "address": "1 Main Street",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "country": "US",
        "types": [code],
        "updated": "2026-11-01 10:00:00",
    }


def test_every_code_survives_import_then_export(tmp_path: Path):
    """A feed with one meeting per code the export writes, imported into entries and exported
    again, gives every meeting its code back."""
    codes = sorted(
        {code for written, _ in WRITTEN.values() for code in written.values()} - {SIGNED} | {SIGNED}
    )
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([_meeting(n, code) for n, code in enumerate(codes)]))
    content = tmp_path / "content"
    (content / "groups").mkdir(parents=True)
    for name in ("site.yaml", "vocabularies.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    arguments = _parser().parse_args(
        ["import", "meeting-guide", str(feed), "--content", str(content)]
    )
    assert run_import(arguments, TODAY) == 0
    exported = json.loads(meeting_guide_files(catalog_of(content))[MEETING_GUIDE_PATH])
    types = {meeting["name"]: set(meeting["types"]) for meeting in exported}
    lost = [code for n, code in enumerate(codes) if code not in types[f"Round trip {n}"]]
    assert lost == []
    assert len(codes) > 40  # every language, audience, accessibility and joining code
