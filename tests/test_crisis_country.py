"""Crisis help for the country a page is about, and phone numbers drawn as they are dialled.

The crisis bar of an entry's page offers the lines of the entry's country, a place's list those
of the place's country, and every other page the site's own; each bar names the country. The
crisis page opens with a chooser of countries, and names what each of its links calls or opens.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, TODAY, catalog_of, entry

from generator.catalog.catalog import Catalog
from generator.planning.pages import Planner
from generator.planning.views import Page
from generator.rendering.render import Renderer, phone_numbers_in
from generator.text.i18n import load_translations
from generator.theme.assets import collect_assets, fingerprint
from generator.theme.folders import DEFAULT_THEME

LANGS = ("en", "es", "fr", "ar")
TRANSLATIONS = {lang: load_translations([DEFAULT_THEME / "locales"], lang) for lang in LANGS}
ASSETS = fingerprint(collect_assets([DEFAULT_THEME / "static"]))[0]

MORE_LINES = """\
  FR:
    - name: {en: 3114 – National suicide prevention line, fr: 3114 – Numéro national de prévention du suicide, ar: 3114 – الرقم الوطني للوقاية من الانتحار}
      phone: "3114"
      url: https://3114.fr
  CA:
    - name: {en: "9-8-8: Suicide Crisis Helpline", fr: "9-8-8 : Ligne d'aide en cas de crise de suicide"}
      phone: "988"
      sms: "988"
      url: https://988.ca
      description: {en: Call or text 9-8-8 any time., ar: اتصل أو أرسل رسالة نصية إلى 9-8-8 في أي وقت.}
  AU:
    - name: Lifeline
      phone: "13 11 14"
      url: https://www.lifeline.org.au
    - name: Beyond Blue
      phone: "1300 22 4636"
"""

IN_LYON = entry(
    name="Cercle de la Croix-Rousse",
    attendance="in-person",
    location="\n  city: Lyon\n  region: Auvergne-Rhône-Alpes\n  country: FR",
    online=None,
    contact='\n  phone: "04 99 00 41 18"',
)
IN_MONTREAL = entry(
    name="Montreal Circle",
    attendance="in-person",
    location="\n  city: Montréal\n  country: CA",
    online=None,
)
IN_SYDNEY = entry(
    name="Sydney Circle",
    attendance="in-person",
    location="\n  city: Sydney\n  country: AU",
    online=None,
)
IN_BERLIN = entry(
    name="Berlin Circle",
    attendance="in-person",
    location="\n  city: Berlin\n  country: DE",
    online=None,
)
ONLINE_ANYWHERE = entry(name="Anywhere Line")
ONLINE_DE_AU = entry(
    name="Two Countries Line", online="\n  url: https://example.org/join\n  countries: [DE, AU]"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, dict[str, Page]]:
    """Plan a site with entries in France, Canada, Australia, Germany and online."""
    root = tmp_path_factory.mktemp("crisis") / "content"
    shutil.copytree(FIXTURES / "valid", root)
    shutil.rmtree(root / "groups")
    settings = (root / "site.yaml").read_text("utf-8")
    (root / "site.yaml").write_text(settings + MORE_LINES, "utf-8")
    groups = root / "groups"
    groups.mkdir()
    for slug, text in {
        "lyon": IN_LYON,
        "montreal": IN_MONTREAL,
        "sydney": IN_SYDNEY,
        "berlin": IN_BERLIN,
        "anywhere": ONLINE_ANYWHERE,
        "two-countries": ONLINE_DE_AU,
    }.items():
        (groups / f"{slug}.yaml").write_text(text, "utf-8")
    catalog = catalog_of(root)
    planner = Planner(catalog, TRANSLATIONS, TODAY)
    pages = {}
    for lang in LANGS:
        for page in [*planner.searchable_pages(lang), *planner.other_pages(lang)]:
            pages[page.path] = page
    return catalog, pages


@pytest.fixture(scope="module")
def render(site: tuple[Catalog, dict[str, Page]]):  # type: ignore[no-untyped-def]
    catalog, pages = site
    renderer = Renderer(catalog, [DEFAULT_THEME / "templates"], TRANSLATIONS, ASSETS)
    return lambda path: renderer.render(pages[path])


def crisis_bar(page: str) -> str:
    """Return the crisis bar's text as a reader meets it (tags dropped, spaces joined)."""
    found = re.search(r'<aside class="crisis-bar".*?</aside>', page, re.S)
    assert found is not None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group())).split())


def phone(number: str) -> str:
    return f'<span class="phone" dir="ltr">{number}</span>'


def test_an_entry_in_france_offers_the_french_line_first(render) -> None:  # type: ignore[no-untyped-def]
    page = render("en/groups/lyon/")
    assert crisis_bar(page) == (
        "In crisis or thinking about suicide? Call 3114 (France): 3114 – National suicide "
        "prevention line. Other countries and ways to get help now"
    )
    assert f'<a href="tel:3114">Call {phone("3114")} (France)</a>' in page
    assert '<a href="../../crisis/#crisis-fr">' in page
    assert 'href="tel:988"' not in page


def test_the_french_page_of_a_group_in_lyon_names_france_in_french(render) -> None:  # type: ignore[no-untyped-def]
    assert crisis_bar(render("fr/groups/lyon/")) == (
        "Vous êtes en crise ou vous pensez au suicide ? Appeler le 3114 (France) : 3114 – "
        "Numéro national de prévention du suicide. Autres pays et autres moyens d'obtenir de "
        "l'aide maintenant"
    )


def test_an_entry_in_canada_offers_the_canadian_line(render) -> None:  # type: ignore[no-untyped-def]
    page = render("en/groups/montreal/")
    assert crisis_bar(page).startswith(
        "In crisis or thinking about suicide? Call 988 (Canada): 9-8-8: Suicide Crisis Helpline."
    )
    assert '<a href="../../crisis/#crisis-ca">' in page


def test_an_entry_in_australia_offers_its_first_line_dialled_as_digits(render) -> None:  # type: ignore[no-untyped-def]
    page = render("ar/groups/sydney/")
    assert crisis_bar(page).startswith(
        "في أزمة أو تراودك أفكار انتحارية؟ اتصل بالرقم 13 11 14 (أستراليا): Lifeline."
    )
    assert f'<a href="tel:131114">اتصل بالرقم {phone("13 11 14")} (أستراليا)</a>' in page


def test_an_online_entry_open_to_anyone_offers_the_sites_own_country(render) -> None:  # type: ignore[no-untyped-def]
    page = render("en/groups/anywhere/")
    assert crisis_bar(page).startswith(
        "In crisis or thinking about suicide? Call 988 (United States): 988 Suicide & Crisis "
        "Lifeline."
    )
    assert '<a href="../../crisis/">' in page  # no country to jump to


def test_an_entry_in_a_country_without_lines_names_the_country_it_offers(render) -> None:  # type: ignore[no-untyped-def]
    assert "Call 988 (United States)" in crisis_bar(render("en/groups/berlin/"))


def test_an_online_entry_offers_the_first_of_its_countries_that_has_lines(render) -> None:  # type: ignore[no-untyped-def]
    assert "Call 13 11 14 (Australia)" in crisis_bar(render("en/groups/two-countries/"))


def test_a_places_lists_offer_that_countrys_line(
    site: tuple[Catalog, dict[str, Page]],
    render,  # type: ignore[no-untyped-def]
) -> None:
    _, pages = site
    french = sorted(path for path in pages if path.startswith("fr/browse/places/fr/"))
    assert len(french) == 2  # France, and its region
    for path in french:
        assert "Appeler le 3114 (France)" in crisis_bar(render(path)), path
    assert "Call 988 (Canada)" in crisis_bar(render("en/browse/places/ca/"))
    # a list that is not of a place offers the site's own country
    assert "Call 988 (United States)" in crisis_bar(render("en/browse/topics/grief/"))
    assert "Appeler le 988 (États-Unis)" in crisis_bar(render("fr/groups/"))


def test_other_pages_name_the_sites_own_country(render) -> None:  # type: ignore[no-untyped-def]
    for path in ("en/", "en/crisis/", "en/browse/", "en/about/"):
        assert "Call 988 (United States)" in crisis_bar(render(path)), path
    assert "اتصل بالرقم 988 (الولايات المتحدة)" in crisis_bar(render("ar/"))


def test_the_crisis_page_opens_with_a_link_to_every_country(render) -> None:  # type: ignore[no-untyped-def]
    page = render("en/crisis/")
    main = page.split('id="main"', 1)[1]
    chooser = main.index('class="crisis-countries"')
    assert chooser < main.index("<section")
    links = re.findall(r'<li><a href="#(crisis-[a-z]+)">([^<]+)</a></li>', main[chooser:])
    assert links == [
        ("crisis-us", "United States"),
        ("crisis-au", "Australia"),
        ("crisis-ca", "Canada"),
        ("crisis-fr", "France"),
        ("crisis-gb", "United Kingdom"),
    ]
    for anchor, _ in links:
        assert f'<section class="crisis-country" id="{anchor}"' in main


def test_every_link_on_the_crisis_page_says_what_it_calls_or_opens(render) -> None:  # type: ignore[no-untyped-def]
    main = render("en/crisis/").split('id="main"', 1)[1].split("</main>")[0]
    names = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split())
        for inner in re.findall(r"<a [^>]*>(.*?)</a>", main, re.S)
    ]
    assert len(names) == len(set(names)), names
    for expected in (
        "Call 988 (988 Suicide & Crisis Lifeline, United States)",
        "Text 988 (988 Suicide & Crisis Lifeline, United States)",
        "988 Suicide & Crisis Lifeline website (United States)",
        "Call 988 (9-8-8: Suicide Crisis Helpline, Canada)",
        "Text 988 (9-8-8: Suicide Crisis Helpline, Canada)",
        "Call 13 11 14 (Lifeline, Australia)",
        "Call 1300 22 4636 (Beyond Blue, Australia)",
        "Samaritans website (United Kingdom)",
    ):
        assert expected in names
    assert "Website" not in names


def test_every_phone_number_is_isolated_left_to_right(render) -> None:  # type: ignore[no-untyped-def]
    crisis = render("ar/crisis/")
    assert f'<a class="button" href="tel:131114">اتصل بالرقم {phone("13 11 14")}' in crisis
    # in a line's own words too: "9-8-8" after Arabic text is otherwise drawn "8-8-9"
    assert f"اتصل أو أرسل رسالة نصية إلى {phone('9-8-8')} في أي وقت." in crisis
    # and in its name, wherever it is shown
    assert f"<h3>{phone('9-8-8')}: Suicide Crisis Helpline</h3>" not in crisis  # en fallback
    assert f'<span lang="en" dir="ltr">{phone("9-8-8")}: Suicide Crisis Helpline</span>' in crisis
    entry_page = render("ar/groups/lyon/")
    assert f'<a href="tel:+33499004118">{phone("+33 4 99 00 41 18")}</a>' in entry_page


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Call 116 123 now.", f"Call {phone('116 123')} now."),
        ("Text 9-8-8 or +1 217 555 0142", f"Text {phone('9-8-8')} or {phone('+1 217 555 0142')}"),
        ("Open 24/7, 988 alone stays as it is", "Open 24/7, 988 alone stays as it is"),
        ("Call (800) 273-8255.", f"Call {phone('(800) 273-8255')}."),
        ("Or +44 (0)20 7123 4567", f"Or {phone('+44 (0)20 7123 4567')}"),
        ("(116 123, free)", f"({phone('116 123')}, free)"),
        ("(116 123)", f"({phone('116 123')})"),
        ("<b>1 2</b> & 3", f"&lt;b&gt;{phone('1 2')}&lt;/b&gt; &amp; 3"),
    ],
)
def test_numbers_in_a_crisis_lines_words_are_isolated_and_the_rest_escaped(
    text: str, shown: str
) -> None:
    assert str(phone_numbers_in(text)) == shown


def test_a_crisis_line_name_that_looks_like_markup_is_shown_as_text(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", root)
    shutil.rmtree(root / "groups")
    (root / "groups").mkdir()
    (root / "groups" / "lyon.yaml").write_text(IN_LYON, "utf-8")
    settings = (root / "site.yaml").read_text("utf-8")
    hostile = (
        '  FR:\n    - name: "<img src=x onerror=alert(1)> 01 45 39 40 00"\n      phone: "3114"\n'
    )
    (root / "site.yaml").write_text(settings + hostile, "utf-8")
    catalog = catalog_of(root)
    page = next(
        p
        for p in Planner(catalog, TRANSLATIONS, TODAY).searchable_pages("en")
        if p.path == "en/groups/lyon/"
    )
    text = Renderer(catalog, [DEFAULT_THEME / "templates"], TRANSLATIONS, ASSETS).render(page)
    assert (
        f'<span class="crisis-name">&lt;img src=x onerror=alert(1)&gt; {phone("01 45 39 40 00")}'
        "</span>"
    ) in text
    assert "<img src=x" not in text


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (
            '{name: Textline, sms: "741741", url: "https://textline.example.org"}',
            f'<a href="sms:741741">Text {phone("741741")} (France)</a>: '
            '<span class="crisis-name">Textline</span>.',
        ),
        (
            '{name: Webline, url: "https://webline.example.org"}',
            '<a href="../../crisis/#crisis-fr"><span class="crisis-name">Webline</span></a> '
            "(France).",
        ),
        (  # a line to call comes first in the bar, wherever it is in the list
            '{name: Webline, url: "https://webline.example.org"}\n'
            '    - {name: "Callline 01 45", phone: "3114"}',
            f'<a href="tel:3114">Call {phone("3114")} (France)</a>: '
            f'<span class="crisis-name">Callline {phone("01 45")}</span>.',
        ),
    ],
)
def test_a_country_whose_lines_have_no_number_to_call_still_names_itself(
    tmp_path: Path, line: str, shown: str
) -> None:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", root)
    shutil.rmtree(root / "groups")
    (root / "groups").mkdir()
    (root / "groups" / "lyon.yaml").write_text(IN_LYON, "utf-8")
    settings = (root / "site.yaml").read_text("utf-8")
    (root / "site.yaml").write_text(settings + f"  FR:\n    - {line}\n", "utf-8")
    catalog = catalog_of(root)
    page = next(
        p
        for p in Planner(catalog, TRANSLATIONS, TODAY).searchable_pages("en")
        if p.path == "en/groups/lyon/"
    )
    text = Renderer(catalog, [DEFAULT_THEME / "templates"], TRANSLATIONS, ASSETS).render(page)
    assert shown in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "اتصل على 555-0142 مساءً.",
            '<p>اتصل على <span class="phone" dir="ltr">555-0142</span> مساءً.</p>',
        ),
        (
            "Ring [116 123](tel:116123) or (800) 273-8255.",
            '<p>Ring <a href="tel:116123" rel="noopener noreferrer"><span class="phone" '
            'dir="ltr">116 123</span></a> or <span class="phone" dir="ltr">(800) 273-8255</span>.'
            "</p>",
        ),
        ("Line 988, open all day.", "<p>Line 988, open all day.</p>"),
    ],
)
def test_numbers_a_volunteer_writes_in_markdown_are_isolated_left_to_right(
    text: str, expected: str
) -> None:
    from generator.text.markup import render_markdown

    assert render_markdown(text, 3) == expected
