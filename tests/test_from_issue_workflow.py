"""The from-issue workflow's steps, run here as GitHub runs them: the `run:` text of each step of
.github/workflows/from-issue.yml with the env the workflow gives it, an `issues` event payload
in GITHUB_EVENT_PATH, and a stand-in `gh` on PATH that records every call."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from test_from_issue import new_entry_body
from test_workflows import workflow_problems

WORKFLOW = ROOT / ".github" / "workflows" / "from-issue.yml"
REPOSITORY = "example/peer-support-directory"
PULL = f"https://github.com/{REPOSITORY}/pull/13"
API = f"repos/{REPOSITORY}"

FAKE_GH = """\
#!{python}
# Stand-in for the GitHub CLI: records each call, answers from responses.json.
import json, sys
from pathlib import Path

here = Path(__file__).parent
args = sys.argv[1:]
call = {{"args": args}}
for flag, key in (("--input", "input"), ("--body-file", "body")):
    if flag in args:
        call[key] = Path(args[args.index(flag) + 1]).read_text(encoding="utf-8")
with open(here / "calls.jsonl", "a", encoding="utf-8") as log:
    log.write(json.dumps(call) + "\\n")
for prefix, output, code in json.loads((here / "responses.json").read_text()):
    if " ".join(args).startswith(prefix):
        print(output)
        sys.exit(code)
"""


def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def event(body: str, number: int = 12, labels: tuple[str, ...] = ("new-entry",)) -> dict[str, Any]:
    """Return an `issues` event payload as GitHub sends it (the parts the workflow reads)."""
    return {
        "action": "opened",
        "issue": {
            "number": number,
            "title": "New entry: Riverside Grief Circle",
            "body": body,
            "state": "open",
            "labels": [{"name": name} for name in labels],
            "user": {"login": "a-visitor"},
            "author_association": "NONE",
        },
        "repository": {"full_name": REPOSITORY, "default_branch": "main"},
        "sender": {"login": "a-visitor"},
    }


class Runner:
    """Run one job's steps as the runner would, with a recorded `gh`."""

    def __init__(self, tmp_path: Path, payload: dict[str, Any]):
        self.tmp = tmp_path
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        gh = self.bin / "gh"
        gh.write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
        gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
        self.responses: list[tuple[str, str, int]] = []
        self.event = tmp_path / "event.json"
        self.event.write_text(json.dumps(payload), encoding="utf-8")
        self.content = tmp_path / "content"
        self.content.mkdir()
        for name in ("site.yaml", "vocabularies.yaml"):
            shutil.copy(ROOT / "content" / name, self.content / name)

    def run(self, job: str, outputs: dict[str, str] | None = None) -> dict[str, str]:
        """Run the job's `run:` steps; return what they wrote to GITHUB_OUTPUT."""
        (self.bin / "responses.json").write_text(json.dumps(self.responses), encoding="utf-8")
        written: dict[str, str] = {}
        for step in workflow()["jobs"][job]["steps"]:
            if "run" not in step or "pip install" in step["run"]:
                continue  # the generator is already installed here
            output = self.tmp / "output.txt"
            output.write_text("", encoding="utf-8")
            env = {
                **os.environ,
                "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
                "GITHUB_EVENT_PATH": str(self.event),
                "GITHUB_OUTPUT": str(output),
                "GITHUB_REPOSITORY": REPOSITORY,
            }
            for key, value in (step.get("env") or {}).items():
                env[key] = _expression(str(value), outputs or {})
            env |= {"PYTHON": sys.executable, "CONTENT": str(self.content)}
            subprocess.run(
                ["bash", "-e", "-c", step["run"]],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            for line in output.read_text(encoding="utf-8").splitlines():
                key, _, value = line.partition("=")
                written[key] = value
        return written

    def calls(self) -> list[dict[str, Any]]:
        log = self.bin / "calls.jsonl"
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def _expression(value: str, outputs: dict[str, str]) -> str:
    """Return an env value with the workflow's ${{ }} expressions evaluated for this test."""

    def evaluate(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        if expression == "github.token":
            return "a-token"
        name = expression.removeprefix("needs.convert.outputs.")
        assert name != expression, f"unexpected expression {expression}"
        return outputs.get(name, "")

    return re.sub(r"\$\{\{(.+?)\}\}", evaluate, value)


def _decode(text: str) -> str:
    return base64.b64decode(text).decode("utf-8")


@pytest.mark.slow  # runs build.py from-issue in a process of its own
def test_new_entry_issue_becomes_a_pull_request_and_a_comment(tmp_path: Path) -> None:
    runner = Runner(tmp_path, event(new_entry_body()))
    outputs = runner.run("convert")
    path = "content/groups/us/riverside-grief-circle.yaml"
    assert outputs["status"] == "0"
    assert outputs["path"] == path
    written = runner.content / "groups" / "us" / "riverside-grief-circle.yaml"
    assert _decode(outputs["entry"]) == written.read_text(encoding="utf-8")
    assert _decode(outputs["report"]).splitlines() == [
        f"wrote {path}",
        f"from-issue: {path} passes check",
    ]
    assert runner.calls() == []  # the read-only job calls no GitHub API

    runner.responses = [
        (f"api {API}/git/ref/heads/main", "0123abc", 0),
        (f"api {API}/git/ref/heads/from-issue/12", "Not Found", 1),
        (f"api {API}/contents/{path}?ref=from-issue/12", "Not Found", 1),
        ("pr create", PULL, 0),
    ]
    runner.run("propose", outputs)
    calls = runner.calls()
    assert [call["args"] for call in calls] == [
        ["api", f"{API}/git/ref/heads/main", "--jq", ".object.sha"],
        ["api", f"{API}/git/ref/heads/from-issue/12", "--jq", ".object.sha"],
        [
            "api",
            "-X",
            "POST",
            f"{API}/git/refs",
            "-f",
            "ref=refs/heads/from-issue/12",
            "-f",
            "sha=0123abc",
        ],
        ["api", f"{API}/contents/{path}?ref=from-issue/12", "--jq", ".sha"],
        ["api", "-X", "PUT", f"{API}/contents/{path}", "--input", calls[4]["args"][-1]],
        [
            "pr",
            "list",
            "--repo",
            REPOSITORY,
            "--head",
            "from-issue/12",
            "--state",
            "open",
            "--json",
            "url",
            "--jq",
            ".[].url",
        ],
        [
            "pr",
            "create",
            "--repo",
            REPOSITORY,
            "--base",
            "main",
            "--head",
            "from-issue/12",
            "--title",
            "Entry from issue #12",
            "--body-file",
            calls[6]["args"][-1],
        ],
        ["issue", "comment", "12", "--repo", REPOSITORY, "--body-file", calls[7]["args"][-1]],
    ]
    put = json.loads(calls[4]["input"])
    assert put == {
        "message": "Entry from the answers in issue #12",
        "content": outputs["entry"],
        "branch": "from-issue/12",
    }
    assert calls[6]["body"].endswith("Merging closes the issue.\n\nCloses #12\n")
    assert calls[7]["body"] == (
        f"Thank you. Your answers are now a pull request: {PULL}. A volunteer checks it before "
        "anything is published; merging it closes this issue. The entry passes "
        "`python build.py check`.\n\n"
        f"```text\nwrote {path}\nfrom-issue: {path} passes check\n```\n"
    )


@pytest.mark.slow  # runs build.py from-issue in a process of its own
def test_edited_issue_starts_its_branch_again_and_updates_the_open_pull_request(
    tmp_path: Path,
) -> None:
    runner = Runner(tmp_path, {**event(new_entry_body(city="Chicago")), "action": "edited"})
    outputs = runner.run("convert")
    path = outputs["path"]
    runner.responses = [
        (f"api {API}/git/ref/heads/main", "0123abc", 0),
        (f"api {API}/git/ref/heads/from-issue/12", "4567def", 0),
        (f"api {API}/compare/0123abc...4567def", "Entry from the answers in issue #12", 0),
        ("pr list", f"{PULL}\n", 0),
    ]
    runner.run("propose", outputs)
    calls = runner.calls()
    assert [call["args"] for call in calls[2:4]] == [
        ["api", f"{API}/compare/0123abc...4567def", "--jq", ".commits[].commit.message"],
        # only this workflow wrote there: a new name must not leave the old file behind
        [
            "api",
            "-X",
            "PATCH",
            f"{API}/git/refs/heads/from-issue/12",
            "-f",
            "sha=0123abc",
            "-F",
            "force=true",
        ],
    ]
    assert [call["args"][:3] for call in calls[4:]] == [
        ["api", f"{API}/contents/{path}?ref=from-issue/12", "--jq"],
        ["api", "-X", "PUT"],
        ["pr", "list", "--repo"],
        ["issue", "comment", "12"],
    ]
    assert "Chicago" in _decode(json.loads(calls[5]["input"])["content"])
    assert calls[7]["body"].startswith(f"Thank you. Your answers are now a pull request: {PULL}.")


def test_edited_issue_keeps_a_maintainers_commits_on_its_branch(tmp_path: Path) -> None:
    runner = Runner(tmp_path, {**event(""), "action": "edited"})
    path = "content/groups/us/riverside-grief-circle.yaml"
    outputs = {
        "status": "0",
        "path": path,
        "entry": base64.b64encode(b"name: x\n").decode(),
        "report": base64.b64encode(b"wrote it").decode(),
    }
    runner.responses = [
        (f"api {API}/git/ref/heads/main", "0123abc", 0),
        (f"api {API}/git/ref/heads/from-issue/12", "4567def", 0),
        (
            f"api {API}/compare/0123abc...4567def",
            "Entry from the answers in issue #12\nFix the postal code",
            0,
        ),
        (f"api {API}/contents/{path}?ref=from-issue/12", "blob789", 0),
        ("pr list", PULL, 0),
    ]
    runner.run("propose", outputs)
    calls = runner.calls()
    assert not any("PATCH" in call["args"] for call in calls)
    assert json.loads(calls[4]["input"])["sha"] == "blob789"
    assert calls[-1]["body"].startswith(
        f"Thank you. Your answers are now a pull request: {PULL}. A volunteer checks it before "
        "anything is published; merging it closes this issue. The entry passes `python build.py "
        "check`.\n\nThe branch from-issue/12 has commits by someone else, so the edited answers "
        "were committed on top of them; check that no file from the earlier answers remains."
    )


@pytest.mark.slow  # runs build.py from-issue in a process of its own
def test_issue_that_gives_nothing_usable_gets_a_comment_and_no_branch(tmp_path: Path) -> None:
    runner = Runner(tmp_path, event("I want to add my group, call me on 555 0100."))
    outputs = runner.run("convert")
    assert outputs["status"] == "1"
    assert outputs["path"] == outputs["entry"] == ""
    runner.run("propose", outputs)
    [call] = runner.calls()
    assert call["args"][:3] == ["issue", "comment", "12"]
    assert call["body"] == (
        "Thank you. Nothing could be made from these answers yet, for the reasons below. You "
        "can edit the issue to correct them, and this runs again.\n\n```text\n"
        "line 1: warning: Privacy and consent: both boxes must be ticked before details are "
        "published; nothing was written\nfrom-issue: nothing was written\n```\n"
    )


@pytest.mark.parametrize(
    "path",
    [
        ".github/workflows/evil.yml",
        "content/groups/../../.github/workflows/evil.yaml",
        "content/site.yaml",
        "content/groups/us/x.yaml\n",
        "/etc/passwd",
        "content/groups/us/X.yaml",
    ],
)
def test_propose_commits_nothing_but_an_entry_file_whatever_convert_hands_over(
    tmp_path: Path, path: str
) -> None:
    runner = Runner(tmp_path, event(""))
    outputs = {
        "status": "0",
        "path": path,
        "entry": base64.b64encode(b"name: x\n").decode(),
        "report": base64.b64encode(b"wrote it").decode(),
    }
    runner.run("propose", outputs)
    [call] = runner.calls()
    assert call["args"][:2] == ["issue", "comment"]
    assert f"refused to commit {path!r}: not an entry file under content/groups/" in call["body"]


def test_report_can_not_break_out_of_its_code_block(tmp_path: Path) -> None:
    report = "line 3: warning: Name: ```\n@everyone <img src=x> ```` [x](javascript:y)"
    runner = Runner(tmp_path, event(""))
    outputs = {
        "status": "1",
        "path": "",
        "entry": "",
        "report": base64.b64encode(report.encode()).decode(),
    }
    runner.run("propose", outputs)
    body = runner.calls()[0]["body"]
    assert body.endswith(f"\n\n`````text\n{report}\n`````\n")


def test_workflow_runs_on_the_forms_issues_only_and_splits_reading_from_writing() -> None:
    document = workflow()
    assert document[True] == {"issues": {"types": ["opened", "edited"]}}
    convert, propose = document["jobs"]["convert"], document["jobs"]["propose"]
    condition = " ".join(convert["if"].split())
    assert condition == (
        "github.event.issue.state == 'open' && "
        "(contains(github.event.issue.labels.*.name, 'new-entry') || "
        "contains(github.event.issue.labels.*.name, 'correction'))"
    )
    labels = {
        yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / name).read_text("utf-8"))["labels"][0]
        for name in ("new-entry.yml", "correction.yml")
    }
    assert labels == {"new-entry", "correction"}
    assert convert["permissions"] == {"contents": "read"}
    assert propose["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
        "issues": "write",
    }
    assert propose["needs"] == "convert"
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8")


def test_rules_catch_a_writing_job_that_runs_the_generator() -> None:
    text = WORKFLOW.read_text(encoding="utf-8").replace(
        "        run: python3 .github/scripts/from_issue.py propose",
        textwrap.indent(
            "run: pip install -e . && python build.py check\n"
            "- run: python3 .github/scripts/from_issue.py propose",
            "        ",
        ).replace("        - run", "      - run"),
    )
    assert workflow_problems("from-issue.yml", text) == [
        "from-issue.yml: jobs.propose: runs 'pip install -e . && python build.py check' while "
        "it can write; it may run only python3 .github/scripts/from_issue.py propose"
    ]
