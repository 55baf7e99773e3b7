"""Suggestions from the site's own languages: a value written as one of them says it
('mardi', 'Francia', 'deuil') is answered with the code to write and the word it matched.

Words come from CLDR (days, languages, countries) in each site language, and from the checker's
context (vocabulary labels and keywords, the theme's words for kinds, costs and the like).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache

from babel import Locale
from pydantic import ValidationInfo

Word = tuple[str, str, str]
"""(the code to write, a site language, that language's word for it): ('grief', 'fr', 'Deuil')."""


ChoiceWords = Callable[[tuple[str, ...]], Iterable[Word]]
"""Returns, for the site's languages, the words the site shows for the values of each choice."""


def fold(text: str) -> str:
    """Return `text` as words compare: no case, accents, Arabic vowel marks or hyphens."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u0640", ""))  # tatweel stretches
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[-_/.,']+", " ", bare.casefold()).split())


def word_hint(value: str, words: list[Word]) -> str:
    """Return "; did you mean 'grief' (French: Deuil)?" when `value` is, or is close to, one
    site language's word for a code; "" when it is none of them."""
    if not words or len(value) > 100:  # no word is that long; spare a pasted page the search
        return ""
    folded = fold(value)
    by_word: dict[str, Word] = {}
    for word in words:
        by_word.setdefault(fold(word[2]), word)
    found = by_word.get(folded)
    if found is None:
        close = difflib.get_close_matches(folded, list(by_word), n=1, cutoff=0.8)
        found = by_word[close[0]] if close else None
    if found is None and len(folded) >= 4:
        # the first words of a longer label: 'abierto' is "Abierto a todos: puedes venir..."
        found = next((w for f, w in by_word.items() if f.startswith(folded + " ")), None)
    if found is None:
        return ""
    code, lang, label = found
    if not lang or fold(label) == code.replace("-", " "):  # the code itself, miswritten
        return f"; did you mean '{code}'?"
    return f"; did you mean '{code}' ({language_names().get(lang, lang)}: {label})?"


def suggest(value: str, words: list[Word], typo: str) -> str:
    """Return the hint for `value`: a site language's word for a code first ('lundi' is
    monday, whatever English spelling it is near), then `typo` (the English typo suggestion),
    then the word closest to it. A word naming the code `typo` names gives `typo` itself."""
    exact = [word for word in words if fold(word[2]) == fold(value)]
    if exact and typo and typo == f"; did you mean '{exact[0][0]}'?":
        return typo
    return word_hint(value, exact) or typo or word_hint(value, words)


def site_words(info: ValidationInfo | None, key: str) -> list[Word]:
    """Return the words the checker put in the context under `key` (made only when asked)."""
    words = ((info.context or {}) if info is not None else {}).get(key)
    return list(words()) if callable(words) else list(words or ())


def languages_of(info: ValidationInfo | None) -> tuple[str, ...]:
    """Return the site's languages from the context, English alone outside content."""
    languages = ((info.context or {}) if info is not None else {}).get("languages")
    return tuple(languages or ("en",))


@cache
def day_words(languages: tuple[str, ...]) -> tuple[Word, ...]:
    """Return each language's names of the weekdays (CLDR's), keyed by the English name."""
    english = Locale("en").days["format"]["wide"]
    words: list[Word] = []
    for lang in languages:
        days = locale(lang).days
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names = days[context][width]
                words.extend((english[i].lower(), lang, names[i]) for i in range(7))
    return tuple(words)


@cache
def locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang, sep="-")
    except (ValueError, LookupError):
        return Locale("en")


@cache
def language_names() -> dict[str, str]:
    """Return CLDR's English names of the languages, by code."""
    names = Locale("en").languages
    return {code: name for code, name in names.items() if "_" not in code}


@cache
def language_words(languages: tuple[str, ...]) -> tuple[Word, ...]:
    """Return each site language's names of the languages (CLDR's): ('de', 'fr', 'allemand')."""
    return tuple(
        (code, lang, name)
        for lang in languages
        for code, name in locale(lang).languages.items()
        if "_" not in code
    )


@cache
def country_words(languages: tuple[str, ...]) -> tuple[Word, ...]:
    """Return each site language's names of the countries (CLDR's): ('FR', 'es', 'Francia')."""
    return tuple(
        (code, lang, name)
        for lang in languages
        for code, name in locale(lang).territories.items()
        if len(code) == 2 and code.isalpha()
    )
