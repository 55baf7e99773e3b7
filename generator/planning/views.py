"""View models: what the planner hands the templates, finished (text chosen per language,
links relative, dates formatted). Rendering reads these, never the planner."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.catalog.catalog import LocalText


@dataclass(frozen=True)
class Link:
    """A link with its visible text (and the language of that text)."""

    href: str
    text: str
    lang: str = ""
    count: int = 0
    current: bool = False


@dataclass(frozen=True)
class Page:
    """One output page: its language, path from the site root, template and context."""

    lang: str
    path: str
    template: str
    context: Mapping[str, Any]
    alternates: Mapping[str, str] = field(default_factory=dict)
    title: str = ""


@dataclass(frozen=True)
class Planned:
    """A page named before it is made: its address, and what it shows that can change from one
    build to the next. The planner yields these; the build decides, page by page, whether to
    make the page (`make()`) or copy the published one (see `incremental.reuse`), so planning
    never knows about earlier builds."""

    lang: str
    path: str
    alternates: Mapping[str, str]
    make: Callable[[], Page]
    entry: str = ""
    """For an entry's own page: its slug."""
    shows: tuple[str, ...] = ()
    """For a list page: the slugs of the entries on it, in order."""
    detail: str = ""
    """For a list page: what else it shows that its entries don't fix (title, totals)."""

    @classmethod
    def ready(cls, page: Page) -> Planned:
        """Return an already-made page as a planned one, always made anew."""
        return cls(page.lang, page.path, page.alternates, lambda: page)


@dataclass(frozen=True)
class Card:
    """An entry as shown in a list."""

    href: str
    name: LocalText
    summary: LocalText
    kind: str
    attendance: str
    place: str
    languages: str
    status: str
    status_label: str
    when: str = ""
    """Its meetings as when.js reads them (planning/when.py); "" when there is none."""
    phone: str = ""
    """The number to call, printed on paper (see `handout.card_contact`)."""
    website: str = ""
    """The website, printed on paper."""


@dataclass(frozen=True)
class ScheduleLine:
    """One line of a schedule, with what when.js needs to add the visitor's time (online)."""

    text: str
    zone: str = ""
    day: int = -1
    """0 = Monday; -1 = every day."""
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class Phone:
    """A phone number to show and to dial."""

    display: str
    tel: str
