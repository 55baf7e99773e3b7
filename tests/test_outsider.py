"""The directory used as a visitor would, on a phone and in Arabic first: what broke there,
kept mended. Each test names the page, width and language where the problem was seen."""

from __future__ import annotations

from typing import Any

import pytest


def _page(browser: Any, lang: str, width: int, **options: Any) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": width, "height": 740}, locale=lang, **options)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


@pytest.mark.parametrize(
    ("lang", "width", "words"),
    [
        ("en", 360, "Town names: GeoNames (CC BY 4.0)"),
        ("en", 1280, "Town names: GeoNames (CC BY 4.0)"),
        ("ar", 360, "أسماء المدن: GeoNames (CC BY 4.0)"),
        ("ar", 1280, "أسماء المدن: GeoNames (CC BY 4.0)"),
    ],
)
def test_near_me_credits_geonames_for_its_town_names(
    browser: Any, sample_server: str, lang: str, width: int, words: str
) -> None:
    """The towns near-me matches are GeoNames' (CC BY 4.0), whose licence asks for credit: the
    opened panel says where the names come from and links to GeoNames and the licence."""
    context, page = _page(browser, lang, width)
    try:
        page.goto(f"{sample_server}{lang}/search/")
        page.click(".near-me > summary")
        credit = page.locator(".near-me .near-credit")
        assert credit.is_visible()
        assert " ".join(credit.inner_text().split()) == words
        links = credit.locator("a")
        assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
            "https://www.geonames.org/",
            "https://creativecommons.org/licenses/by/4.0/",
        ]
        # the names read left to right inside an Arabic sentence, each its own link
        assert [links.nth(i).get_attribute("dir") for i in range(links.count())] == ["ltr"] * 2
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
