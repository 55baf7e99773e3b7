"""The two steps of .github/workflows/from-issue.yml, kept out of the workflow so tests can run
them with a recorded event and a stand-in `gh`.

    convert   (read-only token) run `build.py from-issue` on the issue's body; hand the entry
              file, its path, the report and the exit code to the next job as step outputs
    propose   (may write) put that one file on the branch from-issue/<issue>, open a pull request
              for it if none is open, and comment the result on the issue

The body is untrusted and `convert` runs the generator on it, so `propose` trusts nothing that
`convert` hands over: the path must be an entry file under content/groups/, the text is
committed only to a pull request's branch for a person to review, and the report is shown in
a code block. `propose` uses only the standard library and `gh`, never the generator, and
never a shell: every value reaches `gh` as one argument or as a file.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENTRY_PATH = re.compile(
    r"content/groups/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*[a-z0-9]+(?:-[a-z0-9]+)*\.yaml"
)
MAX_ENTRY = 300_000
"""Bytes: more than any entry an issue body (at most 65,536 characters) can become."""
MAX_REPORT = 50_000
"""Characters of the report shown in a comment (GitHub takes at most 65,536)."""
_WROTE = re.compile(r"(?:wrote|changed) (.+)")


def _event() -> dict:  # type: ignore[type-arg]
    with open(os.environ["GITHUB_EVENT_PATH"], encoding="utf-8") as file:
        return json.load(file)  # type: ignore[no-any-return]


def _output(values: dict[str, str]) -> None:
    with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as file:
        for key, value in values.items():
            assert "\n" not in value
            file.write(f"{key}={value}\n")


def _encode(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return base64.b64encode(data).decode("ascii")


def convert() -> int:
    """Run from-issue on the event's issue body; write the step outputs."""
    issue = _event()["issue"]
    number = int(issue["number"])
    content = Path(os.environ.get("CONTENT", "content"))
    python = os.environ.get("PYTHON", sys.executable)
    with tempfile.TemporaryDirectory() as folder:
        body = Path(folder) / "issue-body.md"
        body.write_text(issue.get("body") or "", encoding="utf-8", newline="")
        done = subprocess.run(
            [
                python,
                str(ROOT / "build.py"),
                "from-issue",
                str(body),
                "--content",
                str(content),
                "--issue",
                str(number),
            ],
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
            cwd=ROOT,
        )
        report = (done.stdout + done.stderr).replace(f"{body}:", "line ")
    written = [m.group(1) for m in map(_WROTE.fullmatch, done.stdout.splitlines()) if m]
    path, entry = "", ""
    if written:
        file = Path(written[-1])
        file = file if file.is_absolute() else ROOT / file
        relative = file.resolve().relative_to(content.resolve()).as_posix()
        path = f"content/{relative}"
        entry = _encode(file.read_bytes())
        report = report.replace(written[-1], path)
    _output(
        {"status": str(done.returncode), "path": path, "entry": entry, "report": _encode(report)}
    )
    print(report)
    return 0


def _gh(*args: str, input_file: Path | None = None, check: bool = True) -> str | None:
    """Run gh; return its output, or None when it fails and `check` is off."""
    command = ["gh", *args] + (["--input", str(input_file)] if input_file else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        if check:
            raise SystemExit(f"gh {args[0]} failed: {done.stderr.strip()}")
        return None
    return done.stdout.strip()


def _fenced(text: str) -> str:
    """Return text in a code block no line of it can close, so nothing in it renders or pings."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    if len(text) > MAX_REPORT:
        text = text[:MAX_REPORT] + "\n… (cut; run python build.py from-issue for the rest)"
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def propose() -> int:
    """Commit the converted entry to the issue's branch, open its pull request, comment."""
    event = _event()
    number = int(event["issue"]["number"])
    repository = os.environ["GITHUB_REPOSITORY"]
    base = str(event["repository"]["default_branch"])
    status = os.environ.get("STATUS", "")
    path = os.environ.get("ENTRY_PATH", "")
    report = base64.b64decode(os.environ.get("REPORT", "")).decode("utf-8", "replace")
    entry = base64.b64decode(os.environ.get("ENTRY_TEXT", ""))
    if path and (
        len(path) > 300 or not ENTRY_PATH.fullmatch(path) or not 0 < len(entry) <= MAX_ENTRY
    ):
        report += f"\nrefused to commit {path!r}: not an entry file under content/groups/"
        path = ""
    pull, note = _commit(repository, base, number, path, entry) if path else ("", "")
    checked = (
        "passes `python build.py check`"
        if status == "0"
        else (
            "does not pass `python build.py check` yet; a volunteer will fix what is listed below, "
            "or you can edit your answers in this issue"
        )
    )
    if pull:
        words = (
            f"Thank you. Your answers are now a pull request: {pull}. A volunteer checks it "
            f"before anything is published; merging it closes this issue. The entry {checked}."
        )
        if note:
            words += f"\n\n{note}"
    else:
        words = (
            "Thank you. Nothing could be made from these answers yet, for the reasons below. "
            "You can edit the issue to correct them, and this runs again."
        )
    with tempfile.TemporaryDirectory() as folder:
        comment = Path(folder) / "comment.md"
        comment.write_text(f"{words}\n\n{_fenced(report)}\n", encoding="utf-8")
        _gh("issue", "comment", str(number), "--repo", repository, "--body-file", str(comment))
    return 0


def _commit(repository: str, base: str, number: int, path: str, entry: bytes) -> tuple[str, str]:
    """Put the entry on branch from-issue/<number>; return its open pull request and a note."""
    branch = f"from-issue/{number}"
    api = f"repos/{repository}"
    message = f"Entry from the answers in issue #{number}"
    note = ""
    start = _gh("api", f"{api}/git/ref/heads/{base}", "--jq", ".object.sha")
    current = _gh("api", f"{api}/git/ref/heads/{branch}", "--jq", ".object.sha", check=False)
    if current is None:
        _gh(
            "api",
            "-X",
            "POST",
            f"{api}/git/refs",
            "-f",
            f"ref=refs/heads/{branch}",
            "-f",
            f"sha={start}",
        )
    else:
        messages = (
            _gh("api", f"{api}/compare/{start}...{current}", "--jq", ".commits[].commit.message")
            or ""
        )
        if all(line == message for line in messages.splitlines()):
            # only this workflow's commits: start again from the base, so answers that give
            # the entry a new name leave no file of the old name behind
            _gh(
                "api",
                "-X",
                "PATCH",
                f"{api}/git/refs/heads/{branch}",
                "-f",
                f"sha={start}",
                "-F",
                "force=true",
            )
        else:
            note = (
                f"The branch {branch} has commits by someone else, so the edited answers were "
                "committed on top of them; check that no file from the earlier answers remains."
            )
    old = _gh("api", f"{api}/contents/{path}?ref={branch}", "--jq", ".sha", check=False)
    payload = {
        "message": message,
        "content": _encode(entry),
        "branch": branch,
    }
    if old:
        payload["sha"] = old
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "payload.json"
        data.write_text(json.dumps(payload), encoding="utf-8")
        _gh("api", "-X", "PUT", f"{api}/contents/{path}", input_file=data)
        pull = _gh(
            "pr",
            "list",
            "--repo",
            repository,
            "--head",
            branch,
            "--state",
            "open",
            "--json",
            "url",
            "--jq",
            ".[].url",
        )
        if pull:
            return pull.splitlines()[0], note
        body = Path(folder) / "pull.md"
        body.write_text(
            f"Made by the from-issue workflow from the answers in issue #{number}.\n\n"
            "Before merging: read the entry against the issue, check every place marked "
            "`<- fill in`, and confirm the details are public. Merging closes the issue.\n\n"
            f"Closes #{number}\n",
            encoding="utf-8",
        )
        created = str(
            _gh(
                "pr",
                "create",
                "--repo",
                repository,
                "--base",
                base,
                "--head",
                branch,
                "--title",
                f"Entry from issue #{number}",
                "--body-file",
                str(body),
            )
        )
        return created, note


if __name__ == "__main__":
    steps = {"convert": convert, "propose": propose}
    if len(sys.argv) != 2 or sys.argv[1] not in steps:
        sys.exit("usage: from_issue.py convert|propose")
    sys.exit(steps[sys.argv[1]]())
