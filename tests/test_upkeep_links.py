"""The link check is polite and says what is wrong in plain words: a local HTTP server stands in
for the web (found, not found, gone, server error, redirect loop, too many redirects, a host
that doesn't answer in time, a server that refuses HEAD, robots.txt)."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from generator.tools.linkcheck import USER_AGENT, Checker

# real servers and the politeness delays between requests: seconds of waiting, for CI
pytestmark = pytest.mark.slow

DELAY = 0.15
TIMEOUT = 0.6


class _Web(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[tuple[float, str, str, str]] = []
    hosts: list[tuple[float, str]] = []
    lock = threading.Lock()
    slow_for = 0.0

    def log_message(self, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:  # noqa: N802 (the name http.server calls)
        self._answer()

    def do_GET(self) -> None:  # noqa: N802
        self._answer()

    def _answer(self) -> None:
        with _Web.lock:
            _Web.seen.append(
                (time.monotonic(), self.command, self.path, self.headers.get("User-Agent", ""))
            )
            _Web.hosts.append((time.monotonic(), self.headers.get("Host", "")))
        if type(self).slow_for:
            time.sleep(type(self).slow_for)
        path = self.path
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private\n")
        elif path in ("/ok", "/private/page"):
            self._send(200)
        elif path == "/missing":
            self._send(404)
        elif path == "/gone":
            self._send(410)
        elif path == "/broken":
            self._send(500)
        elif path == "/head-refused":
            self._send(405 if self.command == "HEAD" else 200)
        elif path in ("/loop", "/loop-2"):
            self._send(302, location="/loop-2" if path == "/loop" else "/loop")
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            self._send(301, location=f"/hop/{n + 1}")
        elif path == "/moved":
            self._send(301, location="/ok")
        elif path == "/slow":
            time.sleep(TIMEOUT * 3)
            self._send(200)
        else:
            self._send(404)

    def _send(self, status: int, body: bytes = b"", location: str = "") -> None:
        try:
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(body)
        except OSError:
            pass  # the checker gave up waiting: nothing to answer


def _serve(handler: type[_Web]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def web() -> Iterator[str]:
    _Web.seen, _Web.hosts = [], []
    yield from _serve(_Web)


def _checker(**options: Any) -> Checker:
    return Checker(delay=DELAY, timeout=TIMEOUT, allow_private=True, **options)


def test_each_link_gets_plain_words_for_what_is_wrong(web: str) -> None:
    paths = ["/ok", "/missing", "/gone", "/broken", "/loop", "/hop/1", "/slow", "/moved"]
    results = _checker().check([web + path for path in paths])
    found = {url.removeprefix(web): (r.state, r.problem) for url, r in results.items()}
    assert found == {
        "/ok": ("ok", ""),
        "/missing": ("broken", "the page is not there (HTTP 404, not found)"),
        "/gone": ("broken", "the page has been removed for good (HTTP 410, gone)"),
        "/broken": ("broken", "the site's server failed (HTTP 500)"),
        "/loop": ("broken", "the site redirects in a loop"),
        "/hop/1": ("broken", "the site redirects more than 5 times"),
        "/slow": ("broken", "the site did not answer within 0.6 seconds"),
        "/moved": ("ok", ""),
    }


def test_requests_to_one_host_are_one_at_a_time_and_spaced(web: str) -> None:
    _checker().check([f"{web}/ok", f"{web}/missing", f"{web}/moved", f"{web}/gone"])
    times = sorted(when for when, *_rest in _Web.seen)
    # robots.txt, HEAD /ok, HEAD+GET /missing, HEAD /moved + HEAD /ok, HEAD+GET /gone
    assert len(times) == 8
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert min(gaps) >= DELAY * 0.95, gaps


def test_head_first_then_get_only_when_head_is_refused(web: str) -> None:
    result = _checker().check_one(f"{web}/head-refused")
    assert (result.state, result.status) == ("ok", 200)
    asked = [(method, path) for _t, method, path, _ua in _Web.seen if path != "/robots.txt"]
    assert asked == [("HEAD", "/head-refused"), ("GET", "/head-refused")]
    assert {ua for *_rest, ua in _Web.seen} == {USER_AGENT}
    assert "peer-support-directory" in USER_AGENT


def test_robots_txt_is_respected_and_read_once_per_site(web: str) -> None:
    results = _checker().check([f"{web}/private/page", f"{web}/ok"])
    assert results[f"{web}/private/page"].state == "unchecked"
    assert results[f"{web}/private/page"].problem == (
        "not checked: the site's robots.txt asks robots like this one to stay away"
    )
    assert [path for _t, _m, path, _ua in _Web.seen] == ["/robots.txt", "/ok"]


def test_a_slow_host_does_not_hold_up_the_others(web: str) -> None:
    class _Slow(_Web):
        slow_for = 0.5

    slow = _serve(_Slow)
    slow_url = next(slow).replace("127.0.0.1", "localhost")  # another host name, same machine
    try:
        results = _checker(robots=False).check(
            [f"{slow_url}/ok", f"{slow_url}/gone", f"{web}/ok", f"{web}/missing"]
        )
    finally:
        next(slow, None)
    assert [r.state for r in results.values()] == ["ok", "broken", "ok", "broken"]
    slow_times = [when for when, host in _Web.hosts if host.startswith("localhost")]
    fast_times = [when for when, host in _Web.hosts if host.startswith("127.0.0.1")]
    assert len(slow_times) == 3 and len(fast_times) == 3  # HEAD /ok, HEAD and GET /gone...
    # ...and the other host was checked while the slow one was still answering
    assert min(fast_times) < max(slow_times)


def test_private_addresses_are_not_checked_unless_allowed(web: str) -> None:
    result = Checker(delay=DELAY, timeout=TIMEOUT).check_one(f"{web}/ok")
    assert (result.state, result.problem) == (
        "unchecked",
        "not checked: the address points inside a private network",
    )
    assert _Web.seen == []


def test_a_host_that_refuses_connections_is_named_in_plain_words() -> None:
    result = _checker().check_one("http://127.0.0.1:9/")
    assert (result.state, result.problem) == (
        "broken",
        "nothing answers at the site's address (connection refused)",
    )


def test_addresses_in_other_scripts_are_sent_as_the_web_expects(web: str) -> None:
    result = _checker(robots=False).check_one(f"{web.replace('127.0.0.1', 'localhost')}/é ok")
    assert result.state == "broken"  # the server has no such page; the request itself went out
    assert [path for _t, _m, path, _ua in _Web.seen] == ["/%C3%A9%20ok", "/%C3%A9%20ok"]


def test_an_address_the_checker_cannot_read_is_left_unchecked_not_a_crash() -> None:
    results = _checker().check(["http://127.0.0.1:99999999/", "https://[broken/"])
    assert {(r.state, r.problem) for r in results.values()} == {
        ("unchecked", "not checked: the check failed (ValueError)")
    }


@pytest.mark.parametrize(
    ("error", "state", "words"),
    [
        (socket.EAI_NONAME, "broken", "the site's name does not exist (no such host)"),
        (
            socket.EAI_AGAIN,
            "unchecked",
            "not checked: the site's name could not be looked up just now",
        ),
    ],
)
def test_a_name_that_does_not_exist_is_broken_but_a_failed_lookup_is_not(
    monkeypatch: pytest.MonkeyPatch, error: int, state: str, words: str
) -> None:
    def lookup(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(error, "lookup failed")

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    result = _checker(robots=False).check_one("https://group.example.org/")
    assert (result.state, result.problem) == (state, words)
