"""The built site and its open data, checked by validators this project did not write.

Each test runs a consumer's own checker over the built sample site: the Nu HTML checker on
every page, extruct on the entry pages' structured data (with the properties search engines
require of an Event), feedparser on the feeds and frictionless on the spreadsheet. The HSDS
files are checked against upstream's schemas and the directory's profile in test_hsds.py.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, node_tool

pytestmark = pytest.mark.slow

BASE = "https://peer-support.example.org/"
LANGS = ("en", "es", "fr", "ar")
SCHEMA = "https://schema.org/"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def test_every_page_passes_the_nu_html_checker(sample_build: Path) -> None:
    vnu = node_tool("vnu")
    pages = list(sample_build.rglob("*.html"))
    assert len(pages) > 600  # every page of the sample site in four languages (670 in December)
    # one run over the whole site: the checker starts a Java VM once
    run = subprocess.run(
        [str(vnu), "--skip-non-html", "--errors-only", "--format", "json", str(sample_build)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [
        f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert errors == []
    assert run.returncode == 0


def _structured(page: Path, url: str) -> list[dict[str, Any]]:
    import extruct

    html = page.read_text(encoding="utf-8")
    found: list[dict[str, Any]] = extruct.extract(html, base_url=url, syntaxes=["json-ld"])[
        "json-ld"
    ]
    return found


def test_entry_pages_have_the_event_properties_search_engines_require(
    sample_build: Path,
) -> None:
    events = services = 0
    problems = []
    for page in sorted(sample_build.glob("*/groups/*/index.html")):
        url = BASE + page.parent.relative_to(sample_build).as_posix() + "/"
        (data,) = _structured(page, url)
        if data["@type"] == "Service":
            services += 1
            continue
        events += 1
        where = page.parent.relative_to(sample_build).as_posix()
        # Google's required Event properties, and the recommended ones we can always give
        missing = [
            name
            for name in ("name", "startDate", "location", "endDate", "eventStatus", "description")
            if not data.get(name)
        ]
        if missing:
            problems.append(f"{where}: no {missing}")
            continue
        start = datetime.fromisoformat(data["startDate"])
        end = datetime.fromisoformat(data["endDate"])
        if start.utcoffset() is None or not TODAY <= start.date() <= date(2027, 3, 1):
            problems.append(f"{where}: startDate {data['startDate']}")
        if end <= start:
            problems.append(f"{where}: ends {data['endDate']} before it starts")
        # the start is one of the days its schedule names
        days = {day.removeprefix(SCHEMA) for s in data["eventSchedule"] for day in s["byDay"]}
        if DAYS[start.weekday()] not in days:
            problems.append(f"{where}: starts on a {DAYS[start.weekday()]}, not in {days}")
        for status in (data["eventStatus"], data["eventAttendanceMode"]):
            if not status.startswith(SCHEMA):
                problems.append(f"{where}: {status} is not a schema.org term")
        for place in data["location"]:
            if place["@type"] == "Place" and not place.get("address"):
                problems.append(f"{where}: a Place without its address")
            if place["@type"] == "VirtualLocation" and not place.get("url", "").startswith(
                "https://"
            ):
                problems.append(f"{where}: a VirtualLocation without its url")
    assert problems == []
    assert events > 100 and services > 20


def test_every_feed_parses_in_feedparser(sample_build: Path) -> None:
    import feedparser

    for lang in LANGS:
        feed = feedparser.parse((sample_build / lang / "feed.xml").read_bytes())
        assert not feed.bozo, (lang, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert feed.feed.get("language", lang).startswith(lang)
        assert feed.entries
        for item in feed.entries:
            assert item.title and item.id and item.updated_parsed
            assert item.link.startswith(BASE + f"{lang}/groups/"), item.link
            page = sample_build / item.link.removeprefix(BASE) / "index.html"
            assert page.is_file(), item.link


def test_the_spreadsheet_passes_frictionless(sample_build: Path, tmp_path: Path) -> None:
    import gzip

    from frictionless import Resource

    # published gzip-compressed: frictionless 5 reads .csv.gz but leaves the file open (a
    # ResourceWarning, an error here), so it checks what a reader's gunzip gives
    plain = gzip.decompress((sample_build / "data" / "directory.csv.gz").read_bytes())
    (tmp_path / "directory.csv").write_bytes(plain)
    # frictionless reads only paths inside its base folder
    resource = Resource(path="directory.csv", basepath=str(tmp_path))
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "note"])
    (task,) = report.tasks
    assert task.stats["rows"] > 50
