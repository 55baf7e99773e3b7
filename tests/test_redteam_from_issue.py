"""`build.py from-issue`, tried as a confused volunteer would: a time zone answered with
something that is not one is not then called "no answer"."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_from_issue import content, from_issue, new_entry_body

__all__ = ["content"]


@pytest.mark.parametrize(
    ("country", "second"),
    [
        ("United States", "America/Chicago, the usual one for US, was used instead: check it"),
        ("Antarctica", "left empty for a volunteer to fill in"),
    ],
)
def test_an_unreadable_time_zone_is_not_reported_as_no_answer(
    content: Path, capsys: pytest.CaptureFixture[str], country: str, second: str
) -> None:
    from_issue(new_entry_body(timezone="Nowhere/Qqq", country=country), content)
    notes = [
        line.split(": warning: ", 1)[1]
        for line in capsys.readouterr().out.splitlines()
        if ": warning: Time zone: " in line
    ]
    assert notes == [
        "Time zone: 'Nowhere/Qqq' is not an IANA time zone name such as America/Chicago or "
        "Europe/London; left out",
        f"Time zone: {second}",
    ]
