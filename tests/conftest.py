"""Shared test helpers: small content trees written from dedented strings."""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from generator.catalog.catalog import Catalog, build_catalog
from generator.cli import run_check
from generator.reading.checked import Validated
from generator.reading.load import load_content
from generator.reading.validate import validate

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
TODAY = date(2026, 11, 25)

ENTRY = """\
name: Test Group
kind: support-group
summary: A test group.
attendance: online
joining: open
facilitation: peer-led
topics: [grief]
languages: [en]
cost: free
online:
  url: https://example.org/join
schedule: by-appointment
verified:
  date: 2026-10-01
  source: Website
"""


def build_py(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python build.py ARGS` as a volunteer would, with no one at the keyboard."""
    return subprocess.run(
        build_argv(*args),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


def build_argv(*args: str) -> list[str]:
    """Return the command line of `python build.py ARGS`."""
    return [sys.executable, "build.py", *args]


def build_args(content: Path, out: Path) -> list[str]:
    """Return the `build` arguments for `content` into `out`, as of TODAY."""
    return ["build", "--content", str(content), "--out", str(out), "--today", str(TODAY)]


def entry(**changes: str | None) -> str:
    """Return ENTRY with top-level fields replaced (value None removes the field)."""
    lines = ENTRY.splitlines()
    out: list[str] = []
    skipping = False
    seen = set()
    for line in lines:
        key = line.split(":", 1)[0] if line and not line.startswith(" ") else None
        if key is not None:
            skipping = key in changes
            if skipping and key not in seen:
                seen.add(key)
                if changes[key] is not None:
                    out.append(f"{key}: {changes[key]}")
        if not skipping:
            out.append(line)
    out.extend(f"{k}: {v}" for k, v in changes.items() if k not in seen and v is not None)
    return "\n".join(out) + "\n"


def catalog_of(content: Path) -> Catalog:
    """Return the catalog of a content folder that has no errors."""
    validated = validate(load_content(content), TODAY)
    assert validated.ok, [p.format() for p in validated.problems]
    return build_catalog(validated)


@pytest.fixture(scope="session")
def sample_catalog() -> Catalog:
    """Return the catalog of the sample content."""
    return catalog_of(ROOT / "content")


@pytest.fixture
def site(tmp_path: Path) -> Callable[..., Path]:
    """Return a function writing the valid fixture site plus `files` into a temp folder."""

    def write(files: dict[str, str | bytes] | None = None, keep_entries: bool = False) -> Path:
        root = tmp_path / "content"
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(FIXTURES / "valid", root)
        if not keep_entries:
            shutil.rmtree(root / "groups")
            (root / "groups").mkdir()
        for name, text in (files or {}).items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return write


@pytest.fixture
def check_entry(site: Callable[..., Path]) -> Callable[[str], list[str]]:
    """Return a function that checks one entry file and returns its problems as text."""

    def run(text: str, name: str = "groups/test-group.yaml") -> list[str]:
        root = site({name: text})
        result: Validated = run_check(root, TODAY)
        prefix = f"{(root / name).as_posix()}:"
        found = []
        for problem in result.problems:
            line = problem.format()
            absolute = Path(problem.path)
            if not absolute.is_absolute():
                line = (Path.cwd() / problem.path).as_posix() + line[len(problem.path) :]
            found.append(line.replace(prefix, "", 1) if line.startswith(prefix) else line)
        return found

    return run


# --- test lanes ------------------------------------------------------------------------------
# The inner loop is `python -m pytest -m "not slow and not browser"`; CI runs every test. Here a
# test that uses the browser fixture is marked `browser`, and one whose own body builds a site or
# runs build.py (calls `build_site(` or `build_py(`) is marked `slow`. A test slow for another
# reason (a helper that builds, a subprocess, a property test of thousands of examples, a scan
# of every built page, a fixture that builds a site for a test or two) carries
# `@pytest.mark.slow` itself; any test left in the fast lane that takes over a second of
# processor time is named at the end of the run. A site that sample_build, or a module's own
# fixture, builds once for many quick tests keeps them in the fast lane: it costs a few seconds
# once, not per test.

BUILDS = re.compile(r"\b(?:build_py|build_site)\(")
FAST_LANE_SECONDS = 1.0  # processor time; a test in neither lane that takes more is named
_unmarked_slow: list[tuple[float, str]] = []


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by these markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark browser tests `browser`, and tests that build a site or run build.py, themselves or
    through a fixture (the session's sample build included), `slow`."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        function = getattr(item, "function", None)
        info = getattr(item, "_fixtureinfo", None)
        fixtures = [
            definition.func
            for definitions in (info.name2fixturedefs.values() if info is not None else ())
            for definition in definitions
        ]
        if any(_builds(f) for f in (function, *fixtures) if f is not None):
            item.add_marker(pytest.mark.slow)


@functools.cache
def _builds(function: Callable[..., object]) -> bool:
    """Return whether a test function's own source builds a site or runs build.py."""
    try:
        return BUILDS.search(inspect.getsource(function)) is not None
    except (OSError, TypeError):
        return False


def _processor_seconds() -> float:
    """Return the processor time of this process and of the children it has waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Note on its report a test in neither lane whose body took over FAST_LANE_SECONDS.

    Processor time, not wall time: on a busy machine a quick test can wait seconds for a core.
    The note travels in `user_properties`, which reach the main process under pytest-xdist too.
    """
    started = _processor_seconds()
    try:
        return (yield)
    finally:
        spent = _processor_seconds() - started
        in_a_lane = any(item.iter_markers("slow")) or any(item.iter_markers("browser"))
        if spent > FAST_LANE_SECONDS and not in_a_lane:
            item.user_properties.append(("fast_lane_overrun", round(spent, 2)))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Collect the notes of pytest_runtest_call for the summary."""
    if report.when == "call":
        _unmarked_slow.extend(
            (float(seconds), report.nodeid)
            for name, seconds in report.user_properties
            if name == "fast_lane_overrun"
        )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name the fast-lane tests that took long, which may need `@pytest.mark.slow`."""
    if not _unmarked_slow:
        return
    terminalreporter.section("fast lane")
    terminalreporter.write_line(
        f"{len(_unmarked_slow)} test(s) marked neither slow nor browser took over "
        f"{FAST_LANE_SECONDS:g} s of processor time; mark them @pytest.mark.slow:"
    )
    for seconds, nodeid in sorted(_unmarked_slow, reverse=True):
        terminalreporter.write_line(f"{seconds:6.2f}s {nodeid}")


# --- tools written by others, from npm --------------------------------------------------------

NODE_TOOLS = Path(__file__).parent / "node"


def node_tool(name: str) -> Path:
    """Return the path of a command from tests/node (the Nu HTML checker `vnu`, `lighthouse`),
    installing the pinned versions with `npm ci` on first use; skip only where npm is missing
    and this is not CI."""
    import os
    import shutil
    import subprocess

    command = NODE_TOOLS / "node_modules" / ".bin" / name
    if not command.exists():
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("CI"):
                pytest.fail(f"CI must run the {name} tests: install Node.js and npm")
            pytest.skip(f"no npm here to install {name}; CI runs these tests")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--silent"],
            cwd=NODE_TOOLS,
            check=True,
            timeout=600,
        )
    return command


# --- browser tests ---------------------------------------------------------------------------

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def chromium_path() -> str | None:
    """Return Debian's Chromium (or $CHROMIUM), or None when there is none."""
    import os

    explicit = os.environ.get("CHROMIUM")
    if explicit and Path(explicit).is_file():
        return explicit
    return next((c for c in CHROMIUM_CANDIDATES if Path(c).is_file()), None)


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Return headless Chromium driven by Playwright; skip only where there is none and not CI."""
    import os

    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: install Debian's chromium package")
        pytest.skip("no Chromium here (apt-get install chromium); CI runs these tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the sample content once for the whole session."""
    from generator.build.site import build_site

    out = tmp_path_factory.mktemp("sample-build") / "site"
    result = build_site(ROOT / "content", out, TODAY)
    assert result.published, [p.format() for p in result.problems]
    return out


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder` by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve a built site on localhost, as a static host would; yield its address."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a browser that drops a connection it no longer needs is not a failure

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def sample_server(sample_build: Path) -> Iterator[str]:
    """Serve the sample build for the whole session."""
    with serve_folder(sample_build) as address:
        yield address
