"""Translations: complete shipped catalogs, current with the templates, formatted per locale."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator.text import i18n
from generator.tools.messages import LOCALES, extract

SHIPPED = ("en", "es", "fr", "ar")


def _catalog(lang: str):  # type: ignore[no-untyped-def]
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_is_complete_and_not_fuzzy(lang: str) -> None:
    catalog = _catalog(lang)
    missing = [
        m.id
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert missing == []
    assert not catalog.fuzzy


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_keeps_every_placeholder(lang: str) -> None:
    catalog = _catalog(lang)
    problems = [
        (m.id, [str(e) for e in m.check(catalog)]) for m in catalog if m.id and m.check(catalog)
    ]
    assert problems == []


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_has_every_ui_string(lang: str) -> None:
    source = {m.id if isinstance(m.id, str) else m.id[0] for m in extract() if m.id}
    have = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(lang) if m.id}
    assert sorted(source - have) == [], "run `python build.py messages` and translate"


def test_dates_and_times_follow_the_locale() -> None:
    day = date(2026, 10, 1)
    assert i18n.long_date(day, "en") == "October 1, 2026"
    assert i18n.long_date(day, "es") == "1 de octubre de 2026"
    assert i18n.long_date(day, "fr") == "1 octobre 2026"
    assert i18n.long_date(day, "ar") == "1 أكتوبر 2026"
    assert i18n.clock("18:30", "en") == "6:30\u202fPM"
    assert i18n.clock("18:30", "fr") == "18:30"
    assert [i18n.weekday_name(1, lang) for lang in SHIPPED] == [
        "Tuesday",
        "Martes",
        "Mardi",
        "الثلاثاء",
    ]


def test_language_names_and_directions() -> None:
    assert i18n.language_name("ase", "en") == "American Sign Language"
    assert i18n.language_name("es", "fr") == "espagnol"
    assert i18n.autonym("ar") == "العربية"
    assert [i18n.direction(lang) for lang in SHIPPED] == ["ltr", "ltr", "ltr", "rtl"]
    assert i18n.city_of_zone("Europe/London", "es") == "Londres"


@pytest.mark.parametrize(
    ("lang", "separator"),
    [
        ("en", ", "),
        ("fr", ", "),
        ("es", ", "),
        ("ar", "، "),
        ("fa", "، "),
        ("ur", "، "),
        ("he", ", "),
    ],
)
def test_a_place_is_written_with_the_comma_of_its_script(lang: str, separator: str) -> None:
    # "Dublin, County Dublin, أيرلندا" on an Arabic card read as a Latin list in Arabic text
    assert i18n.comma(lang) == separator


def test_an_arabic_card_writes_its_place_with_arabic_commas(sample_build: Path) -> None:
    lists = (sample_build / "ar/browse/places/ie").rglob("index.html")
    text = "".join(page.read_text(encoding="utf-8") for page in lists)
    assert "<li>Dublin، County Dublin، أيرلندا</li>" in text
    assert "Dublin, County Dublin" not in text
