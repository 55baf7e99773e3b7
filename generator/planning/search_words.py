"""The words search finds an entry by beyond its own text: the labels and keywords of its
kind, attendance and terms in every site language, Arabic ones also without their article.

An entry is written in one language; its page in another still has to be found by the words
people type there ("cuidadora" for a carers' group written in English), and a visitor may type
in another site language than the page's. The words of each kind, attendance and term are
worked out once per build, not once per page.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Mapping, Sequence

from generator.catalog.catalog import Catalog, CatalogEntry
from generator.catalog.labels import ATTENDANCE_LABELS, KIND_LABELS, N_

# The words people use for each kind of entry, beyond its name: translated like the names,
# and searched on every entry page in every site language.
_KIND_WORDS = {
    "support-group": N_("meeting, circle, mutual aid, self-help group"),
    "one-to-one": N_("mentor, mentoring, one-on-one, buddy"),
    "warmline": N_("phone line, helpline, call, talk, listening line"),
    "online-community": N_("forum, chat, online group"),
    "veteran-network": N_("veterans, military, ex-service"),
    "workplace-program": N_("work, colleagues, coworkers, staff, employer"),
}

# Article and proclitics that Arabic writes onto a word ("للأمهات", "والوحدة"), longest first;
# the same list as query.js, which strips them from what a visitor types.
_ARABIC_PREFIXES = ("وبال", "فبال", "وال", "فال", "بال", "كال", "لل", "ال")


class SearchWords:
    """The search words of entries, with those of each kind, attendance and term kept."""

    def __init__(
        self,
        catalog: Catalog,
        translations: Mapping[str, gettext.NullTranslations],
        languages: Sequence[str],
    ) -> None:
        self.catalog = catalog
        self.translations = translations
        self.languages = list(languages)
        self._known: dict[tuple[str, str, str], list[str]] = {}

    def of(self, item: CatalogEntry) -> str:
        """Return an entry's search words in every site language, each once."""
        entry = item.entry
        keys = [("kind", entry.kind), ("attendance", entry.attendance)]
        for vocabulary in ("topics", "audiences", "accessibility", "practices"):
            keys.extend((vocabulary, term_id) for term_id in getattr(entry, vocabulary))
        found: list[str] = []
        for lang in self.languages:
            for key in keys:
                found.extend(self._phrases(lang, key))
        words = dict.fromkeys(found)
        bare = [word for phrase in words for word in _arabic_bare_words(phrase)]
        return " ".join(dict.fromkeys([*words, *bare]))

    def _phrases(self, lang: str, key: tuple[str, str]) -> list[str]:
        """Return the search phrases of a kind, attendance or term in one language."""
        found = self._known.get((lang, *key))
        if found is None:
            what, value = key
            translate = self.translations[lang].gettext
            if what == "kind":
                found = [translate(KIND_LABELS[value][0]), translate(_KIND_WORDS[value])]
            elif what == "attendance":
                found = [translate(ATTENDANCE_LABELS[value])]
            else:
                term = self.catalog.term(what, value)
                found = [term.label[lang]] if lang in term.label else []
                found.extend(term.keywords.get(lang, ()))
            self._known[(lang, *key)] = found
        return found


@functools.lru_cache(maxsize=4096)
def _arabic_bare_words(phrase: str) -> tuple[str, ...]:
    """Return the Arabic words of `phrase` without their article or proclitic ("الاكتئاب" ->
    "اكتئاب"), which is how query.js searches for them."""
    bare: list[str] = []
    for word in phrase.split():
        for prefix in _ARABIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                bare.append(word[len(prefix) :])
                break
    return tuple(bare)
