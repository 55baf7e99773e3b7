"""The weekly link check, tried as an attacker would: a name that answers the check's own lookup
with a public address and the request's lookup with this machine's (DNS rebinding) must not
get a request onto this machine or its private network."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from generator.tools.linkcheck import Checker

# real servers and the politeness delays between requests: seconds of waiting, for CI
pytestmark = pytest.mark.slow


class _Local(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def log_message(self, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:  # noqa: N802 (the name http.server calls)
        _Local.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD  # noqa: N815


@pytest.fixture
def local_port() -> Iterator[int]:
    _Local.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Local)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def _rebinding(monkeypatch: pytest.MonkeyPatch, public_answers: int) -> None:
    """Make rebind.example resolve to a public address the first times, then to 127.0.0.1."""
    real = socket.getaddrinfo
    asked = [0]

    def lookup(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        asked[0] += 1
        address = "93.184.215.14" if asked[0] <= public_answers else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 80))]

    monkeypatch.setattr(socket, "getaddrinfo", lookup)


@pytest.mark.parametrize("robots", [False, True])
def test_a_name_that_turns_private_after_the_check_gets_no_request_through(
    monkeypatch: pytest.MonkeyPatch, local_port: int, robots: bool
) -> None:
    _rebinding(monkeypatch, public_answers=1)
    result = Checker(delay=0, timeout=2, robots=robots).check_one(
        f"http://rebind.example:{local_port}/admin"
    )
    assert _Local.seen == []
    assert (result.state, result.problem) == (
        "unchecked",
        "not checked: the address points inside a private network",
    )


@pytest.fixture
def trickle_port() -> Iterator[int]:
    """A site that answers one byte of its headers at a time, never finishing."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    def drip(conn: socket.socket) -> None:
        with conn:
            conn.recv(4096)
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
                while not stop.wait(0.1):
                    conn.sendall(b"X")
            except OSError:
                return

    threading.Thread(target=serve, daemon=True).start()
    yield int(listener.getsockname()[1])
    stop.set()
    listener.close()


def test_a_site_that_answers_a_byte_at_a_time_is_cut_off_not_waited_for(
    trickle_port: int,
) -> None:
    # each byte comes within the timeout, so only a limit on the whole answer stops it
    checker = Checker(delay=0, timeout=1, allow_private=True, robots=False, max_seconds=2)
    started = time.monotonic()
    result = checker.check_one(f"http://127.0.0.1:{trickle_port}/")
    assert time.monotonic() - started < 6
    assert (result.state, result.problem) == (
        "broken",
        "the site did not finish answering within 2 seconds",
    )
