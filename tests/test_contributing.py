"""The volunteer path: CONTRIBUTING.md, issue forms, pull request template, workflows, and the
edit and report links on entry pages, all kept in step with the schema and the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from test_cli import INVALID_REPORT
from test_hygiene import _quick_start

from generator.model.models import ATTENDANCE, COSTS, JOINING, KINDS
from generator.tools import contributing

GITHUB = ROOT / ".github"


def test_contributing_field_reference_is_current() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert contributing.update(text) == text, "run `python build.py schema` and commit"
    for field in ("name", "kind", "summary", "schedule", "verified", "city", "timezone", "weeks"):
        assert f"| `{field}` |" in text


def test_contributing_examples_are_real_messages() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    examples = re.findall(r"^content/groups/\S+: error: (.*)$", text, re.MULTILINE)
    assert len(examples) == 3
    for message in examples:
        assert f"error: {message}\n" in INVALID_REPORT


def _workflow(name: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((GITHUB / "workflows" / name).read_text(encoding="utf-8"))


def test_workflows_run_the_readme_commands() -> None:
    install = _quick_start()[0].split(" && .venv/bin/python build.py")[0]
    check = _workflow("check.yml")
    assert check[True] == {"pull_request": None}  # YAML 1.1 reads the key `on` as true
    steps = check["jobs"]["check"]["steps"]
    runs = [step.get("run", "").strip() for step in steps]
    # the review runs the base branch's code on the pull request's tree, the build the PR's own
    review = install.replace(".venv", "../.venv-base").replace("-e .", "-e ../base")
    assert (
        f'{review} && ../.venv-base/bin/python ../base/build.py check --since "origin/$BASE_REF"'
        in runs
    )
    assert f"{install} && .venv/bin/python build.py build" in runs
    checkouts = {s["with"]["path"]: s["with"] for s in steps if "checkout" in s.get("uses", "")}
    assert checkouts["base"]["ref"] == "${{ github.base_ref }}"
    # every step runs in one of the two trees; the pull request's code builds only its own
    assert all(s.get("working-directory") in {"pr", "base"} for s in steps if "run" in s)
    assert all(
        s["working-directory"] == "pr"
        for s in steps
        if "build.py build" in s.get("run", "") and "base" not in s.get("name", "")
    )
    deploy = _workflow("deploy.yml")
    assert deploy[True]["push"] == {"branches": ["main"]}
    steps = deploy["jobs"]["build"]["steps"]
    assert f"{install} && .venv/bin/python build.py build" in [s.get("run", "") for s in steps]
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert [s["with"]["path"] for s in upload] == ["site"]
    for workflow in (check, deploy):
        assert "secrets." not in yaml.safe_dump(workflow)


def _form(name: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["new-entry.yml", "correction.yml"])
def test_issue_forms_are_valid(name: str) -> None:
    form = _form(name)
    assert {"name", "description", "body"} <= set(form)
    ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
    assert len(ids) == len(set(ids))
    for item in form["body"]:
        assert item["type"] in ("markdown", "input", "textarea", "dropdown", "checkboxes")
        if item["type"] != "markdown":
            assert item["attributes"]["label"]


def test_new_entry_form_offers_the_schema_values() -> None:
    fields = {item["id"]: item for item in _form("new-entry.yml")["body"] if "id" in item}
    assert fields["kind"]["attributes"]["options"] == list(KINDS)
    assert fields["attendance"]["attributes"]["options"] == list(ATTENDANCE)
    assert fields["joining"]["attributes"]["options"] == list(JOINING)
    assert fields["cost"]["attributes"]["options"] == list(COSTS)


def test_pull_request_template_asks_for_source_date_and_consent() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8").lower()
    for needed in ("source", "verified.date", "consent", "meeting room", "duplicate"):
        assert needed in text


def test_entry_pages_link_to_edit_and_report(sample_build: Path) -> None:
    page = sample_build / "fr" / "groups" / "cercle-entraide-croix-rousse" / "index.html"
    html = page.read_text(encoding="utf-8")
    edit = re.search(
        r'href="(https://github.com/example/peer-support-directory/edit/main/'
        r'content/([^"]+))"',
        html,
    )
    assert edit is not None and (ROOT / "content" / edit.group(2)).is_file()
    report = re.search(r'href="([^"]*/issues/new\?[^"]*)"', html)
    assert report is not None
    assert "template=correction.yml" in report.group(1)
    assert "entry=cercle-entraide-croix-rousse" in report.group(1)
    field_ids = {item.get("id") for item in _form("correction.yml")["body"]}
    assert "entry" in field_ids
    assert ">Suggérer une modification</a>" in html


def test_stale_entries_say_so_to_the_reader(sample_build: Path) -> None:
    html = (
        sample_build / "en" / "groups" / "capitol-city-mood-support-group" / "index.html"
    ).read_text(encoding="utf-8")
    assert "This was 18 months ago, so details may have changed" in html
