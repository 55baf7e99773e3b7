"""Lighthouse (mobile) on the search page, served compressed as any CDN serves it.

Lighthouse comes from npm at the version pinned in tests/node (installed by `node_tool` on first
use); without npm or Chromium the test is skipped here and fails in CI.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import chromium_path, node_tool

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# the floor: performance 95, and nothing less than full marks for the rest
FLOOR = {"accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
# what the page and the results it loads for a first query may weigh, compressed
WEIGHT_LIMIT = 400_000
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest")


class _Compressing(http.server.SimpleHTTPRequestHandler):
    """Serve files gzipped when the browser accepts it, with a day's caching, as a CDN does."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not wants_gzip or path.suffix not in COMPRESSIBLE:
            return super().send_head()
        if not self.path.split("?")[0].endswith("/") and path.name == "index.html":
            return super().send_head()  # the folder redirect
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=86400")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *args: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextlib.contextmanager
def _serve_compressed(folder: Path) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Compressing, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_search_page_scores_full_marks_on_a_phone(
    sample_build: Path, tmp_path: Path, lang: str
) -> None:
    command = [str(node_tool("lighthouse"))]
    chromium = chromium_path()
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run Lighthouse: install Debian's chromium package")
        pytest.skip("no Chromium here; CI runs this test")
    page = "en/search/?q=grief" if lang == "en" else "ar/search/"
    scores, failing, audits = _run(command, chromium, sample_build, page, tmp_path / "report.json")
    assert {key: scores[key] for key in FLOOR} == FLOOR, failing
    # Performance is a timing, and timings are written down (README), never asserted: what is
    # asserted is what the score rests on that no machine's speed changes: nothing moves as the
    # results arrive, and the page stays light. (The one stylesheet blocks the first paint, as
    # on every page; the figures measured are in the README.)
    assert audits["cumulative-layout-shift"]["numericValue"] < 0.01
    assert audits["total-byte-weight"]["numericValue"] < WEIGHT_LIMIT


def _run(
    command: list[str], chromium: str, site: Path, page: str, report: Path
) -> tuple[dict[str, float], list[str], dict[str, Any]]:
    """Run Lighthouse once on `page`; return its category scores, the audits that failed and
    every audit."""
    with _serve_compressed(site) as address:
        run = subprocess.run(
            [
                *command,
                address + page,
                "--output=json",
                f"--output-path={report}",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--chrome-flags=--headless --no-sandbox --disable-gpu",
                "--quiet",
            ],
            env={**os.environ, "CHROME_PATH": chromium},
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
            timeout=300,
        )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {key: result["categories"][key]["score"] for key in result["categories"]}
    failing = sorted(
        f"{audit['id']}: {audit.get('displayValue') or audit['title']}"
        for audit in result["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    )
    return scores, failing, result["audits"]
