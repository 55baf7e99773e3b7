"""Plan the site: every output page as (language, path, template, finished context).

Templates receive only finished data from here: text already chosen per language (with the
language it is really in, so fallbacks are marked), labels translated, dates and times formatted,
Markdown already sanitized, links already relative. Nothing here reads or writes files.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from babel.lists import format_list

from generator.catalog.catalog import CatalogEntry, LocalText, pick
from generator.catalog.facets import FACETS, meeting_days, parts_of_day, place_key
from generator.catalog.labels import (
    ATTENDANCE_LABELS,
    COST_LABELS,
    FACET_LABELS,
    FACILITATION_LABELS,
    JOINING_LABELS,
    KIND_LABELS,
    PAGE_TITLES,
    PARTS_OF_DAY,
    PLATFORM_LABELS,
    SEARCH_FILTERS,
    STATEMENTS,
)
from generator.catalog.opendata import edit_links
from generator.model import privacy
from generator.model.models import WEEKDAYS, Entry
from generator.planning.handout import card_contact, entry_sheet
from generator.planning.jsonld import entry_jsonld
from generator.planning.site_pages import SitePages
from generator.planning.views import Card, Link, Page, Planned
from generator.planning.when import when_hours, when_rule
from generator.planning.wording import POSTAL_CODE_FIRST, Words, phone
from generator.text import i18n, urls
from generator.text.markup import render_markdown

PAGE_SIZE = 100
"""Entries a list page shows. 20 made a national directory (10,000 entries, four languages)
24,000 list pages of 18 kB, a fifth of its files; 100 cards are about 8 kB gzip, lighter than one
entry page with its stylesheet, and a list of 1,000 is ten pages to step through, not fifty."""


class Planner(SitePages):
    """Builds every page of the site from the catalog: the home page, entries, the lists and
    browse pages here, and the site-wide pages (guides, statements, data, feed, search,
    404) in `SitePages`."""

    def shared_pages(self) -> list[Page]:
        """Return the pages outside any language folder: the root chooser and the 404."""
        return [self._root(), self._not_found()]

    def plan_searchable(self, lang: str, share: tuple[int, int] = (0, 1)) -> Iterator[Planned]:
        """Yield the pages of a language that search indexes, its entries and guides, unmade.

        With `share` (i, n), only every nth entry from the ith, and the guides with the first:
        n workers can each make a share, and the language can be indexed sooner. Pages are
        made one at a time by whoever takes them, so a large site is never all in memory.
        """
        words = Words(self.catalog, lang, self.translations[lang], self.today)
        first, every = share
        for item in self.published[first::every]:
            path_of = functools.partial(urls.entry, slug=item.slug)
            make = functools.partial(self._entry, words, item)
            path = urls.entry(lang, item.slug)
            yield Planned(lang, path, self._alternates(path_of), make, entry=item.slug)
        if first == 0:
            for guide in self.catalog.guides:
                yield Planned.ready(self._guide(words, guide))

    def plan_other(self, lang: str) -> Iterator[Planned]:
        """Yield the rest of a language's pages, unmade: home, lists, browse and information
        pages."""
        words = Words(self.catalog, lang, self.translations[lang], self.today)
        yield Planned.ready(self._home(words))
        everything = self._sorted(words, self.published)
        yield from self._list(words, "all", "", everything, words._(PAGE_TITLES["all"]))
        yield Planned.ready(self._browse_index(words))
        for facet in FACETS:
            yield Planned.ready(self._facet_index_page(words, facet))
            for value, items in self.facets[facet].items():
                title = self._facet_value_label(words, facet, value)
                regions = self._regions_within(value) if facet == "places" else {}
                if regions:
                    # a country's regions have lists of their own: its list leads to them,
                    # and shows only the entries that are in none (online for all of it)
                    inside = {item.slug for key in regions for item in self.facets[facet][key]}
                    items = [item for item in items if item.slug not in inside]
                sorted_items = self._sorted(words, items)
                yield from self._list(words, facet, value, sorted_items, title.text, title, regions)
        yield Planned.ready(self._guides_index(words))
        for name in STATEMENTS:
            yield Planned.ready(self._statement(words, name))
        if self.site.features.search:
            yield Planned.ready(self._search(words))
            yield Planned.ready(self._other_words(words))
        yield Planned.ready(self._data_page(words))
        yield Planned.ready(self._feed(words))

    def searchable_pages(self, lang: str, share: tuple[int, int] = (0, 1)) -> Iterator[Page]:
        """Yield the pages of a language that search indexes, made (see `plan_searchable`)."""
        return (planned.make() for planned in self.plan_searchable(lang, share))

    def other_pages(self, lang: str) -> Iterator[Page]:
        """Yield the rest of a language's pages, made (see `plan_other`)."""
        return (planned.make() for planned in self.plan_other(lang))

    # --- helpers ------------------------------------------------------------------------------

    def _sorted(self, words: Words, items: Sequence[CatalogEntry]) -> list[CatalogEntry]:
        keys = words.sort_keys  # made once per language: an entry is on a dozen lists

        def key(e: CatalogEntry) -> str:
            found = keys.get(e.slug)
            if found is None:
                name = pick(e.entry.name, words.lang, e.language, words.default).text
                found = keys[e.slug] = urls.sort_key(name)
            return found

        return sorted(items, key=key)

    def card(self, words: Words, item: CatalogEntry, from_path: str) -> Card:
        """Return an entry as a list item, linked relative to the page at `from_path`."""
        # an entry is on about a dozen lists of each language: its words are found once
        href = urls.relative(from_path, urls.entry(words.lang, item.slug))
        made = words.cards.get(item.slug)
        if made is None:
            made = words.cards[item.slug] = self._card(words, item, href)
        return made if made.href == href else dataclasses.replace(made, href=href)

    def _card(self, words: Words, item: CatalogEntry, href: str) -> Card:
        entry = item.entry
        name = words.text(entry.name, item.language)
        summary = words.text(entry.summary, item.language)
        assert name is not None and summary is not None
        phone_number, website = card_contact(entry)
        return Card(
            href=href,
            name=name,
            summary=summary,
            kind=words._(KIND_LABELS[entry.kind][0]),
            attendance=words._(ATTENDANCE_LABELS[entry.attendance]),
            place=words.place(entry),
            languages=words.languages(entry.languages),
            status=entry.status,
            status_label=words.status(entry),
            when=when_rule(entry),
            phone=phone_number,
            website=website,
        )

    # --- pages --------------------------------------------------------------------------------

    def _root(self) -> Page:
        default = self.site.default_language
        choices = [
            Link(urls.relative("", urls.home(lang)), i18n.autonym(lang), lang)
            for lang in self.languages
        ]
        titles = {lang: pick(self.site.title, lang, default, default) for lang in self.languages}
        return Page(
            lang=default,
            path="",
            template="root.html",
            title=titles[default].text,
            context={"choices": choices, "titles": titles},
            alternates={lang: urls.home(lang) for lang in self.languages},
        )

    def _home(self, words: Words) -> Page:
        lang = words.lang
        path = urls.home(lang)
        kinds = [
            Link(
                urls.relative(path, urls.browse(lang, "kind", kind)),
                words._(KIND_LABELS[kind][1]),
                count=len(items),
            )
            for kind, items in self.facets["kind"].items()
        ]
        attendance = [
            Link(
                urls.relative(path, urls.browse(lang, "attendance", mode)),
                words._(ATTENDANCE_LABELS[mode]),
                count=len(items),
            )
            for mode, items in self.facets["attendance"].items()
        ]
        topics = sorted(
            (
                Link(
                    urls.relative(path, urls.browse(lang, "topics", t)),
                    words.term("topics", t).text,
                    words.term("topics", t).lang,
                    count=len(items),
                )
                for t, items in self.facets["topics"].items()
            ),
            key=lambda link: (-link.count, urls.sort_key(link.text)),
        )[:12]
        guides = [self._guide_link(words, guide, path) for guide in self.catalog.guides][:4]
        return self._page(
            words,
            path,
            "home.html",
            "",
            urls.home,
            kinds=kinds,
            attendance=attendance,
            topics=topics,
            guides=guides,
            total=len(self.published),
        )

    def _entry(self, words: Words, item: CatalogEntry) -> Page:
        """Return an entry's page in one language: everything its template shows.

        Why it is long: it assembles one template context (names, place, schedule, contact,
        links, structured data) in the order the page shows it; each block that needs more
        than a line is a helper of its own (`_where`, `_online`, `_contact`, `_entry_search`).
        """
        lang = words.lang
        entry = item.entry
        path = urls.entry(lang, item.slug)

        def text(values: Mapping[str, str] | None) -> LocalText | None:
            return words.text(values, item.language)

        def markdown(values: Mapping[str, str] | None) -> LocalText | None:
            chosen = text(values)
            if chosen is None:
                return None
            return LocalText(render_markdown(chosen.text, top=3), chosen.lang, chosen.fallback)

        def terms(vocabulary: str, ids: Sequence[str], facet: str | None) -> list[Link]:
            found = []
            for term_id in ids:
                label = words.term(vocabulary, term_id)
                href = urls.relative(path, urls.browse(lang, facet, term_id)) if facet else ""
                found.append(Link(href, label.text, label.lang if label.fallback else ""))
            return found

        location = entry.location
        where = self._where(words, item, path)
        online = self._online(words, item)
        contact = self._contact(entry)
        topics = terms("topics", entry.topics, "topics")
        audiences = terms("audiences", entry.audiences, "audiences")
        days = (self.today - entry.verified.date).days
        stale = days > self.site.stale_after_days
        search = self._entry_search(words, item)
        name = text(entry.name)
        assert name is not None
        # help in the country the group meets in, else in the first it is open to online
        countries = [location.country] if location is not None else []
        if entry.online is not None:
            countries += entry.online.countries or ()
        return self._page(
            words,
            path,
            "entry.html",
            name.text,
            lambda other: urls.entry(other, item.slug),
            entry=entry,
            slug=item.slug,
            own_lang=item.language,
            name=name,
            summary=text(entry.summary),
            description=markdown(entry.description),
            how_to_join=markdown(entry.how_to_join),
            organization=text(entry.organization),
            kind=words._(KIND_LABELS[entry.kind][0]),
            kind_href=urls.relative(path, urls.browse(lang, "kind", entry.kind)),
            attendance=words._(ATTENDANCE_LABELS[entry.attendance]),
            attendance_href=urls.relative(path, urls.browse(lang, "attendance", entry.attendance)),
            joining=words._(JOINING_LABELS[entry.joining]),
            facilitation=words._(FACILITATION_LABELS[entry.facilitation]),
            cost=words._(COST_LABELS[entry.cost]),
            cost_note=text(entry.cost_note),
            topics=topics,
            audiences=audiences,
            accessibility=terms("accessibility", entry.accessibility, None),
            practices=terms("practices", entry.practices, None),
            languages=[
                Link(
                    urls.relative(path, urls.browse(lang, "languages", tag)),
                    i18n.language_name(tag, lang),
                )
                for tag in entry.languages
            ],
            schedule=words.schedule(entry),
            when=when_rule(entry),
            schedule_notes=text(entry.schedule.notes),
            where=where,
            online=online,
            contact=contact,
            status_label=words.status(entry),
            status_note=text(entry.status_note),
            verified=i18n.long_date(entry.verified.date, lang),
            verified_iso=entry.verified.date.isoformat(),
            stale=stale,
            age=i18n.age(days, lang),
            search=search,
            edit=self._edit_links(item, name.text),
            calendar_href=urls.relative(path, urls.calendar(item.slug))
            if entry.schedule.meetings
            else "",
            jsonld=entry_jsonld(
                item,
                self.site,
                lang,
                urls.entry_url(self.site.base_url, lang, item.slug),
                {
                    "kind": words._(KIND_LABELS[entry.kind][0]),
                    "topics": [link.text for link in topics],
                    "audiences": [link.text for link in audiences],
                },
                self.today,
            ),
            crisis_country=self._crisis_country(*countries),
            sheet=entry_sheet(self.site.base_url, lang, item.slug),
        )

    def _where(self, words: Words, item: CatalogEntry, path: str) -> dict[str, Any] | None:
        """Return where an entry meets in person, as its page shows it, or None."""
        location, lang = item.entry.location, words.lang
        if location is None:
            return None
        lines = [x for x in (location.venue, location.address) if x]
        if location.country in POSTAL_CODE_FIRST:
            locality = " ".join(x for x in (location.postal_code, location.city) if x)
            lines.append(", ".join(x for x in (locality, location.region) if x))
        else:
            region = " ".join(x for x in (location.region, location.postal_code) if x)
            lines.append(", ".join(x for x in (location.city, region) if x))
        lines.append(i18n.country_name(location.country, lang))
        place = self.facets["region_keys"].get((location.country, location.region))
        region_href = urls.relative(
            path, urls.browse(lang, "places", place or place_key(location.country))
        )
        return {
            "lines": lines,
            "notes": words.text(location.notes, item.language),
            "region_href": region_href,
            "region_label": ", ".join(
                x for x in (location.region, i18n.country_name(location.country, lang)) if x
            ),
            "approximate": location.approximate,
        }

    def _online(self, words: Words, item: CatalogEntry) -> dict[str, Any] | None:
        """Return how to join an entry online, as its page shows it, or None."""
        online, lang = item.entry.online, words.lang
        if online is None:
            return None
        countries = [i18n.country_name(c, lang) for c in online.countries or ()]
        return {
            "url": online.url,
            "platform": words._(PLATFORM_LABELS[online.platform]) if online.platform else "",
            "phone": phone(online.phone) if online.phone else None,
            "countries": format_list(countries, locale=i18n.locale(lang)) if countries else "",
            "notes": words.text(online.notes, item.language),
        }

    @staticmethod
    def _contact(entry: Entry) -> dict[str, Any] | None:
        """Return an entry's public contact details, or None when it gives none."""
        contact = entry.contact
        if contact is None or not (contact.website or contact.email or contact.phone):
            return None
        return {
            "website": contact.website,
            "email": contact.email,
            "phone": phone(contact.phone) if contact.phone else None,
        }

    def _edit_links(self, item: CatalogEntry, name: str) -> dict[str, str]:
        """Return "Suggest an edit" and "Report a problem" addresses, where the site has them."""
        return edit_links(self.site, item, name)

    def _entry_search(self, words: Words, item: CatalogEntry) -> dict[str, Any]:
        """Return what the search index needs of an entry: meta, filters, sort keys, synonyms."""
        entry = item.entry
        lang = words.lang
        if not self.site.features.search:
            return {"enabled": False}
        filters: list[tuple[str, list[str]]] = [
            ("kind", [words._(KIND_LABELS[entry.kind][0])]),
            ("attendance", [words._(ATTENDANCE_LABELS[entry.attendance])]),
            ("topics", [words.term("topics", t).text for t in entry.topics]),
            ("audiences", [words.term("audiences", a).text for a in entry.audiences]),
            ("languages", [i18n.language_name(tag, lang) for tag in entry.languages]),
            ("cost", [words._(COST_LABELS[entry.cost])]),
            ("joining", [words._(JOINING_LABELS[entry.joining])]),
        ]
        countries: list[str] = []
        regions: list[str] = []
        if entry.location is not None:
            countries.append(i18n.country_name(entry.location.country, lang))
            if entry.location.region:
                regions.append(entry.location.region)
        if entry.online is not None:
            for code in entry.online.countries or ():
                name = i18n.country_name(code, lang)
                if name not in countries:
                    countries.append(name)
        filters.append(("country", countries))
        filters.append(("region", regions))
        filters.append(
            ("day", [i18n.weekday_name(WEEKDAYS.index(d), lang) for d in meeting_days(entry)])
        )
        filters.append(("time", [words._(PARTS_OF_DAY[p][0]) for p in parts_of_day(entry)]))
        shown = words.text(entry.name, item.language)
        assert shown is not None
        coordinates = privacy.public_coordinates(entry.location)
        return {
            "enabled": True,
            "place": words.place(entry),
            "languages": words.languages(entry.languages),
            "coordinates": coordinates,
            "approximate": entry.location is not None and privacy.is_approximate(entry.location),
            "attendance": entry.attendance,
            "sort_name": urls.sort_key(shown.text).split("\0")[0],
            "filters": [(facet, values) for facet, values in filters if values],
            "keywords": self.search_words.of(item, words.lang),
            "when": when_rule(entry),
            "when_hours": when_hours(entry, self.today.year),
        }

    def _regions_within(self, value: str) -> dict[str, int]:
        """Return a country's regions that have lists (place key -> entries), none for a
        region."""
        if "/" in value:
            return {}
        within = value + "/"
        return {
            key: len(items)
            for key, items in self.facets["places"].items()
            if key.startswith(within)
        }

    def _list(
        self,
        words: Words,
        facet: str,
        value: str,
        items: list[CatalogEntry],
        title: str,
        title_text: LocalText | None = None,
        regions: Mapping[str, int] | None = None,
    ) -> Iterator[Planned]:
        """Yield the pages of one list, unmade: PAGE_SIZE entries a page. A country's list
        leads to its `regions` (place key -> entries) first."""
        lang = words.lang
        regions = regions or {}
        counts = "\0".join(f"{key}={count}" for key, count in regions.items())
        chunks = [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]
        for number, chunk in enumerate(chunks, start=1):
            path = _list_path(lang, facet, value, number)
            alternates_of = functools.partial(_list_path, facet=facet, value=value, number=number)
            make = functools.partial(
                self._list_page,
                words,
                facet,
                value,
                items,
                chunks,
                number,
                title,
                title_text,
                regions,
            )
            yield Planned(
                lang,
                path,
                self._alternates(alternates_of),
                make,
                shows=tuple(item.slug for item in chunk),
                detail=f"{title}\0{len(items)}\0{len(chunks)}\0{counts}",
            )

    def _list_page(
        self,
        words: Words,
        facet: str,
        value: str,
        items: list[CatalogEntry],
        chunks: list[list[CatalogEntry]],
        number: int,
        title: str,
        title_text: LocalText | None,
        regions: Mapping[str, int],
    ) -> Page:
        """Make page `number` of a list."""
        lang = words.lang
        chunk = chunks[number - 1]
        path = _list_path(lang, facet, value, number)
        names = self.facets["region_names"]
        region_links = [
            Link(urls.relative(path, urls.browse(lang, "places", key)), names[key], "", count)
            for key, count in regions.items()
        ]
        alternates_of = functools.partial(_list_path, facet=facet, value=value, number=number)
        pager = {
            "number": number,
            "count": len(chunks),
            "previous": urls.relative(path, _list_path(lang, facet, value, number - 1))
            if number > 1
            else "",
            "next": urls.relative(path, _list_path(lang, facet, value, number + 1))
            if number < len(chunks)
            else "",
            "pages": [
                Link(
                    urls.relative(path, _list_path(lang, facet, value, n)),
                    str(n),
                    current=n == number,
                )
                if n
                else None
                for n in pager_window(number, len(chunks))
            ],
        }
        facet_label = words._(FACET_LABELS[facet]) if facet in FACET_LABELS else ""
        near_href = self._near_href(words, path, facet, value)
        full_title = (
            title
            if number == 1
            else words._("%(title)s, page %(number)d", title=title, number=number)
        )
        page = self._page(
            words,
            path,
            "list.html",
            full_title,
            alternates_of,
            heading=title_text or LocalText(title, lang, False),
            facet=facet,
            facet_label=facet_label,
            facet_href=urls.relative(path, urls.browse(lang, facet)) if facet_label else "",
            cards=[self.card(words, item, path) for item in chunk],
            regions=region_links,
            near_href=near_href,
            total=len(items),
            pager=pager,
            start=(number - 1) * PAGE_SIZE + 1 if items else 0,
            end=(number - 1) * PAGE_SIZE + len(chunk),
            # a place's list offers its country's crisis lines
            crisis_country=self._crisis_country(value.partition("/")[0].upper())
            if facet == "places"
            else "",
        )
        return page

    def _near_href(self, words: Words, path: str, facet: str, value: str) -> str:
        """Return a link to the search page with this list's filter, ordered by distance."""
        if not (self.site.features.search and self.site.features.near_me):
            return ""
        query: list[tuple[str, str]] = []
        if facet != "all":
            key, label = _search_filter_of(words, facet, value, self)
            query.append((words._(SEARCH_FILTERS[key]), label))
        query.append(("sort", "distance"))
        return urls.relative(path, urls.search(words.lang)) + "?" + urlencode(query)

    def _facet_value_label(self, words: Words, facet: str, value: str) -> LocalText:
        lang = words.lang
        if facet == "kind":
            return LocalText(words._(KIND_LABELS[value][1]), lang, False)
        if facet == "attendance":
            return LocalText(words._(ATTENDANCE_LABELS[value]), lang, False)
        if facet in ("topics", "audiences"):
            return words.term(facet, value)
        if facet == "languages":
            return LocalText(i18n.language_name(value, lang), lang, False)
        if facet == "day":
            return LocalText(i18n.weekday_name(WEEKDAYS.index(value), lang), lang, False)
        if facet == "time":
            return LocalText(words._(PARTS_OF_DAY[value][0]), lang, False)
        country, _, region = value.partition("/")
        label = self.facets["region_names"].get(value, region) if region else ""
        country_label = i18n.country_name(country.upper(), lang)
        return LocalText(f"{label}, {country_label}" if region else country_label, lang, False)

    def _facet_links(self, words: Words, facet: str, from_path: str) -> list[Link]:
        links = []
        for value, items in self.facets[facet].items():
            label = self._facet_value_label(words, facet, value)
            links.append(
                Link(
                    urls.relative(from_path, urls.browse(words.lang, facet, value)),
                    label.text,
                    label.lang if label.fallback else "",
                    len(items),
                )
            )
        if facet in ("places", "day", "time"):
            return links  # in their own order: countries then regions, Monday first, morning first
        return sorted(links, key=lambda link: urls.sort_key(link.text))

    def _browse_index(self, words: Words) -> Page:
        lang = words.lang
        path = urls.browse(lang)
        sections = [
            {
                "label": words._(FACET_LABELS[f]),
                "href": urls.relative(path, urls.browse(lang, f)),
                "links": self._facet_links(words, f, path),
            }
            for f in FACETS
        ]
        return self._page(
            words,
            path,
            "browse.html",
            words._(PAGE_TITLES["browse"]),
            urls.browse,
            sections=sections,
            all_href=urls.relative(path, urls.all_entries(lang)),
            total=len(self.published),
        )

    def _facet_index_page(self, words: Words, facet: str) -> Page:
        lang = words.lang
        path = urls.browse(lang, facet)
        label = words._(FACET_LABELS[facet])
        return self._page(
            words,
            path,
            "facet.html",
            label,
            lambda other: urls.browse(other, facet),
            label=label,
            facet=facet,
            links=self._facet_links(words, facet, path),
            browse_href=urls.relative(path, urls.browse(lang)),
        )


def _search_filter_of(words: Words, facet: str, value: str, planner: Planner) -> tuple[str, str]:
    """Return the search filter and value that match a browse page's facet and value."""
    if facet == "kind":
        return "kind", words._(KIND_LABELS[value][0])
    if facet == "attendance":
        return "attendance", words._(ATTENDANCE_LABELS[value])
    if facet in ("topics", "audiences"):
        return facet, words.term(facet, value).text
    if facet == "languages":
        return "languages", i18n.language_name(value, words.lang)
    if facet in ("day", "time"):
        return facet, planner._facet_value_label(words, facet, value).text
    country, _, region = value.partition("/")
    if region:
        return "region", planner.facets["region_names"][value]
    return "country", i18n.country_name(country.upper(), words.lang)


def pager_window(current: int, count: int, around: int = 2) -> list[int]:
    """Return the page numbers a pager shows: first, last and those around the current one,
    with 0 where numbers are left out ("1 … 4 5 6 7 8 … 40"), so its size doesn't grow."""
    shown = sorted({1, count, *range(max(1, current - around), min(count, current + around) + 1)})
    window: list[int] = []
    for number in shown:
        if window and number - window[-1] > 1:
            window.append(0)
        window.append(number)
    return window


def _list_path(lang: str, facet: str, value: str, number: int) -> str:
    if facet == "all":
        return urls.all_entries(lang, number)
    return urls.browse(lang, facet, value, number)
