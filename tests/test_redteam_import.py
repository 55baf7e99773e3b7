"""`build.py import`, tried as a volunteer with two sources would: a group in the second source
with the same name as one the first source gave (two towns' "Big Book Study") is a new entry,
never written over the first one's file."""

from __future__ import annotations

from pathlib import Path

import yaml
from test_import import content, run

__all__ = ["content"]

HEADER = "name;kind;attendance;city;country;topics;languages\n"


def _source(folder: Path, name: str, city: str, *more: str) -> Path:
    source = folder / name
    rows = [f"Big Book Study;support-group;in-person;{city};US;grief;en\n", *more]
    source.write_text(HEADER + "".join(rows), encoding="utf-8")
    return source


def _cities(content: Path) -> dict[str, str]:
    return {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))["location"]["city"]
        for path in sorted((content / "groups").rglob("*.yaml"))
    }


def test_a_second_source_never_writes_over_an_entry_the_first_source_gave(
    content: Path, tmp_path: Path
) -> None:
    austin = _source(tmp_path, "austin.csv", "Austin")
    boston = _source(
        tmp_path,
        "boston.csv",
        "Boston",
        "Big Book Study;support-group;in-person;Salem;US;grief;en\n",
    )
    assert run("csv", austin, "--content", content) == 0
    assert run("csv", boston, "--content", content) == 0
    expected = {
        "big-book-study.yaml": "Austin",
        "big-book-study-2.yaml": "Boston",
        "big-book-study-2-2.yaml": "Salem",
    }
    assert _cities(content) == expected
    # each source finds its own files again: importing both once more changes nothing
    before = {p: p.read_bytes() for p in (content / "groups").rglob("*.yaml")}
    assert run("csv", boston, "--content", content) == 0
    assert run("csv", austin, "--content", content) == 0
    assert {p: p.read_bytes() for p in (content / "groups").rglob("*.yaml")} == before
