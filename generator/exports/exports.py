"""Machine-readable exports: the directory as JSON with its JSON Schema, as CSV, and as a feed
in the Meeting Guide API format.

Each function returns files keyed by their path from the site root; the writer puts them in
place. Nothing here reads the clock or the disk, so the same catalog always gives the same bytes.

Why it is long: the three formats share the projections of an entry and the JSON helpers of
the "shared" section; the Meeting Guide feed (the last section) is the part to move into a
module of its own once those helpers are made public for it.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import itertools
import json
import re
from collections.abc import Mapping
from functools import cache, partial
from typing import Any

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location
from pydantic import BaseModel, TypeAdapter

from generator.catalog import opendata
from generator.catalog.catalog import Catalog, CatalogEntry
from generator.exports.meeting_types import (
    ACCESSIBILITY_TYPES,
    AUDIENCE_TYPES,
    JOINING_TYPES,
    LANGUAGE_TYPES,
    VENUE_TYPES,
)
from generator.incremental.fragments import Fragments
from generator.model import privacy
from generator.model.config import License, SiteConfig
from generator.model.fields import LanguageTag, TermId
from generator.model.models import VOCABULARIES, Entry, Location, Meeting, Term, Vocabularies
from generator.model.schema import entry_schema
from generator.text import urls
from generator.text.markup import render_markdown

JSON_PATH = opendata.DIRECTORY.path
SCHEMA_PATH = opendata.DIRECTORY_SCHEMA.path
CSV_PATH = opendata.CSV.path
MEETING_GUIDE_PATH = opendata.MEETING_GUIDE.path

FORMATS: tuple[tuple[str, str], ...] = tuple(
    (file.path, file.media_type)
    for file in (
        opendata.DIRECTORY,
        opendata.DIRECTORY_SCHEMA,
        opendata.CSV,
        opendata.MEETING_GUIDE,
    )
)
"""The files this module writes as (path from the site root, media type), as `opendata` lists
them."""

VERSION = "2.0"
"""The version of the JSON export: the minor number grows when fields are added, the major
number when a field is removed or changes meaning (2.0: verified.source is no longer
published, and coordinates without a street address are rounded to the town)."""


# --- shared -----------------------------------------------------------------------------------


def _own_page(site: SiteConfig, item: CatalogEntry) -> str:
    # the page whose text matches the single-language exports
    return urls.entry_url(site.base_url, item.page_language(site), item.slug)


def _own(catalog: Catalog, item: CatalogEntry, values: Mapping[str, str] | None) -> str:
    """Return a translatable field in the entry's own language ("" when the field is absent)."""
    if not values:
        return ""
    return item.text(values, item.language, catalog.site.default_language).text


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_LINK = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
_LINE_END = re.compile(r"\s*(?:<br\s*/?>|</li>)\s*")
_BLOCK_END = re.compile(r"\s*(?:</(?:p|h[1-6]|blockquote|pre|ul|ol|table|tr)>|<hr\s*/?>)\s*")
_TAG = re.compile(r"<[^>]+>")
_ORDERED = re.compile(r"<ol(?: start=\"(\d+)\")?>(.*?)</ol>", re.DOTALL)


def _numbered(match: re.Match[str]) -> str:
    # steps to join are often numbered, and the numbers carry meaning in plain text too
    numbers = itertools.count(int(match.group(1) or 1))
    return "<ol>" + re.sub(r"<li>", lambda _: f"{next(numbers)}. ", match.group(2)) + "</ol>"


def _plain(markdown_text: str) -> str:
    """Return Markdown as plain text: paragraphs apart, list items on lines, link targets kept."""
    # render first, so the text is exactly what the page shows and nothing unsafe survives;
    # then line breaks come only from the HTML's blocks, as a browser shows them. Rendered with
    # headings from h3, as on an entry's page, the check's conversion is taken as it is (the
    # heading level is dropped with the tags)
    rendered = re.sub(r"\s+", " ", render_markdown(markdown_text, top=3))

    def link(match: re.Match[str]) -> str:
        target, shown = html.unescape(match.group(1)), match.group(2)
        visible = html.unescape(_TAG.sub("", shown)).strip()
        if visible in (target, target.removeprefix("mailto:"), target.removeprefix("tel:")):
            return shown
        return f"{shown} ({html.escape(target)})"

    text = _ORDERED.sub(_numbered, _LINK.sub(link, rendered)).replace("<li>", "- ")
    text = _BLOCK_END.sub("\n\n", _LINE_END.sub("\n", text))
    text = html.unescape(_TAG.sub("", text))
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _number(value: float) -> str:
    # fixed notation: str() writes 0.00001 as 1e-05, which spreadsheets misread
    return f"{value:.6f}".rstrip("0").rstrip(".")


# --- JSON -------------------------------------------------------------------------------------


def json_files(catalog: Catalog, fragments: Fragments | None = None) -> dict[str, bytes]:
    """Return the whole directory as JSON, and the JSON Schema that describes it."""
    pieces = fragments or Fragments()
    entries = [
        pieces.get("json", item.slug, partial(_entry_json, catalog, item))
        for item in catalog.published
    ]
    return {
        JSON_PATH: _json_with_list(_directory(catalog), "entries", entries),
        SCHEMA_PATH: _json_bytes(_directory_schema(catalog.site)),
    }


def _entry_json(catalog: Catalog, item: CatalogEntry) -> bytes:
    return _indented(_json_text(_entry_data(catalog, item)), 2).encode("utf-8")


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _indented(dumped: str, depth: int) -> str:
    """Return a dumped JSON value as it reads at `depth` in an indented document.

    A dumped value has no line break but its own indentation: strings escape theirs.
    """
    return dumped.replace("\n", "\n" + "  " * depth)


def _json_items(items: list[bytes], depth: int) -> bytes:
    """Return a JSON list at `depth` in an indented document, of items already `_indented`
    for the list's own depth + 1 and encoded (10,000 pieces join as bytes many times faster
    than as text to encode)."""
    if not items:
        return b"[]"
    inner = b"\n" + b"  " * (depth + 1)
    return b"[" + inner + (b"," + inner).join(items) + b"\n" + b"  " * depth + b"]"


def _json_with_list(document: dict[str, Any], key: str, items: list[bytes]) -> bytes:
    """Return `document` as `_json_bytes` would, with its last key a list of dumped items
    (`_indented` for depth 2, and encoded)."""
    assert list(document)[-1] == key and document[key] == []
    head = _json_text(document)
    tail = f'"{key}": []\n}}'
    assert head.endswith(tail)
    return (head[: -len(tail)] + f'"{key}": ').encode("utf-8") + _json_items(items, 1) + b"\n}\n"


def _language_keys(value: Any, own: str) -> Any:
    # In a dumped entry the only mappings are models (keyed by field names, never "") and
    # translations, so every "" key is text in the entry's own language.
    if isinstance(value, dict):
        return {(own if key == "" else key): _language_keys(v, own) for key, v in value.items()}
    if isinstance(value, list):
        return [_language_keys(v, own) for v in value]
    return value


def _entry_data(catalog: Catalog, item: CatalogEntry) -> dict[str, Any]:
    # None means "not given" and is left out; defaults such as status: active and empty term
    # lists stay, so every entry has the same shape for consumers
    dumped = item.entry.model_dump(
        mode="json", exclude_none=True, exclude=privacy.unpublished_exclude()
    )
    data = _language_keys(dumped, item.language)
    location = item.entry.location
    coordinates = privacy.public_coordinates(location)
    if location is not None and coordinates is not None:
        data["location"]["coordinates"] = list(coordinates)
        data["location"]["approximate"] = privacy.is_approximate(location)
    data["text_language"] = item.language  # resolved: the site default when the file is silent
    fields = {name: data[name] for name in Entry.model_fields if name in data}
    site = catalog.site
    entry_urls = {lang: urls.entry_url(site.base_url, lang, item.slug) for lang in site.languages}
    return {"slug": item.slug, "urls": entry_urls, **fields}


def _term_data(term: Term, default: str) -> dict[str, Any]:
    data: dict[str, Any] = {"label": _language_keys(term.label, default)}
    if term.description:
        data["description"] = _language_keys(term.description, default)
    return data


def _directory(catalog: Catalog) -> dict[str, Any]:
    site = catalog.site
    default = site.default_language
    license_ = site.data_license
    return {
        "version": VERSION,
        "site": {
            "title": _language_keys(site.title, default),
            "base_url": urls.root(site.base_url),
            "languages": list(site.languages),
            "default_language": default,
        },
        "license": None if license_ is None else license_.model_dump(mode="json"),
        "vocabularies": {
            vocabulary: {
                term_id: _term_data(term, default)
                for term_id, term in getattr(catalog.vocabularies, vocabulary).items()
            }
            for vocabulary in VOCABULARIES
        },
        "entries": [],  # filled in by json_files, from each entry's own piece
    }


def _is_structured(branch: Any) -> bool:
    return isinstance(branch, dict) and (branch.get("type") == "object" or "$ref" in branch)


def _exported_shape(node: Any) -> Any:
    """Narrow a volunteer-facing schema to what the export writes.

    Volunteers may write text or {language: text}, and `schedule: 24/7`; the export always
    writes the mapping, and leaves out what is None, so those alternatives are dropped.
    """
    if isinstance(node, list):
        return [_exported_shape(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _exported_shape(value) for key, value in node.items()}
    branches = node.get("anyOf")
    if not isinstance(branches, list):
        return node
    kept = [b for b in branches if b != {"type": "null"}]
    if any(_is_structured(b) for b in kept):
        kept = [b for b in kept if not (isinstance(b, dict) and b.get("type") == "string")]
    if len(kept) == len(branches):
        return node
    rest = {k: v for k, v in node.items() if k != "anyOf" and not (k == "default" and v is None)}
    if len(kept) == 1:
        return {**kept[0], **rest}  # the field's own description wins over the branch's
    return {**rest, "anyOf": kept}


def _described(model: type[BaseModel], name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "description": model.model_fields[name].description or ""}


def _without_unpublished(item: dict[str, Any], definitions: dict[str, Any]) -> None:
    """Remove the fields no page shows (`privacy.unpublished_fields`) from an entry's schema."""
    for path in privacy.unpublished_fields():
        node = item
        for name in path[:-1]:
            field = node["properties"][name]
            reference = field.get("$ref") or next(
                (b["$ref"] for b in field.get("anyOf", ()) if "$ref" in b), ""
            )
            node = definitions[reference.rpartition("/")[2]]
        node["properties"].pop(path[-1], None)
        if path[-1] in node.get("required", ()):
            node["required"] = [name for name in node["required"] if name != path[-1]]


def _directory_schema(site: SiteConfig) -> dict[str, Any]:
    """Return the JSON Schema of directory.json: the entry schema reshaped as exported, and the
    fields only the export has.

    Why it is long: it is a declaration, the exported document's property table read top to
    bottom; cutting it up would scatter one description over several functions.
    """
    entry = entry_schema()
    definitions: dict[str, Any] = _exported_shape(entry.pop("$defs", {}))
    item = _exported_shape({k: v for k, v in entry.items() if k not in ("$schema", "title")})
    _without_unpublished(item, definitions)
    language: dict[str, Any] = TypeAdapter(LanguageTag).json_schema()
    item["title"] = "Entry"
    item["description"] = (
        f"{item['description']} Published entries only (ended ones are left out), with their "
        "page addresses; translatable text is always a mapping of language tag to text, and "
        "text_language is always given."
    )
    item["properties"] = {
        "slug": {
            "type": "string",
            "pattern": TypeAdapter(TermId).json_schema()["pattern"],
            "description": "The entry's identifier: its file name without .yaml, also the last "
            "part of its page address.",
        },
        "urls": {
            "type": "object",
            "description": "The entry's page in every site language, by language tag.",
            "propertyNames": {"pattern": language["pattern"]},
            "additionalProperties": {"type": "string", "format": "uri"},
        },
        **item["properties"],
    }
    always = {"slug", "urls", "text_language", "audiences", "accessibility", "practices", "status"}
    required = always | set(item.get("required", []))
    item["required"] = [name for name in item["properties"] if name in required]

    site_fields = SiteConfig.model_json_schema()["properties"]
    site_properties = {
        name: _exported_shape(site_fields[name])
        for name in ("title", "base_url", "languages", "default_language")
    }
    term_fields = Term.model_json_schema()["properties"]
    license_schema = {k: v for k, v in License.model_json_schema().items() if k != "title"}
    term_id = TypeAdapter(TermId).json_schema()
    root = urls.root(site.base_url)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": root + SCHEMA_PATH,
        "title": "Peer support directory open data",
        "description": f"The published entries of the directory at {root}, with the "
        "site's languages, the data licence and the vocabularies that entries' terms come from.",
        "type": "object",
        "additionalProperties": False,
        "required": ["version", "site", "license", "vocabularies", "entries"],
        "properties": {
            "version": {
                "type": "string",
                "const": VERSION,
                "description": "The version of this format, major.minor: the minor number grows "
                "when fields are added, the major number when a field is removed or changes "
                "meaning.",
            },
            "site": {
                "type": "object",
                "description": "The site the data comes from.",
                "additionalProperties": False,
                "required": list(site_properties),
                "properties": site_properties,
            },
            "license": {
                "anyOf": [{"$ref": "#/$defs/License"}, {"type": "null"}],
                "description": (SiteConfig.model_fields["data_license"].description or "")
                + " null when the site names none.",
            },
            "vocabularies": {
                "type": "object",
                "description": "Every term entries may use, by vocabulary and term id.",
                "additionalProperties": False,
                "required": list(VOCABULARIES),
                "properties": {
                    name: _described(
                        Vocabularies,
                        name,
                        {
                            "type": "object",
                            "propertyNames": {"pattern": term_id["pattern"]},
                            "additionalProperties": {"$ref": "#/$defs/Term"},
                        },
                    )
                    for name in VOCABULARIES
                },
            },
            "entries": {
                "type": "array",
                "description": "The published entries, in slug order.",
                "items": {"$ref": "#/$defs/Entry"},
            },
        },
        "$defs": {
            "Entry": item,
            **definitions,
            "License": license_schema,
            "Term": {
                "type": "object",
                "description": Term.__doc__ or "",
                "additionalProperties": False,
                "required": ["label"],
                "properties": {
                    name: _described(Term, name, _exported_shape(term_fields[name]))
                    for name in ("label", "description")
                },
            },
        },
    }


# --- CSV --------------------------------------------------------------------------------------

CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("slug", "The entry's identifier: its file name, also the end of its page address."),
    (
        "url",
        "The entry's page in its own language (the default language when the site has "
        "no pages in it).",
    ),
    ("name", "The name, in the entry's own language."),
    (
        "kind",
        "support-group, one-to-one, warmline, online-community, veteran-network or "
        "workplace-program.",
    ),
    ("summary", "One or two sentences, in the entry's own language."),
    ("organization", "The organisation that runs it, if any."),
    ("attendance", "in-person, online or hybrid."),
    ("joining", "open, register, contact-first, referral or members-only."),
    ("facilitation", "peer-led, co-facilitated or professional."),
    ("topics", 'Topic term ids, separated by "; " (labels are in directory.json).'),
    ("audiences", 'Audience term ids, separated by "; "; empty means everyone.'),
    ("languages", 'BCP 47 tags of the languages it is held in, separated by "; ".'),
    ("cost", "free, donation, sliding-scale or fee."),
    ("cost_note", "Details of the cost."),
    ("venue", "The building or organisation that hosts it."),
    ("address", "Street and number; empty for a private address."),
    ("city", "Town or city."),
    ("region", "State, province, county or region."),
    ("postal_code", "Postal code as written locally."),
    ("country", "ISO 3166-1 two-letter country code of the venue."),
    (
        "latitude",
        "Decimal degrees (see approximate); to 2 decimals, the town's, without a street address.",
    ),
    (
        "longitude",
        "Decimal degrees (see approximate); to 2 decimals, the town's, without a street address.",
    ),
    ("online_url", "The page where people join or sign up online."),
    (
        "platform",
        "The online tool: zoom, google-meet, microsoft-teams, jitsi, discord, "
        "whatsapp, signal, forum, app, phone or other.",
    ),
    ("online_phone", "A number to call in or the line itself, E.164, after an apostrophe."),
    ("timezone", "IANA time zone of the meeting times."),
    (
        "schedule",
        'Meetings as "<day>[ weeks <n>,<n>] HH:MM-HH:MM" separated by "; " '
        '(weeks of the month, "last" for the last), or 24/7, or by-appointment.',
    ),
    ("website", "The group's web page."),
    ("email", "A public email address."),
    ("phone", "A public phone number, E.164, after an apostrophe."),
    ("accessibility", 'Access feature term ids, separated by "; ".'),
    ("practices", 'Practice term ids, separated by "; ".'),
    ("status", "active or temporarily-closed."),
    ("verified_date", "When it was last confirmed to run as described, YYYY-MM-DD."),
    ("added", "When it was added to the directory, YYYY-MM-DD."),
    ("text_language", "The language of the text columns."),
    (
        "approximate",
        "yes when the coordinates are only the town's (always so without a street address), "
        "no when they are the venue's.",
    ),
    ("location_notes", "How to find the room."),
    (
        "online_countries",
        'Countries the online service is for, separated by "; "; empty means anywhere.',
    ),
    ("online_notes", "Anything else needed to join online."),
    ("schedule_notes", "Exceptions and details of the schedule."),
    ("status_note", "Why it is closed and until when."),
    ("how_to_join", "The steps to join, as plain text."),
    ("description", "What happens and what to expect, as plain text."),
)
"""The CSV's fixed columns and what each holds; name_<lang> and summary_<lang> follow, one per
site language, holding that translation or nothing. Text is in the entry's own language, and a
cell that starts with =, +, -, @, a tab or a carriage return starts with an apostrophe."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_header(site: SiteConfig) -> list[str]:
    """Return the CSV's column names: the fixed ones, then name and summary per site language."""
    return [
        *(name for name, _ in CSV_COLUMNS),
        *(f"name_{lang}" for lang in site.languages),
        *(f"summary_{lang}" for lang in site.languages),
    ]


def csv_files(catalog: Catalog, fragments: Fragments | None = None) -> dict[str, bytes]:
    """Return the published entries as one CSV table, one row per entry."""
    pieces = fragments or Fragments()
    header = csv_header(catalog.site)

    def line(cells: list[str]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(cells)  # RFC 4180 line ends
        return buffer.getvalue()

    def row(item: CatalogEntry) -> str:
        cells = _csv_row(catalog, item)
        return line([cells.get(column, "") for column in header])

    rows = [pieces.get("csv", item.slug, partial(row, item)) for item in catalog.published]
    # the BOM is how Excel tells UTF-8 from the local code page
    return {CSV_PATH: "".join([line(header), *rows]).encode("utf-8-sig")}


def _neutralised(text: str) -> str:
    # OWASP "CSV Injection": a spreadsheet runs a cell starting with one of these characters as
    # a formula, and the apostrophe makes it text. E.164 phones ("+1312...") get one too, which
    # also keeps spreadsheets from reading them as numbers and dropping the plus.
    return "'" + text if text.startswith(_FORMULA_START) else text


def _schedule_text(item: CatalogEntry) -> str:
    schedule = item.entry.schedule
    if schedule.hours:
        return str(schedule.hours)
    parts = []
    for meeting in schedule.meetings or ():
        weeks = ""
        if meeting.weeks:
            weeks = " weeks " + ",".join("last" if w == -1 else str(w) for w in meeting.weeks)
        parts.append(f"{meeting.day}{weeks} {meeting.start}-{meeting.end}")
    return "; ".join(parts)


def _translation(values: Mapping[str, str], lang: str, own: str) -> str:
    if lang in values:
        return values[lang]
    return values.get("", "") if lang == own else ""


def _csv_row(catalog: Catalog, item: CatalogEntry) -> dict[str, str]:
    entry = item.entry
    location, online, contact = entry.location, entry.online, entry.contact

    def own(values: Mapping[str, str] | None) -> str:
        return _own(catalog, item, values)

    def plain(values: Mapping[str, str] | None) -> str:
        return _plain(own(values)) if values else ""

    text: dict[str, str] = {
        "slug": item.slug,
        "url": _own_page(catalog.site, item),
        "name": own(entry.name),
        "kind": entry.kind,
        "summary": own(entry.summary),
        "organization": own(entry.organization),
        "attendance": entry.attendance,
        "joining": entry.joining,
        "facilitation": entry.facilitation,
        "topics": "; ".join(entry.topics),
        "audiences": "; ".join(entry.audiences),
        "languages": "; ".join(entry.languages),
        "cost": entry.cost,
        "cost_note": own(entry.cost_note),
        "timezone": entry.schedule.timezone or "",
        "schedule": _schedule_text(item),
        "schedule_notes": own(entry.schedule.notes),
        "accessibility": "; ".join(entry.accessibility),
        "practices": "; ".join(entry.practices),
        "status": entry.status,
        "status_note": own(entry.status_note),
        "verified_date": entry.verified.date.isoformat(),
        "added": entry.added.isoformat() if entry.added else "",
        "text_language": item.language,
        "how_to_join": plain(entry.how_to_join),
        "description": plain(entry.description),
    }
    if location is not None:
        text |= {
            "venue": location.venue or "",
            "address": location.address or "",
            "city": location.city,
            "region": location.region or "",
            "postal_code": location.postal_code or "",
            "country": location.country,
            "location_notes": own(location.notes),
        }
        if location.coordinates is not None:
            text["approximate"] = "yes" if privacy.is_approximate(location) else "no"
    if online is not None:
        text |= {
            "online_url": online.url or "",
            "platform": online.platform or "",
            "online_phone": online.phone or "",
            "online_countries": "; ".join(online.countries or ()),
            "online_notes": own(online.notes),
        }
    if contact is not None:
        text |= {
            "website": contact.website or "",
            "email": contact.email or "",
            "phone": contact.phone or "",
        }
    for lang in catalog.site.languages:
        text[f"name_{lang}"] = _translation(entry.name, lang, item.language)
        text[f"summary_{lang}"] = _translation(entry.summary, lang, item.language)
    row = {column: _neutralised(value) for column, value in text.items()}
    coordinates = privacy.public_coordinates(location)
    if coordinates is not None:
        # numbers we format ourselves: a leading minus is a sign, not a formula
        row["latitude"], row["longitude"] = (_number(v) for v in coordinates)
    return row


# --- Meeting Guide ----------------------------------------------------------------------------

ONLINE_REGION = "Online"
"""The region of meetings held only online: the spec's own example of a region without a place."""
_SLUG_LIMIT = 64


def meeting_guide_files(catalog: Catalog, fragments: Fragments | None = None) -> dict[str, bytes]:
    """Return the weekly meetings as a Meeting Guide API feed (a JSON array of meetings)."""
    pieces = fragments or Fragments()
    # the spec leaves out a region every meeting shares: the country, in a one-country directory
    countries = {item.entry.location.country for item in catalog.published if item.entry.location}
    with_country = len(countries) > 1
    # named by that choice, an entry's kept meetings are made again when another entry changes it
    kind = "meetings" if with_country else "meetings-one-country"

    def meetings(item: CatalogEntry) -> bytes:
        # the spec is for weekly meetings only: those that meet on given weeks of the month
        # are left out, not listed as if they met every week
        weekly = [m for m in item.entry.schedule.meetings or () if m.weeks is None]
        dumped = []
        for number, meeting in enumerate(weekly, start=1):
            slug = _meeting_slug(item.slug, number if len(weekly) > 1 else None)
            meeting_json = _json_text(_meeting(catalog, item, meeting, slug, with_country))
            dumped.append(_indented(meeting_json, 1).encode("utf-8"))
        return b"\0".join(dumped)

    items = [
        meeting
        for item in catalog.published
        for meeting in pieces.get(kind, item.slug, partial(meetings, item)).split(b"\0")
        if meeting
    ]
    return {MEETING_GUIDE_PATH: _json_items(items, 0) + b"\n"}


def _meeting_slug(entry_slug: str, number: int | None) -> str:
    suffix = "" if number is None else f"-{number}"
    if len(entry_slug) + len(suffix) <= _SLUG_LIMIT:
        return entry_slug + suffix
    # cut long slugs, adding a hash of the whole one so two cut slugs stay apart
    digest = hashlib.sha256(entry_slug.encode("utf-8")).hexdigest()[:8]
    keep = _SLUG_LIMIT - len(suffix) - len(digest) - 1
    return f"{entry_slug[:keep].rstrip('-')}-{digest}{suffix}"


def _day(meeting: Meeting) -> int | list[int]:
    if meeting.weekday is None:
        return list(range(7))
    return (meeting.weekday + 1) % 7  # the spec counts from Sunday = 0


def _types(item: CatalogEntry) -> list[str]:
    entry = item.entry
    found = {JOINING_TYPES.get(entry.joining, "")}
    found |= {AUDIENCE_TYPES.get(term, "") for term in entry.audiences}
    found |= {ACCESSIBILITY_TYPES.get(term, "") for term in entry.accessibility}
    if entry.location is not None:
        found |= {VENUE_TYPES.get(term, "") for term in entry.accessibility}
        if entry.status == "temporarily-closed":
            found.add("TC")
    found |= {LANGUAGE_TYPES.get(tag.split("-")[0], "") for tag in entry.languages}
    return sorted(found - {""})


def _regions(location: Location | None, with_country: bool) -> list[str]:
    """Return a meeting's regions, the widest first: its country (when the directory's places
    are in more than one), its region and its town; "Online" for a meeting without a place."""
    if location is None:
        return [ONLINE_REGION]
    country = _country_name(location.country) if with_country else ""
    found: list[str] = []
    for name in (country, location.region, location.city):
        if name and name not in found:
            found.append(name)
    return found


def _country_name(code: str) -> str:
    names: Mapping[str, str] = Locale("en").territories
    return names.get(code, code)


def _origin(zone: str | None, countries: list[str] | None) -> str | None:
    """Return an online meeting's approximate place of origin, one that implies its time zone
    as the spec asks: the one country it serves, if that has a single zone, else the town its
    time zone is named after ("Chicago, United States"), when in a country it serves."""
    if countries and len(countries) == 1:
        # the spec warns against a country with several zones ("United States")
        country = _single_zone_country_names().get(countries[0])
        if country is not None:
            return country
    territories: Mapping[str, str] = get_global("zone_territories")
    territory = territories.get(zone or "")
    if zone and territory and territory != "ZZ" and (not countries or territory in countries):
        city = get_timezone_location(zone, locale="en", return_city=True)
        return f"{city}, {_country_name(territory)}"
    return None


@cache
def _single_zone_country_names() -> dict[str, str]:
    zones: Mapping[str, list[str]] = get_global("territory_zones")
    names: Mapping[str, str] = Locale("en").territories
    return {code: names[code] for code, found in zones.items() if len(found) == 1 and code in names}


def _meeting(
    catalog: Catalog, item: CatalogEntry, meeting: Meeting, slug: str, with_country: bool
) -> dict[str, Any]:
    site, entry = catalog.site, item.entry
    location, online = entry.location, entry.online
    closed = entry.status == "temporarily-closed"

    def own(values: Mapping[str, str] | None) -> str:
        return _own(catalog, item, values)

    notes = [
        own(entry.status_note) if closed else "",
        own(entry.schedule.notes),
        _plain(own(entry.how_to_join)) if entry.how_to_join else "",
        own(online.notes) if online is not None and not closed else "",
    ]
    data: dict[str, Any] = {
        "name": own(entry.name),  # at most 120 characters by the model, within the spec's 255
        "slug": slug,
        "day": _day(meeting),
        "time": meeting.start,
        # the spec's HH:MM stops at 23:59; our "24:00" means the meeting runs to midnight
        "end_time": meeting.end_within_day(),
        "timezone": entry.schedule.timezone,
        "types": _types(item),
        "notes": "\n\n".join(note for note in notes if note),
        "url": _own_page(site, item),
        # the spec wants a UTC time of day; the entry knows only the day it was confirmed
        "updated": f"{entry.verified.date.isoformat()} 00:00:00",
    }
    if location is not None:
        data |= {
            "location": location.venue,
            "location_notes": own(location.notes),
            "address": location.address,
            "city": location.city,
            "state": location.region,
            "postal_code": location.postal_code,
            "country": location.country,
        }
        coordinates = privacy.public_coordinates(location)
        if coordinates is not None:
            data["latitude"], data["longitude"] = (round(v, 5) for v in coordinates)
        # without a street address the place is only the town, whatever the coordinates say
        data["approximate"] = "yes" if privacy.is_approximate(location) else "no"
    elif online is not None:
        # Meeting Guide lists only meetings with a place, online ones at an approximate place of
        # origin that implies the time zone: the town the group's time zone is named after
        origin = _origin(entry.schedule.timezone, online.countries)
        if origin is not None:
            data |= {"formatted_address": origin, "approximate": "yes"}
    data["regions"] = _regions(location, with_country)
    if online is not None and not closed:
        # a temporarily closed group does not meet online either; with TC and no conference
        # details, Meeting Guide shows it as inactive rather than as moved online
        data |= {"conference_url": online.url, "conference_phone": online.phone}
    links = opendata.edit_links(site, item, own(entry.name))
    data |= {
        # the spec's trusted servants' edit page and a way to report a mistake: this site's
        # own, the entry file in the repository's editor and the correction form filled in
        "edit_url": links.get("suggest"),
        "feedback_url": links.get("report"),
        "group": own(entry.organization),
        "entity": site.title.get(site.default_language, ""),
        "entity_website_url": urls.root(site.base_url),
    }
    return {key: value for key, value in data.items() if value not in (None, "", [])}
