"""The words the theme shows for the values volunteers choose, in each site language.

`check` hands them to the checker, so a value written as the site shows it ('gratuit',
'En ligne') is answered with the code to write ('free', 'online').
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from generator.catalog.labels import (
    ATTENDANCE_LABELS,
    COST_LABELS,
    FACILITATION_LABELS,
    JOINING_LABELS,
    KIND_LABELS,
    PLATFORM_LABELS,
    WEEKLY,
)
from generator.model.suggestions import ChoiceWords, Word
from generator.text.i18n import load_translations
from generator.theme.folders import theme_dirs

_LABELS: tuple[dict[str, str] | dict[str, tuple[str, str]], ...] = (
    KIND_LABELS,
    ATTENDANCE_LABELS,
    JOINING_LABELS,
    FACILITATION_LABELS,
    COST_LABELS,
    PLATFORM_LABELS,
    WEEKLY,
)


def theme_words(theme: str | None = None) -> ChoiceWords:
    """Return the function the checker asks for the theme's words in the site's languages."""
    folders = tuple(folder / "locales" for folder in theme_dirs(theme))
    return lambda languages: _words(folders, languages)


@cache
def _words(folders: tuple[Path, ...], languages: tuple[str, ...]) -> tuple[Word, ...]:
    words: list[Word] = []
    for lang in languages:
        translations = load_translations(list(folders), lang)
        for labels in _LABELS:
            for code, label in labels.items():
                for message in _messages(label):
                    words.append((code, lang, translations.gettext(message)))
    return tuple(words)


def _messages(label: str | tuple[str, str]) -> Iterable[str]:
    return (label,) if isinstance(label, str) else label
