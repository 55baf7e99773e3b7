"""The built site: pages per language, links, alternates, fallbacks, publishing, determinism."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ENTRY, FIXTURES, ROOT, TODAY, build_args, build_py, entry, tree
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build.site import build_site
from generator.text import markup

LANGS = ("en", "es", "fr", "ar")


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixture") / "site"
    result = build_site(FIXTURES / "valid", out, TODAY)
    assert result.published, result.problems
    return out


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.html_attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html_attrs = values
        for name in ("href", "src"):
            if values.get(name) is not None and not (
                tag == "link" and values.get("rel") in ("canonical", "alternate")
            ):
                self.links.append(values[name] or "")


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def test_site_has_every_page_in_every_language(fixture_site: Path) -> None:
    for lang in LANGS:
        for path in (
            "",
            "groups/riverside-veterans/",
            "groups/online-grief-line/",
            "groups/closed-circle/",
            "groups/",
            "browse/",
            "browse/kind/",
            "browse/kind/veteran-network/",
            "browse/topics/ptsd/",
            "browse/audiences/veterans/",
            "browse/places/us/",
            "browse/places/us/illinois/",
            "browse/languages/es/",
            "browse/attendance/hybrid/",
            "guides/",
            "guides/first-meeting/",
            "about/",
            "privacy/",
            "accessibility/",
            "crisis/",
        ):
            assert (fixture_site / lang / path / "index.html").is_file(), f"{lang}/{path}"
    for name in ("index.html", "404.html", "sitemap.xml", "robots.txt", "_headers"):
        assert (fixture_site / name).is_file()


def test_site_gives_ended_entries_no_page(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site({"groups/gone.yaml": entry(status="ended"), "groups/here.yaml": ENTRY})
    result = build_site(root, tmp_path / "out", TODAY)
    assert result.published
    assert not (tmp_path / "out/en/groups/gone").exists()
    assert (tmp_path / "out/en/groups/here/index.html").is_file()
    assert "gone" not in read(tmp_path / "out", "en/groups/index.html")


def test_site_sets_language_and_direction(fixture_site: Path) -> None:
    for lang, direction in (("en", "ltr"), ("es", "ltr"), ("fr", "ltr"), ("ar", "rtl")):
        attrs = parse(read(fixture_site, f"{lang}/groups/riverside-veterans/index.html")).html_attrs
        assert attrs == {"lang": lang, "dir": direction}


def test_pages_name_their_canonical_address_and_leave_alternates_to_the_sitemap(
    fixture_site: Path,
) -> None:
    html = read(fixture_site, "fr/guides/first-meeting/index.html")
    assert (
        '<link rel="canonical" href="https://peers.example.org/fr/guides/first-meeting/">' in html
    )
    # hreflang alternates are in the sitemap (below), not repeated on every page
    assert 'rel="alternate" hreflang' not in html
    sitemap = read(fixture_site, "sitemap.xml")
    block = re.search(
        r"<url>\s*<loc>https://peers.example.org/fr/guides/first-meeting/</loc>(.*?)</url>",
        sitemap,
        re.S,
    )
    assert block is not None
    assert re.findall(r'hreflang="([^"]+)" href="([^"]+)"', block.group(1)) == [
        ("en", "https://peers.example.org/en/guides/first-meeting/"),
        ("es", "https://peers.example.org/es/guides/first-meeting/"),
        ("fr", "https://peers.example.org/fr/guides/first-meeting/"),
        ("ar", "https://peers.example.org/ar/guides/first-meeting/"),
        ("x-default", "https://peers.example.org/en/guides/first-meeting/"),
    ]


def test_sitemap_lists_pages_with_alternates(fixture_site: Path) -> None:
    sitemap = read(fixture_site, "sitemap.xml")
    block = re.search(
        r"<url>\s*<loc>https://peers.example.org/es/groups/closed-circle/</loc>"
        r"(.*?)</url>",
        sitemap,
        re.S,
    )
    assert block is not None
    assert re.findall(r'hreflang="([^"]+)" href="([^"]+)"', block.group(1)) == [
        (lang, f"https://peers.example.org/{lang}/groups/closed-circle/") for lang in LANGS
    ] + [("x-default", "https://peers.example.org/en/groups/closed-circle/")]
    assert "404.html" not in sitemap
    assert read(fixture_site, "robots.txt").endswith(
        "Sitemap: https://peers.example.org/sitemap.xml\n"
    )


def test_site_marks_untranslated_fields_with_their_language(fixture_site: Path) -> None:
    # written in English only: the Arabic page shows it marked lang="en" with a visible note
    html = read(fixture_site, "ar/groups/online-grief-line/index.html")
    assert '<span lang="en" dir="ltr">Evening Grief Warmline</span></h1>' in html
    assert "notice-translation" in html
    # translated name: shown in Spanish without marking; the untranslated summary is marked
    html = read(fixture_site, "es/groups/riverside-veterans/index.html")
    assert "<h1>Círculo de Veteranos Riverside</h1>" in html
    assert (
        '<p class="lead" lang="en" dir="ltr">Weekly circle for veterans and service members, led by veterans.</p>'
    ) in html
    # an entry written in Spanish (text_language: es) is marked on the English page
    html = read(fixture_site, "en/groups/closed-circle/index.html")
    assert '<span lang="es" dir="ltr">Lavapiés Círculo de Apoyo</span>' in html
    assert "Closed until March." in html


def test_site_says_prominently_when_an_entry_is_closed(fixture_site: Path) -> None:
    html = read(fixture_site, "en/groups/closed-circle/index.html")
    notice = re.search(r'<div class="notice notice-closed" role="note">(.*?)</div>', html, re.S)
    assert notice and "<h2>Temporarily closed</h2>" in notice.group(1)
    assert "Closed until March." in notice.group(1)


def test_site_translates_the_interface(fixture_site: Path) -> None:
    assert "Saltar al contenido principal" in read(fixture_site, "es/index.html")
    assert "Aller au contenu principal" in read(fixture_site, "fr/index.html")
    assert "تخطَّ إلى المحتوى الرئيسي" in read(fixture_site, "ar/index.html")


def _targets(site: Path) -> list[tuple[str, str]]:
    found = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        for link in parse(page.read_text(encoding="utf-8")).links:
            found.append((rel, link))
    return found


def _resolves(site: Path, page: str, link: str) -> bool:
    parts = urlsplit(link)
    if parts.scheme or link.startswith("#"):
        return True
    if page == "404.html":
        path = unquote(parts.path).removeprefix("/")
    else:
        path = os.path.normpath(os.path.join(os.path.dirname(page), unquote(parts.path)))
    target = site / path
    if link.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.is_file() and target.resolve().is_relative_to(site.resolve())


@pytest.mark.slow
def test_every_internal_link_and_asset_resolves(sample_build: Path) -> None:
    targets = _targets(sample_build)
    assert len(targets) > 1000
    broken = [(page, link) for page, link in targets if not _resolves(sample_build, page, link)]
    assert broken == []


@pytest.mark.slow
def test_site_links_only_to_web_mail_and_phone_elsewhere(sample_build: Path) -> None:
    targets = _targets(sample_build)
    # the one address in a page that is not a link: an entry's QR code for print, a PNG
    inline = {(page, link) for page, link in targets if link.startswith("data:")}
    for page, link in inline:
        assert re.fullmatch(r"data:image/png;base64,[A-Za-z0-9+/]+=*", link), page
        html = (sample_build / page).read_text(encoding="utf-8")
        assert f'<img class="qr" alt="" src="{link}">' in html, page
    assert {page for page, _ in inline} == {
        page for page, _ in targets if re.fullmatch(r"[a-z]{2}/groups/[^/]+/index\.html", page)
    }
    schemes = {urlsplit(link).scheme for page, link in targets if (page, link) not in inline}
    assert schemes <= {"", "https", "http", "mailto", "tel", "sms"}


def test_sub_path_build_keeps_links_inside_the_sub_path(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site(keep_entries=True)
    out = tmp_path / "out"
    build_site(root, out, TODAY, base_url="https://example.github.io/peers/")
    html = read(out, "en/index.html")
    assert '<link rel="canonical" href="https://example.github.io/peers/en/">' in html
    assert all(not link.startswith("/") for _, link in _targets(out) if _ != "404.html")
    not_found = parse(read(out, "404.html")).links
    assert "/peers/en/" in not_found
    assert any(link.startswith("/peers/assets/style.") for link in not_found)
    assert "Sitemap: https://example.github.io/peers/sitemap.xml" in read(out, "robots.txt")


def _build_in_subprocess(content: Path, out: Path, seed: str) -> None:
    result = build_py(*build_args(content, out), env={"PYTHONHASHSEED": seed})
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    _build_in_subprocess(ROOT / "content", tmp_path / "a", "1")
    _build_in_subprocess(ROOT / "content", tmp_path / "b", "2")
    a, b = tree(tmp_path / "a"), tree(tmp_path / "b")
    # Pagefind 1.5 varies its own filter files between runs (Pagefind#638): compare the rest,
    pages = {name for name in a if not name.startswith("pagefind/")}
    assert pages == {name for name in b if not name.startswith("pagefind/")}
    assert [name for name in sorted(pages) if a[name] != b[name]] == []
    # and a rebuild of unchanged content keeps the published index byte for byte.
    _build_in_subprocess(ROOT / "content", tmp_path / "a", "3")
    assert tree(tmp_path / "a") == a


def test_failed_build_leaves_the_published_site_untouched(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({"groups/good.yaml": ENTRY})
    out = tmp_path / "site"
    assert build_site(root, out, TODAY).published
    before = tree(out)
    (root / "groups/bad.yaml").write_text(entry(kind="nonsense"), encoding="utf-8")
    result = build_site(root, out, TODAY)
    assert not result.published
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "content", "site"]


def test_build_failing_mid_render_leaves_the_site_untouched(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({"groups/good.yaml": ENTRY})
    out = tmp_path / "site"
    assert build_site(root, out, TODAY).published
    before = tree(out)
    themes = tmp_path / "themes"
    (themes / "mytheme" / "templates").mkdir(parents=True)
    (themes / "mytheme" / "templates" / "entry.html").write_text(
        "{{ no_such_value }}", encoding="utf-8"
    )
    with pytest.raises(Exception, match="no_such_value"):
        build_site(root, out, TODAY, theme="mytheme", themes=themes)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "content", "site", "themes"]


def test_cli_build_failure_reports_problems_and_keeps_site(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({"groups/bad.yaml": entry(kind="nonsense")})
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("old", encoding="utf-8")
    result = build_py(*build_args(root, out))
    assert result.returncode == 1
    assert result.stdout.splitlines()[-2:] == [
        "build: 1 error in 5 files.",
        f"build: stopped before writing anything; {out} is unchanged",
    ]
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_site_theme_overrides_templates_and_assets(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({"groups/good.yaml": ENTRY})
    themes = tmp_path / "themes"
    for name, text in {
        "mytheme/templates/about.html": '{% extends "base.html" %}{% block main %}'
        "<h1>Our own about page</h1>{% endblock %}",
        "mytheme/static/style.css": "body { color: rebeccapurple; }\n",
    }.items():
        (themes / name).parent.mkdir(parents=True, exist_ok=True)
        (themes / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert build_site(root, out, TODAY, theme="mytheme", themes=themes).published
    assert "<h1>Our own about page</h1>" in read(out, "es/about/index.html")
    css = [p for p in (out / "assets").iterdir() if p.name.startswith("style.")]
    assert [p.read_text() for p in css] == ["body { color: rebeccapurple; }\n"]
    assert "Saltar al contenido principal" in read(out, "es/about/index.html")


def test_a_corrected_translation_shows_on_the_next_build(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    # the interface's fixed text is translated once, when templates are compiled and kept for
    # later builds: a corrected catalog must not be hidden by templates compiled with the old one
    catalog = (
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n\nmsgid "Skip to main content"\nmsgstr "{}"\n'
    )
    root = site({"groups/good.yaml": ENTRY})
    themes = tmp_path / "themes"
    po = themes / "mytheme/locales/es/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    out = tmp_path / "out"
    for text in ("Ir al contenido", "Ir directamente al contenido"):
        po.write_text(catalog.format(text), encoding="utf-8")
        assert build_site(root, out, TODAY, theme="mytheme", themes=themes).published
        page = read(out, "es/about/index.html")
        assert f'<a class="skip-link" href="#main">{text}</a>' in page
    # the rest of the interface falls back to the default theme's catalog
    assert "Saltar al contenido principal" not in page and "Guías" in page


def test_assets_are_fingerprinted(fixture_site: Path) -> None:
    names = [p.name for p in (fixture_site / "assets").iterdir()]
    assert any(re.fullmatch(r"style\.[0-9a-f]{10}\.css", name) for name in names)
    assert "/assets/*\n  Cache-Control: public, max-age=31536000, immutable" in read(
        fixture_site, "_headers"
    )


def test_root_page_chooses_a_language_without_javascript(fixture_site: Path) -> None:
    html = read(fixture_site, "index.html")
    # the only script is the quick exit's, an enhancement of a plain link
    assert re.findall(r"<script[^>]*>", html) == [
        f'<script src="{re.search(r"assets/quick-exit[.][0-9a-f]+[.]js", html).group()}" defer>'
    ]
    for lang, name in (("en", "English"), ("es", "Español"), ("fr", "Français"), ("ar", "العربية")):
        assert f'<a href="{lang}/" lang="{lang}" hreflang="{lang}"' in html
        assert f">{name}</a>" in html


def test_markdown_is_sanitized(site: Callable[..., Path], tmp_path: Path) -> None:
    text = ENTRY + (
        "description: |\n  Hi <script>alert(1)</script> [x](javascript:alert(2))\n"
        "  <img src=x onerror=alert(3)> [y](//evil.example.org/)\n"
    )
    root = site({"groups/x.yaml": text})
    out = tmp_path / "out"
    assert build_site(root, out, TODAY).published
    html = read(out, "en/groups/x/index.html")
    # the page's own QR code for print is its one image
    html = re.sub(r'<img class="qr" alt="" src="data:image/png;base64,[A-Za-z0-9+/=]+">', "", html)
    for bad in ("<script>alert", "javascript:", "onerror", "evil.example.org", "<img"):
        assert bad not in html


# Markdown's syntax, HTML's, the white space that matters to either, and plain words
MARKDOWN_PIECES = [
    *"ab é ش1٣.)-+*_#>`[]()!<&\\=~|{}:'\"\t\xa0\r\x02",
    *("\n", "\n\n", "\n\n\n", "  \n", "    ", "word ", "1. ", "- ", "# ", "---\n"),
]


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=30).map("".join))
def test_text_without_markdown_syntax_is_converted_as_python_markdown_would(text: str) -> None:
    # the shortcut for plain paragraphs must make exactly what the full conversion makes
    shortcut = markup._paragraphs(text)
    if shortcut is not None:
        assert shortcut == markup._converter().reset().convert(text)


def test_plain_descriptions_take_the_shortcut_and_markdown_does_not() -> None:
    plain = "People come for different reasons: some for weeks, others for years.\n\n" + (
        "Newcomers are welcome (just listen), and it's free!\nThere is tea.\n"
    )
    assert markup._paragraphs(plain) == (
        "<p>People come for different reasons: some for weeks, others for years.</p>\n"
        "<p>Newcomers are welcome (just listen), and it's free!\nThere is tea.</p>"
    )
    for syntax in ("Come *early*", "- a list", "1. a step", "Line  \nbreak", "# Heading"):
        assert markup._paragraphs(syntax) is None
    assert markup.render_markdown("Come *early*\n") == "<p>Come <em>early</em></p>"


def test_markdown_headings_continue_the_pages_outline_without_skipping_a_level() -> None:
    # a description sits under the entry's h1 and its "What to expect" h2; a guide under its h1
    assert markup.render_markdown("# Before you come\n\n### Parking\n", top=3) == (
        "<h3>Before you come</h3>\n<h5>Parking</h5>"
    )
    assert markup.render_markdown("### Where to start\n\nText.\n") == (
        "<h2>Where to start</h2>\n<p>Text.</p>"
    )
    assert markup.render_markdown("# A\n\n###### F\n", top=3) == "<h3>A</h3>\n<h6>F</h6>"


def test_every_page_is_free_of_inline_script_and_style(sample_build: Path) -> None:
    for page in sample_build.rglob("*.html"):
        if page.is_relative_to(sample_build / "pagefind"):
            continue
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            # only files, Pagefind's result template or structured data (neither executable)
            assert (
                " src=" in tag
                or 'type="text/pagefind-template"' in tag
                or 'type="application/ld+json"' in tag
            ), (page, tag)
        assert not re.search(r"<[^>]*\s(style|on[a-z]+)=", html), page
        assert "<style" not in html, page


def test_features_can_be_switched_off(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site({"groups/good.yaml": ENTRY})
    settings = root / "site.yaml"
    settings.write_text(
        settings.read_text() + "features:\n  quick_exit: false\n  search: false\n"
        "  suggest_edit: false\n  report_problem: false\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert build_site(root, out, TODAY).published
    html = read(out, "en/groups/good/index.html")
    for absent in ("data-quick-exit", "quick-exit.", "edit-links", "site-search", "pagefind/"):
        assert absent not in html
    assert not (out / "en" / "search").exists() and not (out / "pagefind").exists()


def test_entry_page_links_to_edit_and_report_when_switched_on(fixture_site: Path) -> None:
    html = read(fixture_site, "en/groups/closed-circle/index.html")
    assert (
        '<a href="https://github.com/example/peers/edit/main/content/groups/closed-circle.yaml"'
        ' rel="noopener noreferrer">Suggest an edit</a>'
    ) in html
    assert "issues/new?template=correction.yml&amp;title=Correction%3A+" in html


def test_open_data_page_documents_formats_fields_and_licence(sample_build: Path) -> None:
    for lang in LANGS:
        html = read(sample_build, f"{lang}/data/index.html")
        assert (
            '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license noopener noreferrer">CC BY 4.0</a>'
            in html
        )
        for target in (
            "../../data/directory.json.gz",
            "../../data/directory.schema.json",
            "../../data/directory.csv.gz",
            "../../data/hsds/services.json.gz",
            "../../data/meeting-guide.json",
        ):
            assert f'href="{target}"' in html, (lang, target)
        # every field of an entry is documented, in English where the page is not
        assert "<code>verified</code>" in html and "<code>timezone</code>" in html
        assert ('<td lang="en" dir="ltr">' in html) == (lang != "en")
    footer = read(sample_build, "ar/index.html")
    assert '<a href="data/">' in footer


def test_open_data_page_says_when_no_licence_is_set(fixture_site: Path) -> None:
    html = read(fixture_site, "en/data/index.html")
    assert "No licence has been chosen for the data yet." in html
