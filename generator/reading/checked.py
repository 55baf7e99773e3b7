"""Checked content: what validation hands on to the catalog (and the command line).

Kept apart from `validate` so the stages after it depend on the result of the checks, never on
the checker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model.config import SiteConfig
from generator.model.models import Entry, Guide, Vocabularies
from generator.reading.load import Document
from generator.reading.problems import Problem


@dataclass(frozen=True)
class SourcedEntry:
    """A valid entry with its slug and the document it came from."""

    slug: str
    entry: Entry
    doc: Document


@dataclass(frozen=True)
class SourcedGuide:
    """A valid guide in one language, with its Markdown body."""

    slug: str
    language: str
    guide: Guide
    body: str
    doc: Document
    is_original: bool


@dataclass
class Validated:
    """The result of validation: the models that passed and every problem found."""

    site: SiteConfig | None = None
    vocabularies: Vocabularies | None = None
    entries: list[SourcedEntry] = field(default_factory=list)
    guides: list[SourcedGuide] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        """Return True when no problem is an error."""
        return not any(p.severity == "error" for p in self.problems)
