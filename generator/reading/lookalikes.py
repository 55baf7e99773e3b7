"""Entries that pose as something else: a crisis line's name, number or website, and likely
duplicates, compared through look-alike letters, invisible characters and equivalent URLs.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import phonenumbers

from generator.model.config import SiteConfig
from generator.reading.checked import SourcedEntry
from generator.reading.errors import field_name
from generator.reading.load import Document, Loc, value_at
from generator.reading.problems import Problem
from generator.reading.textlinks import URL_FIELDS
from generator.text.rooms import normalize_host

# --- crisis lines -------------------------------------------------------------------------------

_CrisisKey = tuple[tuple[str, int, tuple[str, ...], tuple[str, ...], str, str | None], ...]


def _crisis_key(site: SiteConfig) -> _CrisisKey:
    """Return what the crisis-line index is built from, hashable so it is built once per site."""
    key = []
    for country, lines in sorted(site.crisis_lines.items()):
        for index, line in enumerate(lines):
            shown = line.name.get(site.default_language) or next(iter(line.name.values()))
            names = (shown, *line.name.values())
            phones = tuple(p for p in (line.phone, line.sms) if p)
            key.append((country, index, names, phones, line.url or "", line.entry))
    return tuple(key)


@dataclass(frozen=True)
class _CrisisLine:
    country: str
    name: str
    entry: str | None
    url: str


@lru_cache(maxsize=4)
def _crisis_index(
    key: _CrisisKey,
) -> tuple[dict[str, _CrisisLine], dict[str, _CrisisLine], dict[str, _CrisisLine]]:
    """Return the crisis lines by name skeleton, by E.164 number and by website host."""
    by_name: dict[str, _CrisisLine] = {}
    by_phone: dict[str, _CrisisLine] = {}
    by_host: dict[str, _CrisisLine] = {}
    for country, _index, names, phones, url, entry in key:
        line = _CrisisLine(country, names[0], entry, url)
        for name in names:
            for name_key in _crisis_name_keys(name):
                by_name.setdefault(name_key, line)
        for phone in phones:
            try:
                number = phonenumbers.parse(phone, country)
            except phonenumbers.NumberParseException:
                continue
            # short codes such as 988 or 116 123 are not valid full numbers, but an entry's
            # number written +1 988 or 116123 formats to the same country code and digits
            by_phone.setdefault(
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), line
            )
        if url:
            by_host.setdefault(_host_key(url), line)
    return by_name, by_phone, by_host


@lru_cache(maxsize=8)
def _crisis_slot(site_id: int) -> list[Any]:
    return []


def _crisis_index_of(
    site: SiteConfig,
) -> tuple[dict[str, _CrisisLine], dict[str, _CrisisLine], dict[str, _CrisisLine]]:
    """Return `_crisis_index` of `site`, looked up by identity: making its key for each of
    10,000 entries cost more than the checks it serves."""
    slot = _crisis_slot(id(site))
    if not slot or slot[0] is not site:  # a new site that happens to reuse a freed id
        slot[:] = [site, _crisis_index(_crisis_key(site))]
    index: tuple[dict[str, _CrisisLine], dict[str, _CrisisLine], dict[str, _CrisisLine]]
    index = slot[1]
    return index


def _host_key(url: str) -> str:
    try:
        netloc = urlsplit(url.strip()).netloc
    except ValueError:  # e.g. an unclosed [ of an IPv6 address; the field check says so
        return ""
    return _skeleton(normalize_host(netloc).removeprefix("www."))


def check_crisis_lines(
    data: dict[str, Any],
    doc: Document,
    site: SiteConfig,
    phones: dict[str, str],
    problems: list[Problem],
) -> None:
    """Refuse an entry that takes a crisis line's name, number or website, unless it is that
    line's own entry, marked by a maintainer with `entry: <slug>` under the line in site.yaml."""
    slug = doc.path.rpartition("/")[2].removesuffix(".yaml")
    by_name, by_phone, by_host = _crisis_index_of(site)

    def refuse(loc: Loc, what: str, line: _CrisisLine) -> None:
        problems.append(
            doc.problem(
                loc,
                f"{field_name(loc)}: {what} crisis line in site.yaml "
                f"({line.country}: {line.name}); "
                "only that line's own entry may use it, and a maintainer marks that entry with "
                f"`entry: {slug}` under the line in site.yaml",
            )
        )

    marked = {line.entry for lines in site.crisis_lines.values() for line in lines if line.entry}
    names = data.get("name")
    named = names.items() if isinstance(names, dict) else [(None, names)]
    for lang, name in named:
        if not isinstance(name, str):
            continue
        line = next((by_name[k] for k in _crisis_name_keys(name) if k in by_name), None)
        if line is not None and line.entry != slug:
            shown = name.strip()
            refuse(
                ("name",) if lang is None else ("name", lang),
                f"'{shown}' reads as the name of a",
                line,
            )
        elif line is None and _sounds_like_crisis_service(name) and slug not in marked:
            problems.append(
                doc.problem(
                    ("name",) if lang is None else ("name", lang),
                    f"{field_name(('name',) if lang is None else ('name', lang))}: "
                    f"'{name.strip()}' sounds like a crisis or emergency service; peer support "
                    "is not a crisis line, so a reviewer checks this entry is not posing as "
                    "one (the site's crisis lines are in site.yaml, where a maintainer can mark "
                    "a line's own entry)",
                    severity="warning",
                )
            )
    for section, number in phones.items():
        found = by_phone.get(number)
        if found is not None and found.entry != slug:
            written = str(value_at(data, section, "phone")).strip()
            refuse((section, "phone"), f"'{written}' is the number of a", found)
    for loc in URL_FIELDS:
        url = value_at(data, *loc)
        if not isinstance(url, str) or not url.strip():
            continue
        host = _host_key(url)
        labels = host.split(".") if host else []
        for start in range(len(labels) - 1):  # the host, then each domain above it
            found = by_host.get(".".join(labels[start:]))
            if found is not None and found.entry != slug:
                refuse(loc, f"'{url.strip()}' is on the website of a", found)
                break


def _folded(text: str) -> str:
    """Return text case-folded, without accents or other combining marks (hamza included)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Words that make a name read as a crisis or emergency service, in the site's usual languages,
# matched at the start of a word once folded (Arabic words anywhere: they take prefixes).
# "Suicide" is not one: groups for people bereaved by suicide name it, and rightly.
_CRISIS_STEMS = ("crisis", "crise", "emergenc", "urgenc", "hotline", "helpline")
_CRISIS_WORDS = ("lifeline", "samu", "911", "988", "112")
_CRISIS_ARABIC = ("أزمة", "أزمات", "طوارئ", "طارئ")
_CRISIS = re.compile(
    r"\b(?:"
    + "|".join(_CRISIS_STEMS)
    + r"|(?:"
    + "|".join(_CRISIS_WORDS)
    + r")\b)|"
    + "|".join(_folded(word) for word in _CRISIS_ARABIC)
)


def _sounds_like_crisis_service(name: str) -> bool:
    """Return whether a name reads as a crisis line's, an emergency service's or a hotline's.

    A peer group named "Crisis Line" would rank first when someone in crisis searches for one;
    it isn't refused (a name may say "after a crisis"), but a reviewer is told to look.
    """
    return _CRISIS.search(_folded(name)) is not None


# --- likely duplicates --------------------------------------------------------------------------


@cache
def _prototypes() -> tuple[dict[str, str], dict[str, str]]:
    """Return each confusable character's stand-in, and the characters that read as several.

    The confusable-homoglyphs package ships Unicode's confusables (TR39) as groups of
    look-alikes; every character of a group reads as one stand-in (an ASCII letter or digit
    where the group has one, else its first character), so Cyrillic а and Latin a, or l, I
    and 1, read the same. A character listed as one sequence only (m as rn) reads as it.
    """
    data = json.loads(
        resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    )
    parent: dict[str, str] = {}

    def find(char: str) -> str:
        while parent.get(char, char) != char:
            char = parent[char]
        return char

    def rank(char: str) -> tuple[bool, bool, int]:
        return (not char.isascii(), not char.isalnum(), ord(char))

    expansions: dict[str, str] = {}
    for char, entries in data.items():
        if len(char) != 1:
            continue
        for item in entries:
            other = item["c"].replace("\u200e", "").replace("\u200f", "")
            if len(other) == 1:
                a, b = find(char), find(other)
                if a != b:
                    first, second = sorted((a, b), key=rank)
                    parent[second] = first
            elif len(entries) == 1 and other:
                expansions[char] = other
    stand_in = {char: find(char) for char in list(parent)}
    return stand_in, expansions


class _Reading(dict[int, str]):
    """How each character reads, filled in on first sight (str.translate looks it up in C).

    Format characters (zero-width joiners, soft hyphens, direction marks) and accents read as
    nothing, other digits as ASCII ones, and a confusable character as its group's stand-in.
    With `fold`, case is folded first (LIFELINE is Lifeline); without, look-alikes are mapped
    first (a capital I in LifeIine reads as l). Either way the result is a fixed point.
    """

    def __init__(self, fold: bool) -> None:
        super().__init__()
        self.fold = fold

    def __missing__(self, code: int) -> str:
        stand_in, expansions = _prototypes()

        def look(text: str) -> str:
            out = []
            for char in text:
                category = unicodedata.category(char)
                if category in ("Cf", "Mn") or char in _BLANK_LETTERS:
                    continue
                if category == "Nd":
                    char = str(unicodedata.digit(char))
                out.append("".join(stand_in.get(c, c) for c in expansions.get(char, char)))
            return "".join(out)

        text = chr(code)
        for _ in range(4):
            before = text
            text = look(text.casefold()) if self.fold else look(text).casefold()
            if text == before:
                break
        self[code] = text
        return text


# letters that show nothing (Hangul fillers, the blank Braille pattern): "Samaritans" plus
# one of them looks like Samaritans; Unicode lists them as default-ignorable, not as Cf
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


@cache
def _reading(fold: bool) -> _Reading:
    return _Reading(fold)


def _skeleton(text: str, fold: bool = True) -> str:
    """Return how `text` reads: look-alike letters, invisible characters, accents and case aside.

    Unicode TR39's idea (NFKC and NFD, then each confusable character to one stand-in), with
    the package's look-alike groups; case folding makes it a comparison, not a display form.
    """
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text))
    return decomposed.translate(_reading(fold))


@lru_cache(maxsize=1 << 16)  # each name is read twice: against the crisis lines, for duplicates
def _name_keys(text: str) -> tuple[str, ...]:
    """Return the ways `text` reads: case folded first (LIFELINE is Lifeline), and look-alikes
    mapped first (LifeIine with a capital I is Lifeline too)."""
    first = _WORDS.sub(" ", _skeleton(text)).strip()
    second = _WORDS.sub(" ", _skeleton(text, fold=False)).strip()
    return (first,) if first == second else (first, second)


_WORDS = re.compile(r"[\W_]+")


def _crisis_name_keys(text: str) -> tuple[str, ...]:
    """Return `_name_keys` of `text` as a crisis line's name is compared: & read as "and", a
    leading "the" dropped and the words run together, so The Samaritans, S.a.m.a.r.i.t.a.n.s
    and 9 8 8 Suicide and Crisis Lifeline read as the lines they pose as."""
    spelled = unicodedata.normalize("NFKC", text).replace("&", " and ")
    keys = []
    for key in _name_keys(spelled):
        words = key.split()
        keys.append("".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words))
    return tuple(dict.fromkeys(keys))


def _normalize_name(text: str) -> str:
    return _name_keys(text)[0]


def _site_key(url: str) -> str:
    """Return one key for every spelling of the same web page.

    http and https, host case, a trailing dot, www., default ports, punycode or Unicode host,
    percent-escape case, a trailing slash and an empty query or fragment make no difference.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # only checked addresses come here, but a key never fails
        return url
    host = normalize_host(parts.netloc).removeprefix("www.")
    where = f"{host}:{port}" if port not in (None, 80, 443) else host
    path = unquote(parts.path).rstrip("/")
    query = f"?{unquote(parts.query)}" if parts.query else ""
    fragment = f"#{unquote(parts.fragment)}" if parts.fragment else ""
    return f"{where}{path}{query}{fragment}"


def check_entries_together(
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
            keys = [(key, city) for key in _name_keys(name)]
            other = next(
                (by_name[k] for k in keys if k in by_name and by_name[k].slug != item.slug), None
            )
            if other is not None:
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
            for key in keys:
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
