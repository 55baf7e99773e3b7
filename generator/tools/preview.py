"""A preview reviewers can see: each entry a pull request changes, its pages, its data diff.

Two halves, for the safe pattern GitHub documents for pull requests from forks:

- `collect` runs in the pull request's own check job (read-only token, untrusted content). It
  compares the open-data records (data/directory.json) of the base branch's build and the pull
  request's build, for the entries whose files changed or whose records differ, and writes
  plain JSON: slugs, names, page paths and the diff of each record.
- `post` runs in a `workflow_run` job of the default branch, with the right to comment. It never
  runs anything from the pull request: it reads that JSON as untrusted text, checks its shape,
  writes the comment itself (escaping every name, fencing every diff) and updates its one
  comment on the pull request instead of adding another. The pull request is found from the
  run's own head commit and repository, never from the artifact.

The site is published on GitHub Pages, which has no per-pull-request previews, so the comment
links the run's `site` artifact and names each page's path inside it.
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.tools.github_api import BOT, GitHub, GitHubError

MARKER = "<!-- peer-support-preview -->"
PREVIEW_ARTIFACT = "preview"
SITE_ARTIFACT = "site"
PREVIEW_FILE = "preview.json"
DIRECTORY = "data/directory.json"
MAX_ENTRIES = 50
"""Entries listed in one comment; the rest are counted."""
MAX_PAGES = 10
"""Pages named for one entry (one per language); the rest are counted."""
MAX_DIFF_LINES = 120
MAX_LINE = 300
MAX_COMMENT = 60_000
"""GitHub refuses a comment over 65,536 characters."""
MAX_PREVIEW_BYTES = 1_000_000
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}")
_PAGE = re.compile(r"[A-Za-z0-9._/-]{1,300}")
_SHA = re.compile(r"[0-9a-f]{7,64}")
STATUSES = ("added", "changed", "removed", "unchanged")


# --- collect: in the pull request's job -----------------------------------------------------


def records(site: Path | None) -> tuple[dict[str, dict[str, Any]], str]:
    """Return a built site's entry records by slug, and its base URL (empty when not built)."""
    path = None if site is None else site / DIRECTORY
    if path is None or not path.is_file():
        return {}, ""
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = {str(item["slug"]): item for item in data.get("entries", [])}
    return entries, str((data.get("site") or {}).get("base_url") or "")


def changed_slugs(paths: Sequence[str], content: str = "content") -> set[str]:
    """Return the slugs of the entry files among repository paths."""
    prefix = content.rstrip("/") + "/groups/"
    return {
        Path(path).stem
        for path in paths
        if path.startswith(prefix) and path.endswith(".yaml") and _SLUG.fullmatch(Path(path).stem)
    }


def git_changed(since: str, folder: Path) -> list[str]:
    """Return the paths git says changed since a revision (empty when git can't tell)."""
    if since.startswith("-"):
        return []
    done = subprocess.run(
        ["git", "-C", str(folder), "diff", "--name-only", "-z", "--no-renames", since, "--"],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        return []
    return [os.fsdecode(name) for name in done.stdout.split(b"\0") if name]


def _dumped(record: dict[str, Any] | None) -> list[str]:
    if record is None:
        return []
    return json.dumps(record, ensure_ascii=False, indent=2).splitlines()


def _name(record: dict[str, Any]) -> str:
    name = record.get("name")
    if isinstance(name, dict):
        own = record.get("text_language")
        name = name.get(own) if own in name else next(iter(name.values()), "")
    return str(name or "")


def _status(old: dict[str, Any] | None, new: dict[str, Any] | None) -> str:
    if old is None and new is not None:
        return "added"
    if new is None and old is not None:
        return "removed"
    # the same record, or none on either side (a file that doesn't build: the check says why)
    return "changed" if old != new else "unchanged"


def collect(base: Path | None, head: Path, changed: set[str], commit: str) -> dict[str, Any]:
    """Return the preview's data: every changed entry with its pages and record diff."""
    before, _ = records(base)
    after, base_url = records(head)
    differ = {slug for slug in before.keys() | after.keys() if before.get(slug) != after.get(slug)}
    # without the base branch's build every entry would differ: list the changed files only
    slugs = set(changed) | (differ if before else set())
    entries = []
    for slug in sorted(slugs):
        old, new = before.get(slug), after.get(slug)
        pages = {}
        for lang, url in ((new or {}).get("urls") or {}).items():
            path = str(url).removeprefix(base_url).lstrip("/")
            pages[lang] = path + ("index.html" if path.endswith("/") else "")
        diff = difflib.unified_diff(_dumped(old), _dumped(new), "base", "pull request", n=2)
        entries.append(
            {
                "slug": slug,
                "name": _name(new or old or {}),
                "status": _status(old, new),
                "pages": pages,
                "diff": [line.rstrip("\n") for line in list(diff)[2:]],
            }
        )
    return {"version": 1, "commit": commit, "base_built": bool(before), "entries": entries}


# --- post: in the workflow_run job, trusting nothing it reads ------------------------------


def _checked(data: Any) -> tuple[str, list[dict[str, Any]]]:
    """Return the commit and the well-formed entries of untrusted preview data."""
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ValueError("not a version 1 preview")
    commit = data.get("commit")
    commit = commit if isinstance(commit, str) and _SHA.fullmatch(commit) else ""
    entries = []
    listed = data.get("entries")
    for item in listed if isinstance(listed, list) else []:
        if not isinstance(item, dict):
            raise ValueError("an entry is not an object")
        slug, status = item.get("slug"), item.get("status")
        if not isinstance(slug, str) or not _SLUG.fullmatch(slug) or status not in STATUSES:
            raise ValueError("an entry has no valid slug or status")
        pages: dict[Any, Any] = item["pages"] if isinstance(item.get("pages"), dict) else {}
        diff: list[Any] = item["diff"] if isinstance(item.get("diff"), list) else []
        entries.append(
            {
                "slug": slug,
                "status": status,
                "name": str(item.get("name") or "")[:200],
                "pages": {
                    lang: path
                    for lang, path in pages.items()
                    if isinstance(lang, str)
                    and _LANG.fullmatch(lang)
                    and isinstance(path, str)
                    and _PAGE.fullmatch(path)
                    and ".." not in path
                },
                "diff": [str(line)[:MAX_LINE] for line in diff[: MAX_DIFF_LINES + 1]],
            }
        )
    return commit, entries


def _inline(text: str) -> str:
    """Return untrusted text as inert Markdown: no markup, link, HTML or mention."""
    text = " ".join(text.split())
    # & too: GitHub decodes an entity such as &commat; before it looks for mentions
    text = re.sub(r"([\\`*_{}\[\]()<>#+!|~:&])", r"\\\1", text)
    # a zero-width space after www stops the www.example.org links GitHub makes without ://
    text = re.sub(r"(?i)\b(www)\.", "\\1\u200b.", text)
    return re.sub(r"@", "@\u200b", text)


def _fence(lines: list[str]) -> str:
    longest = max((len(m) for line in lines for m in re.findall(r"`{3,}|~{3,}", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return "\n".join([f"{fence}diff", *lines, fence])


def render(data: Any, run_url: str, artifact_url: str | None) -> str:
    """Return the comment for untrusted preview data (a short note when it is malformed)."""
    head = [MARKER, "### Preview of the changed entries", ""]
    try:
        commit, entries = _checked(data)
    except ValueError as exc:
        note = f"The preview could not be read ({exc}); see [the run]({run_url})."
        return "\n".join([*head, note]) + "\n"
    where = f"[the `site` artifact]({artifact_url})" if artifact_url else "the `site` artifact"
    built = f"commit {commit[:12]}" if commit else "this pull request"
    head += [
        f"Built from {built} by [this run]({run_url}). The site is published on GitHub Pages, "
        f"which has no previews of pull requests, so the built site is {where}: download it, "
        "unzip it and open the paths below, or serve it with `python -m http.server -d site` "
        "and add them to http://localhost:8000/.",
        "",
    ]
    if isinstance(data, dict) and data.get("base_built") is False:
        head += [
            "The base branch's site did not build, so each record below is shown whole and "
            "only the entry files this pull request touches are listed.",
            "",
        ]
    if not entries:
        return "\n".join([*head, "No entry changes in this pull request."]) + "\n"
    lines = [*head, "| Entry | Change | Pages in the artifact |", "| --- | --- | --- |"]
    size, listed = sum(len(line) + 1 for line in lines), 0
    for item in entries[:MAX_ENTRIES]:
        found = sorted(item["pages"].items())
        pages = " · ".join(f"{lang}: `{path}`" for lang, path in found[:MAX_PAGES])
        if len(found) > MAX_PAGES:
            pages += f" · and {len(found) - MAX_PAGES} more"
        name = _inline(item["name"]) or "(no name)"
        row = f"| {name} (`{item['slug']}`) | {item['status']} | {pages or '—'} |"
        if size + len(row) > MAX_COMMENT - 1_000:  # a forged artifact: keep the comment postable
            break
        lines.append(row)
        size, listed = size + len(row) + 1, listed + 1
    if len(entries) > listed:
        lines.append(f"\n… and {len(entries) - listed} more entries, not listed here.")
    lines.append("")
    details = []
    for item in entries[:MAX_ENTRIES]:
        if not item["diff"]:
            continue
        diff = item["diff"][:MAX_DIFF_LINES]
        if len(item["diff"]) > MAX_DIFF_LINES:
            diff.append("… (longer: compare data/directory.json in the artifacts)")
        details += [
            f"<details><summary>Open data record of <code>{item['slug']}</code> "
            f"({DIRECTORY}), before and after</summary>",
            "",
            _fence(diff),
            "",
            "</details>",
            "",
        ]
    text, block = "\n".join(lines), "\n".join(details)
    if len(text) + len(block) < MAX_COMMENT:
        text += "\n" + block
    else:
        text += "\nThe record diffs are too long for a comment; compare the artifacts."
    return text.rstrip("\n") + "\n"


def post(api: GitHub, event: dict[str, Any]) -> str:
    """Comment a workflow run's preview on its pull request; return what was done."""
    run = event.get("workflow_run") or {}
    if run.get("event") != "pull_request":
        return "nothing to do: the run was not for a pull request"
    head_sha = str(run.get("head_sha") or "")
    head_repo = str((run.get("head_repository") or {}).get("full_name") or "")
    pulls = [
        pull
        for pull in api.open_pulls()
        if (pull.get("head") or {}).get("sha") == head_sha
        and ((pull.get("head") or {}).get("repo") or {}).get("full_name") == head_repo
    ]
    if not pulls:
        return "nothing to do: no open pull request has the run's commit"
    found = {a.get("name"): a for a in api.artifacts(int(run["id"])) if not a.get("expired")}
    if PREVIEW_ARTIFACT not in found:
        return "nothing to do: the run made no preview (the check failed before it)"
    data = _read_preview(api.download(int(found[PREVIEW_ARTIFACT]["id"])))
    run_url = str(run.get("html_url") or "")
    site = found.get(SITE_ARTIFACT)
    artifact_url = f"{run_url}/artifacts/{int(site['id'])}" if site and run_url else None
    body = render(data, run_url, artifact_url)
    done = []
    for pull in pulls:
        number = int(pull["number"])
        ours = [
            c
            for c in api.comments(number)
            if (c.get("user") or {}).get("login") == BOT and MARKER in str(c.get("body") or "")
        ]
        if not ours:
            api.comment(number, body)
            done.append(f"commented on #{number}")
        elif ours[0].get("body") != body:
            api.edit_comment(int(ours[0]["id"]), body)
            done.append(f"updated the comment on #{number}")
        else:
            done.append(f"the comment on #{number} is up to date")
    return "; ".join(done)


def _read_preview(archive: bytes) -> Any:
    """Return the JSON inside the preview artifact's zip, or None when it isn't there."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
            info = zipped.getinfo(PREVIEW_FILE)
            if info.file_size > MAX_PREVIEW_BYTES:
                return None
            with zipped.open(info) as file:
                return json.loads(file.read(MAX_PREVIEW_BYTES + 1).decode("utf-8"))
    except (KeyError, ValueError, zipfile.BadZipFile, UnicodeDecodeError):
        return None


# --- command line ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run `collect` or `post` and return an exit code."""
    parser = argparse.ArgumentParser(prog="python -m generator.tools.preview")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("collect", help="write the preview's JSON for a pull request")
    make.add_argument("--base", type=Path, help="the base branch's built site")
    make.add_argument("--head", type=Path, required=True, help="the pull request's built site")
    make.add_argument("--since", default="", help="git revision the pull request started from")
    make.add_argument("--repository", type=Path, default=Path("."), help="its git checkout")
    make.add_argument("--content", default="content", help="the content folder in it")
    make.add_argument("--commit", default="", help="the pull request's head commit")
    make.add_argument("--out", type=Path, required=True, help="where to write preview.json")
    send = commands.add_parser("post", help="comment a run's preview on its pull request")
    send.add_argument("--event", type=Path, required=True, help="GITHUB_EVENT_PATH")
    args = parser.parse_args(argv)
    if args.command == "collect":
        paths = git_changed(args.since, args.repository) if args.since else []
        data = collect(args.base, args.head, changed_slugs(paths, args.content), args.commit)
        args.out.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        (args.out / PREVIEW_FILE).write_text(text, encoding="utf-8")
        print(f"preview: {len(data['entries'])} changed entries")
        return 0
    try:
        event = json.loads(args.event.read_text(encoding="utf-8"))
        print(post(GitHub.from_environment(), event))
    except GitHubError as exc:
        print(f"preview: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
