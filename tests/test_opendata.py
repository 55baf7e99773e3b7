"""The list of exports: the writers write exactly the files it names, and the data page lists it."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from conftest import ROOT

from generator.catalog import opendata
from generator.catalog.catalog import Catalog
from generator.exports.exports import csv_files, json_files, meeting_guide_files
from generator.exports.geojson import geojson_files
from generator.exports.hsds import hsds_files
from generator.exports.ics import calendar_files
from generator.planning.pages import Planner
from generator.text import urls
from generator.text.i18n import load_translations


def test_the_exporters_write_exactly_the_files_the_list_names(sample_catalog: Catalog) -> None:
    written = {
        **json_files(sample_catalog),
        **csv_files(sample_catalog),
        **meeting_guide_files(sample_catalog),
        **hsds_files(sample_catalog),
        **geojson_files(sample_catalog),
    }
    listed = [file.path for export in opendata.EXPORTS for file in export.files]
    # the API's answer for each object and its further pages: the listed first pages and its
    # index lead to them, as the API's own links would
    api = re.compile(
        rf"{opendata.HSDS_API_FOLDER}(services|taxonomies|taxonomy_terms)/"
        r"([0-9a-f-]{36}|pages/[2-9]|pages/[1-9]\d+)\.json"
    )
    # and the tables the tabular package's datapackage.json lists
    tables = re.compile(rf"{opendata.HSDS_TABULAR_FOLDER}[a-z_]+\.csv")
    unlisted = [p for p in written if api.fullmatch(p) or tables.fullmatch(p)]
    assert sorted(set(written) - set(unlisted)) == sorted(listed)


def test_every_calendar_is_where_the_list_says_one_per_entry_is(sample_catalog: Catalog) -> None:
    (calendars,) = [export for export in opendata.EXPORTS if export.each_entry]
    head, tail = calendars.each_entry.split("<entry>")
    files = calendar_files(sample_catalog)
    assert files
    assert all(path.startswith(head) and path.endswith(tail) for path in files)
    assert sorted(files) == sorted(
        urls.calendar(path.removeprefix(head).removesuffix(tail)) for path in files
    )


def test_the_data_page_lists_every_export_and_links_each_file(sample_catalog: Catalog) -> None:
    lang = "en"
    translations = {lang: load_translations([ROOT / "themes" / "default" / "locales"], lang)}
    planner = Planner(sample_catalog, translations, date(2026, 12, 2))
    (page,) = [p for p in planner.other_pages(lang) if p.path == urls.data(lang)]
    formats = page.context["formats"]
    assert [f["name"] for f in formats] == [e.title for e in opendata.EXPORTS] + ["News feed"]
    linked = [link.href for f in formats for link in f["files"] if link.href]
    assert linked == [
        urls.relative(page.path, file.published) for e in opendata.EXPORTS for file in e.files
    ] + [urls.relative(page.path, urls.feed(lang))]
    assert "../../data/hsds/service_at_locations.json.gz" in linked
    assert "../../data/meeting-guide.json" in linked  # what apps fetch by address stays plain
    assert formats[len(opendata.EXPORTS) - 1]["files"][0].text == "data/calendars/<entry>.ics"
    # each export says who reads it and which validator the tests run on it
    assert all(f["readers"] and f["checked_with"] for f in formats)
    (meeting_guide,) = [f for f in formats if f["name"] == "Meeting Guide feed"]
    assert meeting_guide["readers"] == ("TSML UI", "Meeting Guide")


def test_the_data_page_names_readers_and_validators(sample_build: Path) -> None:
    html = (sample_build / "fr" / "data" / "index.html").read_text(encoding="utf-8")
    assert "<p>Lu par : TSML UI, Meeting Guide</p>" in html
    assert "<p>Vérifié dans les tests avec : frictionless</p>" in html


# --- what crawlers and other sites read -------------------------------------------------------

SAMPLE_BASE = "https://peer-support.example.org/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _sitemap_alternates(site: Path) -> dict[str, list[tuple[str, str]]]:
    """Return each address the sitemap lists with its hreflang alternates, read through the
    index and its gzip-compressed parts when the sitemap is split."""
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    if root.tag == f"{SM}sitemapindex":
        names = [s.findtext(f"{SM}loc", "").rpartition("/")[2] for s in root.iter(f"{SM}sitemap")]
        roots = [ET.fromstring(gzip.decompress((site / name).read_bytes())) for name in names]
    else:
        roots = [root]
    return {
        url.findtext(f"{SM}loc", ""): [
            (link.get("hreflang", ""), link.get("href", "")) for link in url.iter(f"{XHTML}link")
        ]
        for part in roots
        for url in part.iter(f"{SM}url")
    }


def test_every_page_lists_the_same_alternates_as_each_page_it_lists(sample_build: Path) -> None:
    # search engines ignore hreflang links that are not returned: if A names B, B names A.
    # The sitemap names them, once for the whole site; no page repeats them.
    sets = _sitemap_alternates(sample_build)
    assert len(sets) > 500
    problems = []
    for page in sample_build.rglob("index.html"):
        address = SAMPLE_BASE + page.parent.relative_to(sample_build).as_posix() + "/"
        address = address.replace(SAMPLE_BASE + "./", SAMPLE_BASE)
        if 'rel="alternate" hreflang' in page.read_text(encoding="utf-8"):
            problems.append(f"{address}: hreflang links in the page")
        if address not in sets and "/admin/" not in address:
            problems.append(f"{address}: not in the sitemap")
    for address, alternates in sets.items():
        names = [hreflang for hreflang, _ in alternates]
        if names != ["en", "es", "fr", "ar", "x-default"]:
            problems.append(f"{address}: {names}")
        if address not in {href for _, href in alternates}:
            problems.append(f"{address}: not among its own alternates")
        for _, href in alternates:
            if sets.get(href) != alternates:
                problems.append(f"{address} -> {href}: {sets.get(href)}")
    assert problems == []
    # the language chooser is the home pages' x-default, and lists them
    assert ("x-default", SAMPLE_BASE) in sets[SAMPLE_BASE + "ar/"]
    assert ("ar", SAMPLE_BASE + "ar/") in sets[SAMPLE_BASE]
    # any other page sends a visitor in another language to the default language's version
    assert ("x-default", SAMPLE_BASE + "en/guides/") in sets[SAMPLE_BASE + "fr/guides/"]


def test_the_language_chooser_and_the_home_pages_share_their_alternates(sample_build: Path) -> None:
    sets = _sitemap_alternates(sample_build)
    assert sets[SAMPLE_BASE] == sets[SAMPLE_BASE + "es/"]
    assert ("x-default", SAMPLE_BASE) in sets[SAMPLE_BASE + "es/"]


def test_other_sites_may_read_the_open_data_in_a_browser(sample_build: Path) -> None:
    # a meeting finder on another site (TSML UI) fetches the Meeting Guide feed from the page
    headers = (sample_build / "_headers").read_text(encoding="utf-8")
    rules = {
        block.splitlines()[0]: block.splitlines()[1:] for block in re.split(r"\n(?=/)", headers)
    }
    assert rules["/data/*"] == ["  Access-Control-Allow-Origin: *"]
    assert not any("Access-Control" in line for line in rules["/*"])
