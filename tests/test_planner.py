"""The planner, from small fixture catalogs: which pages a site gets and what they carry.

Fast lane: pages are planned in memory from a few entries; nothing is rendered or written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
from conftest import FIXTURES, TODAY, catalog_of, entry

from generator.planning.pages import PAGE_SIZE, Planner, pager_window
from generator.planning.views import Page
from generator.text import urls
from generator.text.i18n import load_translations
from generator.theme.folders import DEFAULT_THEME

LANGS = ("en", "es", "fr", "ar")  # the fixture site's languages
TRANSLATIONS = {lang: load_translations([DEFAULT_THEME / "locales"], lang) for lang in LANGS}

WARMLINE = entry(
    name="Night Warmline",
    kind="warmline",
    topics="[depression]",
    schedule="24/7",
    online='{phone: "+1 217 555 0101", platform: phone, countries: [US]}',
)
CIRCLE = entry(
    name="Lyon Circle",
    kind="support-group",
    attendance="in-person",
    online=None,
    audiences="[families]",
    languages="[fr]",
    location="{city: Lyon, region: Auvergne-Rhône-Alpes, country: FR}",
    contact='{phone: "04 78 00 00 00"}',
    schedule="""
  timezone: Europe/Paris
  meetings:
    - {day: monday, start: "18:00", end: "19:30"}""",
)
ENDED = entry(name="Old Circle", status="ended")


def plan(root: Path) -> tuple[Planner, list[Page]]:
    """Return the planner of a content folder and every page it plans."""
    planner = Planner(catalog_of(root), TRANSLATIONS, TODAY)
    pages = list(planner.shared_pages())
    for lang in planner.languages:
        pages += [*planner.searchable_pages(lang), *planner.other_pages(lang)]
    return planner, pages


def paths(pages: list[Page], lang: str) -> set[str]:
    return {page.path for page in pages if page.lang == lang and page.path.startswith(lang)}


@pytest.fixture
def small(site: Callable[..., Path]) -> list[Page]:
    """Plan a site of three entries, one of them ended, and the fixture guide."""
    root = site(
        {
            "groups/night-warmline.yaml": WARMLINE,
            "groups/lyon-circle.yaml": CIRCLE,
            "groups/old-circle.yaml": ENDED,
        }
    )
    return plan(root)[1]


def test_a_small_site_gets_exactly_its_pages_in_each_language(small: list[Page]) -> None:
    for lang in LANGS:
        expected = {
            f"{lang}/",
            f"{lang}/groups/",
            f"{lang}/groups/night-warmline/",
            f"{lang}/groups/lyon-circle/",
            f"{lang}/browse/",
            *(
                f"{lang}/browse/{facet}/"
                for facet in ("kind", "attendance", "topics", "audiences", "places")
            ),
            *(f"{lang}/browse/{facet}/" for facet in ("languages", "day", "time")),
            f"{lang}/browse/kind/warmline/",
            f"{lang}/browse/kind/support-group/",
            f"{lang}/browse/attendance/online/",
            f"{lang}/browse/attendance/in-person/",
            f"{lang}/browse/topics/depression/",
            f"{lang}/browse/topics/grief/",
            f"{lang}/browse/audiences/families/",
            f"{lang}/browse/places/us/",
            f"{lang}/browse/places/fr/",
            f"{lang}/browse/places/fr/auvergne-rhone-alpes/",
            f"{lang}/browse/languages/en/",
            f"{lang}/browse/languages/fr/",
            *(
                f"{lang}/browse/day/{day}/"
                for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
            ),
            f"{lang}/browse/day/saturday/",
            f"{lang}/browse/day/sunday/",
            f"{lang}/browse/time/morning/",
            f"{lang}/browse/time/afternoon/",
            f"{lang}/browse/time/evening/",
            f"{lang}/guides/",
            f"{lang}/guides/first-meeting/",
            *(
                f"{lang}/{name}/"
                for name in ("about", "privacy", "accessibility", "crisis", "safety")
            ),
            f"{lang}/search/",
            f"{lang}/search/words.json",
            f"{lang}/data/",
            f"{lang}/feed.xml",
        }
        assert paths(small, lang) == expected


def test_the_root_chooser_and_the_404_page_are_outside_the_language_folders(
    small: list[Page],
) -> None:
    shared = {page.path: page for page in small if not page.path.startswith(LANGS)}
    assert set(shared) == {"", "404.html"}
    assert shared[""].template == "root.html"
    assert [link.href for link in shared[""].context["choices"]] == [f"{x}/" for x in LANGS]


def test_no_two_pages_share_a_path(small: list[Page]) -> None:
    planned = [page.path for page in small]
    assert len(planned) == len(set(planned))


def test_an_ended_entry_gets_no_page_and_is_on_no_list(small: list[Page]) -> None:
    assert not any("old-circle" in page.path for page in small)
    for page in small:
        for card in page.context.get("cards", ()):
            assert card.name.text != "Old Circle", page.path
    home = next(page for page in small if page.path == "en/")
    assert home.context["total"] == 2


def test_every_page_names_its_version_in_every_language(small: list[Page]) -> None:
    planned = {page.path for page in small}
    for page in small:
        if page.path == "404.html":
            continue
        assert list(page.alternates) == list(LANGS), page.path
        assert page.alternates[page.lang] == page.path or page.path == ""
        assert set(page.alternates.values()) <= planned, page.path


def test_an_entry_page_links_its_own_page_in_each_language(small: list[Page]) -> None:
    page = next(page for page in small if page.path == "fr/groups/lyon-circle/")
    assert page.alternates == {lang: f"{lang}/groups/lyon-circle/" for lang in LANGS}


def test_an_entry_page_dials_its_phone_in_e164(small: list[Page]) -> None:
    circle = next(page for page in small if page.path == "en/groups/lyon-circle/")
    assert circle.context["contact"]["phone"].tel == "+33478000000"
    assert circle.context["contact"]["phone"].display == "+33 4 78 00 00 00"
    warmline = next(page for page in small if page.path == "en/groups/night-warmline/")
    assert warmline.context["online"]["phone"].tel == "+12175550101"


def test_lists_are_split_at_the_page_size_with_a_pager(site: Callable[..., Path]) -> None:
    files = {f"groups/group-{n:03}.yaml": entry(name=f"Group {n:03}") for n in range(PAGE_SIZE + 1)}
    _, pages = plan(site(files))
    lists = {page.path: page for page in pages if page.lang == "en"}
    first, second = lists["en/groups/"], lists["en/groups/page/2/"]
    assert "en/groups/page/3/" not in lists
    assert len(first.context["cards"]) == PAGE_SIZE
    assert [card.name.text for card in second.context["cards"]] == [f"Group {PAGE_SIZE:03}"]
    assert first.context["pager"]["next"] == "page/2/"
    assert second.context["pager"]["previous"] == "../../"
    assert (second.context["start"], second.context["end"]) == (PAGE_SIZE + 1, PAGE_SIZE + 1)
    assert second.title == "All entries, page 2"
    # every browse list of all of them is split the same way
    assert "en/browse/kind/support-group/page/2/" in lists
    assert "en/browse/topics/grief/page/2/" in lists
    assert "en/browse/kind/support-group/page/3/" not in lists


def test_a_list_of_exactly_the_page_size_has_one_page(site: Callable[..., Path]) -> None:
    files = {f"groups/group-{n:03}.yaml": entry(name=f"Group {n:03}") for n in range(PAGE_SIZE)}
    _, pages = plan(site(files))
    assert "en/groups/page/2/" not in paths(pages, "en")
    first = next(page for page in pages if page.path == "en/groups/")
    assert first.context["pager"]["next"] == ""


def test_lists_are_sorted_by_name_regardless_of_accents_and_case(
    site: Callable[..., Path],
) -> None:
    names = ["zebra Circle", "Élan Group", "apple Group", "Eagle Group"]
    files = {f"groups/g{n}.yaml": entry(name=f'"{name}"') for n, name in enumerate(names)}
    _, pages = plan(site(files))
    listed = next(page for page in pages if page.path == "en/groups/")
    shown = [card.name.text for card in listed.context["cards"]]
    assert shown == ["apple Group", "Eagle Group", "Élan Group", "zebra Circle"]


def test_a_region_with_a_non_latin_name_gets_its_own_browse_page(
    site: Callable[..., Path],
) -> None:
    cairo = entry(
        name="Cairo Circle",
        attendance="in-person",
        online=None,
        location='{city: Cairo, region: "القاهرة", country: EG}',
    )
    giza = entry(
        name="Giza Circle",
        attendance="in-person",
        online=None,
        location='{city: Giza, region: "الجيزة", country: EG}',
    )
    _, pages = plan(site({"groups/cairo.yaml": cairo, "groups/giza.yaml": giza}))
    cairo_path = "ar/browse/places/eg/" + quote("القاهرة") + "/"
    by_path = {page.path: page for page in pages}
    assert cairo_path in by_path
    assert [card.name.text for card in by_path[cairo_path].context["cards"]] == ["Cairo Circle"]
    assert by_path[cairo_path].context["heading"].text == "القاهرة, مصر"
    assert urls.page_file(cairo_path) == "ar/browse/places/eg/القاهرة/index.html"
    # the entry's page links to its region's page, not only to the country's
    entry_page = by_path["ar/groups/cairo/"]
    assert (
        entry_page.context["where"]["region_href"]
        == "../../browse/places/eg/" + quote("القاهرة") + "/"
    )


@pytest.mark.slow
def test_a_country_with_regions_leads_to_them_and_lists_only_what_is_for_all_of_it(
    site: Callable[..., Path],
) -> None:
    # a country's list repeated every one of its regions' lists (20 MB at 10,000 entries in
    # four languages); it now links each region with its count, and lists only the entries in
    # none of them: here the warmline open to the whole country, online
    hybrid = entry(
        name="Hybrid Circle",
        attendance="hybrid",
        location="{city: Springfield, region: Illinois, country: US}",
        online='{url: "https://example.org/join", countries: [US]}',
    )
    austin = entry(
        name="Austin Circle",
        attendance="in-person",
        online=None,
        location="{city: Austin, region: Texas, country: US}",
    )
    root = site(
        {
            "groups/night-warmline.yaml": WARMLINE,
            "groups/hybrid.yaml": hybrid,
            "groups/austin.yaml": austin,
            "groups/lyon-circle.yaml": CIRCLE,
        }
    )
    _, pages = plan(root)
    by_path = {page.path: page for page in pages}
    country = by_path["en/browse/places/us/"].context
    assert [(link.href, link.text, link.count) for link in country["regions"]] == [
        ("illinois/", "Illinois", 1),
        ("texas/", "Texas", 1),
    ]
    assert [card.name.text for card in country["cards"]] == ["Night Warmline"]
    assert country["total"] == 1
    # every entry of the country is on its list or on one of its regions' lists
    regions = [by_path[f"en/browse/places/us/{key}/"].context for key in ("illinois", "texas")]
    shown = {card.name.text for page in (country, *regions) for card in page["cards"]}
    assert shown == {"Night Warmline", "Hybrid Circle", "Austin Circle"}
    # a region's own list leads to no regions
    assert regions[0]["regions"] == []
    # a country whose every entry is in a region lists none itself
    france = by_path["fr/browse/places/fr/"].context
    assert [link.text for link in france["regions"]] == ["Auvergne-Rhône-Alpes"]
    assert france["cards"] == [] and france["total"] == 0


def test_an_entry_without_a_street_address_is_found_near_its_town_only(
    site: Callable[..., Path],
) -> None:
    private = entry(
        name="Home Circle",
        attendance="in-person",
        online=None,
        location="{city: Springfield, country: US, coordinates: [39.781721, -89.650148]}",
    )
    public = entry(
        name="Hall Circle",
        attendance="in-person",
        online=None,
        location=(
            "{address: 120 Main Street, city: Springfield, country: US,"
            " coordinates: [39.781721, -89.650148]}"
        ),
    )
    _, pages = plan(site({"groups/home.yaml": private, "groups/hall.yaml": public}))
    by_path = {page.path: page for page in pages}
    assert by_path["en/groups/home/"].context["search"]["coordinates"] == (39.78, -89.65)
    assert by_path["en/groups/hall/"].context["search"]["coordinates"] == (39.781721, -89.650148)


def test_an_entry_page_carries_its_search_filters_in_the_page_language(
    small: list[Page],
) -> None:
    page = next(page for page in small if page.path == "fr/groups/night-warmline/")
    filters = dict(page.context["search"]["filters"])
    assert filters["kind"] == ["Ligne d'écoute entre pairs"]
    assert filters["cost"] == ["Gratuit"]
    assert filters["country"] == ["États-Unis"]
    # open around the clock: every day, Monday first, and every part of the day
    days = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]
    assert filters["day"] == days
    assert filters["time"] == ["Matin", "Après-midi", "Soir"]


def test_a_site_without_search_gets_no_search_page_and_indexes_nothing(
    site: Callable[..., Path],
) -> None:
    settings = (FIXTURES / "valid" / "site.yaml").read_text("utf-8")
    root = site(
        {
            "site.yaml": settings + "features:\n  search: false\n",
            "groups/night-warmline.yaml": WARMLINE,
        }
    )
    _, pages = plan(root)
    assert not any(page.path.endswith("/search/") for page in pages)
    entry_page = next(page for page in pages if page.path == "en/groups/night-warmline/")
    assert entry_page.context["search"] == {"enabled": False}
    listed = next(page for page in pages if page.path == "en/groups/")
    assert listed.context["near_href"] == ""


def test_text_shown_in_another_language_says_which(small: list[Page]) -> None:
    # the entry is written in English only: on the French page its name is marked English
    page = next(page for page in small if page.path == "fr/groups/night-warmline/")
    name = page.context["name"]
    assert (name.text, name.lang, name.fallback) == ("Night Warmline", "en", True)
    english = next(page for page in small if page.path == "en/groups/night-warmline/")
    assert english.context["name"].fallback is False
    # the guide has a Spanish version, and no French one
    spanish = next(page for page in small if page.path == "es/guides/first-meeting/")
    french = next(page for page in small if page.path == "fr/guides/first-meeting/")
    assert (spanish.context["content_lang"], spanish.context["fallback"]) == ("es", False)
    assert (french.context["content_lang"], french.context["fallback"]) == ("en", True)


# --- addresses (generator/text/urls.py): where pages live and how they link --------------------

CAIRO = quote("القاهرة")
PAGE_PATHS = [
    "",  # the root language chooser
    urls.NOT_FOUND,
    urls.home("en"),
    urls.entry("en", "riverside"),
    urls.entry("fr", "riverside"),
    urls.all_entries("en"),
    urls.all_entries("en", 2),
    urls.browse("en"),
    urls.browse("en", "places"),
    urls.browse("en", "places", "us"),
    urls.browse("en", "places", "us/illinois", 3),
    urls.browse("ar", "places", f"eg/{CAIRO}"),
    urls.guides("es"),
    urls.guide("es", "first-meeting"),
    urls.info("en", "crisis"),
    urls.data("en"),
    urls.search("en"),
    urls.feed("en"),
    urls.calendar("riverside"),
    "assets/style.0123456789.css",
]


@pytest.mark.parametrize("base", ["https://peers.example.org/", "https://example.org/peers/hub/"])
def test_a_relative_link_between_any_two_pages_leads_to_the_page(base: str) -> None:
    for here in PAGE_PATHS:
        for there in PAGE_PATHS:
            link = urls.relative(here, there)
            assert not link.startswith("/") and "//" not in link, (here, there, link)
            assert urljoin(base + here, link) == base + there, (here, there, link)


def test_relative_links_go_up_only_as_far_as_they_must() -> None:
    assert urls.relative("en/groups/riverside/", "en/browse/") == "../../browse/"
    assert urls.relative("en/groups/riverside/", "en/groups/riverside/") == "./"
    assert urls.relative("en/", "fr/") == "../fr/"
    assert urls.relative("", "en/") == "en/"
    assert urls.relative("en/groups/", "en/groups/page/2/") == "page/2/"
    assert urls.relative("en/feed.xml", "en/") == "./"
    assert urls.relative("en/groups/x/", "data/calendars/x.ics") == "../../../data/calendars/x.ics"


def test_pages_that_are_folders_are_written_as_their_index_file() -> None:
    assert urls.page_file("") == "index.html"
    assert urls.page_file("en/") == "en/index.html"
    assert urls.page_file("en/groups/riverside/") == "en/groups/riverside/index.html"
    assert urls.page_file("en/feed.xml") == "en/feed.xml"
    assert urls.page_file(urls.NOT_FOUND) == "404.html"
    # the link percent-encodes a name in another script; the file has its letters
    assert urls.page_file(f"ar/browse/places/eg/{CAIRO}/") == (
        "ar/browse/places/eg/القاهرة/index.html"
    )


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://example.org/peers/", "/peers/en/crisis/"),
        ("https://example.org/peers", "/peers/en/crisis/"),
        ("https://example.org/a/b/", "/a/b/en/crisis/"),
        ("https://example.org/", "/en/crisis/"),
        ("https://example.org", "/en/crisis/"),
    ],
)
def test_absolute_links_keep_the_sub_path_of_the_base_url(base_url: str, expected: str) -> None:
    # the 404 page is served at any address, so its links are absolute
    assert urls.absolute(base_url, urls.info("en", "crisis")) == expected
    assert urls.root(base_url) == base_url.rstrip("/") + "/"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Île-de-France", "ile-de-france"),
        ("Łódź", "lodz"),
        ("Großbeeren", "grossbeeren"),
        ("District 9", "district-9"),
        ("Arrondissement ٣", "arrondissement-٣"),
        ("  Saint  Étienne -- Loire ", "saint-etienne-loire"),
        ("Москва", "москва"),
        ("القاهرة", "القاهرة"),
        ("हिन्दी", "हिन्दी"),  # marks that are a script's vowels stay
    ],
)
def test_place_names_become_readable_slugs_in_their_own_script(name: str, slug: str) -> None:
    assert urls.name_slug(name) == slug


def test_slugs_outside_ascii_are_percent_encoded_in_addresses() -> None:
    assert urls.path_part("ile-de-france") == "ile-de-france"
    assert urls.path_part("москва") == quote("москва", safe="")
    assert urls.path_part("a/b") == "a/b"  # ASCII slugs never hold a slash: name_slug drops it
    assert "/" not in urls.name_slug("a/b") and "/" not in urls.path_part(urls.name_slug("ا/ب"))


def test_names_with_no_letters_or_reserved_on_windows_still_get_a_safe_slug() -> None:
    assert urls.name_slug("???").startswith("place-")
    assert urls.name_slug("???") == urls.name_slug("???")
    assert urls.name_slug("CON") != "con"
    assert len(urls.name_slug("x" * 500)) <= 70
    assert urls.slugify("Île-de-France") == "ile-de-france"
    assert urls.slugify("القاهرة") == "region"


def test_unique_slugs_are_the_same_whatever_order_the_names_come_in() -> None:
    names = ["Saint-Étienne", "Saint Etienne", "SAINT ETIENNE", "Lyon"]
    first = urls.unique_slugs(names)
    assert first == urls.unique_slugs(reversed(names))
    assert len(set(first.values())) == 4
    assert first["Lyon"] == "lyon"


@pytest.mark.parametrize(
    ("current", "count", "shown"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 40, [1, 2, 3, 0, 40]),
        (5, 40, [1, 0, 3, 4, 5, 6, 7, 0, 40]),
        (4, 40, [1, 2, 3, 4, 5, 6, 0, 40]),
        (40, 40, [1, 0, 38, 39, 40]),
    ],
)
def test_a_pager_shows_the_ends_and_the_pages_around_the_current_one(
    current: int, count: int, shown: list[int]
) -> None:
    # 0 is a gap ("…"): the pager keeps one size however long the list
    assert pager_window(current, count) == shown
