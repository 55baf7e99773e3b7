"""The statement pages (about, privacy, ...): one table names them and their titles."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ROOT

from generator.catalog.catalog import Catalog
from generator.catalog.labels import STATEMENTS
from generator.planning.pages import Planner
from generator.rendering.render import Renderer
from generator.text import urls
from generator.text.i18n import load_translations
from generator.theme.assets import collect_assets, fingerprint

THEME = ROOT / "themes" / "default"


@pytest.fixture(scope="module")
def planner(sample_catalog: Catalog) -> Planner:
    translations = {
        lang: load_translations([THEME / "locales"], lang) for lang in sample_catalog.site.languages
    }
    return Planner(sample_catalog, translations, date(2026, 12, 2))


@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        (
            "en",
            ["About this directory", "Privacy", "Accessibility", "Urgent help", "Browsing safely"],
        ),
        (
            "fr",
            [
                "À propos de ce répertoire",
                "Confidentialité",
                "Accessibilité",
                "Aide urgente",
                "Naviguer en sécurité",
            ],
        ),
    ],
)
def test_each_statement_page_is_planned_once_with_its_translated_title(
    planner: Planner, lang: str, titles: list[str]
) -> None:
    paths = {urls.info(lang, name): name for name in STATEMENTS}
    pages = [page for page in planner.other_pages(lang) if page.path in paths]
    assert [paths[page.path] for page in pages] == list(STATEMENTS)
    assert [page.template for page in pages] == [f"{name}.html" for name in STATEMENTS]
    assert [page.title for page in pages] == titles


def test_the_footer_links_every_statement_page(planner: Planner, sample_catalog: Catalog) -> None:
    assets = fingerprint(collect_assets([THEME / "static"]))[0]
    renderer = Renderer(sample_catalog, [THEME / "templates"], planner.translations, assets)
    (home,) = [page for page in planner.other_pages("es") if page.path == urls.home("es")]
    footer = renderer.chrome(home)["footer"]
    assert [name for name in footer if name in STATEMENTS] == list(STATEMENTS)
    assert [footer[name] for name in STATEMENTS] == [f"{name}/" for name in STATEMENTS]
