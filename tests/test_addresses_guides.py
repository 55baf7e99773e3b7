"""Hostile pull requests, addresses: a guide's file name is its address, so it is unique.

A same-named guide added in a sub-folder of resources/ used to replace the existing guide
silently; now both files are named in an error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ENTRY, TODAY

from generator.cli import run_check

GUIDE = "---\ntitle: {title}\nsummary: A guide.\nupdated: 2026-10-01\n---\nText.\n"


def problems_of(root: Path) -> list[str]:
    prefix = root.as_posix() + "/"
    return [p.format().replace(prefix, "") for p in run_check(root, TODAY).problems]


@pytest.mark.parametrize(
    "second",
    ["resources/extra/first-meeting.md", "resources/a/b/c/first-meeting.md"],
)
def test_a_second_guide_with_the_same_name_is_an_error_naming_both(
    site: Callable[..., Path], second: str
) -> None:
    root = site({"groups/good.yaml": ENTRY, second: GUIDE.format(title="Replacement")})
    found = problems_of(root)
    assert found == [
        f"{second}:2:1: error: another guide already uses the file name 'first-meeting.md' "
        "(resources/first-meeting.md); guide file names are their page addresses and must be "
        "unique in all of resources/: rename one"
    ]


def test_a_second_translation_with_the_same_name_is_an_error(site: Callable[..., Path]) -> None:
    root = site(
        {
            "groups/good.yaml": ENTRY,
            "resources/more/first-meeting.es.md": GUIDE.format(title="Otra"),
        }
    )
    assert problems_of(root) == [
        "resources/more/first-meeting.es.md:2:1: error: another guide already uses the file name "
        "'first-meeting.es.md' (resources/first-meeting.es.md); guide file names are their page "
        "addresses and must be unique in all of resources/: rename one"
    ]


def test_guides_in_sub_folders_with_distinct_names_are_fine(site: Callable[..., Path]) -> None:
    root = site({"groups/good.yaml": ENTRY, "resources/more/other.md": GUIDE.format(title="B")})
    assert problems_of(root) == []
