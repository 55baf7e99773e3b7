"""Labels: every value a volunteer can choose has words on the site, in every shipped language."""

from __future__ import annotations

import ast
import gettext
import inspect
import unicodedata
from pathlib import Path

import pytest

from generator.catalog import labels
from generator.catalog.facets import FACETS
from generator.catalog.labels import (
    ATTENDANCE_LABELS,
    COST_LABELS,
    FACET_LABELS,
    FACILITATION_LABELS,
    JOINING_LABELS,
    KIND_LABELS,
    ORDINALS,
    PARTS_OF_DAY,
    PLATFORM_LABELS,
    WEEKLY,
)
from generator.model import models
from generator.text.i18n import load_translations
from generator.theme.folders import DEFAULT_THEME

SHIPPED = sorted(p.parent.parent.name for p in DEFAULT_THEME.glob("locales/*/LC_MESSAGES/*.po"))
MISSING = "\0missing"


class _Missing(gettext.NullTranslations):
    """The last fallback of a catalog: says so when a message isn't in the catalog."""

    def gettext(self, message: str) -> str:
        return MISSING


def catalog(lang: str) -> gettext.NullTranslations:
    """Return a shipped catalog, compiled as the build compiles it, that tells a missing
    message from one translated to itself."""
    translations = load_translations([DEFAULT_THEME / "locales"], lang)
    translations.add_fallback(_Missing())
    return translations


def marked_messages() -> list[str]:
    """Return every message labels.py marks for translation with N_("...")."""
    tree = ast.parse(inspect.getsource(labels))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "N_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


@pytest.mark.parametrize(
    ("values", "table"),
    [
        (models.KINDS, KIND_LABELS),
        (models.ATTENDANCE, ATTENDANCE_LABELS),
        (models.JOINING, JOINING_LABELS),
        (models.FACILITATION, FACILITATION_LABELS),
        (models.COSTS, COST_LABELS),
        (models.PLATFORMS, PLATFORM_LABELS),
        (models.WEEKDAYS, WEEKLY),
        (FACETS, FACET_LABELS),
    ],
    ids=["kind", "attendance", "joining", "facilitation", "cost", "platform", "day", "facet"],
)
def test_every_value_of_a_field_has_a_label_and_no_label_is_for_a_value_that_is_gone(
    values: tuple[str, ...], table: dict[str, object]
) -> None:
    assert list(table) == list(values)


def test_every_kind_has_a_singular_and_a_plural_label() -> None:
    for kind, (one, many) in KIND_LABELS.items():
        assert one and many, kind


def test_the_parts_of_the_day_cover_the_day_without_gaps_or_overlaps() -> None:
    bounds = [(lower, upper) for _, lower, upper in PARTS_OF_DAY.values()]
    assert bounds[0][0] == 0
    assert bounds[-1][1] == 24 * 60
    assert all(bounds[i][1] == bounds[i + 1][0] for i in range(len(bounds) - 1))


def test_the_shipped_languages_are_the_ones_the_sites_use() -> None:
    assert SHIPPED == ["ar", "en", "es", "fr"]


def test_labels_marks_the_words_it_shows() -> None:
    marked = set(marked_messages())
    # the only words not marked are platform names, the same in every language
    unmarked = {
        label
        for table in (ATTENDANCE_LABELS, JOINING_LABELS, FACILITATION_LABELS, COST_LABELS)
        for label in table.values()
    } - marked
    assert unmarked == set()
    assert {one for one, _ in KIND_LABELS.values()} <= marked
    assert {label for label, _, _ in PARTS_OF_DAY.values()} <= marked
    assert set(ORDINALS.values()) <= marked
    brands = {label for label in PLATFORM_LABELS.values() if label not in marked}
    assert brands == {
        "Zoom",
        "Google Meet",
        "Microsoft Teams",
        "Jitsi",
        "Discord",
        "WhatsApp",
        "Signal",
    }


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_label_has_a_translation_in_each_shipped_catalog(lang: str) -> None:
    translations = catalog(lang)
    missing = [m for m in marked_messages() if translations.gettext(m) in (MISSING, "")]
    assert missing == []


def test_arabic_labels_are_written_in_arabic() -> None:
    translations = catalog("ar")
    latin_only = [
        message
        for message in marked_messages()
        if not any(
            unicodedata.name(c, "").startswith("ARABIC") for c in translations.gettext(message)
        )
    ]
    assert latin_only == []


def test_a_catalog_without_a_label_is_caught(tmp_path: Path) -> None:
    # the check above can fail: a catalog that lost a label's translation is reported
    source = DEFAULT_THEME / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    text = source.read_text("utf-8")
    assert 'msgid "Sliding scale"\n' in text
    (folder / "messages.po").write_text(
        text.replace('msgid "Sliding scale"\n', 'msgid "Sliding  scale"\n'), "utf-8"
    )
    translations = load_translations([tmp_path], "fr")
    translations.add_fallback(_Missing())
    assert translations.gettext("Sliding scale") == MISSING
    assert translations.gettext("Free") == "Gratuit"
