"""The renderer with the default theme: planned pages in, HTML strings out, nothing written.

Fast lane: a small fixture catalog is planned in memory and two or three pages rendered.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from conftest import FIXTURES, TODAY, catalog_of, entry
from jinja2.sandbox import SecurityError

from generator.catalog.catalog import Catalog
from generator.catalog.labels import SEARCH_FILTERS
from generator.planning.pages import Planner
from generator.planning.views import Page
from generator.rendering.render import Renderer
from generator.text.i18n import load_translations
from generator.theme.assets import collect_assets, fingerprint
from generator.theme.folders import DEFAULT_THEME

LANGS = ("en", "es", "fr", "ar")
TRANSLATIONS = {lang: load_translations([DEFAULT_THEME / "locales"], lang) for lang in LANGS}
ASSETS = fingerprint(collect_assets([DEFAULT_THEME / "static"]))[0]
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)> Circle'
HOSTILE_SUMMARY = "Ends </p><p onclick=alert(2)> here & {{ 7 * 7 }} {% raw %}"


_MADE: dict[int, tuple[Catalog, Renderer]] = {}


def renderer(catalog: Catalog, *theme: Path, fresh: bool = False) -> Renderer:
    """Return a renderer of the default theme, with `theme` folders before it.

    Without them, one renderer per catalog: it compiles each template once, as a build does,
    so a test pays for the templates it is the first to use and the lane stays fast.
    """
    folders = [*theme, DEFAULT_THEME / "templates"]
    if theme or fresh:
        return Renderer(catalog, folders, TRANSLATIONS, ASSETS)
    made = _MADE.get(id(catalog))
    if made is None:
        made = _MADE[id(catalog)] = (catalog, Renderer(catalog, folders, TRANSLATIONS, ASSETS))
    return made[1]


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, dict[str, Page]]:
    """Plan a site of two entries, one of them named by an attacker, and return its pages.

    Made once for the module: the tests only read it.
    """
    root = tmp_path_factory.mktemp("renderer") / "content"
    shutil.copytree(FIXTURES / "valid", root)
    shutil.rmtree(root / "groups")
    (root / "groups").mkdir()
    (root / "groups" / "plain.yaml").write_text(entry(name="Plain Circle"), "utf-8")
    hostile = entry(name=f"'{HOSTILE}'", summary=f"'{HOSTILE_SUMMARY}'")
    (root / "groups" / "hostile.yaml").write_text(hostile, "utf-8")
    catalog = catalog_of(root)
    planner = Planner(catalog, TRANSLATIONS, TODAY)
    pages: dict[str, Page] = {}
    for lang in ("en", "ar"):
        for page in [*planner.searchable_pages(lang), *planner.other_pages(lang)]:
            pages[page.path] = page
    return catalog, pages


def opening_html_tag(text: str) -> str:
    found = re.search(r"<html[^>]*>", text)
    assert found is not None
    return found.group(0)


@pytest.mark.parametrize(
    ("path", "tag"),
    [
        ("en/groups/plain/", '<html lang="en" dir="ltr">'),
        ("ar/groups/plain/", '<html lang="ar" dir="rtl">'),
        ("en/groups/", '<html lang="en" dir="ltr">'),
        ("ar/groups/", '<html lang="ar" dir="rtl">'),
    ],
)
def test_a_page_says_its_language_and_direction(
    planned: tuple[Catalog, dict[str, Page]], path: str, tag: str
) -> None:
    catalog, pages = planned
    assert opening_html_tag(renderer(catalog).render(pages[path])) == tag


def test_every_page_shows_the_crisis_line_in_its_language(
    planned: tuple[Catalog, dict[str, Page]],
) -> None:
    catalog, pages = planned
    render = renderer(catalog).render
    english = render(pages["en/groups/plain/"])
    # an online entry open to anyone anywhere: the site's own country, named
    assert (
        '<a href="tel:988">Call <span class="phone" dir="ltr">988</span> '
        '(United States)</a>: <span class="crisis-name">988 Suicide &amp; Crisis Lifeline</span>.'
    ) in english
    assert '<a href="../../crisis/">' in english
    listed = render(pages["en/groups/"])
    assert '<a href="tel:988">' in listed and '<a href="../crisis/">' in listed
    arabic = render(pages["ar/groups/plain/"])
    assert (
        '<a href="tel:988">اتصل بالرقم <span class="phone" dir="ltr">988'
        '</span> (الولايات المتحدة)</a>: <span class="crisis-name">خط 988 للأزمات</span>.'
    ) in arabic
    # before the page's own content: one who is in crisis need not scroll for it
    assert english.index('href="tel:988"') < english.index('id="main"')


def test_the_crisis_line_dials_only_the_digits_of_its_number(
    site: Callable[..., Path],
) -> None:
    settings = (FIXTURES / "valid" / "site.yaml").read_text("utf-8")
    assert 'phone: "988"\n' in settings
    root = site(
        {
            "site.yaml": settings.replace('phone: "988"\n', 'phone: "+1 (800) 273-8255"\n', 1),
            "groups/plain.yaml": entry(name="Plain Circle"),
        }
    )
    catalog = catalog_of(root)
    page = next(Planner(catalog, TRANSLATIONS, TODAY).other_pages("fr"))
    text = renderer(catalog).render(page)
    assert (
        '<a href="tel:+18002738255">Appeler le <span class="phone" dir="ltr">'
        "+1 (800) 273-8255</span> (États-Unis)</a>"
    ) in text


def test_an_entry_page_shows_its_own_name_summary_and_links_relative(
    planned: tuple[Catalog, dict[str, Page]],
) -> None:
    catalog, pages = planned
    text = renderer(catalog).render(pages["en/groups/plain/"])
    assert "<title>Plain Circle · Test Directory</title>" in text
    assert "A test group." in text
    assert '<link rel="canonical" href="https://peers.example.org/en/groups/plain/">' in text
    # the other languages' addresses are the sitemap's hreflang, not repeated in each page
    assert 'rel="alternate" hreflang' not in text
    assert 'href="https://example.org/join"' in text
    hrefs = re.findall(r'<a [^>]*href="([^"]*)"', text)
    local = [h for h in hrefs if not re.match(r"[a-z]+:", h) and not h.startswith("#")]
    assert local and all(not h.startswith("/") for h in local), local


def test_a_list_page_shows_a_card_for_each_entry(
    planned: tuple[Catalog, dict[str, Page]],
) -> None:
    catalog, pages = planned
    text = renderer(catalog).render(pages["en/groups/"])
    assert 'href="plain/"' in text
    assert 'href="hostile/"' in text
    assert "Plain Circle" in text


def test_an_entry_page_sends_no_indentation_in_its_own_markup(
    planned: tuple[Catalog, dict[str, Page]],
) -> None:
    catalog, pages = planned
    text = renderer(catalog).render(pages["en/groups/plain/"])
    own = "<header" + text.split("</aside>\n<header", 1)[1]  # past _top.html
    assert "Plain Circle" in own and re.findall(r"^[ \t]+.*", own, re.M) == []


def test_an_entry_gives_search_its_filters_and_metadata_as_key_value_attributes(
    planned: tuple[Catalog, dict[str, Page]],
) -> None:
    # <i data-pagefind-filter="Topics:Grief and loss"></i>, five bytes under a <span> with the
    # value inside, for the same index; Pagefind cuts key from value at the first colon
    catalog, pages = planned
    text = renderer(catalog).render(pages["ar/groups/plain/"])
    hidden = text.split("<div hidden data-pagefind-ignore>", 1)[1].split("</div>", 1)[0]
    assert "<span" not in hidden
    assert '<i data-search-order="name:plain circle"></i>' in hidden
    assert f'<i data-pagefind-filter="{TRANSLATIONS["ar"].gettext("Cost")}:' in hidden
    labels = [
        TRANSLATIONS[lang].gettext(label) for lang in LANGS for label in SEARCH_FILTERS.values()
    ]
    assert [label for label in labels if ":" in label] == []
    # an attacker's name stays inside its attribute
    hostile = renderer(catalog).render(pages["en/groups/hostile/"])
    parser = _Attributes()
    parser.feed(hostile.split("<div hidden data-pagefind-ignore>", 1)[1].split("</div>", 1)[0])
    assert [value for name, value in parser.found if name == "data-search-order"][0] == (
        "name:" + HOSTILE.lower()
    )
    assert {tag for tag in parser.tags} == {"i"}


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str | None]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.found.extend(attrs)


def test_a_list_card_carries_no_indentation_or_unused_class(
    planned: tuple[Catalog, dict[str, Page]],
) -> None:
    # a card is on about twelve lists per entry and language: its markup is counted in
    # hundreds of megabytes at 10,000 entries
    catalog, pages = planned
    text = renderer(catalog).render(pages["en/groups/"])
    cards = text.split('<ul class="cards">', 1)[1].split("</ul>\n", 1)[0]
    assert '<li class="card"><h2><a href="plain/">Plain Circle</a></h2>\n<p>' in cards
    assert re.findall(r"^[ \t]+", cards, re.M) == []
    assert "card-summary" not in cards
    for unused in ("card-title", "card-when", "card-facts"):  # style.css finds them by place
        assert unused not in cards


SHOWN_NAME = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt; Circle"
SHOWN_SUMMARY = "Ends &lt;/p&gt;&lt;p onclick=alert(2)&gt; here &amp; {{ 7 * 7 }} {% raw %}"


@pytest.mark.parametrize("path", ["en/groups/hostile/", "en/groups/", "ar/groups/hostile/"])
def test_hostile_text_in_a_name_is_shown_as_text_never_as_markup(
    planned: tuple[Catalog, dict[str, Page]], path: str
) -> None:
    catalog, pages = planned
    text = renderer(catalog).render(pages[path])
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert "<p onclick" not in text
    assert f">{SHOWN_NAME}</" in text  # the heading or the card's link
    assert f">{SHOWN_SUMMARY}</p>" in text  # and the summary is not run as a template


def test_hostile_text_stays_inside_the_structured_data_of_an_entry(
    planned: tuple[Catalog, dict[str, Page]],
) -> None:
    catalog, pages = planned
    text = renderer(catalog).render(pages["en/groups/hostile/"])
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert len(blocks) == 1
    assert json.loads(blocks[0])["name"] == HOSTILE


def test_templates_cannot_reach_past_the_data_they_are_given(
    planned: tuple[Catalog, dict[str, Page]], tmp_path: Path
) -> None:
    catalog, pages = planned
    theme = tmp_path / "templates"
    theme.mkdir()
    (theme / "probe.html").write_text("{{ page.__class__.__init__.__globals__ }}", "utf-8")
    (theme / "mro.html").write_text("{{ name.__class__.__mro__ }}", "utf-8")
    (theme / "unknown.html").write_text("[{{ not_given }}]", "utf-8")
    (theme / "attribute.html").write_text("[{{ page.context.no_such_key }}]", "utf-8")
    render = renderer(catalog, theme).render
    entry_page = pages["en/groups/plain/"]

    def as_template(name: str) -> Page:
        return Page(entry_page.lang, entry_page.path, name, entry_page.context)

    with pytest.raises(SecurityError):
        render(as_template("probe.html"))
    with pytest.raises(SecurityError):
        render(as_template("mro.html"))
    # a name a template wasn't given is an error, not an empty string on the page
    with pytest.raises(jinja2.UndefinedError):
        render(as_template("unknown.html"))
    with pytest.raises(jinja2.UndefinedError):
        render(as_template("attribute.html"))


def test_rendering_writes_nothing(
    planned: tuple[Catalog, dict[str, Page]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog, pages = planned
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    renderer(catalog, fresh=True).render(pages["en/groups/plain/"])
    assert sorted(tmp_path.rglob("*")) == before


def test_text_in_another_language_is_marked_for_screen_readers(
    planned: tuple[Catalog, dict[str, Page]],
) -> None:
    catalog, pages = planned
    text = renderer(catalog).render(pages["ar/groups/plain/"])
    assert '<span lang="en" dir="ltr">Plain Circle</span></h1>' in text
    assert (
        '<p class="lead" data-pagefind-weight="5" data-pagefind-meta="summary" lang="en" dir="ltr">'
        in text
    )


def test_the_404_page_links_absolutely_under_a_sub_path(site: Callable[..., Path]) -> None:
    settings = (FIXTURES / "valid" / "site.yaml").read_text("utf-8")
    old = "base_url: https://peers.example.org/\n"
    assert old in settings
    root = site(
        {
            "site.yaml": settings.replace(old, "base_url: https://example.org/peers/hub/\n"),
            "groups/plain.yaml": entry(name="Plain Circle"),
        }
    )
    catalog = catalog_of(root)
    shared = {page.path: page for page in Planner(catalog, TRANSLATIONS, TODAY).shared_pages()}
    text = renderer(catalog).render(shared["404.html"])
    hrefs = set(re.findall(r'href="([^"]*)"', text))
    assert "/peers/hub/en/crisis/" in hrefs
    assert "/peers/hub/en/" in hrefs
    local = {h for h in hrefs if not re.match(r"[a-z]+:", h) and not h.startswith("#")}
    assert all(h.startswith("/peers/hub/") for h in local), sorted(local)


def test_hostile_region_and_topic_names_are_shown_as_text_on_their_pages(
    site: Callable[..., Path],
) -> None:
    vocabularies = (FIXTURES / "valid" / "vocabularies.yaml").read_text("utf-8")
    old = "label: {en: Grief,"
    assert old in vocabularies
    root = site(
        {
            "vocabularies.yaml": vocabularies.replace(
                old, "label: {en: '<i>Grief</i> & \"loss\"',"
            ),
            "groups/hall.yaml": entry(
                name="Hall",
                attendance="in-person",
                online=None,
                location="{city: Town, region: '<b onmouseover=x>Evil</b>', country: FR}",
            ),
        }
    )
    catalog = catalog_of(root)
    pages = {page.path: page for page in Planner(catalog, TRANSLATIONS, TODAY).other_pages("en")}
    render = renderer(catalog).render
    region = render(pages["en/browse/places/fr/b-onmouseover-x-evil-b/"])
    assert "<b onmouseover" not in region
    assert "&lt;b onmouseover=x&gt;Evil&lt;/b&gt;, France" in region
    topic = render(pages["en/browse/topics/grief/"])
    assert "<i>Grief" not in topic
    assert "&lt;i&gt;Grief&lt;/i&gt; &amp; &#34;loss&#34;" in topic
    home = render(pages["en/"])
    assert "<i>Grief" not in home and "&lt;i&gt;Grief&lt;/i&gt;" in home


def test_stylesheets_and_scripts_reach_visitors_without_comments_or_indentation() -> None:
    from generator.theme.assets import lean

    script = b"  // why\n  var a = 'http://x'; // kept\n  /* one\n     two */\n  /* a */ go();\n"
    assert lean("x.js", script) == b"var a = 'http://x'; // kept\n/* a */ go();\n"
    assert (
        lean("x.css", b"/* why */\n.a {\n  color: red; /* x */\n}\n") == b".a {\ncolor: red;\n}\n"
    )
    assert lean("x.svg", b"<svg>  <!-- kept --></svg>") == b"<svg>  <!-- kept --></svg>"


def test_the_themes_stylesheet_closes_every_block_it_opens() -> None:
    # a rule left open swallows every rule after it, and no browser says so
    from generator.theme.assets import lean
    from generator.theme.folders import DEFAULT_THEME

    for sheet in sorted((DEFAULT_THEME / "static").glob("*.css")):
        css = lean(sheet.name, sheet.read_bytes()).decode("utf-8")
        depth = 0
        for number, line in enumerate(css.splitlines(), start=1):
            depth += line.count("{") - line.count("}")
            assert depth >= 0, f"{sheet.name}: a block closed twice by line {number}"
        assert depth == 0, f"{sheet.name}: {depth} block(s) left open"
