"""The few GitHub REST calls the upkeep and preview workflows make, over stdlib urllib.

The workflows run these with the job's own GITHUB_TOKEN and nothing else. Every call goes
through `GitHub.request`, so a test can stand in for GitHub by overriding that one method and
record what would have been sent. Nothing here runs during a build.
"""

from __future__ import annotations

import base64
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

BOT = "github-actions[bot]"
"""Who GITHUB_TOKEN acts as: the author of the issues and comments the workflows trust."""
WRITERS = ("admin", "maintain", "write")
"""Repository permissions that may confirm an entry (the same people who could merge the PR)."""
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')
_PAGES = 20
"""At most this many pages of 100 are read from any list (2,000 issues, comments, runs)."""
MAX_DOWNLOAD = 2_000_000
"""An artifact bigger than this is refused: the preview's JSON is a few kilobytes."""


class GitHubError(Exception):
    """GitHub refused or failed a request."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"GitHub answered {status}: {message}")
        self.status = status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the caller follows it, without the token


class _TokenStaysHome(urllib.request.HTTPRedirectHandler):
    """Follow a redirect, but drop the token when it leads away from the API's own host
    (urllib otherwise sends every header of the request on to wherever it is sent)."""

    def __init__(self, home: str) -> None:
        self.home = urllib.parse.urlsplit(home).netloc.lower()

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and urllib.parse.urlsplit(newurl).netloc.lower() != self.home:
            new.remove_header("Authorization")
        return new


class GitHub:
    """One repository's REST API, authenticated with a token."""

    def __init__(self, repository: str, token: str, api_url: str = "https://api.github.com"):
        self.repository = repository
        self.token = token
        self.api_url = api_url.rstrip("/")

    @classmethod
    def from_environment(cls) -> GitHub:
        """Return the API of the repository a workflow runs in, with its GITHUB_TOKEN."""
        repository = os.environ.get("GITHUB_REPOSITORY", "")
        token = os.environ.get("GITHUB_TOKEN", "")
        if not re.fullmatch(r"[\w.-]+/[\w.-]+", repository) or not token:
            raise GitHubError(0, "set GITHUB_REPOSITORY (owner/name) and GITHUB_TOKEN")
        return cls(repository, token, os.environ.get("GITHUB_API_URL", "https://api.github.com"))

    # --- transport --------------------------------------------------------------------------

    def request(
        self, method: str, path: str, body: Any = None, query: dict[str, str] | None = None
    ) -> tuple[Any, str]:
        """Send one request to the API; return its JSON (None when empty) and its Link header."""
        # a full address (a next page) is only ever the API's own: the token goes nowhere else
        url = path if path.startswith(f"{self.api_url}/") else f"{self.api_url}{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("X-GitHub-Api-Version", "2022-11-28")
        request.add_header("User-Agent", "peer-support-directory-upkeep")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            opener = urllib.request.build_opener(_TokenStaysHome(self.api_url))
            with opener.open(request, timeout=30) as response:
                text = response.read().decode("utf-8")
                link = response.headers.get("Link", "")
        except urllib.error.HTTPError as exc:
            detail = exc.read(2000).decode("utf-8", "replace")
            raise GitHubError(exc.code, detail) from None
        return (json.loads(text) if text.strip() else None), link

    def call(self, method: str, path: str, body: Any = None, **query: str) -> Any:
        """Send one request and return its JSON."""
        return self.request(method, path, body, query or None)[0]

    def paged(self, path: str, key: str = "", **query: str) -> list[Any]:
        """Return every item of a list the API gives 100 at a time (under `key` when the
        answer is an object)."""
        items: list[Any] = []
        result, link = self.request("GET", path, None, {**query, "per_page": "100"})
        for _ in range(_PAGES):
            found = result.get(key) if key and isinstance(result, dict) else result
            items.extend(found if isinstance(found, list) else [])
            following = _NEXT.search(link or "")
            if not following:
                break
            result, link = self.request("GET", following.group(1))
        return items

    def _repo(self, rest: str) -> str:
        return f"/repos/{self.repository}{rest}"

    # --- issues and comments ----------------------------------------------------------------

    def open_issues(self, creator: str = BOT) -> list[dict[str, Any]]:
        """Return the open issues (not pull requests) someone opened: the workflow by default.

        Found by author, not label: GitHub may drop the labels of an issue the token opens."""
        found = self.paged(self._repo("/issues"), state="open", creator=creator)
        return [issue for issue in found if "pull_request" not in issue]

    def create_issue(self, title: str, body: str, labels: list[str]) -> dict[str, Any]:
        """Open an issue and return it."""
        body_ = {"title": title, "body": body, "labels": labels}
        result: dict[str, Any] = self.call("POST", self._repo("/issues"), body_)
        return result

    def edit_issue(self, number: int, **fields: Any) -> None:
        """Change an issue's title, body or state."""
        self.call("PATCH", self._repo(f"/issues/{number}"), fields)

    def comments(self, number: int) -> list[dict[str, Any]]:
        """Return the comments of an issue or pull request."""
        return self.paged(self._repo(f"/issues/{number}/comments"))

    def comment(self, number: int, body: str) -> None:
        """Comment on an issue or pull request."""
        self.call("POST", self._repo(f"/issues/{number}/comments"), {"body": body})

    def edit_comment(self, comment_id: int, body: str) -> None:
        """Replace a comment's text."""
        self.call("PATCH", self._repo(f"/issues/comments/{comment_id}"), {"body": body})

    def remove_label(self, number: int, label: str) -> None:
        """Take a label off an issue (nothing happens when it isn't there)."""
        try:
            quoted = urllib.parse.quote(label, safe="")
            self.call("DELETE", self._repo(f"/issues/{number}/labels/{quoted}"))
        except GitHubError as exc:
            if exc.status != 404:
                raise

    def permission(self, login: str) -> str:
        """Return a person's permission on the repository: admin, maintain, write, ... none."""
        quoted = urllib.parse.quote(login, safe="")
        try:
            result = self.call("GET", self._repo(f"/collaborators/{quoted}/permission"))
        except GitHubError as exc:
            if exc.status == 404:
                return "none"
            raise
        return str(result.get("role_name") or result.get("permission") or "none")

    # --- branches, files and pull requests --------------------------------------------------

    def default_branch(self) -> str:
        """Return the branch pull requests go into."""
        return str(self.call("GET", self._repo(""))["default_branch"])

    def branch_head(self, branch: str) -> str | None:
        """Return the commit a branch points to, or None when there is no such branch."""
        try:
            ref = self.call("GET", self._repo(f"/git/ref/heads/{branch}"))
        except GitHubError as exc:
            if exc.status == 404:
                return None
            raise
        return str(ref["object"]["sha"])

    def point_branch(self, branch: str, sha: str) -> None:
        """Make a branch point to a commit, creating it or moving it there."""
        if self.branch_head(branch) is None:
            self.call("POST", self._repo("/git/refs"), {"ref": f"refs/heads/{branch}", "sha": sha})
        else:
            self.call("PATCH", self._repo(f"/git/refs/heads/{branch}"), {"sha": sha, "force": True})

    def file(self, path: str, ref: str) -> tuple[str, str] | None:
        """Return a file's text and blob id on a branch, or None when it isn't there."""
        try:
            found = self.call("GET", self._repo(f"/contents/{urllib.parse.quote(path)}"), ref=ref)
        except GitHubError as exc:
            if exc.status == 404:
                return None
            raise
        if not isinstance(found, dict) or found.get("type") != "file":
            return None
        return base64.b64decode(found["content"]).decode("utf-8"), str(found["sha"])

    def put_file(self, path: str, branch: str, text: str, blob: str, message: str) -> None:
        """Commit a new version of a file on a branch."""
        content = base64.b64encode(text.encode("utf-8")).decode("ascii")
        body = {"message": message, "content": content, "sha": blob, "branch": branch}
        self.call("PUT", self._repo(f"/contents/{urllib.parse.quote(path)}"), body)

    def open_pulls(self, head_branch: str = "") -> list[dict[str, Any]]:
        """Return the open pull requests, or those from one branch of this repository."""
        if head_branch:
            owner = self.repository.split("/")[0]
            return self.paged(self._repo("/pulls"), state="open", head=f"{owner}:{head_branch}")
        return self.paged(self._repo("/pulls"), state="open")

    def create_pull(self, title: str, body: str, head: str, base: str) -> dict[str, Any]:
        """Open a pull request and return it."""
        fields = {"title": title, "body": body, "head": head, "base": base}
        result: dict[str, Any] = self.call("POST", self._repo("/pulls"), fields)
        return result

    # --- workflow artifacts -----------------------------------------------------------------

    def artifacts(self, run_id: int) -> list[dict[str, Any]]:
        """Return the artifacts a workflow run uploaded."""
        return self.paged(self._repo(f"/actions/runs/{run_id}/artifacts"), "artifacts")

    def download(self, artifact_id: int) -> bytes:
        """Return an artifact's zip file, refusing one bigger than MAX_DOWNLOAD."""
        url = f"{self.api_url}{self._repo(f'/actions/artifacts/{artifact_id}/zip')}"
        request = urllib.request.Request(url)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("User-Agent", "peer-support-directory-upkeep")
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            response = opener.open(request, timeout=60)
        except urllib.error.HTTPError as exc:
            location = exc.headers.get("Location") if 300 <= exc.code < 400 else None
            scheme = self.api_url.split("://", 1)[0]  # https, or http for a local stand-in
            if not location or not location.startswith(("https://", f"{scheme}://")):
                raise GitHubError(exc.code, "the artifact could not be downloaded") from None
            # the storage address is signed: the token must not travel there
            response = urllib.request.urlopen(location, timeout=60)
        with response:
            data: bytes = response.read(MAX_DOWNLOAD + 1)
        if len(data) > MAX_DOWNLOAD:
            raise GitHubError(413, f"the artifact is bigger than {MAX_DOWNLOAD:,} bytes")
        return data
