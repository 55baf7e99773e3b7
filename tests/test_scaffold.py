"""`build.py new`: a file for every kind that passes `check` once its marked places are filled."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import build_py

from generator.cli import main, run_check
from generator.model.models import KINDS

FILLED = {
    "summary": '"A small, friendly group."',
    "description": '"We meet, listen and share."',
    "topics": "[grief]",
    "venue": '"Town Hall"',
    "address": '"1 High Street"',
    "city": '"Springfield"',
    "phone": '"+1 217 555 0142"',
    "url": "https://example.org/sign-up",
    "email": "group@example.org",
    "source": '"Phone call with the facilitator"',
}


def _fill(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        return f"{match.group(1)}{match.group(2)}: {FILLED[match.group(2)]}"

    return re.sub(r'^(\s*)(\w+): \[?""\]?  # <- fill in.*$', replace, text, flags=re.M)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("attendance", ["in-person", "online", "hybrid"])
def test_new_entry_passes_check_once_filled(
    site: Callable[..., Path], kind: str, attendance: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site()
    assert (
        main(
            [
                "new",
                "--content",
                str(root),
                "--kind",
                kind,
                "--attendance",
                attendance,
                "--name",
                "Harbour Lights Circle",
                "--country",
                "us",
            ]
        )
        == 0
    )
    path = root / "groups" / "us" / "harbour-lights-circle.yaml"
    assert capsys.readouterr().out == (
        f"wrote {path}\nFill every place marked '<- fill in', then run: python build.py check\n"
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/group.schema.json\n")
    unfilled = run_check(root)
    assert unfilled.problems and all(
        ": is empty; " in p.message and "remove" not in p.message
        for p in unfilled.problems
        if p.severity == "error"
    )
    path.write_text(_fill(text), encoding="utf-8")
    filled = run_check(root)
    assert [p.format() for p in filled.problems] == []


def test_new_refuses_to_overwrite_and_bad_countries(site: Callable[..., Path]) -> None:
    root = site()
    command = [
        "new",
        "--content",
        str(root),
        "--kind",
        "warmline",
        "--name",
        "Night Line",
        "--country",
    ]
    assert build_py(*command, "GB").returncode == 0
    again = build_py(*command, "GB")
    assert again.returncode == 2
    assert again.stderr.endswith(
        "night-line.yaml already exists; choose another --slug or --name\n"
    )
    wrong = build_py(*command, "USA")
    assert wrong.returncode == 2
    assert wrong.stderr == ("build.py: error: 'USA' is not a two-letter country code such as US\n")
