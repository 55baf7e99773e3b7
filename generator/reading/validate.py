"""Raw data -> models, plus the checks that span fields and files; returns models and problems.

Nothing here raises for bad content: every mistake becomes a positioned `Problem`, and all of
them are collected so a volunteer sees everything at once.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import typing
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any

import phonenumbers
from pydantic import BaseModel

from generator.model.config import SiteConfig, site_context
from generator.model.contact import charged_message, charged_number, looks_like_phone
from generator.model.fields import did_you_mean, unsafe_character
from generator.model.models import VOCABULARIES, Entry, Guide, Vocabularies
from generator.model.privacy import check_personal_email
from generator.model.suggestions import ChoiceWords, Word
from generator.reading.checked import SourcedEntry, SourcedGuide, Validated
from generator.reading.errors import field_name, validate_model
from generator.reading.load import Document, Loc, MarkdownDocument, RawContent, value_at
from generator.reading.lookalikes import check_crisis_lines, check_entries_together
from generator.reading.problems import Problem, sort_problems
from generator.reading.textlinks import ROOM, URL_FIELDS, check_links, check_text_links
from generator.text import i18n
from generator.text.markup import Mapper, MarkdownRefused, render_many, render_markdown
from generator.text.rooms import is_meeting_room

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
    raw: RawContent,
    today: date,
    strict: bool = False,
    memo: ValidationMemo | None = None,
    markdown_checked: Container[str] = frozenset(),
    mapper: Mapper = map,
    choice_words: ChoiceWords | None = None,
) -> Validated:
    """Validate everything that was loaded; with `strict`, warnings count as errors.

    `choice_words` gives the words the site shows for the values volunteers choose (kinds,
    costs...) in the languages it is asked for, so a value written in one of them is answered
    with the code to write; it is asked only when a value is wrong.

    `markdown_checked` names entries whose Markdown passed as it is now (a rebuild's unchanged
    entries): rendering it again here would only repeat what the published build did.
    `mapper` renders the Markdown texts: `map` here, or a process pool's for a large site.
    """
    result = Validated(problems=list(raw.problems), files=raw.files)
    languages: list[str] | None = None
    if raw.site is not None:
        result.site = validate_model(
            _without_theme(raw.site, result.problems), SiteConfig, {}, result.problems
        )
        languages = list(result.site.languages) if result.site else site_context(raw.site.data)
    context: dict[str, Any] = {"languages": languages}
    if choice_words is not None:
        context["choice_words"] = lambda: choice_words(tuple(languages or ("en",)))
    if raw.vocabularies is not None:
        result.vocabularies = validate_model(
            raw.vocabularies, Vocabularies, context, result.problems
        )
        if result.vocabularies is not None and languages:
            _check_labels(result.vocabularies, raw.vocabularies, languages, result.problems)
    if result.vocabularies is not None:
        context["vocabularies"] = {
            name: set(getattr(result.vocabularies, name)) for name in VOCABULARIES
        }
        context["term_words"] = _term_words(result.vocabularies, languages)
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
    check_entries_together(result.entries, raw.entries, result.problems)
    _validate_guides(raw.resources, context, result, languages)
    _check_links_outside_entries(raw, result)
    _check_markdown(raw, result, markdown_checked, mapper)
    problems = sort_problems(result.problems)
    result.problems = [p.as_error() for p in problems] if strict else problems
    return result


def _term_words(vocabularies: Vocabularies, languages: list[str] | None) -> dict[str, list[Word]]:
    """Return each vocabulary's labels and keywords in every site language, for did-you-mean."""
    default = (languages or ["en"])[0]
    words: dict[str, list[Word]] = {}
    for name in VOCABULARIES:
        found: list[Word] = []
        for term_id, term in getattr(vocabularies, name).items():
            for lang, label in term.label.items():
                found.append((term_id, lang or default, label))
            for lang, keywords in term.keywords.items():
                found.extend((term_id, lang, keyword) for keyword in keywords)
        words[name] = found
    return words


def _check_links_outside_entries(raw: RawContent, result: Validated) -> None:
    """Check the links and characters of site.yaml, vocabularies.yaml and the guides as an
    entry's are checked (an entry's own texts are checked with its fields)."""
    country = result.site.default_country if result.site else "US"
    if raw.site is not None:
        check_links(raw.site, country, result.problems)
    if raw.vocabularies is not None:
        check_links(raw.vocabularies, country, result.problems, every_field=True)
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
    entry = validate_model(
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
    verified = _raw_date(value_at(data, "verified", "date"))
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
    for loc in URL_FIELDS:
        url = value_at(data, *loc)
        if isinstance(url, str) and is_meeting_room(url):
            problems.append(doc.problem(loc, f"{field_name(loc)} {ROOM}", severity="warning"))
    email = value_at(data, "contact", "email")
    if isinstance(email, str) and (personal := check_personal_email(email.strip())) is not None:
        problems.append(doc.problem(("contact", "email"), personal, severity="warning"))
    ways = [value_at(data, "contact", key) for key in ("website", "email", "phone")]
    ways += [value_at(data, "online", key) for key in ("url", "phone")]
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
        text = value_at(data, section, "phone")
        if not isinstance(text, str) or not looks_like_phone(text):
            continue  # the field check already says what is wrong
        normalized = _normalize_phone(text.strip(), country, doc, (section, "phone"), problems)
        if normalized is not None:
            phones[section] = normalized
    check_links(doc, country, problems)
    if site is not None:
        check_crisis_lines(data, doc, site, phones, problems)
    return phones


def _raw_country(
    data: dict[str, Any], site: SiteConfig | None, has_location: bool, has_online: bool
) -> str:
    country = value_at(data, "location", "country") if has_location else None
    if not country and has_online:
        countries = value_at(data, "online", "countries")
        country = countries[0] if isinstance(countries, list) and countries else countries
    if isinstance(country, str) and len(country.strip()) == 2:
        return country.strip().upper()
    return site.default_country if site is not None else "US"


def _normalize_phone(
    text: str, country: str, doc: Document, loc: Loc, problems: list[Problem]
) -> str | None:
    named = field_name(loc)
    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        problems.append(
            doc.problem(
                loc,
                f"{named}: '{text}' is not a valid phone number for "
                f"{country}; check the digits, or write it in international "
                "form starting with + and the country code",
            )
        )
        return None
    charged = charged_number(number)
    if charged is not None:
        problems.append(doc.problem(loc, f"{named}: {charged_message(text, charged)}"))
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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
        guide = validate_model(doc, Guide, context, result.problems, what="a guide")
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


def _check_markdown(
    raw: RawContent,
    result: Validated,
    checked: Container[str] = frozenset(),
    mapper: Mapper = map,
) -> None:
    """Render every Markdown text as the build will, so what `check` passes the build renders.

    `render_markdown` keeps what it made, so the build takes these conversions as they are.
    With a process pool's `mapper`, a large site's texts are rendered on every core.
    """
    texts = [
        (item, loc, text)
        for item in result.entries
        if item.slug not in checked
        for loc, text in _markdown_texts(item.entry)
    ]
    # as pages.py renders an entry's Markdown: its headings start at h3
    refusals = render_many((text for _, _, text in texts), 3, mapper)
    for item, loc, text in texts:
        refused = refusals.get(text)
        if refused is not None:
            line, column, message = refused
            result.problems.append(
                item.doc.problem(
                    loc, f"{field_name(loc)} (line {line}, column {column} of the text): {message}"
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
    markdown = _markdown_fields(type(model))
    for name in type(model).model_fields:
        value = getattr(model, name)
        if value is None:
            continue
        if name in markdown:
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


@functools.cache
def _markdown_fields(model: type[BaseModel]) -> frozenset[str]:
    """Return the names of a model's fields typed `localized(markdown=True)` (asked once per
    model: walking the annotations for every entry cost more than rendering plain text)."""
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if _is_markdown(info.annotation) or any(map(_is_markdown, info.metadata))
    )


def _is_markdown(annotation: Any) -> bool:
    """Return whether a field's type is `localized(markdown=True)` (its schema says so)."""
    schema = getattr(annotation, "json_schema", None)
    if isinstance(schema, dict) and str(schema.get("description", "")).startswith("Markdown"):
        return True
    return any(_is_markdown(arg) for arg in typing.get_args(annotation))
