"""The read-only catalog: validated content, per-language text and the browse taxonomies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from generator.catalog.gazetteer import locate
from generator.model.config import SiteConfig
from generator.model.models import Entry, Guide, Term, Vocabularies
from generator.model.privacy import TOWN_DECIMALS
from generator.reading.checked import SourcedGuide, Validated


@dataclass(frozen=True)
class LocalText:
    """Text chosen for a page language: `lang` is the language it is really in."""

    text: str
    lang: str
    fallback: bool


def pick(values: Mapping[str, str], lang: str, own: str, default: str) -> LocalText:
    """Return the text for `lang`, else the entry's own language, else the default language.

    `values` maps languages to text; the key "" holds text written in the entry's own language.
    """
    if lang in values:
        return LocalText(values[lang], lang, False)
    if "" in values:
        return LocalText(values[""], own, own != lang)
    for candidate in (own, default):
        if candidate in values:
            return LocalText(values[candidate], candidate, True)
    first = sorted(values)[0]
    return LocalText(values[first], first, True)


@dataclass(frozen=True)
class CatalogEntry:
    """An entry with its slug, source file and own language."""

    slug: str
    entry: Entry
    source: str
    language: str
    relative: str = ""
    """The entry's file inside the content folder, for "Suggest an edit" links."""

    def text(self, values: Mapping[str, str], lang: str, default: str) -> LocalText:
        """Return one of the entry's translatable fields in `lang`, or its fallback."""
        return pick(values, lang, self.language, default)

    def page_language(self, site: SiteConfig) -> str:
        """Return the language of the page that shows the entry as written: its own language
        when the site has pages in it, else the site's default."""
        return self.language if self.language in site.languages else site.default_language

    @property
    def published(self) -> bool:
        """Return whether the entry gets a page (ended entries don't)."""
        return bool(self.entry.status != "ended")


@dataclass(frozen=True)
class CatalogGuide:
    """A guide with its translations by language."""

    slug: str
    original: SourcedGuide
    versions: Mapping[str, SourcedGuide]

    @property
    def front(self) -> Guide:
        """Return the original's front matter (order, topics, audiences)."""
        return self.original.guide


@dataclass(frozen=True)
class Catalog:
    """Everything the site is built from, immutable once made."""

    site: SiteConfig
    vocabularies: Vocabularies
    entries: tuple[CatalogEntry, ...]
    guides: tuple[CatalogGuide, ...]
    by_slug: Mapping[str, CatalogEntry] = field(default_factory=dict)

    @cached_property
    def published(self) -> tuple[CatalogEntry, ...]:
        """Return the entries that get a page, in slug order (worked out once)."""
        return tuple(e for e in self.entries if e.published)

    def term(self, vocabulary: str, term_id: str) -> Term:
        """Return one vocabulary term."""
        terms: dict[str, Term] = getattr(self.vocabularies, vocabulary)
        return terms[term_id]

    def term_label(self, vocabulary: str, term_id: str, lang: str) -> LocalText:
        """Return a term's label in `lang`, or the default language's label."""
        default = self.site.default_language
        return pick(self.term(vocabulary, term_id).label, lang, default, default)


def _placed_by_town(entries: list[Entry]) -> dict[int, Entry]:
    """Return, by id of the entry, the entries that meet in a town the gazetteer knows but
    gave no coordinates, with the town's, rounded to the town and marked approximate."""
    countries = {e.location.country for e in entries if e.location is not None}
    placed: dict[int, Entry] = {}
    for entry in entries:
        location = entry.location
        if location is None or location.coordinates is not None:
            continue
        town = locate(location.city, location.region, location.country, countries)
        if town is None:
            continue
        coordinates = (
            round(town.latitude, TOWN_DECIMALS) + 0.0,
            round(town.longitude, TOWN_DECIMALS) + 0.0,
        )
        update = {"coordinates": coordinates, "approximate": True}
        placed[id(entry)] = entry.model_copy(
            update={"location": location.model_copy(update=update)}
        )
    return placed


def build_catalog(validated: Validated) -> Catalog:
    """Make the catalog from a validation result that has no errors."""
    if not validated.ok or validated.site is None or validated.vocabularies is None:
        raise ValueError("the catalog is built only from content without errors")
    site = validated.site
    placed = _placed_by_town([s.entry for s in validated.entries])
    entries = tuple(
        sorted(
            (
                CatalogEntry(
                    slug=s.slug,
                    entry=placed.get(id(s.entry), s.entry),
                    source=s.doc.path,
                    language=s.entry.text_language or site.default_language,
                    relative=s.doc.relative,
                )
                for s in validated.entries
            ),
            key=lambda e: e.slug,
        )
    )
    versions: dict[str, dict[str, SourcedGuide]] = {}
    originals: dict[str, SourcedGuide] = {}
    for guide in validated.guides:
        versions.setdefault(guide.slug, {})[guide.language] = guide
        if guide.is_original:
            originals[guide.slug] = guide
    guides = tuple(
        sorted(
            (
                CatalogGuide(slug, originals[slug], MappingProxyType(versions[slug]))
                for slug in originals
            ),
            key=lambda g: (g.front.order if g.front.order is not None else 10_000, g.slug),
        )
    )
    by_slug = MappingProxyType({e.slug: e for e in entries})
    return Catalog(
        site=site,
        vocabularies=validated.vocabularies,
        entries=entries,
        guides=guides,
        by_slug=by_slug,
    )
