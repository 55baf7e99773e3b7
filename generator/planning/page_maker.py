"""What every page builder starts from: the catalog, translations and day of the build, and
how a page with its alternates in every language is made."""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from generator.catalog.catalog import Catalog
from generator.catalog.facets import facet_index
from generator.model.schema import SECTIONS, entry_schema
from generator.planning.search_words import SearchWords
from generator.planning.views import Page
from generator.planning.wording import Words
from generator.text import urls


class PageMaker:
    """The state shared by the page builders (`SitePages`, `Planner`) and the making of a page."""

    def __init__(
        self,
        catalog: Catalog,
        translations: Mapping[str, gettext.NullTranslations],
        today: date,
    ) -> None:
        self.catalog = catalog
        self.site = catalog.site
        self.translations = translations
        self.today = today
        self.languages = list(self.site.languages)
        self.published = catalog.published
        self.facets = facet_index(catalog)
        self.fields = _field_reference()
        self.base = urls.root(self.site.base_url)

    @functools.cached_property
    def search_words(self) -> SearchWords:
        """The words search finds entries by beyond their text, made once per build."""
        return SearchWords(self.catalog, self.translations, self.languages)

    def _alternates(self, path_of: Callable[[str], str]) -> dict[str, str]:
        return {lang: path_of(lang) for lang in self.languages}

    def _page(
        self,
        words: Words,
        path: str,
        template: str,
        page_title: str,
        path_of: Callable[[str], str],
        **context: Any,
    ) -> Page:
        return Page(
            lang=words.lang,
            path=path,
            template=template,
            title=page_title,
            context=context,
            alternates=self._alternates(path_of),
        )


def _field_reference() -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the entry fields by section with their descriptions, from the entry schema."""
    schema = entry_schema()
    sections = []
    for definition, title in SECTIONS:
        part = schema if not definition else schema["$defs"][definition]
        rows = [
            (name, " ".join(str(spec.get("description", "")).split()))
            for name, spec in part["properties"].items()
        ]
        sections.append((title, rows))
    return sections
