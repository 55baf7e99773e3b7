"""The GitHub Actions workflows hold no more than they need: zizmor finds nothing high in them,
and the rules a maintainer relies on hold (only the deploy job can publish, and it runs none of
our code; a pull request's code gets a read-only token, no git credentials and no cache)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from generator.tools.upkeep import BOX

WORKFLOWS = ROOT / ".github" / "workflows"
ZIZMOR = Path(sys.executable).parent / "zizmor"
# The scopes that let a job publish the site (the Pages API and the OIDC proof it asks for).
PUBLISHING = ("pages", "id-token")
# Triggers that run with the base repository's write token and secrets while reacting to a
# pull request, the way most stolen tokens have been stolen.
PRIVILEGED_TRIGGERS = ("pull_request_target", "workflow_run")
# The exceptions, each one job with one reason, none of which runs a pull request's code (the
# tests at the end of this file hold them to that):
# - upkeep.yml keeps one issue per entry that needs a look, and turns a maintainer's
#   confirmation into a pull request, running the default branch's code on a schedule or on
#   issue events;
# - preview.yml comments a pull request's preview: the standard safe `workflow_run` pattern, where
#   the build ran with a read-only token in check.yml and this job only reads its artifact as text.
ALLOWED_WRITES = {
    ("upkeep.yml", "scan"): {"issues"},
    ("upkeep.yml", "confirm"): {"contents", "pull-requests", "issues"},
    ("preview.yml", "comment"): {"pull-requests"},
}
ALLOWED_TRIGGERS = {"preview.yml": {"workflow_run"}}
# zizmor flags every workflow_run as dangerous, however it is used; this one is checked below.
ACCEPTED_HIGH = {(".github/workflows/preview.yml", "dangerous-triggers")}
# Jobs that must write to the repository, the scopes each may hold, and the only commands it may
# run: none installs packages or runs the generator, so nothing a pull request or an issue
# supplies runs while the token can write.
WRITERS: dict[str, dict[str, tuple[str, ...]]] = {
    "from-issue.yml: jobs.propose": {
        "scopes": ("contents", "pull-requests", "issues"),
        "runs": ("python3 .github/scripts/from_issue.py propose",),
    },
}
SHA = re.compile(r"[0-9a-f]{40}")
PINNED_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*[\"']?([^\s\"'@]+)@([0-9a-f]{40})[\"']?\s*(#.*)?$")


def _zizmor(*inputs: Path) -> list[dict[str, Any]]:
    """Return zizmor's findings on INPUTS, offline, with no config or ignore comment heeded."""
    assert ZIZMOR.exists(), (
        f"zizmor is not installed beside {sys.executable}: pip install -e '.[test]'"
    )
    result = subprocess.run(
        [
            str(ZIZMOR),
            "--offline",
            "--no-config",
            "--no-ignores",
            "--format",
            "json",
            *map(str, inputs),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    # 0: no findings; 10 to 14: findings, by the highest severity. Anything else is zizmor failing,
    # which must not pass for "nothing found".
    assert result.returncode == 0 or 10 <= result.returncode <= 14, result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    return findings


def _describe(finding: dict[str, Any]) -> str:
    """Return one finding as `path:line: audit: what`, at its primary location."""
    where = next(
        (place for place in finding["locations"] if place["symbolic"]["kind"] == "Primary"),
        finding["locations"][0],
    )
    path = Path(where["symbolic"]["key"]["Local"]["verbatim_path"])
    path = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    line = where["concrete"]["location"]["start_point"]["row"] + 1
    return f"{path}:{line}: {finding['ident']}: {finding['desc']}"


def _high(findings: list[dict[str, Any]]) -> list[str]:
    return [_describe(f) for f in findings if f["determinations"]["severity"] == "High"]


def _accepted(line: str) -> bool:
    where, audit = line.split(": ")[:2]
    return (where.rsplit(":", 1)[0], audit) in ACCEPTED_HIGH


def test_zizmor_finds_nothing_high_in_the_workflows() -> None:
    dependabot = [path for path in [ROOT / ".github" / "dependabot.yml"] if path.exists()]
    high = [line for line in _high(_zizmor(WORKFLOWS, *dependabot)) if not _accepted(line)]
    assert not high, "zizmor finds high-severity problems:\n" + "\n".join(high)


def test_zizmor_still_flags_workflow_run_outside_the_accepted_preview(tmp_path: Path) -> None:
    text = (WORKFLOWS / "preview.yml").read_text(encoding="utf-8")
    (tmp_path / "other.yml").write_text(text, encoding="utf-8")
    high = _high(_zizmor(tmp_path / "other.yml"))
    assert [line.split(": ")[1] for line in high] == ["dangerous-triggers"]
    assert not any(_accepted(line) for line in high)


def test_zizmor_check_sees_the_old_workflows_problems(tmp_path: Path) -> None:
    (tmp_path / "check.yml").write_text(OLD_CHECK, encoding="utf-8")
    (tmp_path / "deploy.yml").write_text(OLD_DEPLOY, encoding="utf-8")
    high = _high(_zizmor(tmp_path / "check.yml", tmp_path / "deploy.yml"))
    audits = {line.split(": ")[1] for line in high}
    assert audits == {"template-injection", "unpinned-uses", "excessive-permissions"}, high


def _action(step: dict[str, Any]) -> str:
    """Return the action a step uses, without its version: `actions/checkout`."""
    return str(step.get("uses", "")).partition("@")[0]


def _pinned(uses: str) -> bool:
    """Tell whether USES names one exact thing that its owner cannot move."""
    if uses.startswith("./"):
        return True  # an action in this repository, at this commit
    if uses.startswith("docker://"):
        return "@sha256:" in uses
    return bool(SHA.fullmatch(uses.partition("@")[2]))


def _step_problems(at: str, step: dict[str, Any]) -> list[str]:
    problems = []
    uses, action = str(step.get("uses", "")), _action(step)
    settings = step.get("with") or {}
    if uses and not _pinned(uses):
        problems.append(
            f"{at}: uses {uses}, a reference its owner can move; "
            "pin it to a full commit SHA with the version in a comment"
        )
    if action == "actions/checkout" and str(settings.get("persist-credentials")).lower() != "false":
        problems.append(
            f"{at}: actions/checkout leaves its token in .git/config for every later step; "
            "add `persist-credentials: false`"
        )
    if action.startswith("actions/cache") or (
        action.startswith("actions/setup-") and "cache" in settings
    ):
        problems.append(
            f"{at}: caches with {uses}; a cache one run fills is trusted by the next, "
            "so nothing here is cached"
        )
    code = {"run": step.get("run")}
    if action == "actions/github-script":
        code["with.script"] = settings.get("script")
    for key, text in code.items():
        if isinstance(text, str) and "${{" in text:
            problems.append(
                f"{at}: expands ${{{{ }}}} inside {key}, where a branch name or title would "
                "become code; pass the value through env"
            )
    return problems


def _job_problems(
    where: str, job: dict[str, Any], inherited: Any, allowed: set[str] | None = None
) -> list[str]:
    problems = []
    permissions = job.get("permissions")
    if "permissions" not in job:
        problems.append(
            f"{where}: declares no permissions, so it gets the workflow's; "
            "list the scopes this job needs, such as `contents: read`"
        )
    elif not isinstance(permissions, dict):
        problems.append(
            f"{where}: permissions is {permissions!r}; list the scopes this job needs, "
            "such as `contents: read`"
        )
    # A job without its own permissions gets the workflow's.
    effective = permissions if "permissions" in job else inherited
    if isinstance(effective, str) and effective.startswith("write"):
        problems.append(f"{where}: holds {effective}; no job here needs to write to the repository")
    steps = job.get("steps") or []
    only_deploys = bool(steps) and all(_action(step) == "actions/deploy-pages" for step in steps)
    levels = effective if isinstance(effective, dict) else {}
    writes = [scope for scope, level in levels.items() if level == "write"]
    writer = WRITERS.get(where, {})
    if writer:
        for step in steps:
            if "run" in step and step["run"].strip() not in writer["runs"]:
                problems.append(
                    f"{where}: runs {step['run'].strip()!r} while it can write; "
                    f"it may run only {', '.join(writer['runs'])}"
                )
    writes = [scope for scope in writes if scope not in writer.get("scopes", ())]
    for scope in writes:
        if scope in (allowed or set()):
            continue
        if scope not in PUBLISHING:
            problems.append(
                f"{where}: holds {scope}: write; no job here needs to write to the repository"
            )
        elif not only_deploys:
            problems.append(
                f"{where}: holds {scope}: write but runs more than actions/deploy-pages; "
                "build in a read-only job and hand the site over as a Pages artifact"
            )
    if any(scope in PUBLISHING for scope in writes) and not job.get("environment"):
        problems.append(
            f"{where}: holds write permissions outside an environment; "
            "add `environment: github-pages` so its protection rules apply"
        )
    if "timeout-minutes" not in job:
        problems.append(f"{where}: has no timeout-minutes, so a stuck run goes on for six hours")
    if "uses" in job and not _pinned(str(job["uses"])):
        problems.append(
            f"{where}: uses {job['uses']}; pin the reusable workflow to a full commit SHA"
        )
    for index, step in enumerate(steps):
        problems += _step_problems(f"{where}.steps[{index}]", step)
    return problems


def workflow_problems(name: str, text: str) -> list[str]:
    """Return, as sentences, every way one workflow file breaks the rules above."""
    document = yaml.safe_load(text)
    problems = []
    triggers = document.get("on", document.get(True))  # YAML 1.1 reads the key `on` as true
    for trigger in PRIVILEGED_TRIGGERS:
        if trigger in ALLOWED_TRIGGERS.get(name, set()):
            continue
        if trigger == triggers or (not isinstance(triggers, str) and trigger in (triggers or ())):
            problems.append(
                f"{name}: runs on {trigger}, with a write token and secrets next to a pull "
                "request's code; use pull_request"
            )
    if "permissions" not in document:
        problems.append(
            f"{name}: has no top-level permissions, so its jobs get the repository's default "
            "token; write `permissions: {}` and give each job its own"
        )
    elif document["permissions"] != {}:
        problems.append(
            f"{name}: top-level permissions is {document['permissions']!r}; "
            "write `permissions: {}` and give each job its own"
        )
    for job_id, job in (document.get("jobs") or {}).items():
        allowed = ALLOWED_WRITES.get((name, job_id))
        problems += _job_problems(
            f"{name}: jobs.{job_id}", job, document.get("permissions"), allowed
        )
    for number, line in enumerate(text.splitlines(), start=1):
        pinned = PINNED_LINE.match(line)
        if pinned and not re.fullmatch(r"#\s*v\d\S*\s*", pinned.group(3) or ""):
            problems.append(
                f"{name}:{number}: {pinned.group(1)} is pinned without its version in a "
                "comment (`# v1.2.3`), so no one can tell which release it is"
            )
    return problems


def _workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


@pytest.mark.parametrize("path", _workflow_files(), ids=lambda path: path.name)
def test_workflow_holds_no_more_than_it_needs(path: Path) -> None:
    problems = workflow_problems(path.name, path.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_only_the_deploy_job_can_publish_and_it_runs_only_deploy_pages() -> None:
    publishers = {}
    for path in _workflow_files():
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job_id, job in document["jobs"].items():
            held = job.get("permissions", document.get("permissions"))
            if held == "write-all" or (
                isinstance(held, dict) and any(held.get(scope) == "write" for scope in PUBLISHING)
            ):
                publishers[f"{path.name}: {job_id}"] = [_action(s) for s in job.get("steps", [])]
    assert publishers == {"deploy.yml: deploy": ["actions/deploy-pages"]}


def test_pull_request_builds_get_a_read_only_token() -> None:
    check = yaml.safe_load((WORKFLOWS / "check.yml").read_text(encoding="utf-8"))
    assert check[True] == {"pull_request": None}
    assert [job["permissions"] for job in check["jobs"].values()] == [{"contents": "read"}]
    deploy = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text(encoding="utf-8"))
    assert deploy["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert deploy["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["group"] == "pages"


# The workflows as they were before these rules, verbatim.
OLD_CHECK = """\
name: Check
on:
  pull_request:
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Check the content, listing what this pull request adds, changes and removes
        run: |
          python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/python build.py check --since "origin/${{ github.base_ref }}"
      - name: Build the site
        run: python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/python build.py build
"""
OLD_DEPLOY = """\
name: Deploy
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Build the site
        run: python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/python build.py build
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def test_rules_catch_the_old_check_workflow() -> None:
    assert workflow_problems("check.yml", OLD_CHECK) == [
        "check.yml: top-level permissions is {'contents': 'read'}; "
        "write `permissions: {}` and give each job its own",
        "check.yml: jobs.check: declares no permissions, so it gets the workflow's; "
        "list the scopes this job needs, such as `contents: read`",
        "check.yml: jobs.check: has no timeout-minutes, so a stuck run goes on for six hours",
        "check.yml: jobs.check.steps[0]: uses actions/checkout@v4, a reference its owner can move; "
        "pin it to a full commit SHA with the version in a comment",
        "check.yml: jobs.check.steps[0]: actions/checkout leaves its token in .git/config for "
        "every later step; add `persist-credentials: false`",
        "check.yml: jobs.check.steps[1]: uses actions/setup-python@v5, a reference its owner can "
        "move; pin it to a full commit SHA with the version in a comment",
        "check.yml: jobs.check.steps[2]: expands ${{ }} inside run, where a branch name or title "
        "would become code; pass the value through env",
    ]


def test_rules_catch_the_old_deploy_workflow() -> None:
    assert workflow_problems("deploy.yml", OLD_DEPLOY) == [
        "deploy.yml: top-level permissions is {'contents': 'read', 'pages': 'write', "
        "'id-token': 'write'}; write `permissions: {}` and give each job its own",
        "deploy.yml: jobs.build: declares no permissions, so it gets the workflow's; "
        "list the scopes this job needs, such as `contents: read`",
        "deploy.yml: jobs.build: holds pages: write but runs more than actions/deploy-pages; "
        "build in a read-only job and hand the site over as a Pages artifact",
        "deploy.yml: jobs.build: holds id-token: write but runs more than actions/deploy-pages; "
        "build in a read-only job and hand the site over as a Pages artifact",
        "deploy.yml: jobs.build: holds write permissions outside an environment; "
        "add `environment: github-pages` so its protection rules apply",
        "deploy.yml: jobs.build: has no timeout-minutes, so a stuck run goes on for six hours",
        "deploy.yml: jobs.build.steps[0]: uses actions/checkout@v4, a reference its owner can "
        "move; pin it to a full commit SHA with the version in a comment",
        "deploy.yml: jobs.build.steps[0]: actions/checkout leaves its token in .git/config for "
        "every later step; add `persist-credentials: false`",
        "deploy.yml: jobs.build.steps[1]: uses actions/setup-python@v5, a reference its owner can "
        "move; pin it to a full commit SHA with the version in a comment",
        "deploy.yml: jobs.build.steps[3]: uses actions/upload-pages-artifact@v3, a reference its "
        "owner can move; pin it to a full commit SHA with the version in a comment",
        "deploy.yml: jobs.deploy: declares no permissions, so it gets the workflow's; "
        "list the scopes this job needs, such as `contents: read`",
        "deploy.yml: jobs.deploy: has no timeout-minutes, so a stuck run goes on for six hours",
        "deploy.yml: jobs.deploy.steps[0]: uses actions/deploy-pages@v4, a reference its owner "
        "can move; pin it to a full commit SHA with the version in a comment",
    ]


def test_rules_catch_what_an_attacker_would_try() -> None:
    attempt = textwrap.dedent(
        """\
        on: [push, pull_request_target]
        permissions: write-all
        jobs:
          preview:
            runs-on: ubuntu-latest
            timeout-minutes: 5
            permissions:
              contents: write
              id-token: write
            steps:
              - uses: actions/checkout@8e8c483db84b4bee98b60c0593521ed34d9990e8
                with:
                  persist-credentials: true
              - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # pinned
                with:
                  cache: pip
              - uses: actions/cache@v4.2.0
              - run: >-
                  echo "${{ github.event.pull_request.title }}"
              - uses: actions/github-script@v7
                with:
                  script: console.log("${{ github.head_ref }}")
              - uses: actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e # v4.0.5
          publish:
            permissions: write-all
            uses: octo/workflows/.github/workflows/pages.yml@main
        """
    )
    assert workflow_problems("preview.yml", attempt) == [
        "preview.yml: runs on pull_request_target, with a write token and secrets next to a pull "
        "request's code; use pull_request",
        "preview.yml: top-level permissions is 'write-all'; "
        "write `permissions: {}` and give each job its own",
        "preview.yml: jobs.preview: holds contents: write; no job here needs to write to the repository",
        "preview.yml: jobs.preview: holds id-token: write but runs more than actions/deploy-pages; "
        "build in a read-only job and hand the site over as a Pages artifact",
        "preview.yml: jobs.preview: holds write permissions outside an environment; "
        "add `environment: github-pages` so its protection rules apply",
        "preview.yml: jobs.preview.steps[0]: actions/checkout leaves its token in .git/config for "
        "every later step; add `persist-credentials: false`",
        "preview.yml: jobs.preview.steps[1]: caches with "
        "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065; a cache one run fills is "
        "trusted by the next, so nothing here is cached",
        "preview.yml: jobs.preview.steps[2]: uses actions/cache@v4.2.0, a reference its owner can "
        "move; pin it to a full commit SHA with the version in a comment",
        "preview.yml: jobs.preview.steps[2]: caches with actions/cache@v4.2.0; a cache one run "
        "fills is trusted by the next, so nothing here is cached",
        "preview.yml: jobs.preview.steps[3]: expands ${{ }} inside run, where a branch name or "
        "title would become code; pass the value through env",
        "preview.yml: jobs.preview.steps[4]: uses actions/github-script@v7, a reference its owner "
        "can move; pin it to a full commit SHA with the version in a comment",
        "preview.yml: jobs.preview.steps[4]: expands ${{ }} inside with.script, where a branch "
        "name or title would become code; pass the value through env",
        "preview.yml: jobs.publish: permissions is 'write-all'; list the scopes this job needs, "
        "such as `contents: read`",
        "preview.yml: jobs.publish: holds write-all; no job here needs to write to the repository",
        "preview.yml: jobs.publish: has no timeout-minutes, so a stuck run goes on for six hours",
        "preview.yml: jobs.publish: uses octo/workflows/.github/workflows/pages.yml@main; "
        "pin the reusable workflow to a full commit SHA",
        "preview.yml:11: actions/checkout is pinned without its version in a comment (`# v1.2.3`), "
        "so no one can tell which release it is",
        "preview.yml:14: actions/setup-python is pinned without its version in a comment "
        "(`# v1.2.3`), so no one can tell which release it is",
    ]


@pytest.mark.parametrize(
    "triggers",
    ["pull_request_target", "[pull_request_target]", "{pull_request_target: {branches: [main]}}"],
)
def test_rules_catch_pull_request_target_however_it_is_written(triggers: str) -> None:
    assert workflow_problems("w.yml", f"on: {triggers}\npermissions: {{}}\njobs: {{}}\n") == [
        "w.yml: runs on pull_request_target, with a write token and secrets next to a pull "
        "request's code; use pull_request"
    ]


def test_rules_catch_workflow_run() -> None:
    text = "on:\n  workflow_run:\n    workflows: [Check]\npermissions: {}\njobs: {}\n"
    assert workflow_problems("w.yml", text) == [
        "w.yml: runs on workflow_run, with a write token and secrets next to a pull "
        "request's code; use pull_request"
    ]


def test_rules_accept_the_safe_forms() -> None:
    safe = textwrap.dedent(
        """\
        on: pull_request
        permissions: {}
        jobs:
          check:
            runs-on: ubuntu-latest
            timeout-minutes: 5
            permissions:
              contents: read
            steps:
              - uses: "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1" # v7.0.1
                with:
                  persist-credentials: "false"
              - uses: ./.github/actions/local
              - uses: docker://alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000
              - env:
                  TITLE: ${{ github.event.pull_request.title }}
                run: echo "$TITLE"
        """
    )
    assert workflow_problems("check.yml", safe) == []


def _load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return document


def _checkouts(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [step.get("with") or {} for step in job["steps"] if _action(step) == "actions/checkout"]


def test_jobs_that_write_run_only_the_default_branch_and_never_on_pull_requests() -> None:
    for (name, job_id), scopes in ALLOWED_WRITES.items():
        document = _load(name)
        triggers = set(document[True])
        assert not triggers & {"pull_request", "pull_request_target", "push"}, name
        job = document["jobs"][job_id]
        held = {scope for scope, level in job["permissions"].items() if level == "write"}
        assert held == scopes, f"{name}: {job_id} writes {held}"
        for settings in _checkouts(job):
            # no ref or repository: the default branch's own commit, never a pull request's
            assert set(settings) == {"persist-credentials"}, f"{name}: {job_id}: {settings}"
        for step in job["steps"]:
            assert "${{" not in str(step.get("run", "")), f"{name}: {job_id}: {step}"


def test_upkeep_runs_on_a_schedule_by_hand_and_on_issue_edits_only() -> None:
    document = _load("upkeep.yml")
    assert document[True] == {
        "schedule": [{"cron": "23 6 * * 1"}],
        "workflow_dispatch": None,
        "issues": {"types": ["labeled", "edited"]},
    }
    assert "issue_comment" not in document[True]  # anyone can comment; only writers can edit


def test_upkeep_confirm_starts_for_the_box_ticked_with_x_or_capital_x() -> None:
    """GitHub's contains() ignores case, so the `[x]` in the `if:` also lets through the `[X]`
    a hand edit writes (upkeep reads both); the words are the box's own."""
    condition = _load("upkeep.yml")["jobs"]["confirm"]["if"]
    match = re.search(r"contains\(github\.event\.issue\.body, '\[x\] ([^']+)'\)", condition)
    assert match is not None, condition
    assert BOX.startswith(match.group(1))


def test_preview_comment_job_never_runs_what_the_pull_request_made() -> None:
    document = _load("preview.yml")
    assert document[True] == {"workflow_run": {"workflows": ["Check"], "types": ["completed"]}}
    (job,) = document["jobs"].values()
    actions = [_action(step) for step in job["steps"] if "uses" in step]
    assert actions == ["actions/checkout", "actions/setup-python"]  # no download-artifact
    runs = [step["run"] for step in job["steps"] if "run" in step]
    # no install (nothing from a pull request's pyproject), only the stdlib script of main
    assert runs == ['python3 -m generator.tools.preview post --event "$GITHUB_EVENT_PATH"']


def test_check_uploads_the_preview_and_the_site_with_a_read_only_token() -> None:
    document = _load("check.yml")
    (job,) = document["jobs"].values()
    uploads = {
        step["with"]["name"]: step["with"]["path"]
        for step in job["steps"]
        if _action(step) == "actions/upload-artifact"
    }
    assert uploads == {"site": "pr/site", "preview": "preview/preview.json"}
    assert job["permissions"] == {"contents": "read"}
