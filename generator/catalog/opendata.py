"""The open data the site publishes: each export's files, their formats, and the words the data
page shows for it.

The writers in `exports` name their files from here and the data page lists them from here, so
a file can't be written without being documented, nor documented under another name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from generator.catalog.catalog import CatalogEntry
from generator.catalog.labels import N_
from generator.model.config import SiteConfig
from generator.model.models import Meeting
from generator.text import urls


@dataclass(frozen=True)
class DataFile:
    """One file of open data."""

    path: str
    """Where it is written, from the site root, e.g. "data/directory.csv"."""
    media_type: str
    """Its IANA media type, for anyone serving or fetching it (of the content, uncompressed)."""
    gzip: bool = False
    """Published gzip-compressed, as `path` with ".gz" added, and not uncompressed: the
    whole-directory files that grow with it (at 10,000 entries in four languages the JSON is
    96 MB, past hosts' 25 MiB a file; compressed, a twentieth of that to a fifth). The
    exporters make the plain bytes; the build compresses them as it writes them."""

    @property
    def published(self) -> str:
        """Return where the file is published, from the site root."""
        return self.path + ".gz" if self.gzip else self.path

    @property
    def name(self) -> str:
        """Return how the data page names it: its published path inside data/
        ("hsds/services.json.gz")."""
        return self.published.removeprefix(DATA)


@dataclass(frozen=True)
class OpenData:
    """One export as the data page documents it: a name, what it holds, its files."""

    title: str
    """Its name, an English message id marked for translation."""
    about: str
    """What it holds and who reads it, an English message id marked for translation."""
    files: tuple[DataFile, ...] = ()
    """Its files, each linked from the data page."""
    each_entry: str = ""
    """For a file per entry instead: its path with "<entry>" for the entry, shown unlinked."""
    readers: tuple[str, ...] = ()
    """Programs known to read it, by their own names."""
    checked_with: tuple[str, ...] = ()
    """The validators, written by others, that the test suite runs on it."""


DATA = "data/"
"""The folder, from the site root, that holds all the open data."""
JSON = "application/json"

DIRECTORY = DataFile(f"{DATA}directory.json", JSON, gzip=True)
DIRECTORY_SCHEMA = DataFile(f"{DATA}directory.schema.json", "application/schema+json")
CSV = DataFile(f"{DATA}directory.csv", "text/csv; charset=utf-8; header=present", gzip=True)
MEETING_GUIDE = DataFile(f"{DATA}meeting-guide.json", JSON)
GEOJSON = DataFile(f"{DATA}directory.geojson", "application/geo+json")
HSDS_FOLDER = f"{DATA}hsds/"
HSDS_API_FOLDER = f"{HSDS_FOLDER}api/"
"""The HSDS API's answers as static files (see `generator.exports.hsds_api`)."""
HSDS_TABULAR_FOLDER = f"{HSDS_FOLDER}tabular/"
"""HSDS as a Tabular Data Package (see `generator.exports.hsds_tabular`)."""
HSDS_PROFILE_FOLDER = f"{HSDS_FOLDER}profile/"
"""The directory's HSDS profile: its canonical URI, description and JSON Merge Patches."""
HSDS = tuple(
    DataFile(f"{HSDS_FOLDER}{name}.json", JSON, gzip=name != "index")
    for name in ("index", "services", "organizations", "locations", "service_at_locations")
)
HSDS_TABULAR = DataFile(f"{HSDS_TABULAR_FOLDER}datapackage.json", JSON)
HSDS_API = tuple(
    DataFile(f"{HSDS_API_FOLDER}{name}.json", JSON)
    for name in ("index", "services/pages/1", "taxonomies/pages/1", "taxonomy_terms/pages/1")
)
HSDS_PROFILE = tuple(
    DataFile(f"{HSDS_PROFILE_FOLDER}{name}.json", JSON)
    for name in ("index", "service", "organization", "service_at_location")
)

EXPORTS = (
    OpenData(
        N_("The whole directory as JSON"),
        N_(
            "Every published entry with all its fields and translations, the "
            "vocabularies and the site's languages, with a version number."
        ),
        (DIRECTORY, DIRECTORY_SCHEMA),
        readers=("jq", "Datasette"),
        checked_with=("jsonschema",),
    ),
    OpenData(
        N_("Spreadsheet (CSV)"),
        N_(
            "One row per entry, UTF-8, opens in spreadsheet programs. Lists are "
            "separated by semicolons; cells that could run as formulas start with an "
            "apostrophe."
        ),
        (CSV,),
        readers=("LibreOffice Calc", "Microsoft Excel", "Google Sheets"),
        checked_with=("frictionless",),
    ),
    OpenData(
        N_("Open Referral HSDS 3.0"),
        N_(
            "Services, organizations, locations, schedules, phones and languages in "
            "the Human Services Data Specification, for referral and resource "
            "directory software."
        ),
        (*HSDS, HSDS_TABULAR),
        readers=("Open Referral HSDS 3.0",),
        checked_with=("jsonschema", "HSDS 3.0", "frictionless"),
    ),
    OpenData(
        N_("Open Referral HSDS 3.0 API"),
        N_(
            "The same services as the HSDS API answers them, one static file per answer: "
            "the index, the pages of services, and the taxonomies and terms with their "
            "pages. A profile for peer support adds each service's kind, way of joining and "
            "facilitation as fields of their own."
        ),
        HSDS_API + HSDS_PROFILE,
        readers=("Open Referral HSDS 3.0 API",),
        checked_with=("jsonschema", "HSDS 3.0", "RFC 7386"),
    ),
    OpenData(
        N_("Meeting Guide feed"),
        N_(
            "Weekly meetings in the Meeting Guide API format that meeting finders "
            "such as TSML UI read. Monthly meetings are left out, as the format asks."
        ),
        (MEETING_GUIDE,),
        readers=("TSML UI", "Meeting Guide"),
        checked_with=("code4recovery/spec",),
    ),
    OpenData(
        N_("Map (GeoJSON)"),
        N_(
            "The groups that meet in person, as points for mapping tools such as QGIS, "
            "uMap or Leaflet. Places without a public street address are shown only as "
            "their town."
        ),
        (GEOJSON,),
        readers=("QGIS", "uMap", "Leaflet"),
        checked_with=("RFC 7946",),
    ),
    OpenData(
        N_("Calendars"),
        N_(
            "An iCalendar file for every entry that meets at set times, with its "
            "repeating meetings in the group's time zone. Each entry page links to its "
            "own."
        ),
        each_entry=urls.calendar("<entry>"),
        readers=("Google Calendar", "Apple Calendar", "Thunderbird"),
        checked_with=("icalendar", "recurring-ical-events"),
    ),
)
"""Every export, in the order the data page lists them."""

GZIPPED = frozenset(file.path for export in EXPORTS for file in export.files if file.gzip)
"""The paths, as the exporters name them, of the files published gzip-compressed."""


def next_meeting(meetings: Sequence[Meeting], zone: str, today: date) -> tuple[datetime, datetime]:
    """Return when the first of `meetings` on or after `today` starts and ends, in `zone`.

    Formats that want a date and a UTC offset (schema.org's startDate, HSDS's times) take this
    one: the offset it has on that day, which daylight saving time changes later in the year.
    """
    tz = ZoneInfo(zone)
    spans = []
    for meeting in meetings:
        day = today
        # a rule always selects a day: a fifth week comes round within a few months
        while not meeting.meets_on(day):
            day += timedelta(days=1)
        spans.append(meeting.span(day, tz))
    return min(spans)


def edit_links(site: SiteConfig, item: CatalogEntry, name: str) -> dict[str, str]:
    """Return an entry's "Suggest an edit" (the file in the repository's web editor) and
    "Report a problem" (the correction form, filled in) addresses, where the site has them.

    The entry page links them and the Meeting Guide feed gives them as `edit_url` and
    `feedback_url`; `name` titles the report, in the language of whoever files it.
    """
    repository = site.repository
    features = site.features
    if repository is None or not (features.suggest_edit or features.report_problem):
        return {}
    base = repository.url.rstrip("/")
    links = {"suggest": "", "report": ""}
    if features.suggest_edit and item.relative:
        path = quote(f"{repository.content_path.strip('/')}/{item.relative}")
        links["suggest"] = f"{base}/edit/{quote(repository.branch)}/{path}"
    if features.report_problem:
        query = urlencode(
            {"template": "correction.yml", "title": f"Correction: {name}", "entry": item.slug}
        )
        links["report"] = f"{base}/issues/new?{query}"
    return links
