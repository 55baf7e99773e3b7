"""Raw data -> models, plus the checks that span fields and files; returns models and problems.

Nothing here raises for bad content: every mistake becomes a positioned `Problem`, and all of
them are collected so a volunteer sees everything at once.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from pydantic import BaseModel, ValidationError

from generator import i18n
from generator.config import SiteConfig, site_context
from generator.fields import describe, did_you_mean, looks_like_phone
from generator.load import Document, Loc, MarkdownDocument, RawContent
from generator.markup import MarkdownRefused, render_markdown
from generator.models import VOCABULARIES, Entry, Guide, Vocabularies
from generator.problems import Problem, sort_problems

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Links that open a video call, chat group or meeting room directly, not a page about it.
_MEETING_ROOM = re.compile(
    r"^https?://(?:[\w-]+\.)*(?:"
    r"zoom\.us/(?:j|w|my|s)/|meet\.google\.com/[a-z]{3}-|teams\.microsoft\.com/l/meetup-join"
    r"|teams\.live\.com/meet/|meet\.jit\.si/.|webex\.com/(?:meet/|.*j\.php)|whereby\.com/."
    r"|chat\.whatsapp\.com/.|signal\.group/|t\.me/(?:joinchat/|\+)"
    r")",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SourcedEntry:
    """A valid entry with its slug and the document it came from."""

    slug: str
    entry: Entry
    doc: Document


@dataclass(frozen=True)
class SourcedGuide:
    """A valid guide in one language, with its Markdown body."""

    slug: str
    language: str
    guide: Guide
    body: str
    doc: Document
    is_original: bool


@dataclass
class Validated:
    """The result of validation: the models that passed and every problem found."""

    site: SiteConfig | None = None
    vocabularies: Vocabularies | None = None
    entries: list[SourcedEntry] = field(default_factory=list)
    guides: list[SourcedGuide] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        """Return True when no problem is an error."""
        return not any(p.severity == "error" for p in self.problems)


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
        result.site = _validate_model(raw.site, SiteConfig, {}, result.problems)
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
    _check_markdown(raw, result)
    problems = sort_problems(result.problems)
    result.problems = [p.as_error() for p in problems] if strict else problems
    return result


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
    join_url = _get(data, "online", "url")
    if isinstance(join_url, str) and _MEETING_ROOM.search(join_url):
        problems.append(
            doc.problem(
                ("online", "url"),
                "online.url opens the meeting room itself, so anyone who finds this page can "
                "walk into the meeting unannounced; link to a sign-up or information page "
                "instead, or remove the link and set joining: contact-first",
                severity="warning",
            )
        )
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
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _normalize_name(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def _site_key(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


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
            key = (_normalize_name(name), city)
            if key in by_name and by_name[key].slug != item.slug:
                other = by_name[key]
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
    for md in resources:
        doc = md.front
        name = PurePosixPath(doc.path).name.removesuffix(".md")
        slug, _, lang = name.partition(".")
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


# --- Markdown, rendered as the build will -------------------------------------------------------

MAX_GUIDE_BODY = 50_000
"""A guide's text: about 8,000 words, twelve times the longest sample guide."""


def _check_markdown(raw: RawContent, result: Validated) -> None:
    """Render every Markdown text as the build will, so what `check` passes the build renders.

    `render_markdown` keeps what it made, so the build takes these conversions as they are.
    """
    for item in result.entries:
        for loc, text in _markdown_texts(item.entry):
            try:
                render_markdown(text, top=3)  # as pages.py renders an entry's Markdown
            except MarkdownRefused as refused:
                result.problems.append(
                    item.doc.problem(
                        loc,
                        f"{_dotted(loc)} (line {refused.line}, column {refused.column} of the "
                        f"text): {refused.message}",
                    )
                )
    body_lines = {id(md.front): md.body_line for md in raw.resources}
    for guide in result.guides:
        first = body_lines.get(id(guide.doc), 1)
        if len(guide.body) > MAX_GUIDE_BODY:
            result.problems.append(
                Problem(
                    guide.doc.path,
                    first,
                    1,
                    "error",
                    f"the guide's text has {len(guide.body)} characters; at most "
                    f"{MAX_GUIDE_BODY} are allowed: split it into two guides",
                )
            )
            continue
        try:
            render_markdown(guide.body)
        except MarkdownRefused as refused:
            result.problems.append(
                Problem(
                    guide.doc.path,
                    first + refused.line - 1,
                    refused.column,
                    "error",
                    refused.message,
                )
            )


def _markdown_texts(model: BaseModel, loc: Loc = ()) -> list[tuple[Loc, str]]:
    """Return (where, text) of every Markdown text in `model`, in every language given."""
    found: list[tuple[Loc, str]] = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None:
            continue
        if _is_markdown(info.annotation) or any(map(_is_markdown, info.metadata)):
            found.extend(
                ((*loc, name, lang) if lang else (*loc, name), text) for lang, text in value.items()
            )
        elif isinstance(value, BaseModel):
            found.extend(_markdown_texts(value, (*loc, name)))
        elif isinstance(value, list):
            for index, element in enumerate(value):
                if isinstance(element, BaseModel):
                    found.extend(_markdown_texts(element, (*loc, name, index)))
    return found


def _is_markdown(annotation: Any) -> bool:
    """Return whether a field's type is `localized(markdown=True)` (its schema says so)."""
    schema = getattr(annotation, "json_schema", None)
    if isinstance(schema, dict) and str(schema.get("description", "")).startswith("Markdown"):
        return True
    return any(_is_markdown(arg) for arg in typing.get_args(annotation))
