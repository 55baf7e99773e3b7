"""The site-wide pages: guides, statements (about, privacy, ...), the open-data page, the feed,
the search page with its crisis lines, and the 404 page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.catalog import nearby
from generator.catalog.catalog import CatalogEntry, CatalogGuide, pick
from generator.catalog.facets import FACETS
from generator.catalog.labels import (
    FACET_LABELS,
    KIND_LABELS,
    PAGE_TITLES,
    SEARCH_FILTERS,
    STATEMENTS,
)
from generator.catalog.opendata import EXPORTS
from generator.planning.page_maker import PageMaker
from generator.planning.views import Card, Link, Page
from generator.planning.wording import Words, crisis_anchor, dial, uses_miles
from generator.text import i18n, urls
from generator.text.markup import render_markdown

FEED_SIZE = 50
SEARCH_FIRST = 10
"""Entries the search page lists, by name, before the visitor acts: Pagefind (about 150 kB at
10,000 entries before a word is typed) starts only then, and until it does these cards, the count
and a link to the whole list are what the page shows (about 1 kB gzip)."""


class SitePages(PageMaker):
    """Builds the site-wide pages of one language (and the 404 page)."""

    def _guide_link(self, words: Words, guide: CatalogGuide, from_path: str) -> dict[str, Any]:
        version = guide.versions.get(words.lang, guide.original)
        return {
            "href": urls.relative(from_path, urls.guide(words.lang, guide.slug)),
            "title": version.guide.title,
            "summary": version.guide.summary,
            "lang": version.language,
            "fallback": version.language != words.lang,
        }

    def _guides_index(self, words: Words) -> Page:
        path = urls.guides(words.lang)
        return self._page(
            words,
            path,
            "guides.html",
            words._(PAGE_TITLES["guides"]),
            urls.guides,
            guides=[self._guide_link(words, g, path) for g in self.catalog.guides],
        )

    def _guide(self, words: Words, guide: CatalogGuide) -> Page:
        lang = words.lang
        path = urls.guide(lang, guide.slug)
        version = guide.versions.get(lang, guide.original)
        return self._page(
            words,
            path,
            "guide.html",
            version.guide.title,
            lambda other: urls.guide(other, guide.slug),
            title=version.guide.title,
            summary=version.guide.summary,
            body=render_markdown(version.body),
            content_lang=version.language,
            fallback=version.language != lang,
            updated=i18n.long_date(version.guide.updated, lang),
            updated_iso=version.guide.updated.isoformat(),
            guides_href=urls.relative(path, urls.guides(lang)),
            search={
                "enabled": self.site.features.search,
                "kind": words._("Guide"),
                "sort_name": urls.sort_key(version.guide.title).split("\0")[0],
            },
            topics=[
                Link(
                    urls.relative(path, urls.browse(lang, "topics", t)),
                    words.term("topics", t).text,
                )
                for t in guide.front.topics
                if t in self.facets["topics"]
            ],
        )

    def _statement(self, words: Words, name: str) -> Page:
        lang = words.lang
        path = urls.info(lang, name)
        context: dict[str, Any] = {}
        if name == "crisis":
            context["countries"] = self._crisis_countries(words)
        if name == "safety":
            context["crisis_href"] = urls.relative(path, urls.info(lang, "crisis"))
        return self._page(
            words,
            path,
            f"{name}.html",
            words._(STATEMENTS[name]),
            lambda other: urls.info(other, name),
            **context,
        )

    def _data_page(self, words: Words) -> Page:
        lang = words.lang
        path = urls.data(lang)

        def link(target: str) -> str:
            return urls.relative(path, target)

        formats = [
            {
                "name": words._(export.title),
                "about": words._(export.about),
                "files": [Link(link(file.published), file.name) for file in export.files]
                or [Link("", export.each_entry)],
                "readers": export.readers,
                "checked_with": export.checked_with,
            }
            for export in EXPORTS
        ]
        formats.append(
            {
                "name": words._("News feed"),
                "about": words._(
                    "An Atom feed, in each language, of the entries added or checked again most "
                    "recently."
                ),
                "files": [Link(link(urls.feed(lang)), "feed.xml")],
                "readers": ("Thunderbird", "NetNewsWire", "Feedly"),
                "checked_with": ("feedparser",),
            }
        )
        license = self.site.data_license
        return self._page(
            words,
            path,
            "data.html",
            words._(PAGE_TITLES["data"]),
            urls.data,
            formats=formats,
            license=license,
            fields=self.fields,
            repository=self.site.repository.url if self.site.repository else "",
        )

    def _feed(self, words: Words) -> Page:
        """Return the Atom feed of the most recently added or re-checked entries."""
        lang = words.lang
        changes = []
        for item in self.published:
            entry = item.entry
            added = entry.added is not None and entry.added >= entry.verified.date
            when = entry.added if added and entry.added else entry.verified.date
            changes.append((when, item.slug, "added" if added else "checked", item))
        changes.sort(key=lambda change: (change[0], change[1]), reverse=True)
        items = []
        for when, slug, change, item in changes[:FEED_SIZE]:
            name = words.text(item.entry.name, item.language)
            summary = words.text(item.entry.summary, item.language)
            assert name is not None and summary is not None
            url = urls.entry_url(self.site.base_url, lang, slug)
            day = i18n.long_date(when, lang)
            items.append(
                {
                    "id": f"{url}#{change}-{when.isoformat()}",
                    "url": url,
                    "name": name,
                    "summary": summary,
                    "updated": f"{when.isoformat()}T00:00:00Z",
                    "note": words._("Added to the directory on %(date)s.", date=day)
                    if change == "added"
                    else words._("Checked again on %(date)s.", date=day),
                    "kind": words._(KIND_LABELS[item.entry.kind][0]),
                }
            )
        updated = items[0]["updated"] if items else f"{self.today.isoformat()}T00:00:00Z"
        title = pick(self.site.title, lang, self.site.default_language, self.site.default_language)
        return self._page(
            words,
            urls.feed(lang),
            "feed.xml",
            words._(PAGE_TITLES["feed"]),
            urls.feed,
            items=items,
            updated=updated,
            feed_id=self.base + urls.feed(lang),
            home=self.base + urls.home(lang),
            site_title=title.text,
        )

    def _search(self, words: Words) -> Page:
        lang = words.lang
        path = urls.search(lang)
        filters = [(key, words._(label)) for key, label in SEARCH_FILTERS.items()]
        browse = [
            Link(urls.relative(path, urls.browse(lang, f)), words._(FACET_LABELS[f]))
            for f in FACETS
        ]
        # suggestions: the towns that have entries; any town of the covered countries is
        # matched on the device against the lists `nearby.towns_file` names
        towns = {
            f"{location.city}, {i18n.country_name(location.country, lang)}"
            for item in self.published
            if (location := item.entry.location) is not None
        }
        return self._page(
            words,
            path,
            "search.html",
            words._(PAGE_TITLES["search"]),
            urls.search,
            filters=filters,
            browse=browse,
            bundle=urls.relative(path, f"pagefind/{lang}/"),
            base_path=urls.absolute(self.site.base_url, ""),
            towns=sorted(towns, key=urls.sort_key),
            towns_path=urls.relative(path, nearby.TOWNS_FOLDER),
            near_countries=" ".join(c.lower() for c in nearby.covered_countries(self.catalog)),
            miles=uses_miles(self.site.default_country, lang),
            plural_samples=i18n.plural_samples(lang),
            other_words_href=urls.relative(path, urls.other_words(lang)),
            **self._search_first(words, path),
        )

    def _other_words(self, words: Words) -> Page:
        """The search page's table of the other site languages' words with this language's
        labels (`SearchWords.other_words`), fetched when the visitor first searches."""
        return Page(
            lang=words.lang,
            path=urls.other_words(words.lang),
            template="search-words.json",
            context={"other_words": self.search_words.other_words(words.lang)},
            alternates=self._alternates(urls.other_words),
        )

    def _search_first(self, words: Words, path: str) -> dict[str, Any]:
        """The first entries of the whole list, by name, in the cards the list pages use, with
        their count and a link to that list: what the search page shows before Pagefind starts."""
        everything = self._sorted(words, self.published)
        return {
            "first_cards": [self.card(words, item, path) for item in everything[:SEARCH_FIRST]],
            "first_total": len(everything),
            "all_entries": Link(
                urls.relative(path, urls.all_entries(words.lang)), words._(PAGE_TITLES["all"])
            ),
        }

    # The entries' order and their cards are the Planner's (pages.py), which is a SitePages.
    def _sorted(self, words: Words, items: Sequence[CatalogEntry]) -> list[CatalogEntry]:
        raise NotImplementedError

    def card(self, words: Words, item: CatalogEntry, from_path: str) -> Card:
        raise NotImplementedError

    def _crisis_countries(self, words: Words) -> list[dict[str, Any]]:
        default = self.site.default_country
        codes = sorted(
            self.site.crisis_lines, key=lambda c: (c != default, i18n.country_name(c, words.lang))
        )
        countries = []
        for code in codes:
            lines = []
            for line in self.site.crisis_lines[code]:
                lines.append(
                    {
                        "name": words.text(line.name, self.site.default_language),
                        "phone": line.phone,
                        "tel": dial(line.phone) if line.phone else "",
                        "sms": line.sms,
                        "sms_uri": dial(line.sms) if line.sms else "",
                        "url": line.url,
                        "hours": words.text(line.hours, self.site.default_language),
                        "description": words.text(line.description, self.site.default_language),
                    }
                )
            countries.append(
                {
                    "code": code,
                    "anchor": crisis_anchor(code),
                    "name": i18n.country_name(code, words.lang),
                    "lines": lines,
                }
            )
        return countries

    def _crisis_country(self, *codes: str) -> str:
        """Return the first of `codes` that has crisis lines, or "" for none (a page without
        one offers the site's own country's line)."""
        return next((code for code in codes if code in self.site.crisis_lines), "")

    def _not_found(self) -> Page:
        default = self.site.default_language
        homes = [
            Link(urls.absolute(self.site.base_url, urls.home(lang)), i18n.autonym(lang), lang)
            for lang in self.languages
        ]
        return Page(
            lang=default,
            path=urls.NOT_FOUND,
            template="404.html",
            title="404",
            context={"homes": homes},
        )
