"""Babel catalogs (compiled in memory at build time) and locale-aware formatting."""

from __future__ import annotations

import gettext
import io
from datetime import date, time, timedelta
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_time, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

RTL_SCRIPTS = {"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"}


def load_translations(locale_dirs: list[Path], lang: str) -> gettext.NullTranslations:
    """Compile `<dir>/<lang>/LC_MESSAGES/messages.po` in memory; earlier dirs take precedence."""
    result: gettext.NullTranslations | None = None
    for folder in locale_dirs:
        po_path = folder / lang / "LC_MESSAGES" / "messages.po"
        if not po_path.is_file():
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        translations = gettext.GNUTranslations(buffer)
        if result is None:
            result = translations
        else:
            result.add_fallback(translations)
    return result or gettext.NullTranslations()


@cache
def locale(lang: str) -> Locale:
    """Return the Babel locale for a BCP 47 tag, falling back to its language alone."""
    try:
        return Locale.parse(lang, sep="-")
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(lang.split("-")[0])
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en")


@cache
def plural_samples(lang: str) -> tuple[tuple[str, int], ...]:
    """Return each plural category of `lang` (CLDR's: "one", "few", "many"...) with the
    smallest whole number in it, smallest first: what a page needs to write a count's words
    for every number the browser may meet (it tells the category with `Intl.PluralRules`)."""
    rule = locale(lang).plural_form
    samples: dict[str, int] = {}
    for number in (*range(1000), 1_000_000):
        samples.setdefault(rule(number), number)
    return tuple(sorted(samples.items(), key=lambda item: item[1]))


@cache
def comma(lang: str) -> str:
    """Return the comma and space that separate the parts of a place ("Dublin, Ireland") in
    `lang`: the Arabic comma in languages written in the Arabic script, else a comma."""
    tag = lang.replace("-", "_")
    likely = get_global("likely_subtags")
    full = likely.get(tag) or likely.get(tag.split("_")[0]) or ""
    return "، " if "_Arab" in full else ", "


def direction(lang: str) -> str:
    """Return "rtl" or "ltr" for a language tag."""
    return "rtl" if locale(lang).character_order == "right-to-left" else "ltr"


# Sign languages that CLDR has no names for (American Sign Language, "ase", it has).
SIGN_LANGUAGES = {
    "bfi": {
        "en": "British Sign Language",
        "es": "lengua de signos británica",
        "fr": "langue des signes britannique",
        "ar": "لغة الإشارة البريطانية",
    },
    "fsl": {
        "en": "French Sign Language",
        "es": "lengua de signos francesa",
        "fr": "langue des signes française",
        "ar": "لغة الإشارة الفرنسية",
    },
    "ssp": {
        "en": "Spanish Sign Language",
        "es": "lengua de signos española",
        "fr": "langue des signes espagnole",
        "ar": "لغة الإشارة الإسبانية",
    },
    "asf": {
        "en": "Auslan (Australian Sign Language)",
        "es": "Auslan (lengua de signos australiana)",
        "fr": "Auslan (langue des signes australienne)",
        "ar": "أوسلان (لغة الإشارة الأسترالية)",
    },
    "isg": {
        "en": "Irish Sign Language",
        "es": "lengua de signos irlandesa",
        "fr": "langue des signes irlandaise",
        "ar": "لغة الإشارة الأيرلندية",
    },
    "fcs": {
        "en": "Quebec Sign Language",
        "es": "lengua de signos de Quebec",
        "fr": "langue des signes québécoise",
        "ar": "لغة الإشارة الكيبيكية",
    },
}


def language_name(tag: str, in_lang: str) -> str:
    """Return the name of language `tag` in language `in_lang` (e.g. "espagnol")."""
    target = locale(in_lang)
    key = tag.replace("-", "_")
    for candidate in (key, tag.split("-")[0]):
        name = target.languages.get(candidate)
        if name:
            return str(name)
    sign = SIGN_LANGUAGES.get(tag.split("-")[0].lower())
    if sign:
        return sign.get(in_lang.split("-")[0], sign["en"])
    for candidate in (key, tag.split("-")[0]):
        name = locale("en").languages.get(candidate)
        if name:
            return str(name)
    return tag


def autonym(tag: str) -> str:
    """Return a language's name in itself (for the language chooser)."""
    name = locale(tag).get_display_name(locale(tag)) or tag
    return name[:1].upper() + name[1:]


def country_name(code: str, in_lang: str) -> str:
    """Return a country's name in `in_lang`."""
    return locale(in_lang).territories.get(code) or code


def weekday_name(index: int, in_lang: str) -> str:
    """Return the weekday name (0 = Monday), capitalised as at the start of a line."""
    name: str = locale(in_lang).days["stand-alone"]["wide"][index]
    return name[:1].upper() + name[1:]


def long_date(value: date, in_lang: str) -> str:
    """Return a date such as "1 October 2026" / "1 de octubre de 2026"."""
    return format_date(value, format="long", locale=locale(in_lang))


def clock(value: str, in_lang: str) -> str:
    """Return an "HH:MM" time in the locale's short format ("6:30 PM", "18:30")."""
    if value == "24:00":
        value = "00:00"
    hour, minute = (int(part) for part in value.split(":"))
    return format_time(time(hour, minute), format="short", locale=locale(in_lang))


def age(days: int, in_lang: str) -> str:
    """Return a duration such as "14 months" in `in_lang`."""
    return format_timedelta(
        timedelta(days=days), threshold=2, granularity="day", locale=locale(in_lang)
    )


def city_of_zone(zone: str, in_lang: str) -> str:
    """Return the exemplar city of an IANA zone in `in_lang` ("Chicago", "Londres")."""
    zones = locale(in_lang).time_zones
    city = zones.get(zone, {}).get("city") or locale("en").time_zones.get(zone, {}).get("city")
    return str(city or zone.rsplit("/", 1)[-1].replace("_", " "))
