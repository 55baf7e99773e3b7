"""A stand-in for GitHub's REST API that records every call, for the upkeep and preview tests;
and the real client's own behaviour against a local server (token, pagination, redirects)."""

from __future__ import annotations

import base64
import http.server
import json
import threading
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest

from generator.tools.github_api import BOT, GitHub, GitHubError

REPO = "example/directory"


class FakeGitHub(GitHub):
    """GitHub as far as these tools use it: issues, comments, refs, files, pulls, artifacts."""

    def __init__(self, files: dict[str, str] | None = None) -> None:
        super().__init__(REPO, "token")
        self.calls: list[tuple[str, str, Any]] = []
        self.issues: dict[int, dict[str, Any]] = {}
        self.comments_by_issue: dict[int, list[dict[str, Any]]] = {}
        self.permissions: dict[str, str] = {}
        self.refs: dict[str, str] = {"main": "c0"}
        self.files: dict[tuple[str, str], str] = {
            ("main", path): text for path, text in (files or {}).items()
        }
        self.pulls: list[dict[str, Any]] = []
        self.artifact_list: list[dict[str, Any]] = []
        self.zips: dict[int, bytes] = {}
        self._next = 1

    def _number(self) -> int:
        self._next += 1
        return self._next - 1

    def writes(self) -> list[tuple[str, str, Any]]:
        """Return the calls that would change something on GitHub."""
        return [call for call in self.calls if call[0] != "GET"]

    def request(
        self, method: str, path: str, body: Any = None, query: dict[str, str] | None = None
    ) -> tuple[Any, str]:
        self.calls.append((method, path, body))
        rest = path.removeprefix(f"/repos/{REPO}")
        query = query or {}
        parts = rest.strip("/").split("/")
        if method == "GET" and rest == "":
            return {"default_branch": "main"}, ""
        if parts[0] == "issues":
            return self._issues(method, parts[1:], body, query), ""
        if parts[0] == "collaborators":
            login = urllib.parse.unquote(parts[1])
            return {"role_name": self.permissions.get(login, "read")}, ""
        if parts[0] == "git":
            return self._git(method, parts[1:], body), ""
        if parts[0] == "contents":
            return self._contents(method, urllib.parse.unquote("/".join(parts[1:])), body, query)
        if parts[0] == "pulls":
            return self._pulls(method, body, query), ""
        if parts[:2] == ["actions", "runs"]:
            return {"total_count": 1, "artifacts": self.artifact_list}, ""
        raise AssertionError(f"unexpected call {method} {path}")

    def _issues(self, method: str, parts: list[str], body: Any, query: dict[str, str]) -> Any:
        if not parts and method == "GET":
            creator = query.get("creator")
            return [
                issue
                for issue in self.issues.values()
                if issue["state"] == "open"
                and (creator is None or issue["user"]["login"] == creator)
            ]
        if not parts and method == "POST":
            number = self._number()
            labels = [{"name": name} for name in body.get("labels", [])]
            self.issues[number] = {
                "number": number,
                "title": body["title"],
                "body": body["body"],
                "labels": labels,
                "state": "open",
                "user": {"login": BOT},
            }
            return self.issues[number]
        if parts[0] == "comments":  # PATCH issues/comments/ID
            for comments in self.comments_by_issue.values():
                for comment in comments:
                    if comment["id"] == int(parts[1]):
                        comment["body"] = body["body"]
            return None
        number = int(parts[0])
        if len(parts) == 1:
            if number not in self.issues:
                raise GitHubError(404, "Not Found")
            self.issues[number].update(body)
            return self.issues[number]
        if parts[1] == "comments":
            comments = self.comments_by_issue.setdefault(number, [])
            if method == "GET":
                return comments
            comment = {"id": self._number(), "body": body["body"], "user": {"login": BOT}}
            comments.append(comment)
            return comment
        if parts[1] == "labels" and method == "DELETE":
            name = urllib.parse.unquote(parts[2])
            issue = self.issues[number]
            issue["labels"] = [item for item in issue["labels"] if item["name"] != name]
            return None
        raise AssertionError(f"unexpected issue call {method} {parts}")

    def _git(self, method: str, parts: list[str], body: Any) -> Any:
        if method == "GET":
            branch = "/".join(parts[2:])
            if branch not in self.refs:
                raise GitHubError(404, "Not Found")
            return {"object": {"sha": self.refs[branch]}}
        if method == "POST":
            self.refs[body["ref"].removeprefix("refs/heads/")] = body["sha"]
            return None
        self.refs["/".join(parts[2:])] = body["sha"]
        return None

    def _contents(self, method: str, path: str, body: Any, query: dict[str, str]) -> Any:
        if method == "GET":
            branch = query["ref"]
            source = branch if (branch, path) in self.files else "main"
            if (source, path) not in self.files or branch not in self.refs:
                raise GitHubError(404, "Not Found")
            text = self.files[(source, path)]
            content = base64.b64encode(text.encode()).decode()
            return {"type": "file", "content": content, "sha": f"blob-{hash(text)}"}, ""
        self.files[(body["branch"], path)] = base64.b64decode(body["content"]).decode()
        return None, ""

    def _pulls(self, method: str, body: Any, query: dict[str, str]) -> Any:
        if method == "GET":
            head = query.get("head")
            return [
                pull
                for pull in self.pulls
                if pull["state"] == "open"
                and (head is None or f"{REPO.split('/')[0]}:{pull['head']['ref']}" == head)
            ]
        number = self._number()
        pull = {
            "number": number,
            "state": "open",
            "title": body["title"],
            "body": body["body"],
            "base": {"ref": body["base"]},
            "head": {"ref": body["head"], "sha": "h", "repo": {"full_name": REPO}},
        }
        self.pulls.append(pull)
        return pull

    def download(self, artifact_id: int) -> bytes:
        self.calls.append(("GET", f"artifact {artifact_id}", None))
        return self.zips[artifact_id]


# --- the real client --------------------------------------------------------------------------


class _Api(http.server.BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        type(self).seen.append((self.command, self.path, self.headers.get("Authorization", "")))
        port = self.server.server_address[1]
        if self.path.startswith("/repos/o/r/issues") and "page=2" not in self.path:
            self._json([{"number": 1, "labels": []}, {"number": 2, "pull_request": {}}], port)
        elif self.path.startswith("/repos/o/r/issues"):
            self._json([{"number": 3, "labels": []}], None)
        elif self.path.startswith("/repos/o/r/actions/artifacts/7/zip"):
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{port}/storage/blob")
            self.end_headers()
        elif self.path == "/repos/o/r/collaborators/nobody/permission":
            self.send_response(404)
            self.end_headers()
        else:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"zipbytes")

    def _json(self, value: Any, port: int | None) -> None:
        data = json.dumps(value).encode()
        self.send_response(200)
        if port is not None:
            link = f'<http://127.0.0.1:{port}/repos/o/r/issues?page=2>; rel="next"'
            self.send_header("Link", link)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def api_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    _Api.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_client_reads_every_page_sends_the_token_and_leaves_out_pull_requests(
    api_server: str,
) -> None:
    api = GitHub("o/r", "secret", api_url=api_server)
    assert [issue["number"] for issue in api.open_issues()] == [1, 3]
    assert [auth for _m, _p, auth in _Api.seen] == ["Bearer secret", "Bearer secret"]
    assert "creator=github-actions%5Bbot%5D" in _Api.seen[0][1]
    assert "per_page=100" in _Api.seen[0][1]


def test_client_follows_the_artifact_redirect_without_the_token(api_server: str) -> None:
    api = GitHub("o/r", "secret", api_url=api_server)
    assert api.download(7) == b"zipbytes"
    assert _Api.seen == [
        ("GET", "/repos/o/r/actions/artifacts/7/zip", "Bearer secret"),
        ("GET", "/storage/blob", ""),  # the signed storage address never sees the token
    ]


def test_client_says_none_for_someone_without_access(api_server: str) -> None:
    assert GitHub("o/r", "t", api_url=api_server).permission("nobody") == "none"


def test_client_needs_the_repository_and_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "o/r")
    with pytest.raises(GitHubError, match="set GITHUB_REPOSITORY"):
        GitHub.from_environment()
