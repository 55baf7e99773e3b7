"""Every name that becomes an address gets one of its own: regions in any script, look-alike
spellings, and no two outputs written to one file, even where case or Unicode normalization is
ignored."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from conftest import TODAY, catalog_of, entry

from generator.build.site import build_site
from generator.exports.exports import csv_files, json_files, meeting_guide_files
from generator.exports.hsds import hsds_files
from generator.planning.pages import Planner
from generator.publishing.output import OutputCollision, check_outputs, write_files
from generator.text import urls
from generator.text.i18n import load_translations
from generator.theme.folders import DEFAULT_THEME

# (file, country, region as the volunteer wrote it)
PLACES = [
    ("cairo", "EG", "القاهرة"),
    ("giza", "EG", "الجيزة"),
    ("moscow", "RU", "Москва"),
    ("athens", "GR", "Αττική"),
    ("lyon", "FR", "Saint-Étienne"),
    ("loire", "FR", "Saint Etienne"),
    ("quebec-nfc", "CA", "Québec"),
    ("quebec-nfd", "CA", unicodedata.normalize("NFD", "Québec")),
    ("quebec-upper", "CA", "QUÉBEC"),
]


def _entry(country: str, region: str) -> str:
    return entry(
        attendance="in-person",
        online=None,
        location=f'{{city: Town, region: "{region}", country: {country}}}',
    )


@pytest.fixture
def places(site: Callable[..., Path]) -> Path:
    """Return a content folder with one entry in each of PLACES."""
    return site({f"groups/{slug}.yaml": _entry(c, r) for slug, c, r in PLACES})


def test_non_latin_names_keep_their_letters() -> None:
    assert urls.name_slug("القاهرة") == "القاهرة"
    assert urls.name_slug("الجيزة") == "الجيزة"
    assert urls.name_slug("Москва") == "москва"
    assert urls.name_slug("Αττική") == "αττική"
    assert urls.name_slug("東京都") == "東京都"
    assert urls.name_slug("उत्तर प्रदेश") == "उत्तर-प्रदेश"  # vowel signs are letters' marks
    assert urls.name_slug("ירושלים") == "ירושלים"
    # Latin names read as before, and letters without an accent to drop are spelled out
    assert urls.name_slug("Provence-Alpes-Côte d'Azur") == "provence-alpes-cote-d-azur"
    assert urls.name_slug("Łódź Voivodeship") == "lodz-voivodeship"
    assert urls.path_part("москва") == "%D0%BC%D0%BE%D1%81%D0%BA%D0%B2%D0%B0"
    assert urls.path_part("ile-de-france") == "ile-de-france"


def test_names_without_a_letter_or_that_windows_reserves_get_a_stable_address() -> None:
    assert urls.name_slug("★★") == urls.name_slug("★★") != urls.name_slug("☆☆")
    assert re.fullmatch(r"place-[0-9a-f]{8}", urls.name_slug("★★"))
    assert re.fullmatch(r"con-[0-9a-f]{6}", urls.name_slug("Con"))
    long = "Région " * 20
    assert len(urls.name_slug(long).encode()) < 100
    assert urls.name_slug(long) != urls.name_slug(long + "x")


def test_look_alike_names_get_distinct_stable_addresses() -> None:
    names = ["Saint-Étienne", "Saint Etienne", "SAINT ETIENNE", "القاهرة", "القاهره"]
    slugs = urls.unique_slugs(names)
    assert len(set(slugs.values())) == len(names)
    # the first in code point order keeps the plain address, the others add a digest
    assert slugs["SAINT ETIENNE"] == "saint-etienne"
    assert re.fullmatch(r"saint-etienne-[0-9a-f]{6}", slugs["Saint-Étienne"])
    assert re.fullmatch(r"saint-etienne-[0-9a-f]{6}", slugs["Saint Etienne"])
    assert urls.unique_slugs(reversed(names)) == slugs
    # the same text, composed or decomposed, is one name
    nfd = unicodedata.normalize("NFD", "Québec")
    assert urls.unique_slugs(["Québec", nfd]) == {"Québec": "quebec", nfd: "quebec"}


def test_a_digest_never_lands_on_another_name() -> None:
    taken = urls.unique_slugs(["Saint-Étienne", "Saint Etienne"])["Saint-Étienne"]
    slugs = urls.unique_slugs(["Saint-Étienne", "Saint Etienne", taken])
    assert len(set(slugs.values())) == 3


def test_each_region_gets_its_own_page_that_its_entries_link_to(
    places: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = build_site(places, out, TODAY)
    assert result.published, [p.format() for p in result.problems]
    regions = {}
    for slug, _, region in PLACES:
        html = (out / "en" / "groups" / slug / "index.html").read_text(encoding="utf-8")
        (href,) = re.findall(r'<a href="([^"]*browse/places/[^"]*)">More in', html)
        assert href.isascii()  # percent-encoded where written
        page = (out / "en" / "groups" / slug / unquote(href) / "index.html").resolve()
        title = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.DOTALL)
        assert title is not None
        shown = unicodedata.normalize("NFC", title.group(1))
        assert unicodedata.normalize("NFC", region) in shown
        regions.setdefault(page, set()).add(unicodedata.normalize("NFC", region))
    # one page per distinct name; composed and decomposed Québec are one name
    assert len(regions) == len(PLACES) - 1
    assert all(len(names) == 1 for names in regions.values())
    folders = {p.parent.name for p in regions}
    assert {"القاهرة", "الجيزة", "москва", "αττική", "saint-etienne", "quebec"} <= folders
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    cairo = "https://peers.example.org/ar/browse/places/eg/" + quote("القاهرة") + "/"
    assert f"<loc>{cairo}</loc>" in sitemap
    assert f'hreflang="ar" href="{cairo}"' in sitemap
    locations = re.findall(r"<loc>([^<]*)</loc>|href=\"([^\"]*)\"", sitemap)
    assert all(url.isascii() for pair in locations for url in pair)
    page = (out / "ar" / "browse" / "places" / "eg" / "القاهرة" / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{cairo}">' in page


@pytest.mark.slow  # plans and exports a whole sample catalog
def test_no_two_pages_or_exports_of_a_site_share_a_file(places: Path) -> None:
    catalog = catalog_of(places)
    translations = {
        lang: load_translations([DEFAULT_THEME / "locales"], lang)
        for lang in catalog.site.languages
    }
    planner = Planner(catalog, translations, TODAY)
    outputs = [(urls.page_file(page.path), "page") for page in planner.shared_pages()]
    for lang in catalog.site.languages:
        for page in [*planner.searchable_pages(lang), *planner.other_pages(lang)]:
            outputs.append((urls.page_file(page.path), "page"))
    for files in (json_files, csv_files, meeting_guide_files, hsds_files):
        outputs.extend((name, "export") for name in files(catalog))
    check_outputs(outputs)  # raises on a collision
    assert len(outputs) > 100


@pytest.mark.parametrize(
    ("first", "second", "how"),
    [
        ("en/browse/x/index.html", "en/browse/x/index.html", "the same file"),
        (
            "en/browse/places/fr/Lyon/index.html",
            "en/browse/places/fr/lyon/index.html",
            "one file on hosts that ignore case or Unicode normalization (macOS, Windows)",
        ),
        (
            "en/browse/places/ca/québec/index.html",
            unicodedata.normalize("NFD", "en/browse/places/ca/québec/index.html"),
            "one file on hosts that ignore case or Unicode normalization (macOS, Windows)",
        ),
    ],
)
def test_two_outputs_for_one_file_stop_the_build_naming_both(
    first: str, second: str, how: str
) -> None:
    with pytest.raises(OutputCollision) as raised:
        check_outputs([(first, "page"), ("data/directory.json", "export"), (second, "export")])
    assert str(raised.value) == f"{first} (page) and {second} (export) would be written to {how}"


def test_the_writer_refuses_files_that_are_one_on_macos(tmp_path: Path) -> None:
    with pytest.raises(OutputCollision) as raised:
        write_files(tmp_path, {"assets/Logo.svg": b"a", "assets/logo.svg": b"b"})
    assert str(raised.value) == (
        "assets/Logo.svg and assets/logo.svg would be written to one file on hosts that ignore "
        "case or Unicode normalization (macOS, Windows)"
    )
    assert not (tmp_path / "assets").exists()
