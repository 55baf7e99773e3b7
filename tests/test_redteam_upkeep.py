"""The upkeep issue, tried as an attacker would with an entry's name: whatever the name says,
the issue pings nobody, links nowhere, and its box still confirms the entry when ticked."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from conftest import entry
from test_upkeep_github import FakeGitHub

from generator.tools import upkeep
from generator.tools.linkcheck import Checker

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


class _Redirect(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:  # noqa: N802 (the name http.server calls)
        self.send_response(302)
        self.send_header(
            "Location", "x:@org/team,&commat;admins,www.evil.example,https://evil.example"
        )
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_a_site_redirecting_to_hostile_words_pings_nobody_and_links_nowhere(
    site: Callable[..., Path],
) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        result = Checker(delay=0, timeout=2, allow_private=True, robots=False).check_one(url)
    finally:
        server.shutdown()
        server.server_close()
    assert result.problem.startswith("the site redirects to x:@org/team")
    content = site(
        {"groups/a.yaml": entry(name="Fresh", verified="\n  date: 2027-10-01\n  source: Website")}
    )
    checked = upkeep.load(content, TODAY)
    (item,) = checked.entries
    finding = upkeep.Finding(
        "a", "content/groups/a.yaml", item.entry, None, [("online.url", result)]
    )
    line = next(
        line
        for line in upkeep.issue_body(finding, checked, TODAY).splitlines()
        if line.startswith("- `online.url`")
    )
    assert line.endswith(
        ": the site redirects to x\\:@\u200borg/team,\\&commat;admins,www\u200b.evil.example,"
        "https\\://evil.example, not a web page"
    )
