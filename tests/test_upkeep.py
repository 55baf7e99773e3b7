"""Entries that stay true: the weekly scan keeps one issue per entry that needs a look, and a
ticked box or the maintainer label turns into one pull request moving verified.date. GitHub is
the recording stand-in of test_upkeep_github; the events are the payloads GitHub sends."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import entry
from test_upkeep_github import REPO, FakeGitHub

from generator.tools import upkeep
from generator.tools.github_api import BOT
from generator.tools.linkcheck import Result

TODAY = date(2027, 11, 1)
STALE = entry(name="Old Circle", verified="\n  date: 2026-09-05  # by phone\n  source: Website")
FRENCH = entry(
    name="{fr: Cercle ancien, en: Old French circle}",
    text_language="fr",
    verified="\n  date: 2026-01-01\n  source: Site web",
    contact="\n  email: cercle@example.org",
)
FRESH = entry(name="Fresh Circle", verified="\n  date: 2027-10-01\n  source: Website")


@pytest.fixture
def content(site: Callable[..., Path]) -> Path:
    return site(
        {
            "groups/us/old-circle.yaml": STALE,
            "groups/fr/cercle.yaml": FRENCH,
            "groups/fresh.yaml": FRESH,
        }
    )


def _scan(api: FakeGitHub, content: Path, broken: dict[str, str] | None = None) -> None:
    checked = upkeep.load(content, TODAY)
    findings = upkeep.find(checked, content, TODAY, None)
    for slug, url in (broken or {}).items():
        found = next((f for f in findings if f.slug == slug), None)
        if found is None:
            item = next(i for i in checked.entries if i.slug == slug)
            found = upkeep.Finding(slug, f"content/groups/{slug}.yaml", item.entry)
            findings.append(found)
        found.broken.append(
            ("online.url", Result(url, "broken", "the page is not there (HTTP 404, not found)"))
        )
    todo = upkeep.plan(findings, checked, TODAY, api.open_issues(), True, content)
    upkeep.apply(api, todo)


def test_scan_opens_one_issue_per_stale_entry_with_a_message_in_its_language(
    content: Path,
) -> None:
    api = FakeGitHub()
    _scan(api, content)
    titles = sorted(issue["title"] for issue in api.issues.values())
    assert titles == [
        "Upkeep: is “Old Circle” still running as described?",
        "Upkeep: is “Old French circle” still running as described?",
    ]
    french = next(i for i in api.issues.values() if "cercle" in i["body"])
    body = french["body"]
    assert body.startswith("<!-- upkeep:entry=cercle -->\n")
    assert "Subject: « Cercle ancien » a\\-t\\-il toujours lieu ?" not in body  # no escaping
    assert "Subject: « Cercle ancien » a-t-il toujours lieu ?" in body
    assert "Nous avons vérifié ces informations pour la dernière fois le 1 janvier 2026." in body
    assert "](mailto:cercle@example.org?subject=%C2%AB%20Cercle%20ancien" in body
    assert "- [ ] Still running as described: confirmed with the group" in body
    english = body.split("<details><summary>The same message in English</summary>")[1]
    assert "Subject: Is Old French circle still running?" in english
    old = next(i for i in api.issues.values() if "old-circle" in i["body"])["body"]
    assert "The same message in English" not in old
    assert all(issue["labels"] == [{"name": "upkeep"}] for issue in api.issues.values())


def test_scan_twice_changes_nothing_the_second_time(content: Path) -> None:
    api = FakeGitHub()
    _scan(api, content)
    first = len(api.writes())
    _scan(api, content)
    assert len(api.writes()) == first == 2
    assert len(api.issues) == 2


def test_scan_updates_the_issue_with_broken_links_instead_of_opening_another(
    content: Path,
) -> None:
    api = FakeGitHub()
    _scan(api, content)
    _scan(api, content, broken={"old-circle": "https://example.org/join"})
    _scan(api, content, broken={"fresh": "https://fresh.example.org/"})
    bodies = {upkeep.slug_of(i): i for i in api.issues.values()}
    assert sorted(bodies) == ["cercle", "fresh", "old-circle"]
    fresh = bodies["fresh"]["body"]
    assert (
        "- `online.url` https://fresh.example.org/: the page is not there (HTTP 404, not found)"
    ) in fresh
    assert "### Last confirmed" not in fresh  # only its links need a look
    # old-circle's link works again on the third run: its issue is updated, not duplicated
    assert "Links that don't work" not in bodies["old-circle"]["body"]
    assert len(api.issues) == 3


def test_scan_closes_the_issue_once_the_entry_is_confirmed(
    content: Path, site: Callable[..., Path]
) -> None:
    api = FakeGitHub()
    _scan(api, content)
    confirmed = STALE.replace("2026-09-05", "2027-10-20")
    (content / "groups/us/old-circle.yaml").write_text(confirmed, encoding="utf-8")
    _scan(api, content)
    closed = [i for i in api.issues.values() if i["state"] == "closed"]
    assert [upkeep.slug_of(i) for i in closed] == ["old-circle"]
    (number,) = [i["number"] for i in closed]
    assert api.comments_by_issue[number][0]["body"] == (
        "The entry was confirmed on 2027-10-20 and its links work, so it no longer needs a "
        "look. Thank you!"
    )
    _scan(api, content)
    assert len([c for c in api.calls if c[0] == "PATCH"]) == 1  # closed once


def test_scan_leaves_alone_issues_it_did_not_open(content: Path) -> None:
    api = FakeGitHub()
    forged = "<!-- upkeep:entry=old-circle -->\nplease merge my link"
    api.issues[90] = {
        "number": 90,
        "title": "x",
        "body": forged,
        "labels": [{"name": "upkeep"}],
        "state": "open",
        "user": {"login": "visitor"},
    }
    _scan(api, content)
    assert api.issues[90]["body"] == forged and api.issues[90]["state"] == "open"
    assert len(api.issues) == 3  # its own issue for old-circle, beside the visitor's


def test_issue_text_escapes_what_the_entry_says(site: Callable[..., Path]) -> None:
    hostile = entry(
        name='"@maintainers [click](https://evil.example) <img src=x>"',
        verified="\n  date: 2025-01-01\n  source: x",
        contact="\n  phone: '+1 312 555 0199'",
    )
    content = site({"groups/hostile.yaml": hostile})
    api = FakeGitHub()
    _scan(api, content)
    (issue,) = api.issues.values()
    message_outside_code = issue["body"].split("```")[0] + issue["body"].split("```")[-1]
    assert "@maintainers" not in message_outside_code
    assert "[click](" not in message_outside_code
    assert "reach the group through phone +13125550199" in issue["body"]


# --- confirming --------------------------------------------------------------------------------


def _issue_event(api: FakeGitHub, slug: str) -> dict[str, Any]:
    issue = next(i for i in api.issues.values() if upkeep.slug_of(i) == slug)
    return {"action": "edited", "issue": copy.deepcopy(issue), "sender": {"login": "mo"}}


def _tick(event: dict[str, Any]) -> dict[str, Any]:
    before = event["issue"]["body"]
    event["issue"]["body"] = before.replace("- [ ] Still running", "- [x] Still running")
    event["changes"] = {"body": {"from": before}}
    return event


def _confirming(content: Path) -> FakeGitHub:
    path = "content/groups/us/old-circle.yaml"
    api = FakeGitHub({path: (content / "groups/us/old-circle.yaml").read_text(encoding="utf-8")})
    _scan(api, content)
    api.calls.clear()
    return api


def test_ticking_the_box_opens_one_pull_request_moving_verified_date(content: Path) -> None:
    api = _confirming(content)
    api.permissions["mo"] = "write"
    event = _tick(_issue_event(api, "old-circle"))
    done = upkeep.confirm(api, "issues", event, content, TODAY)
    assert done.startswith("opened #")
    assert not any(call[0] == "DELETE" for call in api.calls)  # no label to take off
    (pull,) = api.pulls
    assert pull["title"] == "Confirm old-circle still runs as described"
    assert pull["head"]["ref"] == "upkeep/still-running/old-circle"
    assert pull["body"].startswith(f"Closes #{event['issue']['number']}.\n\nConfirmed by @mo on")
    changed = api.files[("upkeep/still-running/old-circle", "content/groups/us/old-circle.yaml")]
    assert "  date: 2027-11-01  # by phone\n" in changed  # the comment is kept
    assert f'  source: "Confirmed by @mo on issue #{event["issue"]["number"]}"\n' in changed
    assert changed.replace("2027-11-01", "2026-09-05").replace(
        f'"Confirmed by @mo on issue #{event["issue"]["number"]}"', "Website"
    ) == (content / "groups/us/old-circle.yaml").read_text(encoding="utf-8")
    # the same event again (a re-run): nothing new
    again = upkeep.confirm(api, "issues", event, content, TODAY)
    assert again.startswith("already proposed in #") and len(api.pulls) == 1
    comments = api.comments_by_issue[event["issue"]["number"]]
    assert [c["body"] for c in comments] == [
        f"Opened #{pull['number']} to move verified.date to 2027-11-01."
    ]


def test_the_maintainer_label_confirms_and_is_taken_off(content: Path) -> None:
    api = _confirming(content)
    event = _issue_event(api, "old-circle")
    number = event["issue"]["number"]
    api.issues[number]["labels"].append({"name": "still-running"})
    event.update(action="labeled", label={"name": "still-running"})
    assert upkeep.confirm(api, "issues", event, content, TODAY).startswith("opened #")
    assert ("DELETE", f"/repos/{REPO}/issues/{number}/labels/still-running", None) in api.calls
    assert len(api.pulls) == 1


def test_someone_without_write_access_cannot_confirm(content: Path) -> None:
    api = _confirming(content)
    api.permissions["mo"] = "triage"
    event = _tick(_issue_event(api, "old-circle"))
    done = upkeep.confirm(api, "issues", event, content, TODAY)
    assert done == "nothing to do: the person who ticked the box has no write access"
    assert api.pulls == [] and not any(c[0] in ("PUT", "POST") and "git" in c[1] for c in api.calls)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda e: e, "nothing to do: the box was not ticked by this edit"),
        (
            lambda e: {**e, "action": "labeled", "label": {"name": "bug"}},
            "nothing to do: not the still-running label",
        ),
        (
            lambda e: {**e, "issue": {**e["issue"], "user": {"login": "visitor"}}},
            "nothing to do: not an issue the upkeep workflow opened",
        ),
        (
            lambda e: {**e, "issue": {**e["issue"], "pull_request": {}}},
            "nothing to do: not an issue event",
        ),
    ],
)
def test_other_issue_events_do_nothing(
    content: Path, change: Callable[[dict[str, Any]], dict[str, Any]], why: str
) -> None:
    api = _confirming(content)
    api.permissions["mo"] = "admin"
    assert (
        upkeep.confirm(api, "issues", change(_issue_event(api, "old-circle")), content, TODAY)
        == why
    )
    assert api.writes() == []


def test_an_already_ticked_box_edited_again_does_nothing(content: Path) -> None:
    api = _confirming(content)
    api.permissions["mo"] = "write"
    event = _tick(_issue_event(api, "old-circle"))
    event["changes"]["body"]["from"] = event["issue"]["body"]  # ticked before this edit too
    assert upkeep.confirm(api, "issues", event, content, TODAY) == (
        "nothing to do: the box was not ticked by this edit"
    )


@pytest.mark.parametrize(
    "text",
    [
        "verified: {date: 2026-01-01, source: x}\n",
        "verified:\n  date: 2026-01-01\n  source: |\n    Two\n    lines\n",
    ],
)
def test_confirmed_text_refuses_what_it_cannot_edit_alone(text: str) -> None:
    assert upkeep.confirmed_text("name: x\n" + text, TODAY, "Confirmed") is None


def test_confirmed_text_keeps_quotes_and_comments() -> None:
    text = (
        "name: x\nverified:\n  date: '2026-01-01'   # checked\n  source: Phone\nadded: 2025-01-01\n"
    )
    assert upkeep.confirmed_text(text, TODAY, 'By "mo": #1') == (
        "name: x\nverified:\n  date: '2027-11-01'   # checked\n"
        '  source: "By \\"mo\\": #1"\nadded: 2025-01-01\n'
    )


def test_scan_dry_run_prints_the_plan(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = upkeep.main(
        ["scan", "--content", str(content), "--today", str(TODAY), "--no-links", "--dry-run"]
    )
    assert code == 0
    assert capsys.readouterr().out.splitlines() == [
        "open: Upkeep: is “Old French circle” still running as described?",
        "open: Upkeep: is “Old Circle” still running as described?",
    ]


def test_bot_is_the_workflow_token() -> None:
    assert BOT == "github-actions[bot]"


def test_scan_reports_the_links_a_local_web_says_are_broken(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import http.server
    import threading

    class Web(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_HEAD(self) -> None:  # noqa: N802 (the name http.server calls)
            self.send_response(200 if self.path in ("/", "/robots.txt") else 410)
            self.end_headers()

        do_GET = do_HEAD  # noqa: N815

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Web)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    web = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        content = site(
            {
                "groups/fresh.yaml": entry(
                    name="Fresh Circle",
                    verified="\n  date: 2027-10-01\n  source: Website",
                    online=f"\n  url: {web}/old-room",
                    contact=f"\n  website: {web}/",
                )
            }
        )
        checked = upkeep.load(content, TODAY)
        checker = upkeep.Checker(delay=0.05, timeout=2, allow_private=True)
        (finding,) = upkeep.find(checked, content, TODAY, checker)
    finally:
        server.shutdown()
        server.server_close()
    assert finding.stale_days is None
    assert [(name, r.url, r.problem) for name, r in finding.broken] == [
        ("online.url", f"{web}/old-room", "the page has been removed for good (HTTP 410, gone)")
    ]
    api = FakeGitHub()
    upkeep.apply(api, upkeep.plan([finding], checked, TODAY, [], True))
    (issue,) = api.issues.values()
    assert (
        f"- `online.url` {web}/old-room: the page has been removed for good (HTTP 410, gone)\n"
    ) in issue["body"]


def test_confirm_command_reads_the_event_file(
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    api = _confirming(content)
    event = _issue_event(api, "old-circle")
    event.update(action="labeled", label={"name": "still-running"})
    (tmp_path / "event.json").write_text(json.dumps(event), encoding="utf-8")
    monkeypatch.setattr(upkeep.GitHub, "from_environment", classmethod(lambda cls: api))
    argv = ["confirm", "--content", str(content), "--event", str(tmp_path / "event.json")]
    code = upkeep.main([*argv, "--event-name", "issues", "--today", str(TODAY)])
    assert (code, capsys.readouterr().out) == (0, f"opened #{api.pulls[0]['number']}\n")


def test_an_issue_whose_label_was_dropped_is_still_found(content: Path) -> None:
    api = FakeGitHub()
    _scan(api, content)
    for issue in api.issues.values():
        issue["labels"] = []  # GitHub may drop labels the token sets
    writes = len(api.writes())
    _scan(api, content)
    assert len(api.writes()) == writes and len(api.issues) == 2


def test_an_entry_that_stops_passing_the_check_keeps_its_issue_open(content: Path) -> None:
    api = FakeGitHub()
    _scan(api, content)
    (content / "groups/us/old-circle.yaml").write_text("name: [broken\n", encoding="utf-8")
    _scan(api, content)
    assert [i["state"] for i in api.issues.values()] == ["open", "open"]
    (content / "groups/us/old-circle.yaml").unlink()
    _scan(api, content)
    closed = [i for i in api.issues.values() if i["state"] == "closed"]
    assert [api.comments_by_issue[i["number"]][0]["body"] for i in closed] == [
        "The entry is no longer in the directory, so there is nothing left to check."
    ]


@pytest.mark.parametrize(
    ("language", "subject", "opening"),
    [
        ("en", "Is Circle still running?", "Hello,"),
        ("es", "¿Sigue funcionando «Circle»?", "Hola:"),
        ("fr", "« Circle » a-t-il toujours lieu ?", "Bonjour,"),
        ("ar", "هل ما زالت «Circle» مستمرة؟", "مرحبًا،"),
        ("fr-CA", "« Circle » a-t-il toujours lieu ?", "Bonjour,"),
        ("de", "Is Circle still running?", "Hello,"),
    ],
)
def test_the_message_is_in_the_entrys_language_where_we_have_the_words(
    language: str, subject: str, opening: str
) -> None:
    from generator.tools.upkeep_letters import letter

    message = letter(language, "Circle", "Directory", "https://d.example/x/", "1 mai 2026")
    assert (message.subject, message.body.splitlines()[0]) == (subject, opening)
    assert "https://d.example/x/" in message.body and "1 mai 2026" in message.body
    assert message.mailto("a@b.example").startswith("mailto:a@b.example?subject=")


def test_confirmed_text_keeps_windows_line_endings() -> None:
    text = "name: x\r\nverified:\r\n  date: 2026-01-01\r\n  source: Phone\r\n"
    assert upkeep.confirmed_text(text, TODAY, "Call") == (
        'name: x\r\nverified:\r\n  date: 2027-11-01\r\n  source: "Call"\r\n'
    )
