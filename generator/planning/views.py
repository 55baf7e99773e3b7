"""View models: what the planner hands the templates, finished (text chosen per language,
links relative, dates formatted). Rendering reads these, never the planner."""

from __future__ import annotations

from collections.abc import Mapping
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
    key: str = ""
    """For a list page: what it was made from (see `Reuse`), kept for the next build."""


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


@dataclass(frozen=True)
class ScheduleLine:
    """One line of a schedule, with what the local-time script needs for online meetings."""

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
