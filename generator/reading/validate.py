"""Raw data -> models, plus the checks that span fields and files; returns models and problems.

Nothing here raises for bad content: every mistake becomes a positioned `Problem`, and all of
them are collected so a volunteer sees everything at once.
"""

from __future__ import annotations

import dataclasses
import json
import re
import typing
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import phonenumbers
from pydantic import BaseModel, ValidationError

from generator.model.config import SiteConfig, site_context
from generator.model.fields import (
    charged_message,
    charged_number,
    describe,
    did_you_mean,
    email_problem,
    looks_like_phone,
    unsafe_character,
)
from generator.model.models import VOCABULARIES, Entry, Guide, Vocabularies
from generator.model.privacy import check_personal_email
from generator.reading.checked import SourcedEntry, SourcedGuide, Validated
from generator.reading.load import Document, Loc, MarkdownDocument, RawContent
from generator.reading.problems import Problem, Severity, sort_problems
from generator.text import i18n
from generator.text.links import find_links
from generator.text.rooms import is_meeting_room, normalize_host

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class ValidationMemo:
    """Entries validated by earlier builds in this process (the preview server's).

    An entry's own checks depend on its Document and on what is shared (site settings,
    vocabularies, the day): an unchanged Document, checked against the same `shared` key,
    gives what it gave before. Checks across entries always run again.
    """

    shared: str = ""
    checked: dict[int, tuple[Document, SourcedEntry | None, list[Problem]]] = field(
        default_factory=dict
    )
    """id(Document) -> (the Document, kept alive, what its checks gave)."""

    def use(self, shared: str) -> ValidationMemo:
        """Return the memo ready for a build whose shared inputs hash to `shared`."""
        if shared != self.shared:
            self.shared, self.checked = shared, {}
        return self


def validate(
    raw: RawContent, today: date, strict: bool = False, memo: ValidationMemo | None = None
) -> Validated:
    """Validate everything that was loaded; with `strict`, warnings count as errors."""
    result = Validated(problems=list(raw.problems), files=raw.files)
    languages: list[str] | None = None
    if raw.site is not None:
        result.site = _validate_model(
            _without_theme(raw.site, result.problems), SiteConfig, {}, result.problems
        )
        languages = list(result.site.languages) if result.site else site_context(raw.site.data)
    context: dict[str, Any] = {"languages": languages}
    if raw.vocabularies is not None:
        result.vocabularies = _validate_model(
            raw.vocabularies, Vocabularies, context, result.problems
        )
        if result.vocabularies is not None and languages:
            _check_labels(result.vocabularies, raw.vocabularies, languages, result.problems)
    if result.vocabularies is not None:
        context["vocabularies"] = {
            name: set(getattr(result.vocabularies, name)) for name in VOCABULARIES
        }
    checked: dict[int, tuple[Document, SourcedEntry | None, list[Problem]]] = {}
    for doc in raw.entries:
        known = memo.checked.get(id(doc)) if memo is not None else None
        if known is not None and known[0] is doc:
            sourced, problems = known[1], known[2]
        else:
            problems = []
            sourced = _validate_entry(doc, context, result.site, today, problems)
        checked[id(doc)] = (doc, sourced, problems)
        result.problems.extend(problems)
        if sourced is not None:
            result.entries.append(sourced)
    if memo is not None:
        memo.checked = checked  # only this build's documents: the memo never grows stale
    _check_entries_together(result.entries, raw.entries, result.problems)
    _validate_guides(raw.resources, context, result, languages)
    _check_links_outside_entries(raw, result)
    problems = sort_problems(result.problems)
    result.problems = [p.as_error() for p in problems] if strict else problems
    return result


def _check_links_outside_entries(raw: RawContent, result: Validated) -> None:
    """Check the links and characters of site.yaml, vocabularies.yaml and the guides as an
    entry's are checked (an entry's own texts are checked with its fields)."""
    country = result.site.default_country if result.site else "US"
    for doc in (raw.site, raw.vocabularies):
        if doc is not None:
            check_links(doc, country, result.problems)
    for md in raw.resources:
        check_links(md.front, country, result.problems)
        check_text_links(md.front, (), md.body, country, result.problems, line=md.body_line)
        unsafe = unsafe_character(md.body)
        if unsafe is not None:
            result.problems.append(
                Problem(md.front.path, md.body_line, 1, "error", f"the guide's text {unsafe}")
            )


def _without_theme(doc: Document, problems: list[Problem]) -> Document:
    """Return site.yaml's Document without a `theme` field, which earlier versions read.

    A theme is code (templates run at build time), so it is the maintainer's choice at build
    time (--theme) and never something a pull request to the content can set.
    """
    if not isinstance(doc.data, dict) or "theme" not in doc.data:
        return doc
    problems.append(
        doc.problem(
            ("theme",),
            "theme: a theme is code, so it is no longer chosen in site.yaml, where a pull "
            "request could change it; remove this line (a maintainer builds with --theme NAME, "
            "NAME being a folder under themes/)",
            at_key=True,
        )
    )
    data = {key: value for key, value in doc.data.items() if key != "theme"}
    return dataclasses.replace(doc, data=data)


# --- pydantic errors -> problems ----------------------------------------------------------------


def _validate_model(
    doc: Document,
    model: type[BaseModel],
    context: dict[str, Any],
    problems: list[Problem],
    what: str = "",
) -> Any:
    if not isinstance(doc.data, dict):
        if doc.data is None:
            problems.append(
                doc.problem(
                    (), f"the file is empty; it needs the fields of {what or 'a ' + model.__name__}"
                )
            )
        else:
            problems.append(
                doc.problem(
                    (),
                    f"expected fields such as `name: ...` (a mapping), found {describe(doc.data)}",
                )
            )
        return None
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        problems.extend(_problems_from(exc, doc, model))
        return None


def _problems_from(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    found = []
    errors = exc.errors(include_url=False)
    misspelled: set[Loc] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            field_loc: Loc = tuple(error["loc"])
            parent = _model_at(model, field_loc[:-1])
            suggestion = did_you_mean(
                str(field_loc[-1]), list(parent.model_fields) if parent else []
            )
            if suggestion:
                misspelled.add((*field_loc[:-1], suggestion.split("'")[1]))
    for error in errors:
        loc: Loc = tuple(error["loc"])
        kind = error["type"]
        at_key = False
        # pydantic ends the location of a bad mapping key with "[key]"; an unknown field that
        # is itself called "[key]" ends its location the same way
        if loc and loc[-1] == "[key]" and kind != "extra_forbidden":
            loc, at_key = loc[:-1], True
        ctx = error.get("ctx") or {}
        if kind == "content":
            loc = loc + tuple(ctx.get("subloc", ()))
            at_key = at_key or bool(ctx.get("at_key"))
            message = ctx["message"]
            found.append(doc.problem(loc, _prefixed(loc, message), at_key=at_key))
            continue
        if kind == "extra_forbidden":
            name = str(loc[-1])
            parent = _model_at(model, loc[:-1])
            allowed = list(parent.model_fields) if parent else []
            where = f" in {_dotted(loc[:-1])}" if loc[:-1] else ""
            hint = did_you_mean(name, allowed)
            if not hint and allowed:
                hint = f"; the fields allowed here are {', '.join(allowed)}"
            found.append(doc.problem(loc, f"unknown field '{name}'{where}{hint}", at_key=True))
            continue
        if kind == "missing":
            if loc in misspelled:
                continue  # the unknown-field problem already says what to rename
            name = str(loc[-1])
            parent = _model_at(model, loc[:-1])
            where = f" in {_dotted(loc[:-1])}" if loc[:-1] else ""
            hint = ""
            if parent is not None and name in parent.model_fields:
                description = parent.model_fields[name].description or ""
                hint = f": {' '.join(description.split())}" if description else ""
            found.append(doc.problem(loc[:-1], f"missing required field '{name}'{where}{hint}"))
            continue
        value = error.get("input")
        if kind in ("model_type", "dict_type", "model_attributes_type"):
            message = f"expected fields (a mapping), found {describe(value)}"
        elif kind in ("list_type", "tuple_type", "set_type"):
            message = f"expected a list, found {describe(value)}"
        elif kind == "string_type":
            message = f"expected text, found {describe(value)}"
        elif kind == "too_short":
            message = "needs at least one item"
        elif kind == "too_long":
            message = f"has too many items (at most {ctx.get('max_length')})"
        else:  # pragma: no cover - every type our models raise is handled above
            message = error["msg"]
        found.append(doc.problem(loc, _prefixed(loc, message), at_key=at_key))
    return found


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _prefixed(loc: Loc, message: str) -> str:
    return f"{_dotted(loc)}: {message}" if loc else message


def _model_at(model: type[BaseModel] | None, loc: Loc) -> type[BaseModel] | None:
    skip = False
    for part in loc:
        if skip:
            skip = False
            continue
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        model, in_dict = _inner_model(model.model_fields[part].annotation)
        skip = in_dict
    return model


def _inner_model(annotation: Any, in_dict: bool = False) -> tuple[type[BaseModel] | None, bool]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, in_dict
    origin = typing.get_origin(annotation)
    for arg in typing.get_args(annotation):
        found, nested = _inner_model(arg, in_dict or origin is dict)
        if found is not None:
            return found, nested
    return None, in_dict


# --- entries ----------------------------------------------------------------------------------


def _validate_entry(
    doc: Document,
    context: dict[str, Any],
    site: SiteConfig | None,
    today: date,
    problems: list[Problem],
) -> SourcedEntry | None:
    slug = PurePosixPath(doc.path).stem
    before = len(problems)
    if not _SLUG.match(slug):
        suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "my-group"
        problems.append(
            doc.problem(
                (),
                f"the file name '{slug}.yaml' is also the page address; "
                "use lowercase letters, digits and hyphens only: rename it "
                f"to {suggestion}.yaml",
            )
        )
    entry = _validate_model(
        doc, Entry, context, problems, what="an entry (name, kind, summary, ...)"
    )
    if not isinstance(doc.data, dict):
        return None
    phones = _cross_check(doc.data, doc, site, today, problems)
    if entry is None or any(p.severity == "error" for p in problems[before:]):
        return None
    updates: dict[str, Any] = {}
    for section, number in phones.items():
        updates[section] = getattr(entry, section).model_copy(update={"phone": number})
    return SourcedEntry(
        slug=slug, entry=entry.model_copy(update=updates) if updates else entry, doc=doc
    )


def _get(data: Any, *loc: str) -> Any:
    for part in loc:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _raw_date(value: Any) -> date | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _cross_check(
    data: dict[str, Any],
    doc: Document,
    site: SiteConfig | None,
    today: date,
    problems: list[Problem],
) -> dict[str, str]:
    """Check what spans fields, on the raw data so it runs even when other fields are wrong.

    Returns the E.164 form of each valid phone number by section (contact, online).

    Why it is long: it is a list of independent checks, a few lines each, in the order of the
    fields they join; one function per group of checks is the way to shorten it.
    """
    attendance = data.get("attendance")
    has_location = isinstance(data.get("location"), dict)
    has_online = isinstance(data.get("online"), dict)
    if attendance in ("in-person", "hybrid") and "location" not in data:
        problems.append(
            doc.problem(
                ("attendance",),
                f"attendance is {attendance}, so the entry "
                "needs a location (city and country at least)",
            )
        )
    if attendance == "online" and "location" in data:
        problems.append(
            doc.problem(
                ("location",),
                "location is given but attendance is online; "
                "set attendance: hybrid, or remove location",
                at_key=True,
            )
        )
    if attendance in ("online", "hybrid") and "online" not in data:
        problems.append(
            doc.problem(
                ("attendance",),
                f"attendance is {attendance}, so the entry "
                "needs an online section (url, platform or phone)",
            )
        )
    if attendance == "in-person" and "online" in data:
        problems.append(
            doc.problem(
                ("online",),
                "online is given but attendance is in-person; "
                "set attendance: hybrid, or remove online",
                at_key=True,
            )
        )
    verified = _raw_date(_get(data, "verified", "date"))
    if verified is not None and verified > today:
        problems.append(
            doc.problem(
                ("verified", "date"),
                f"verified.date: {verified} is in the "
                f"future (today is {today}); use the day it was actually "
                "confirmed",
            )
        )
    elif (
        verified is not None
        and site is not None
        and ((today - verified).days > site.stale_after_days)
    ):
        age = i18n.age((today - verified).days, "en")  # the same words the entry page uses
        problems.append(
            doc.problem(
                ("verified", "date"),
                f"verified.date: last confirmed "
                f"{verified}, {age} ago (more than "
                f"{site.stale_after_days} days); check the entry still runs as "
                "described and update verified.date",
                severity="warning",
            )
        )
    added = _raw_date(data.get("added"))
    if added is not None and added > today:
        problems.append(
            doc.problem(("added",), f"added: {added} is in the future (today is {today})")
        )
    for loc in _URL_FIELDS:
        url = _get(data, *loc)
        if isinstance(url, str) and is_meeting_room(url):
            problems.append(doc.problem(loc, f"{_dotted(loc)} {_ROOM}", severity="warning"))
    email = _get(data, "contact", "email")
    if isinstance(email, str) and (personal := check_personal_email(email.strip())) is not None:
        problems.append(doc.problem(("contact", "email"), personal, severity="warning"))
    ways = [_get(data, "contact", key) for key in ("website", "email", "phone")]
    ways += [_get(data, "online", key) for key in ("url", "phone")]
    if not any(ways) and not data.get("how_to_join") and not has_location and "name" in data:
        problems.append(
            doc.problem(
                (),
                "gives nobody a way to join or reach it: add contact, online.url or how_to_join",
                severity="warning",
            )
        )
    country = _raw_country(data, site, has_location, has_online)
    phones: dict[str, str] = {}
    for section in ("contact", "online"):
        text = _get(data, section, "phone")
        if not isinstance(text, str) or not looks_like_phone(text):
            continue  # the field check already says what is wrong
        normalized = _normalize_phone(text.strip(), country, doc, (section, "phone"), problems)
        if normalized is not None:
            phones[section] = normalized
    _check_links_in(doc, data, (), country, problems)
    if site is not None:
        _check_crisis_lines(data, doc, site, phones, problems)
    return phones


def _raw_country(
    data: dict[str, Any], site: SiteConfig | None, has_location: bool, has_online: bool
) -> str:
    country = _get(data, "location", "country") if has_location else None
    if not country and has_online:
        countries = _get(data, "online", "countries")
        country = countries[0] if isinstance(countries, list) and countries else countries
    if isinstance(country, str) and len(country.strip()) == 2:
        return country.strip().upper()
    return site.default_country if site is not None else "US"


def _normalize_phone(
    text: str, country: str, doc: Document, loc: Loc, problems: list[Problem]
) -> str | None:
    field_name = ".".join(str(p) for p in loc)
    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        problems.append(
            doc.problem(
                loc,
                f"{field_name}: '{text}' is not a valid phone number for "
                f"{country}; check the digits, or write it in international "
                "form starting with + and the country code",
            )
        )
        return None
    charged = charged_number(number)
    if charged is not None:
        problems.append(doc.problem(loc, f"{field_name}: {charged_message(text, charged)}"))
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- links inside text --------------------------------------------------------------------------

_URL_FIELDS: tuple[tuple[str, str], ...] = (("online", "url"), ("contact", "website"))
_NOT_TEXT = frozenset(
    {*_URL_FIELDS, ("contact", "email"), ("contact", "phone"), ("online", "phone")}
)
# fields whose values are choices, terms, codes, dates or times: the field checks leave no room
# for a link in them, so the walk over every text skips them
_NO_LINKS = frozenset(
    {
        "kind",
        "attendance",
        "joining",
        "facilitation",
        "topics",
        "audiences",
        "languages",
        "cost",
        "accessibility",
        "practices",
        "status",
        "added",
        "text_language",
        "meetings",
        "coordinates",
        "countries",
        "date",
    }
)
_ROOM = (
    "opens the meeting room itself, so anyone who finds this page can walk into the meeting "
    "unannounced; link to a sign-up or information page instead, or remove the link and set "
    "joining: contact-first"
)


def _check_links_in(
    doc: Document, data: Any, loc: Loc, country: str, problems: list[Problem]
) -> None:
    """Check every link written inside the text fields of `data` (the fields at `loc`)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in _NO_LINKS:
                _check_links_in(doc, value, (*loc, key), country, problems)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _check_links_in(doc, value, (*loc, index), country, problems)
    elif isinstance(data, str) and loc[:2] not in _NOT_TEXT:
        check_text_links(doc, loc, data, country, problems)


def check_links(doc: Document, country: str, problems: list[Problem]) -> None:
    """Check the links inside every text of a document (site.yaml, vocabularies.yaml, a guide's
    front matter) as an entry's are checked: rooms warn, bad email and phone links are errors."""
    _check_links_in(doc, doc.data, (), country, problems)


def check_text_links(
    doc: Document,
    loc: Loc,
    text: str,
    country: str,
    problems: list[Problem],
    line: int | None = None,
) -> None:
    """Check each link and bare address in one text: rooms, email links, phone links.

    `line` is where a Markdown body starts, for text that is not a field of `doc` (a guide's
    body); otherwise problems are placed at the field, on the line of the link inside a block.
    """
    for link in find_links(text):
        field_name = _dotted(loc) if loc else "the text"
        target = link.target
        lower = target.lower()
        message = None
        severity: Severity = "error"
        if (
            lower.startswith("mailto:")
            or link.kind == "email"
            or ("@" in target and ":" not in target.split("@")[0] and "/" not in target)
        ):
            address = target[len("mailto:") :] if lower.startswith("mailto:") else target
            problem = email_problem(address)
            if problem:
                message = f"{field_name}: the email link '{target}': {problem}"
        elif lower.startswith("tel:"):
            problem = _phone_link_problem(target[len("tel:") :], country)
            if problem:
                message = f"{field_name}: the phone link '{target}': {problem}"
        elif is_meeting_room(target):
            message = f"{field_name}: the link '{target}' {_ROOM}"
            severity = "warning"
        if message is None:
            continue
        if line is not None:
            before = text[: link.offset]
            at = (line + before.count("\n"), link.offset - (before.rfind("\n") + 1) + 1)
        else:
            at = _position_in(doc, loc, text, link.offset)
        problems.append(Problem(doc.path, at[0], at[1], severity, message))


def _position_in(doc: Document, loc: Loc, text: str, offset: int) -> tuple[int, int]:
    """Return the line and column of `offset` in the text of the field at `loc`.

    A text with line breaks is a block (`|`): its first line is the one after the field's, and
    its lines are indented two spaces past the field name, as in every sample and template.
    One-line text is placed at the field, whose quotes, if any, are not known here.
    """
    line, column = doc.position(loc)
    if "\n" not in text.rstrip("\n") or loc not in doc.keys:
        return line, column
    before = text[:offset]
    key_column = doc.keys[loc][1]
    return line + 1 + before.count("\n"), key_column + 2 + offset - (before.rfind("\n") + 1)


def _phone_link_problem(number: str, country: str) -> str | None:
    shown = unquote(number)
    if "%" in number or not looks_like_phone(number):
        return (
            f"'{shown}' is not a phone number; write digits with spaces or hyphens after tel:, "
            "such as tel:+1-217-555-0142, with nothing after the number"
        )
    try:
        parsed = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not (
        phonenumbers.is_valid_number(parsed)
        or phonenumbers.shortnumberinfo.is_valid_short_number_for_region(parsed, country)
    ):
        return (
            f"'{number}' is not a valid phone number for {country}; check the digits, or write "
            "it in international form starting with + and the country code"
        )
    charged = charged_number(parsed)
    return charged_message(number, charged) if charged else None


# --- crisis lines -------------------------------------------------------------------------------

_CrisisKey = tuple[tuple[str, int, tuple[str, ...], tuple[str, ...], str, str | None], ...]


def _crisis_key(site: SiteConfig) -> _CrisisKey:
    """Return what the crisis-line index is built from, hashable so it is built once per site."""
    key = []
    for country, lines in sorted(site.crisis_lines.items()):
        for index, line in enumerate(lines):
            shown = line.name.get(site.default_language) or next(iter(line.name.values()))
            names = (shown, *line.name.values())
            phones = tuple(p for p in (line.phone, line.sms) if p)
            key.append((country, index, names, phones, line.url or "", line.entry))
    return tuple(key)


@dataclass(frozen=True)
class _CrisisLine:
    country: str
    name: str
    entry: str | None
    url: str


@lru_cache(maxsize=4)
def _crisis_index(
    key: _CrisisKey,
) -> tuple[dict[str, _CrisisLine], dict[str, _CrisisLine], dict[str, _CrisisLine]]:
    """Return the crisis lines by name skeleton, by E.164 number and by website host."""
    by_name: dict[str, _CrisisLine] = {}
    by_phone: dict[str, _CrisisLine] = {}
    by_host: dict[str, _CrisisLine] = {}
    for country, _index, names, phones, url, entry in key:
        line = _CrisisLine(country, names[0], entry, url)
        for name in names:
            for name_key in _name_keys(name):
                by_name.setdefault(name_key, line)
        for phone in phones:
            try:
                number = phonenumbers.parse(phone, country)
            except phonenumbers.NumberParseException:
                continue
            # short codes such as 988 or 116 123 are not valid full numbers, but an entry's
            # number written +1 988 or 116123 formats to the same country code and digits
            by_phone.setdefault(
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), line
            )
        if url:
            by_host.setdefault(_host_key(url), line)
    return by_name, by_phone, by_host


@lru_cache(maxsize=8)
def _crisis_slot(site_id: int) -> list[Any]:
    return []


def _crisis_index_of(
    site: SiteConfig,
) -> tuple[dict[str, _CrisisLine], dict[str, _CrisisLine], dict[str, _CrisisLine]]:
    """Return `_crisis_index` of `site`, looked up by identity: making its key for each of
    10,000 entries cost more than the checks it serves."""
    slot = _crisis_slot(id(site))
    if not slot or slot[0] is not site:  # a new site that happens to reuse a freed id
        slot[:] = [site, _crisis_index(_crisis_key(site))]
    index: tuple[dict[str, _CrisisLine], dict[str, _CrisisLine], dict[str, _CrisisLine]]
    index = slot[1]
    return index


def _host_key(url: str) -> str:
    try:
        netloc = urlsplit(url.strip()).netloc
    except ValueError:  # e.g. an unclosed [ of an IPv6 address; the field check says so
        return ""
    return _skeleton(normalize_host(netloc).removeprefix("www."))


def _check_crisis_lines(
    data: dict[str, Any],
    doc: Document,
    site: SiteConfig,
    phones: dict[str, str],
    problems: list[Problem],
) -> None:
    """Refuse an entry that takes a crisis line's name, number or website, unless it is that
    line's own entry, marked by a maintainer with `entry: <slug>` under the line in site.yaml."""
    slug = doc.path.rpartition("/")[2].removesuffix(".yaml")
    by_name, by_phone, by_host = _crisis_index_of(site)

    def refuse(loc: Loc, what: str, line: _CrisisLine) -> None:
        problems.append(
            doc.problem(
                loc,
                f"{_dotted(loc)}: {what} crisis line in site.yaml ({line.country}: {line.name}); "
                "only that line's own entry may use it, and a maintainer marks that entry with "
                f"`entry: {slug}` under the line in site.yaml",
            )
        )

    names = data.get("name")
    named = names.items() if isinstance(names, dict) else [(None, names)]
    for lang, name in named:
        if not isinstance(name, str):
            continue
        line = next((by_name[k] for k in _name_keys(name) if k in by_name), None)
        if line is not None and line.entry != slug:
            shown = name.strip()
            refuse(
                ("name",) if lang is None else ("name", lang),
                f"'{shown}' reads as the name of a",
                line,
            )
    for section, number in phones.items():
        found = by_phone.get(number)
        if found is not None and found.entry != slug:
            written = str(_get(data, section, "phone")).strip()
            refuse((section, "phone"), f"'{written}' is the number of a", found)
    for loc in _URL_FIELDS:
        url = _get(data, *loc)
        if not isinstance(url, str) or not url.strip():
            continue
        host = _host_key(url)
        labels = host.split(".") if host else []
        for start in range(len(labels) - 1):  # the host, then each domain above it
            found = by_host.get(".".join(labels[start:]))
            if found is not None and found.entry != slug:
                refuse(loc, f"'{url.strip()}' is on the website of a", found)
                break


# --- likely duplicates --------------------------------------------------------------------------


@cache
def _prototypes() -> tuple[dict[str, str], dict[str, str]]:
    """Return each confusable character's stand-in, and the characters that read as several.

    The confusable-homoglyphs package ships Unicode's confusables (TR39) as groups of
    look-alikes; every character of a group reads as one stand-in (an ASCII letter or digit
    where the group has one, else its first character), so Cyrillic а and Latin a, or l, I
    and 1, read the same. A character listed as one sequence only (m as rn) reads as it.
    """
    data = json.loads(
        resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    )
    parent: dict[str, str] = {}

    def find(char: str) -> str:
        while parent.get(char, char) != char:
            char = parent[char]
        return char

    def rank(char: str) -> tuple[bool, bool, int]:
        return (not char.isascii(), not char.isalnum(), ord(char))

    expansions: dict[str, str] = {}
    for char, entries in data.items():
        if len(char) != 1:
            continue
        for item in entries:
            other = item["c"].replace("\u200e", "").replace("\u200f", "")
            if len(other) == 1:
                a, b = find(char), find(other)
                if a != b:
                    first, second = sorted((a, b), key=rank)
                    parent[second] = first
            elif len(entries) == 1 and other:
                expansions[char] = other
    stand_in = {char: find(char) for char in list(parent)}
    return stand_in, expansions


class _Reading(dict[int, str]):
    """How each character reads, filled in on first sight (str.translate looks it up in C).

    Format characters (zero-width joiners, soft hyphens, direction marks) and accents read as
    nothing, other digits as ASCII ones, and a confusable character as its group's stand-in.
    With `fold`, case is folded first (LIFELINE is Lifeline); without, look-alikes are mapped
    first (a capital I in LifeIine reads as l). Either way the result is a fixed point.
    """

    def __init__(self, fold: bool) -> None:
        super().__init__()
        self.fold = fold

    def __missing__(self, code: int) -> str:
        stand_in, expansions = _prototypes()

        def look(text: str) -> str:
            out = []
            for char in text:
                category = unicodedata.category(char)
                if category in ("Cf", "Mn") or char in _BLANK_LETTERS:
                    continue
                if category == "Nd":
                    char = str(unicodedata.digit(char))
                out.append("".join(stand_in.get(c, c) for c in expansions.get(char, char)))
            return "".join(out)

        text = chr(code)
        for _ in range(4):
            before = text
            text = look(text.casefold()) if self.fold else look(text).casefold()
            if text == before:
                break
        self[code] = text
        return text


# letters that show nothing (Hangul fillers, the blank Braille pattern): "Samaritans" plus
# one of them looks like Samaritans; Unicode lists them as default-ignorable, not as Cf
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


@cache
def _reading(fold: bool) -> _Reading:
    return _Reading(fold)


def _skeleton(text: str, fold: bool = True) -> str:
    """Return how `text` reads: look-alike letters, invisible characters, accents and case aside.

    Unicode TR39's idea (NFKC and NFD, then each confusable character to one stand-in), with
    the package's look-alike groups; case folding makes it a comparison, not a display form.
    """
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text))
    return decomposed.translate(_reading(fold))


@lru_cache(maxsize=1 << 16)  # each name is read twice: against the crisis lines, for duplicates
def _name_keys(text: str) -> tuple[str, ...]:
    """Return the ways `text` reads: case folded first (LIFELINE is Lifeline), and look-alikes
    mapped first (LifeIine with a capital I is Lifeline too)."""
    first = _WORDS.sub(" ", _skeleton(text)).strip()
    second = _WORDS.sub(" ", _skeleton(text, fold=False)).strip()
    return (first,) if first == second else (first, second)


_WORDS = re.compile(r"[\W_]+")


def _normalize_name(text: str) -> str:
    return _name_keys(text)[0]


def _site_key(url: str) -> str:
    """Return one key for every spelling of the same web page.

    http and https, host case, a trailing dot, www., default ports, punycode or Unicode host,
    percent-escape case, a trailing slash and an empty query or fragment make no difference.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # only checked addresses come here, but a key never fails
        return url
    host = normalize_host(parts.netloc).removeprefix("www.")
    where = f"{host}:{port}" if port not in (None, 80, 443) else host
    path = unquote(parts.path).rstrip("/")
    query = f"?{unquote(parts.query)}" if parts.query else ""
    fragment = f"#{unquote(parts.fragment)}" if parts.fragment else ""
    return f"{where}{path}{query}{fragment}"


def _check_entries_together(
    entries: list[SourcedEntry], docs: list[Document], problems: list[Problem]
) -> None:
    """Unique slugs and likely duplicates, in one pass over the entries (no pairwise loop)."""
    first_by_slug: dict[str, Document] = {}
    for doc in docs:
        slug = PurePosixPath(doc.path).stem
        if slug in first_by_slug:
            problems.append(
                doc.problem(
                    (),
                    f"another entry already uses the file name "
                    f"'{slug}.yaml' ({first_by_slug[slug].path}); entry "
                    "file names are their page addresses and must be "
                    "unique: rename one",
                )
            )
        else:
            first_by_slug[slug] = doc
    by_name: dict[tuple[str, str], SourcedEntry] = {}
    by_site: dict[str, SourcedEntry] = {}
    for item in entries:
        entry = item.entry
        city = _normalize_name(entry.location.city) if entry.location else "(online)"
        names: dict[str, str] = entry.name
        for name in names.values():
            keys = [(key, city) for key in _name_keys(name)]
            other = next(
                (by_name[k] for k in keys if k in by_name and by_name[k].slug != item.slug), None
            )
            if other is not None:
                problems.append(
                    item.doc.problem(
                        ("name",),
                        f"may duplicate {other.doc.path} (same "
                        "name and city); if both are different groups, "
                        "make their names distinct",
                        severity="warning",
                    )
                )
                break
            for key in keys:
                by_name.setdefault(key, item)
        if entry.contact is not None and entry.contact.website:
            site_key = _site_key(entry.contact.website)
            if site_key in by_site:
                problems.append(
                    item.doc.problem(
                        ("contact", "website"),
                        "may duplicate "
                        f"{by_site[site_key].doc.path} (same website); if "
                        "both are different groups, give each its own "
                        "page",
                        severity="warning",
                    )
                )
            else:
                by_site[site_key] = item


# --- vocabularies and guides ------------------------------------------------------------------


def _check_labels(
    vocabularies: Vocabularies, doc: Document, languages: list[str], problems: list[Problem]
) -> None:
    for name in VOCABULARIES:
        for term_id, term in getattr(vocabularies, name).items():
            if "" in term.label:
                continue  # one label for every language, e.g. a proper name
            missing = [lang for lang in languages if lang not in term.label]
            if missing:
                problems.append(
                    doc.problem(
                        (name, term_id, "label"),
                        f"{name}.{term_id}.label has "
                        f"no {', '.join(missing)}; add a label for every site "
                        "language (until then the default language is shown)",
                        severity="warning",
                    )
                )
            for lang in term.keywords:
                if lang not in languages:
                    problems.append(
                        doc.problem(
                            (name, term_id, "keywords", lang),
                            f"{name}."
                            f"{term_id}.keywords: '{lang}' is not one of the "
                            f"site's languages ({', '.join(languages)})",
                            at_key=True,
                        )
                    )


def _validate_guides(
    resources: list[MarkdownDocument],
    context: dict[str, Any],
    result: Validated,
    languages: list[str] | None,
) -> None:
    default = result.site.default_language if result.site else (languages or ["en"])[0]
    originals: dict[str, SourcedGuide] = {}
    translations: list[tuple[str, str, MarkdownDocument]] = []
    first_by_name: dict[str, str] = {}
    # the shallowest file keeps its name, and a copy deeper in a sub-folder is the one reported
    for md in sorted(resources, key=lambda md: (md.front.path.count("/"), md.front.path)):
        doc = md.front
        name = PurePosixPath(doc.path).name.removesuffix(".md")
        slug, _, lang = name.partition(".")
        if name in first_by_name:
            # the file name is the address: a second one would silently replace the first
            result.problems.append(
                doc.problem(
                    (),
                    f"another guide already uses the file name '{name}.md' "
                    f"({first_by_name[name]}); guide file names are their page addresses "
                    "and must be unique in all of resources/: rename one",
                )
            )
            continue
        first_by_name[name] = doc.path
        if not _SLUG.match(slug):
            result.problems.append(
                doc.problem(
                    (),
                    f"the file name '{name}.md' is also the page "
                    "address; use lowercase letters, digits and "
                    "hyphens, and .<language>.md for translations",
                )
            )
            continue
        if lang and languages is not None and lang not in languages:
            result.problems.append(
                doc.problem(
                    (),
                    f"'{lang}' in the file name is not one of the "
                    f"site's languages ({', '.join(languages)})"
                    f"{did_you_mean(lang, languages)}",
                )
            )
            continue
        guide = _validate_model(doc, Guide, context, result.problems, what="a guide")
        if guide is None:
            continue
        if lang:
            translations.append((slug, lang, md))
            if guide.language and guide.language != lang:
                result.problems.append(
                    doc.problem(
                        ("language",),
                        f"language is {guide.language} "
                        f"but the file name says {lang}; remove "
                        "language from a translation",
                    )
                )
                continue
            result.guides.append(SourcedGuide(slug, lang, guide, md.body, doc, False))
        else:
            sourced = SourcedGuide(slug, guide.language or default, guide, md.body, doc, True)
            originals[slug] = sourced
            result.guides.append(sourced)
    for slug, lang, md in translations:
        original = originals.get(slug)
        if original is None:
            result.problems.append(
                md.front.problem(
                    (),
                    f"this translation has no original: add {slug}.md, or rename this file to it",
                )
            )
        elif original.language == lang:
            result.problems.append(
                md.front.problem(
                    (), f"{slug}.md is already in {lang}; a translation must be in another language"
                )
            )
    result.guides = [g for g in result.guides if g.slug in originals]
    result.guides.sort(key=lambda g: (g.slug, not g.is_original, g.language))
