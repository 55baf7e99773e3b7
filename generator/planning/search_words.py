"""The words search finds an entry by beyond its own text: the labels and keywords of its
kind, attendance and terms in the page's language, Arabic ones also without their article; and,
for the search page, the other site languages' words for the same things.

An entry is written in one language; its page in another still has to be found by the words
people type there ("cuidadora" for a carers' group written in English). A visitor may also type
in another site language than the page's ("carer" on the Spanish search page). Those words are
not on every page (in four languages they were a third of what Pagefind indexed and of each
result it sends): the search page carries a small table from each other language's word to the
page language's label of the same kind, attendance or term (`other_words`), and query.js
searches that label as well as the word typed. The words of each kind, attendance and term are
worked out once per build, not once per page.
"""

from __future__ import annotations

import functools
import gettext
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence

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
# The most labels one word of another language stands for, kinds and attendances first: "peer"
# names seven things in the sample vocabularies, and each label costs the visitor a search.
MOST_LABELS = 4

_ARABIC_PREFIXES = ("وبال", "فبال", "وال", "فال", "بال", "كال", "لل", "ال")

# How query.js splits what a visitor types into words, and the elisions it strips ("l'anxiété"
# is looked up as "anxiété"): the table's words are split the same way.
_WORD_BREAK = re.compile(r"[\s,;:!?¿¡.()\"«»“”\u060c\u061b\u061f]+")
_EDGES = re.compile(r"^[-'’]+|[-'’]+$")
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)


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
        self.languages = [lang for lang in languages if lang in translations]
        self._known: dict[tuple[str, str, str], list[str]] = {}

    def _keys(self) -> Iterator[tuple[str, str]]:
        """Yield every kind, attendance and term an entry can have."""
        yield from (("kind", kind) for kind in KIND_LABELS)
        yield from (("attendance", value) for value in ATTENDANCE_LABELS)
        for vocabulary in ("topics", "audiences", "accessibility", "practices"):
            yield from (
                (vocabulary, term_id) for term_id in getattr(self.catalog.vocabularies, vocabulary)
            )

    def of(self, item: CatalogEntry, lang: str) -> str:
        """Return an entry's search words on its page in `lang`, each once: those of `lang`,
        and for a term with none in `lang`, those of every site language."""
        entry = item.entry
        keys = [("kind", entry.kind), ("attendance", entry.attendance)]
        for vocabulary in ("topics", "audiences", "accessibility", "practices"):
            keys.extend((vocabulary, term_id) for term_id in getattr(entry, vocabulary))
        found: list[str] = []
        for key in keys:
            own = self._phrases(lang, key)
            if own:
                found.extend(own)
            else:
                for other in self.languages:
                    found.extend(self._phrases(other, key))
        words = dict.fromkeys(found)
        bare = [word for phrase in words for word in _arabic_bare_words(phrase)]
        return " ".join(dict.fromkeys([*words, *bare]))

    def other_words(self, lang: str) -> dict[str, list[str]]:
        """Return, for the search page in `lang`, each word of the other site languages' labels
        and keywords (lower case, as query.js looks it up) with the labels in `lang` of the
        kinds, attendances and terms it names: "carer" -> ["Cuidar de un familiar"].

        Each word is also there without its accents and Arabic short vowels ("vétérans" as
        "veterans"), as people often type it and query.js looks it up, unless that is a word
        of `lang`: "veterans" on the English page is its own word, not the French one. A word
        `lang` has itself is left out (it is on the pages already), and so is a term with no
        words in `lang` (its pages carry every language's words)."""
        own: set[str] = set()
        targets: dict[tuple[str, str], str] = {}
        for key in self._keys():
            phrases = self._phrases(lang, key)
            if phrases:
                targets[key] = phrases[0]
                own.update(word for phrase in phrases for word in _lookup_words(phrase))
        table: dict[str, list[str]] = {}
        for key, target in targets.items():
            for other in self.languages:
                if other == lang:
                    continue
                for phrase in self._phrases(other, key):
                    for word in _lookup_words(phrase):
                        for form in dict.fromkeys((word, _folded(word))):
                            if form in own:
                                continue
                            labels = table.setdefault(form, [])
                            if target not in labels and len(labels) < MOST_LABELS:
                                labels.append(target)
        return dict(sorted(table.items()))

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


# What query.js's fold() takes away: combining accents, Arabic short vowels and tatweel.
_FOLDED_AWAY = re.compile("[\u0300-\u036f\u064b-\u065f\u0670\u0640]")


def _folded(word: str) -> str:
    """Return `word` as query.js's fold() makes it: without accents or Arabic short vowels."""
    return _FOLDED_AWAY.sub("", unicodedata.normalize("NFKD", word)).lower()


def _lookup_words(phrase: str) -> list[str]:
    """Return the words of `phrase` as query.js looks up what a visitor typed: lower case,
    without elisions, Arabic ones also without their article."""
    words = []
    for token in _WORD_BREAK.split(phrase):
        word = _ELISION.sub("", _EDGES.sub("", token).lower())
        if len(word) >= 2:
            words.append(word)
    return [*words, *(bare for word in words for bare in _arabic_bare_words(word))]
