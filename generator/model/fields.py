"""Field types shared by the content and site models, each with the check a volunteer expects.

Every check raises `fail(...)` with a complete, plain message; `validate.py` puts the file,
line and column in front of it. Values arrive as the loader read them: text, lists, mappings
or None (YAML 1.2: unquoted `NO`, `18:30` or `01234` are still text here).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import zoneinfo
from datetime import date
from functools import cache
from typing import Annotated, Any

from babel import Locale, localedata
from babel.core import get_global
from pydantic import AfterValidator, BeforeValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.model.suggestions import (
    country_words,
    day_words,
    fold,
    language_names,
    language_words,
    languages_of,
    site_words,
    suggest,
    word_hint,
)
from generator.text.i18n import SIGN_LANGUAGES

Loc = tuple[str | int, ...]


def fail(message: str, subloc: Loc = (), at_key: bool = False) -> PydanticCustomError:
    """Return the error to raise for `message`, optionally pointing below the current field."""
    return PydanticCustomError(
        "content", "{message}", {"message": message, "subloc": subloc, "at_key": at_key}
    )


def did_you_mean(value: str, choices: list[str] | tuple[str, ...], cutoff: float = 0.6) -> str:
    """Return "; did you mean 'x'?" for the closest choice, or "" when none is close."""
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=cutoff)
    return f"; did you mean '{lowered[match[0]]}'?" if match else ""


def describe(value: Any) -> str:
    """Return how a value looks to the person who wrote it: 'a list', 'a mapping', 'no value'."""
    if value is None:
        return "no value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    text = str(value)
    return f"'{text[:80]}…'" if len(text) > 80 else f"'{text}'"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
# Embeddings, overrides and isolates reorder the characters around them on screen, so a name or
# a link can show something other than what is stored ("Trojan Source"). The single marks
# U+200E, U+200F and U+061C are allowed: they only set the direction of neighbouring punctuation,
# cannot reorder a run of text, and Arabic and Hebrew writers need them for mixed text.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Not characters at all: lone surrogates (a YAML "\\ud800" escape makes one) and the 66
# noncharacters (U+FDD0 to U+FDEF, and the last two code points of every plane). Either makes
# the sitemap and the Atom feed ill-formed XML. Above the Basic Multilingual Plane one range is
# searched and each find tested: a class listing every plane's pair took five times as long.
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]"
)


def _where(value: str, index: int) -> str:
    """Return where character `index` is, in words a volunteer can find it by."""
    before = value[:index]
    line = before.count("\n")
    column = index - (before.rfind("\n") + 1) + 1
    return (
        f"on line {line + 1} of the text, character {column}" if line else f"at character {column}"
    )


def unsafe_character(value: str) -> str | None:
    """Return why `value` holds a character no text field may hold, or None when it holds none."""
    if value.isascii():
        control = _CONTROL.search(value)
        index = control.start() if control else -1
    else:  # one scan for everything; astral finds that are real characters (emoji) pass
        found = _UNSAFE.search(value)
        index = -1
        while found is not None:
            code = ord(found.group())
            if code < 0x10000 or code & 0xFFFE == 0xFFFE:
                index = found.start()
                break
            found = _UNSAFE.search(value, found.end())
    if index < 0:
        return None
    char = value[index]
    if _CONTROL.match(char):
        return f"contains an invisible control character (U+{ord(char):04X}); delete it"
    if _BIDI.match(char):
        return (
            f"contains an invisible direction control character (U+{ord(char):04X} "
            f"{unicodedata.name(char)}) {_where(value, index)}; it can make text show in "
            "another order than it is written, so delete it (U+200E and U+200F marks are fine)"
        )
    code = ord(char)
    what = (
        "half of a character (a lone surrogate)"
        if 0xD800 <= code <= 0xDFFF
        else "a code that is not a character (a noncharacter)"
    )
    return (
        f"contains U+{code:04X}, {what}, {_where(value, index)}; delete it, "
        "or write the character itself instead of a \\u escape"
    )


EMPTY = "is empty; write the text, or leave the field out"
"""What an empty field is told; the checker puts the field's own description in its place."""


def _text(value: Any) -> str:
    if value is None:
        raise fail(EMPTY)  # `summary:` with nothing after it: empty, as volunteers see it
    if isinstance(value, (list, dict)):
        raise fail(f"expected text, found {describe(value)}")
    if not isinstance(value, str):
        raise fail(f"expected text, found {describe(value)}")
    unsafe = unsafe_character(value)
    if unsafe:
        raise fail(unsafe)
    text: str = value.strip()
    if not text:
        raise fail(EMPTY)
    return text


Text = Annotated[str, BeforeValidator(_text)]


def _short_text(limit: int) -> Any:
    def check(value: str) -> str:
        if len(value) > limit:
            raise fail(f"has {len(value)} characters; keep it to {limit} or fewer")
        return value

    return AfterValidator(check)


def text_limited(limit: int) -> Any:
    """Return a text type of at most `limit` characters."""
    return Annotated[str, BeforeValidator(_text), _short_text(limit)]


# --- one-of choices ---------------------------------------------------------------------------


def choice(*values: str) -> Any:
    """Return a BeforeValidator accepting exactly one of `values`, with a did-you-mean."""

    def check(value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and value in values:
            return value
        if value is None or (isinstance(value, str) and not value.strip()):
            raise fail(f"is empty; write one of {', '.join(values)}")
        hint = ""
        if isinstance(value, str):
            words = site_words(info, "choice_words")
            words = [word for word in words if word[0] in values]
            if "monday" in values:
                words += day_words(languages_of(info))
            # the volunteer's word in a site language first: 'lundi' is monday, not 'sunday'
            typo = did_you_mean(value.replace(" ", "-").replace("_", "-"), values, 0.5)
            hint = suggest(value, words, typo)
        raise fail(f"{describe(value)} is not one of {', '.join(values)}{hint}")

    return BeforeValidator(check)


# --- translations -----------------------------------------------------------------------------


def _site_languages(info: ValidationInfo) -> list[str] | None:
    context = info.context or {}
    return context.get("languages")


def _localized(limit: int | None) -> Any:
    def check(value: Any, info: ValidationInfo) -> dict[str, str]:
        if isinstance(value, dict):
            if not value:
                raise fail("is empty; write the text, or one line per language such as `en: ...`")
            languages = _site_languages(info)
            result: dict[str, str] = {}
            for key, text in value.items():
                if languages is not None and key not in languages:
                    raise fail(
                        f"'{key}' is not one of the site's languages ({', '.join(languages)})"
                        f"{did_you_mean(key, languages)}; translations are given per site "
                        "language",
                        subloc=(key,),
                        at_key=True,
                    )
                try:
                    checked = _text(text)
                    if limit is not None and len(checked) > limit:
                        raise fail(f"has {len(checked)} characters; keep it to {limit} or fewer")
                except PydanticCustomError as exc:
                    message = exc.context["message"] if exc.context else str(exc)
                    if message == EMPTY:
                        message = f"is empty; write the text in {key}, or delete the line `{key}:`"
                    raise fail(message, subloc=(key,)) from None
                result[key] = checked
            return result
        checked = _text(value)
        if limit is not None and len(checked) > limit:
            raise fail(f"has {len(checked)} characters; keep it to {limit} or fewer")
        return {"": checked}

    return BeforeValidator(check)


def _localized_schema(limit: int | None, markdown: bool) -> Any:
    text: dict[str, Any] = {"type": "string", "minLength": 1}
    if limit is not None:
        text["maxLength"] = limit
    kind = "Markdown text" if markdown else "Text"
    return WithJsonSchema(
        {
            "anyOf": [
                text,
                {
                    "type": "object",
                    "additionalProperties": text,
                    "minProperties": 1,
                    "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z0-9]+)*$"},
                    "description": "Translations, one per site language, e.g. {en: ..., es: ...}.",
                },
            ],
            "description": f"{kind}, or a mapping of site language to its translation.",
        }
    )


MAX_TEXT = 5_000
"""The most characters of any one translatable text: about 800 words, a long page on a phone."""


def localized(limit: int = MAX_TEXT, markdown: bool = False) -> Any:
    """Return a translatable text type: plain text, or {language: text}, of at most `limit`.

    Plain text is stored under the key "" (the entry's own language, resolved by the catalog).
    """
    return Annotated[dict[str, str], _localized(limit), _localized_schema(limit, markdown)]


# --- identifiers --------------------------------------------------------------------------------


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _term_id(raw: Any) -> str:
    value = _text(raw)
    if not _SLUG.match(value):
        suggestion = re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        raise fail(f"'{value}' is not a term id: use lowercase letters, digits and hyphens{hint}")
    return value


TermId = Annotated[
    str, BeforeValidator(_term_id), WithJsonSchema({"type": "string", "pattern": _SLUG.pattern})
]


def vocabulary_term(vocabulary: str) -> Any:
    """Return a type for one term of `vocabulary` (topics, audiences, ...) in vocabularies.yaml."""

    def unknown(value: str, info: ValidationInfo, terms: list[str]) -> PydanticCustomError:
        words = ((info.context or {}).get("term_words") or {}).get(vocabulary, [])
        hint = suggest(value, words, did_you_mean(value, terms))
        return fail(
            f"'{value}' is not a term of {vocabulary}{hint} (the terms are listed in "
            f"vocabularies.yaml; add a new term there first)"
        )

    def read(raw: Any, info: ValidationInfo) -> str:
        value = _text(raw)
        vocabularies = (info.context or {}).get("vocabularies")
        if _SLUG.match(value) or vocabularies is None:
            return _term_id(value)
        # a label written instead of its term ('Trouble anxieux', 'Grièf'): name the term
        terms = sorted(vocabularies.get(vocabulary, {}))
        words = ((info.context or {}).get("term_words") or {}).get(vocabulary, [])
        words = [*words, *((term, "", term) for term in terms)]
        if word_hint(value, words):
            raise unknown(value, info, terms)
        return _term_id(value)

    def check(value: str, info: ValidationInfo) -> str:
        vocabularies = (info.context or {}).get("vocabularies")
        if vocabularies is None:
            return value
        terms = sorted(vocabularies.get(vocabulary, {}))
        if value not in terms:
            raise unknown(value, info, terms)
        return value

    return Annotated[
        str,
        BeforeValidator(read),
        AfterValidator(check),
        WithJsonSchema(
            {
                "type": "string",
                "pattern": _SLUG.pattern,
                "description": f"A term of `{vocabulary}` in content/vocabularies.yaml.",
            }
        ),
    ]


def one_or_many(value: Any) -> Any:
    """Accept a single value where a list is expected (`topics: grief` means `[grief]`)."""
    if isinstance(value, str):
        if "," in value:
            items = ", ".join(part.strip() for part in value.split(","))
            raise fail(f"'{value}' is one text, not a list; write a list in brackets: [{items}]")
        return [value]
    if value is None:
        raise fail(EMPTY)
    return value


def _unique(value: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    for index, item in enumerate(value):
        if item in seen:
            raise fail(f"'{item}' is listed twice; keep one", subloc=(index,))
        seen.add(item)
    return value


UniqueList = AfterValidator(_unique)


# --- languages, countries, time zones --------------------------------------------------------


_BCP47 = re.compile(
    r"^(?P<lang>[a-z]{2,3})(?:-(?P<script>[A-Z][a-z]{3}))?(?:-(?P<region>[A-Z]{2}|\d{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*$"
)


def check_language_tag(value: str, info: ValidationInfo) -> str:
    """Return `value` if it is a BCP 47 tag with a known language, else raise a helpful error.

    In content (where the site's languages are in the context) a tag must be one CLDR knows,
    a sign language the site names, or one of the site's own languages: each tag spoken is a
    browse page in every site language, so tags are a closed list, not free text.
    """
    match = _BCP47.match(value)
    names = language_names()
    if match:
        lang = match.group("lang")
        aliases = get_global("language_aliases")
        if lang in aliases and "_" not in aliases[lang] and lang not in names:
            raise fail(
                f"'{value}' is written with an old or long code; use "
                f"'{value.replace(lang, aliases[lang], 1)}' instead"
            )
        context = info.context or {}
        if (len(lang) == 3 or lang in names) and "languages" not in context:
            return value  # the site's own settings
        if len(lang) == 3 or lang in names:
            site = context["languages"] or []
            if value in site or _known_tag(value):
                return value
            known = [tag for tag in _shorter_tags(value) if tag in site or _known_tag(tag)]
            hint = f"; did you mean '{known[0]}'?" if known else ""
            raise fail(
                f"'{value}' is not a language tag that CLDR knows, such as en, es, fr-CA or "
                f"ase{hint}"
            )
    by_name = {name.lower(): code for code, name in names.items()}
    words = list(language_words(languages_of(info)))
    exact = [word for word in words if fold(word[2]) == fold(value)]
    if value.lower() in by_name:
        hint = f"; did you mean '{by_name[value.lower()]}'?"
    elif exact:
        hint = word_hint(value, exact)
    elif value.replace("_", "-") != value and _BCP47.match(value.replace("_", "-")):
        hint = f"; did you mean '{value.replace('_', '-')}'?"
    else:
        close = difflib.get_close_matches(value.lower(), list(by_name), n=1, cutoff=0.75)
        hint = f"; did you mean '{by_name[close[0]]}' ({close[0].title()})?" if close else ""
        hint = hint or word_hint(value, words)
    raise fail(f"'{value}' is not a BCP 47 language tag such as en, es, fr-CA or ase{hint}")


@cache
def _locale_tags() -> frozenset[str]:
    return frozenset(tag.replace("_", "-") for tag in localedata.locale_identifiers())


def _known_tag(tag: str) -> bool:
    """Return whether CLDR has `tag` as a locale, or names it as a language; or it signs."""
    return tag in _locale_tags() or tag in language_names() or tag in SIGN_LANGUAGES


def _shorter_tags(tag: str) -> list[str]:
    """Return `tag` without its last subtags, longest first: fr-CA-x -> [fr-CA, fr]."""
    parts = tag.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts) - 1, 0, -1)]


LanguageTag = Annotated[
    str,
    BeforeValidator(_text),
    AfterValidator(check_language_tag),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]+)*$",
            "examples": ["en", "es", "fr-CA", "ase"],
        }
    ),
]


@cache
def _countries() -> dict[str, str]:
    return {
        code: name
        for code, name in Locale("en").territories.items()
        if len(code) == 2 and code.isalpha()
    }


_COUNTRY_ALIASES = {
    "UK": "GB",
    "USA": "US",
    "EN": "GB",
    "ENGLAND": "GB",
    "SCOTLAND": "GB",
    "WALES": "GB",
    "UAE": "AE",
}


def _country(raw: Any, info: ValidationInfo) -> str:
    value = _text(raw)
    countries = _countries()
    if value.upper() in countries and len(value) == 2:
        return value.upper()
    upper = value.upper()
    by_name = {name.upper(): code for code, name in countries.items()}
    suggestion = _COUNTRY_ALIASES.get(upper) or by_name.get(upper)
    words = list(country_words(languages_of(info)))
    exact = [word for word in words if fold(word[2]) == fold(value)]
    if suggestion is None and exact:
        raise fail(_NOT_A_COUNTRY.format(value=value) + word_hint(value, exact))
    if suggestion is None:
        close = difflib.get_close_matches(upper, list(by_name), n=1, cutoff=0.8)
        suggestion = by_name[close[0]] if close else None
    hint = f"; did you mean '{suggestion}' ({countries[suggestion]})?" if suggestion else ""
    hint = hint or word_hint(value, words)
    raise fail(_NOT_A_COUNTRY.format(value=value) + hint)


_NOT_A_COUNTRY = "'{value}' is not an ISO 3166-1 two-letter country code such as US, GB or FR"


CountryCode = Annotated[
    str,
    BeforeValidator(_country),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2}$", "examples": ["US", "GB", "FR"]}),
]


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


_ZONE_ABBREVIATIONS = {
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "GMT": "Europe/London",
    "BST": "Europe/London",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
}


def _timezone(raw: Any) -> str:
    value = _text(raw)
    zones = _zones()
    if value in zones and "/" in value or value == "UTC":
        return value
    suggestion = _ZONE_ABBREVIATIONS.get(value.upper())
    if suggestion is None:
        by_lower = {z.lower(): z for z in zones}
        candidate = value.replace(" ", "_").lower()
        by_city = {z.rsplit("/", 1)[-1].lower(): z for z in sorted(zones) if "/" in z}
        if candidate in by_lower:
            suggestion = by_lower[candidate]
        elif candidate in by_city:
            suggestion = by_city[candidate]
        else:
            close = difflib.get_close_matches(candidate, list(by_lower), n=1, cutoff=0.7)
            suggestion = by_lower[close[0]] if close else None
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    raise fail(
        f"'{value}' is not an IANA time zone name such as America/Chicago or Europe/London{hint}"
    )


TimeZone = Annotated[
    str,
    BeforeValidator(_timezone),
    WithJsonSchema({"type": "string", "examples": ["America/Chicago", "Europe/London"]}),
]


# --- times, dates, numbers ---------------------------------------------------------------------

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_TWELVE_HOUR = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?$", re.IGNORECASE)


def _clock(value: Any) -> str:
    if not isinstance(value, str):
        raise fail(f'expected a time such as "18:30", found {describe(value)}')
    value = value.strip()
    match = _TIME.match(value)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60 or (hour == 24 and minute == 0):
            return f"{hour:02d}:{minute:02d}"
        raise fail(f"'{value}' is not a time of day; use 24-hour HH:MM from 00:00 to 23:59")
    twelve = _TWELVE_HOUR.match(value)
    if twelve:
        hour = int(twelve.group(1)) % 12 + (12 if twelve.group(3).lower() == "p" else 0)
        suggestion = f"{hour:02d}:{twelve.group(2) or '00'}"
        raise fail(f"'{value}' is a 12-hour time; write 24-hour time in quotes: \"{suggestion}\"")
    raise fail(f"'{value}' is not a time; write 24-hour HH:MM in quotes, such as \"18:30\"")


Clock = Annotated[
    str,
    BeforeValidator(_clock),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$",
            "examples": ["18:30"],
        }
    ),
]

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _date(value: Any) -> date:
    if not isinstance(value, str):
        raise fail(
            f"expected a date written YYYY-MM-DD, such as 2026-10-01, found {describe(value)}"
        )
    match = _DATE.match(value.strip())
    if not match:
        raise fail(f"'{value}' is not a date written YYYY-MM-DD, such as 2026-10-01")
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise fail(f"'{value}' is not a real calendar date") from None


Date = Annotated[date, BeforeValidator(_date)]


def integer(minimum: int, maximum: int, what: str) -> Any:
    """Return a BeforeValidator reading a whole number between `minimum` and `maximum`."""

    def check(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
            number = int(value)
        else:
            raise fail(f"expected {what}, found {describe(value)}")
        if not minimum <= number <= maximum:
            raise fail(f"{number} is out of range; expected {what}")
        return number

    return BeforeValidator(check)


def decimal(minimum: float, maximum: float, what: str) -> Any:
    """Return a BeforeValidator reading a decimal number between `minimum` and `maximum`."""

    def check(value: Any) -> float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        elif isinstance(value, str) and re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", value.strip()):
            number = float(value)
        else:
            raise fail(f"expected {what}, found {describe(value)}")
        if not minimum <= number <= maximum:
            raise fail(f"{value} is out of range; expected {what}")
        return number

    return BeforeValidator(check)


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "no", "off"):
        return False
    raise fail(f"expected true or false, found {describe(value)}")


Boolean = Annotated[bool, BeforeValidator(_boolean)]
