"""The GitHub client, tried as an attacker would: an answer that redirects to another host
must not take the workflow's token with it."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from generator.tools.github_api import GitHub


class _Api(http.server.BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        seen = (self.headers.get("Host", ""), self.path, self.headers.get("Authorization", ""))
        type(self).seen.append(seen)
        port = self.server.server_address[1]
        if self.path.startswith("/repos/o/r/collaborators/"):
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{port}/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = b'{"permission": "read"}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def api_port() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    _Api.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def test_a_redirect_to_another_host_does_not_carry_the_token(api_port: int) -> None:
    api = GitHub("o/r", "secret", api_url=f"http://127.0.0.1:{api_port}")
    assert api.permission("mo") == "read"
    assert _Api.seen == [
        (f"127.0.0.1:{api_port}", "/repos/o/r/collaborators/mo/permission", "Bearer secret"),
        (f"localhost:{api_port}", "/elsewhere", ""),
    ]
