"""The list of exports: the writers write exactly the files it names, and the data page lists it."""

from __future__ import annotations

from datetime import date

from conftest import ROOT

from generator.catalog import opendata
from generator.catalog.catalog import Catalog
from generator.exports.exports import csv_files, json_files, meeting_guide_files
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
    }
    listed = [file.path for export in opendata.EXPORTS for file in export.files]
    assert sorted(written) == sorted(listed)


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
        urls.relative(page.path, file.path) for e in opendata.EXPORTS for file in e.files
    ] + [urls.relative(page.path, urls.feed(lang))]
    assert "../../data/hsds/service_at_locations.json" in linked
    assert formats[len(opendata.EXPORTS) - 1]["files"][0].text == "data/calendars/<entry>.ics"
