"""A preview reviewers can see: the changed entries of a pull request with their pages and the
diff of their open-data records, posted as one comment by a job that trusts nothing the pull
request made. The workflow_run payload is the one GitHub sends for a fork's pull request."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import ROOT, catalog_of, entry
from test_upkeep_github import REPO, FakeGitHub

from generator.exports.exports import json_files
from generator.tools import preview
from generator.tools.github_api import BOT


def _built(content: Path, out: Path) -> Path:
    """Write a site folder holding only what the preview reads: data/directory.json."""
    files = json_files(catalog_of(content))
    (out / "data").mkdir(parents=True)
    (out / "data/directory.json").write_bytes(files["data/directory.json"])
    return out


def _sites(site: Callable[..., Path], tmp_path: Path) -> tuple[Path, Path]:
    base = _built(
        site({"groups/a.yaml": entry(name="Alpha"), "groups/b.yaml": entry(name="Beta")}),
        tmp_path / "base-site",
    )
    head = _built(
        site(
            {
                "groups/a.yaml": entry(name="Alpha", cost="donation"),
                "groups/c.yaml": entry(name="Gamma"),
                "groups/d.yaml": entry(name="Delta"),
            }
        ),
        tmp_path / "pr-site",
    )
    return base, head


def test_collect_lists_added_changed_and_removed_entries_with_pages_and_diff(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    base, head = _sites(site, tmp_path)
    data = preview.collect(base, head, {"d"}, "0123456789abcdef")
    found = {item["slug"]: item for item in data["entries"]}
    assert {slug: item["status"] for slug, item in found.items()} == {
        "a": "changed",
        "b": "removed",
        "c": "added",
        "d": "added",
    }
    assert found["a"]["pages"] == {
        lang: f"{lang}/groups/a/index.html" for lang in ("en", "es", "fr", "ar")
    }
    assert found["b"]["pages"] == {}
    assert '-  "cost": "free",' in found["a"]["diff"]
    assert '+  "cost": "donation",' in found["a"]["diff"]
    assert all(line[0] in " +-@" for line in found["a"]["diff"])


def test_collect_names_a_changed_file_whose_record_did_not_change(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    base, _head = _sites(site, tmp_path)
    data = preview.collect(base, base, preview.changed_slugs(["content/groups/x/b.yaml"]), "")
    assert data["entries"] == [
        {
            "slug": "b",
            "name": "Beta",
            "status": "unchanged",
            "pages": {lang: f"{lang}/groups/b/index.html" for lang in ("en", "es", "fr", "ar")},
            "diff": [],
        }
    ]


def test_changed_slugs_are_only_entry_files() -> None:
    paths = [
        "content/groups/us/riverside.yaml",
        "content/site.yaml",
        "content/groups/notes.txt",
        "generator/cli.py",
        "content/groups/Bad Name.yaml",
    ]
    assert preview.changed_slugs(paths) == {"riverside"}


# --- the comment ------------------------------------------------------------------------------

RUN_URL = f"https://github.com/{REPO}/actions/runs/77"


def test_render_escapes_names_and_fences_diffs() -> None:
    data = {
        "version": 1,
        "commit": "abcdef0123456789",
        "entries": [
            {
                "slug": "a",
                "name": "@team [x](https://evil.example) <b>|</b>",
                "status": "changed",
                "pages": {"en": "en/groups/a/index.html", "xx": "../../etc", "fr": "a b"},
                "diff": ['-  "name": "A"', "+  ```", "+  @team"],
            }
        ],
    }
    text = preview.render(data, RUN_URL, f"{RUN_URL}/artifacts/5")
    assert text.startswith("<!-- peer-support-preview -->\n### Preview of the changed entries\n")
    assert f"[the `site` artifact]({RUN_URL}/artifacts/5)" in text
    row = next(line for line in text.splitlines() if line.startswith("| @"))
    assert row == (
        "| @\u200bteam \\[x\\]\\(https\\://evil.example\\) \\<b\\>\\|\\</b\\> (`a`) | changed | "
        "en: `en/groups/a/index.html` |"
    )
    assert '````diff\n-  "name": "A"\n+  ```\n+  @team\n````' in text


def test_render_says_so_when_the_data_is_not_a_preview() -> None:
    text = preview.render({"version": 1, "entries": [{"slug": "../x"}]}, RUN_URL, None)
    assert text == (
        "<!-- peer-support-preview -->\n### Preview of the changed entries\n\n"
        f"The preview could not be read (an entry has no valid slug or status); see [the run]"
        f"({RUN_URL}).\n"
    )


def _zip(data: Any) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("preview.json", json.dumps(data))
    return buffer.getvalue()


def _event(head_sha: str = "h", head_repo: str = "fork/directory") -> dict[str, Any]:
    # what GitHub sends for a fork's pull request: pull_requests is empty
    return {
        "action": "completed",
        "workflow_run": {
            "id": 77,
            "event": "pull_request",
            "conclusion": "success",
            "head_sha": head_sha,
            "head_branch": "main",
            "head_repository": {"full_name": head_repo},
            "html_url": RUN_URL,
            "pull_requests": [],
        },
    }


def _api(data: Any) -> FakeGitHub:
    api = FakeGitHub()
    api.pulls = [
        {
            "number": 8,
            "state": "open",
            "head": {"sha": "h", "repo": {"full_name": "fork/directory"}},
        },
        {"number": 9, "state": "open", "head": {"sha": "h", "repo": {"full_name": "other/x"}}},
    ]
    api.artifact_list = [{"id": 5, "name": "site"}, {"id": 6, "name": "preview"}]
    api.zips[6] = _zip(data)
    return api


PREVIEW = {
    "version": 1,
    "commit": "abcdef0123456789",
    "entries": [
        {"slug": "a", "name": "Alpha", "status": "added", "pages": {}, "diff": ["+{"]},
    ],
}


def test_post_comments_once_on_the_pull_request_of_the_runs_commit() -> None:
    api = _api(PREVIEW)
    assert preview.post(api, _event()) == "commented on #8"
    (comment,) = api.comments_by_issue[8]
    assert comment["body"] == preview.render(PREVIEW, RUN_URL, f"{RUN_URL}/artifacts/5")
    assert 9 not in api.comments_by_issue  # same commit, another fork: not this run's
    assert preview.post(api, _event()) == "the comment on #8 is up to date"
    assert len(api.writes()) == 1


def test_post_updates_its_own_comment_when_the_preview_changes() -> None:
    api = _api(PREVIEW)
    api.comments_by_issue[8] = [
        {"id": 40, "body": f"{preview.MARKER} forged", "user": {"login": "visitor"}},
        {"id": 41, "body": f"{preview.MARKER} old", "user": {"login": BOT}},
    ]
    assert preview.post(api, _event()) == "updated the comment on #8"
    assert api.writes() == [
        (
            "PATCH",
            f"/repos/{REPO}/issues/comments/41",
            {"body": api.comments_by_issue[8][1]["body"]},
        )
    ]
    assert api.comments_by_issue[8][0]["body"] == f"{preview.MARKER} forged"


def test_post_does_nothing_for_other_runs() -> None:
    api = _api(PREVIEW)
    push = _event()
    push["workflow_run"]["event"] = "push"
    assert preview.post(api, push) == "nothing to do: the run was not for a pull request"
    assert preview.post(api, _event(head_sha="zzz")) == (
        "nothing to do: no open pull request has the run's commit"
    )
    api.artifact_list = [{"id": 5, "name": "site"}]
    assert preview.post(api, _event()) == (
        "nothing to do: the run made no preview (the check failed before it)"
    )
    assert api.writes() == []


def test_post_reads_a_hostile_artifact_as_text() -> None:
    api = _api(None)
    api.zips[6] = b"PK\x05\x06" + b"\0" * 18  # an empty zip: no preview.json in it
    assert preview.post(api, _event()) == "commented on #8"
    assert (
        "The preview could not be read (not a version 1 preview)"
        in (api.comments_by_issue[8][0]["body"])
    )


def test_collect_command_asks_git_which_entries_changed(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    content = site({"groups/us/a.yaml": entry(name="Alpha"), "groups/b.yaml": entry(name="B")})
    top = content.parent
    who = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "-C", str(top), "init", "-q", "-b", "main"], check=True)
    subprocess.run(["git", "-C", str(top), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(top), *who, "commit", "-qm", "start"], check=True)
    base = _built(content, tmp_path / "base-site")
    # a change that leaves the published record alone: verified.source is never published
    text = (content / "groups/us/a.yaml").read_text(encoding="utf-8")
    (content / "groups/us/a.yaml").write_text(text.replace("source: Website", "source: Call"))
    head = _built(content, tmp_path / "pr-site")
    code = preview.main(
        ["collect", "--base", str(base), "--head", str(head), "--repository", str(top)]
        + ["--since", "main", "--commit", "abc1234", "--out", str(tmp_path / "preview")]
    )
    assert code == 0
    data = json.loads((tmp_path / "preview/preview.json").read_text(encoding="utf-8"))
    assert [(e["slug"], e["status"]) for e in data["entries"]] == [("a", "unchanged")]
    assert data["commit"] == "abc1234"


def test_the_comment_job_needs_nothing_installed() -> None:
    # preview.yml runs `python3 -m generator.tools.preview post` with no pip install
    code = (
        "import sys; sys.path = [p for p in sys.path if 'site-packages' not in p]; "
        "import generator.tools.preview; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pydantic', 'yaml', 'babel', 'jinja2', 'markdown_it'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, "[]\n"), done.stderr


def test_without_the_base_site_only_the_changed_files_are_listed(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    _base, head = _sites(site, tmp_path)
    data = preview.collect(tmp_path / "not-built", head, {"c"}, "")
    assert [(e["slug"], e["status"]) for e in data["entries"]] == [("c", "added")]
    assert data["base_built"] is False
    text = preview.render(data, RUN_URL, None)
    assert "The base branch's site did not build, so each record below is shown whole" in text
