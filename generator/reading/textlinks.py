"""The links and bare addresses written inside text: rooms warn, bad email and phone links are
errors, in entries, site settings, vocabularies and guides alike.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import unquote

import phonenumbers

from generator.model.contact import charged_message, charged_number, email_problem, looks_like_phone
from generator.reading.errors import field_name
from generator.reading.load import Document, Loc
from generator.reading.problems import Problem, Severity
from generator.text.links import Link, find_links
from generator.text.rooms import is_meeting_room

# --- links inside text --------------------------------------------------------------------------

URL_FIELDS: tuple[tuple[str, str], ...] = (("online", "url"), ("contact", "website"))
_NOT_TEXT = frozenset(
    {*URL_FIELDS, ("contact", "email"), ("contact", "phone"), ("online", "phone")}
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
ROOM = (
    "opens the meeting room itself, so anyone who finds this page can walk into the meeting "
    "unannounced; link to a sign-up or information page instead, or remove the link and set "
    "joining: contact-first"
)


def _check_links_in(
    doc: Document,
    data: Any,
    loc: Loc,
    country: str,
    problems: list[Problem],
    skip: frozenset[str] = _NO_LINKS,
) -> None:
    """Check every link written inside the text fields of `data` (the fields at `loc`)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in skip:
                _check_links_in(doc, value, (*loc, key), country, problems, skip)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _check_links_in(doc, value, (*loc, index), country, problems, skip)
    elif isinstance(data, str) and loc[:2] not in _NOT_TEXT:
        check_text_links(doc, loc, data, country, problems)


def check_links(
    doc: Document, country: str, problems: list[Problem], every_field: bool = False
) -> None:
    """Check the links inside every text of a document (site.yaml, vocabularies.yaml, a guide's
    front matter) as an entry's are checked: rooms warn, bad email and phone links are errors.

    With `every_field`, no field is skipped: vocabularies.yaml's sections are named topics,
    audiences... like an entry's lists of terms, but hold labels shown on every page.
    """
    skip = frozenset() if every_field else _NO_LINKS
    _check_links_in(doc, doc.data, (), country, problems, skip)


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
    named = field_name(loc) if loc else "the text"
    found: list[tuple[int, Severity, str]] = []
    links = find_links(text)
    for link in links:
        # Markdown and HTML read character references and backslash escapes in a link:
        # zoom&#46;us and zoom\\.us are zoom.us
        target = _ESCAPED.sub(r"\1", html.unescape(link.target))
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
                message = f"{named}: the email link '{target}': {problem}"
        elif lower.startswith("tel:"):
            problem = _phone_link_problem(target[len("tel:") :], country)
            if problem:
                message = f"{named}: the phone link '{target}': {problem}"
        elif is_meeting_room(target):
            message = f"{named}: the link '{target}' {ROOM}"
            severity = "warning"
        if message is not None:
            found.append((link.offset, severity, message))
    found.extend(_bare_charged_numbers(text, country, links, named))
    for offset, severity, message in sorted(found, key=lambda item: item[0]):
        if line is not None:
            before = text[:offset]
            at = (line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1)
        else:
            at = _position_in(doc, loc, text, offset)
        problems.append(Problem(doc.path, at[0], at[1], severity, message))


# a backslash before ASCII punctuation, which Markdown drops (CommonMark's backslash escapes)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_DIGITS = re.compile(r"\d(?:[^\d\n]{0,3}\d){6}")


def _bare_charged_numbers(
    text: str, country: str, links: list[Link], field_name: str
) -> list[tuple[int, Severity, str]]:
    """Return an error for each charged number written as plain text: phones and some browsers
    (Safari on iOS) turn a number in text into a link that calls it, as if it were tel:."""
    if not _DIGITS.search(text):
        return []  # most texts: no run of seven digits, so no phone number
    spans = [(link.offset, link.offset + len(link.target)) for link in links]
    found: list[tuple[int, Severity, str]] = []
    matcher = phonenumbers.PhoneNumberMatcher(text, country, phonenumbers.Leniency.VALID)
    for match in matcher:
        if any(start <= match.start < end for start, end in spans):
            continue  # a tel: link, checked as a link
        charged = charged_number(match.number)
        if charged:
            message = f"{field_name}: the phone number {charged_message(match.raw_string, charged)}"
            found.append((match.start, "error", message))
    return found


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
