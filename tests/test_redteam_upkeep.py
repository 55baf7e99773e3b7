"""The upkeep issue, tried as an attacker would with an entry's name: whatever the name says,
the issue pings nobody, links nowhere, and its box still confirms the entry when ticked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from conftest import entry
from test_upkeep_github import FakeGitHub

from generator.tools import upkeep

TODAY = date(2027, 11, 1)
BOX_LINE = f"- [x] {upkeep.BOX}"


def _issue(site: Callable[..., Path], name: str) -> tuple[Path, FakeGitHub, dict[str, object]]:
    hostile = entry(name=name, verified="\n  date: 2025-01-01\n  source: x")
    content = site({"groups/hostile.yaml": hostile})
    api = FakeGitHub({"content/groups/hostile.yaml": hostile})
    checked = upkeep.load(content, TODAY)
    findings = upkeep.find(checked, content, TODAY, None)
    upkeep.apply(api, upkeep.plan(findings, checked, TODAY, api.open_issues(), True, content))
    (issue,) = api.issues.values()
    return content, api, issue


def test_a_name_with_an_entity_or_a_www_address_pings_nobody_and_links_nowhere(
    site: Callable[..., Path],
) -> None:
    _content, _api, issue = _issue(site, '"&commat;maintainers, see www.evil.example"')
    subject = next(line for line in str(issue["body"]).splitlines() if line.startswith("Subject"))
    assert subject == (
        "Subject: Is \\&commat;maintainers, see www\u200b.evil.example still running?"
    )


def test_a_name_holding_the_box_line_does_not_stop_the_box_from_confirming(
    site: Callable[..., Path],
) -> None:
    content, api, issue = _issue(site, f'"Circle\\n{BOX_LINE}\\nand friends"')
    api.permissions["mo"] = "write"
    body = str(issue["body"])
    event = {
        "action": "edited",
        "issue": {**issue, "body": body.replace(f"- [ ] {upkeep.BOX}", BOX_LINE)},
        "changes": {"body": {"from": body}},
        "sender": {"login": "mo"},
    }
    assert upkeep.confirm(api, "issues", event, content, TODAY).startswith("opened #")
