"""`serve`: preview on localhost, rebuild on change, report mistakes without stopping."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import ENTRY, ROOT, entry

pytestmark = pytest.mark.slow  # each test starts `build.py serve` and waits for its rebuilds


@pytest.fixture
def server(
    site: Callable[..., Path], tmp_path: Path
) -> Iterator[tuple[Path, str, queue.Queue[str]]]:
    root = site({"groups/g.yaml": ENTRY})
    process = subprocess.Popen(
        [
            sys.executable,
            "build.py",
            "serve",
            "--content",
            str(root),
            "--out",
            str(tmp_path / "site"),
            "--port",
            "0",
            "--today",
            "2026-11-25",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
    url = _wait_for(lines, "serve: http://").split()[1]
    try:
        yield root, url, lines
    finally:
        process.terminate()
        process.wait(timeout=10)
        stdout.close()


def _wait_for(lines: queue.Queue[str], text: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return line
    raise AssertionError(f"{text!r} not printed; got {seen}")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def test_serve_rebuilds_on_change_and_survives_mistakes(
    server: tuple[Path, str, queue.Queue[str]],
) -> None:
    root, url, lines = server
    assert "Test Group" in _get(url + "en/groups/g/")
    (root / "groups/g.yaml").write_text(entry(name="Renamed Circle"), encoding="utf-8")
    _wait_for(lines, "build: ")
    assert "Renamed Circle" in _get(url + "en/groups/g/")
    (root / "groups/g.yaml").write_text(entry(kind="nonsense"), encoding="utf-8")
    _wait_for(lines, "error: kind: 'nonsense' is not one of")
    _wait_for(lines, "serve: fix the problems above; the previous site is still being served")
    assert "Renamed Circle" in _get(url + "en/groups/g/")


def test_serve_shows_new_pages_at_once_and_updates_search_after(
    server: tuple[Path, str, queue.Queue[str]], tmp_path: Path
) -> None:
    from generator.incremental.cache import read_record
    from generator.publishing.search import (
        BUNDLE,
        SOURCE_HASH,
        indexed_pages_hash,
        search_copies,
    )

    root, url, lines = server
    (root / "groups/g.yaml").write_text(entry(name="Renamed Circle"), encoding="utf-8")
    _wait_for(lines, "build: ")
    assert "Renamed Circle" in _get(url + "en/groups/g/")
    updating = _wait_for(lines, "serve: updating search")
    assert updating.strip() == "serve: updating search (ar, en, es, fr) in the background"
    _wait_for(lines, "serve: search updated (ar, en, es, fr)", timeout=60)
    site = tmp_path / "site"
    hashes = indexed_pages_hash(search_copies(site))
    for lang in ("ar", "en", "es", "fr"):
        marker = (site / BUNDLE / lang / SOURCE_HASH).read_text(encoding="utf-8").strip()
        assert marker == hashes[lang][0], lang  # the bundle indexes the pages now served
    record = read_record(site)
    assert record is not None and record.pending == []
    assert not list(tmp_path.glob(".site.search-*"))
    # nothing of a build's search copies is left but the published site's
    assert sorted(p.name for p in (tmp_path / ".cache").glob("site.search*")) == ["site.search"]
