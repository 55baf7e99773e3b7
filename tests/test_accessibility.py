"""Accessibility, safety and privacy in a real browser: axe-core on every page type in every
language, and what axe cannot see: keyboard walk, reflow, zoom, text spacing, target sizes,
requests to other hosts, storage, Content-Security-Policy violations, the quick exit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, TODAY

from generator.catalog.catalog import build_catalog
from generator.cli import run_check
from generator.model.models import KINDS

LANGS = ("en", "es", "fr", "ar")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE = Axe()


def _page_paths() -> list[str]:
    catalog = build_catalog(run_check(ROOT / "content", TODAY))
    paths = ["", "404.html"]
    per_kind = {}
    for item in catalog.published:
        per_kind.setdefault(item.entry.kind, item.slug)
    assert set(per_kind) == set(KINDS)
    guide = next(g.slug for g in catalog.guides if len(g.versions) == 4)
    for lang in LANGS:
        paths += [
            f"{lang}/",
            f"{lang}/groups/",
            f"{lang}/browse/",
            f"{lang}/browse/kind/",
            f"{lang}/browse/kind/support-group/",
            f"{lang}/browse/topics/anxiety/",
            f"{lang}/browse/audiences/veterans/",
            f"{lang}/browse/places/fr/",
            f"{lang}/browse/languages/ar/",
            f"{lang}/browse/attendance/online/",
            f"{lang}/browse/day/tuesday/",
            f"{lang}/browse/time/",
            f"{lang}/guides/",
            f"{lang}/guides/{guide}/",
            f"{lang}/about/",
            f"{lang}/privacy/",
            f"{lang}/accessibility/",
            f"{lang}/crisis/",
            f"{lang}/safety/",
            f"{lang}/search/",
            f"{lang}/data/",
        ]
        paths += [f"{lang}/groups/{slug}/" for slug in per_kind.values()]
    return paths


PAGES = _page_paths()


class Visit:
    """A page opened in Chromium, with every request and console error it caused."""

    def __init__(self, browser: Any, server: str, path: str, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.server = server
        self.page.goto(server + path)
        self.page.wait_for_load_state("networkidle")
        if path.endswith("/search/"):
            # Pagefind starts when the visitor acts (test_search_light checks the page before):
            # open the filters, which starts it, show some results as they render on scrolling
            # into view, open a filter, go back up
            self.page.locator("[data-filters-toggle]").evaluate("b => b.click()")  # not focused
            self.page.wait_for_selector("pagefind-results ul[aria-busy=false]", state="attached")
            self.page.locator("pagefind-results").scroll_into_view_if_needed()
            self.page.wait_for_selector(".search-result")
            self.page.locator("pagefind-filter-pane details").first.evaluate("d => d.open = true")
            self.page.evaluate("window.scrollTo(0, 0)")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, sample_server: str) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_page(path: str, **context: Any) -> Visit:
        opened.append(Visit(browser, sample_server, path, **context))
        return opened[-1]

    yield open_page
    for item in opened:
        item.close()


def _axe(page: Any) -> list[str]:
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("path", PAGES)
def test_page_passes_axe_asks_nothing_of_other_hosts_and_keeps_the_policy(
    visit: Any, path: str
) -> None:
    opened = visit(path)
    assert _axe(opened.page) == []
    own = urlsplit(opened.server).netloc
    assert [url for url in opened.requests if urlsplit(url).netloc != own] == []
    assert [e for e in opened.errors if "Content Security Policy" in e] == []
    assert opened.errors == []


@pytest.mark.parametrize(
    "path",
    [
        "en/",
        "ar/groups/lakemba-arabic-newcomers-circle/",
        "es/search/",
        "fr/browse/kind/support-group/",
    ],
)
def test_axe_finds_no_violations_in_dark_mode(visit: Any, path: str) -> None:
    opened = visit(path, color_scheme="dark")
    assert _axe(opened.page) == []


def test_nothing_is_stored_in_the_browser(visit: Any) -> None:
    opened = visit("en/search/?q=grief&sort=name")
    page = opened.page
    page.locator("[data-near] summary").click()
    page.locator("[data-near-town]").fill("Lyon, France")
    page.locator("[data-near-apply]").click()
    page.wait_for_timeout(500)
    page.goto(opened.server + "fr/groups/cercle-entraide-croix-rousse/")
    assert opened.context.cookies() == []
    assert page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]") == [
        0,
        0,
        "",
    ]


_FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const x = Math.min(Math.max(rect.left + rect.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(rect.top + rect.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return {
    text: (el.textContent || el.value || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40),
    tag: el.tagName,
    className: el.className || '',
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    inView: rect.bottom > 0 && rect.top < innerHeight && rect.right > 0 && rect.left < innerWidth,
    unobscured: !!top && (el === top || el.contains(top) || top.contains(el)),
  };
}"""


@pytest.mark.parametrize(
    "path",
    [
        "en/",
        "ar/groups/lakemba-arabic-newcomers-circle/",
        "es/browse/kind/support-group/",
        "fr/search/",
    ],
)
@pytest.mark.parametrize("width", [360, 1280])
def test_keyboard_walk_shows_every_focus_unobscured(visit: Any, path: str, width: int) -> None:
    opened = visit(path, viewport={"width": width, "height": 720})
    page = opened.page
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        page.wait_for_timeout(120)  # a person's pace: lazily loaded search results keep up
        state = page.evaluate(_FOCUS_STATE)
        if state is None:
            break
        stops.append(state)
        assert state["outline"] or state["shadow"], f"focus not visible on {state}"
        assert state["inView"] and state["unobscured"], f"focus hidden on {state}"
    assert stops[0]["className"] == "skip-link"
    assert stops[1]["className"] == "quick-exit-button"
    assert len(stops) >= 10


def test_skip_link_moves_focus_to_the_main_content(visit: Any) -> None:
    page = visit("fr/groups/cercle-entraide-croix-rousse/").page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith(("ar/", "en/")) or "/" not in p])
def test_reflows_at_320_css_pixels_without_horizontal_scrolling(visit: Any, path: str) -> None:
    page = visit(path, viewport={"width": 320, "height": 640}).page
    assert page.evaluate(_OVERFLOW) <= 0


@pytest.mark.parametrize(
    "path",
    ["en/", "es/groups/grupo-apoyo-mutuo-lavapies/", "ar/search/", "fr/browse/", "en/crisis/"],
)
def test_zoom_to_200_percent_keeps_everything_reachable(visit: Any, path: str) -> None:
    # a 1280 px window zoomed to 200% lays out in 640 CSS pixels
    page = visit(path, viewport={"width": 640, "height": 400}, device_scale_factor=2).page
    assert page.evaluate(_OVERFLOW) <= 0
    assert page.locator("main h1").first.is_visible()


_TEXT_SPACING = """() => {
  const style = document.createElement('link');
  const css = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important;'
    + ' word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const clipped = [...document.querySelectorAll('main *')].filter(el => {
    const s = getComputedStyle(el);
    return (s.overflow === 'hidden' || s.overflowX === 'hidden') && el.scrollWidth > el.clientWidth + 1
      && !el.classList.contains('visually-hidden');
  }).map(el => el.tagName + '.' + el.className);
  return {overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, clipped};
}"""


@pytest.mark.parametrize("path", ["en/groups/riverside-veterans-peer-circle/", "ar/", "fr/crisis/"])
def test_text_spacing_loses_no_content(visit: Any, path: str) -> None:
    page = visit(path, viewport={"width": 360, "height": 720}).page
    assert page.evaluate(_TEXT_SPACING) == {"overflow": 0, "clipped": []}


_SMALL_TARGETS = """() => {
  const inSentence = el => {
    const block = el.closest('p, li, dd, td');
    if (!block) return false;
    const text = block.textContent.replace(el.textContent, '').trim();
    return text.length > 0 && getComputedStyle(el).display === 'inline';
  };
  return [...document.querySelectorAll('a[href], button, input, select, summary')]
    .filter(el => el.offsetParent !== null && !el.closest('.visually-hidden'))
    .filter(el => {
      // a control's target includes its label, which takes the same click
      const boxes = [el, ...(el.labels || [])].map(x => x.getBoundingClientRect());
      const width = Math.max(...boxes.map(b => b.width));
      const height = Math.max(...boxes.map(b => b.height));
      return width < 24 || height < 24;
    })
    .filter(el => !inSentence(el))
    .map(el => el.tagName + ' ' + (el.textContent || el.name).trim().slice(0, 30));
}"""


@pytest.mark.parametrize(
    "path",
    [
        "en/",
        "ar/groups/lakemba-arabic-newcomers-circle/",
        "es/browse/",
        "fr/search/",
        "en/groups/",
        "ar/crisis/",
    ],
)
def test_targets_are_at_least_24_pixels(visit: Any, path: str) -> None:
    page = visit(path, viewport={"width": 360, "height": 720}).page
    assert page.evaluate(_SMALL_TARGETS) == []


def test_quick_exit_button_replaces_the_page(visit: Any) -> None:
    opened = visit("en/")
    page = opened.page
    page.route("https://www.example.com/**", lambda route: route.fulfill(body="neutral"))
    page.goto(opened.server + "en/crisis/")
    page.locator("[data-quick-exit]").click()
    page.wait_for_url("https://www.example.com/weather")
    page.go_back()
    assert page.url == opened.server + "en/"  # the page that was exited is not in the history


def test_pressing_shift_three_times_leaves_at_once(visit: Any) -> None:
    opened = visit("ar/search/")
    page = opened.page
    page.route("https://www.example.com/**", lambda route: route.fulfill(body="neutral"))
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("https://www.example.com/weather")


def test_typing_capitals_does_not_trigger_the_quick_exit(visit: Any) -> None:
    page = visit("en/search/").page
    page.locator("pagefind-input input").press_sequentially("ABC DEF")
    page.wait_for_timeout(300)
    assert page.url.endswith("/en/search/") or "q=ABC" in page.url


def test_crisis_help_is_in_the_same_place_on_every_page(sample_build: Path) -> None:
    for page in sorted(sample_build.rglob("*.html")):
        if page.is_relative_to(sample_build / "pagefind"):
            continue
        html = page.read_text(encoding="utf-8")
        body = html.split("<body", 1)[1]
        order = [
            body.find('class="skip-link"'),
            body.find('class="quick-exit"'),
            body.find('class="crisis-bar"'),
        ]
        assert -1 not in order and order == sorted(order), page
        bar = body[order[2] :].split("</aside>", 1)[0]
        assert 'href="tel:' in bar, page  # the line of the page's country, or the site's own


def test_outbound_links_carry_noopener_noreferrer(sample_build: Path) -> None:
    bad = []
    for page in sorted(sample_build.rglob("*.html")):
        if page.is_relative_to(sample_build / "pagefind"):
            continue
        for tag in re.findall(r"<a\s[^>]*href=\"https?://[^\"]*\"[^>]*>", page.read_text()):
            rel = re.search(r'rel="([^"]*)"', tag)
            if not rel or not {"noopener", "noreferrer"} <= set(rel.group(1).split()):
                bad.append((page.relative_to(sample_build).as_posix(), tag))
    assert bad == []


def test_headers_file_sets_a_strict_policy(sample_build: Path) -> None:
    headers = (sample_build / "_headers").read_text()
    csp = re.search(r"Content-Security-Policy: (.*)", headers)
    assert csp is not None
    policy = dict(
        (part.split()[0], part.split()[1:]) for part in csp.group(1).split("; ") if part.strip()
    )
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in csp.group(1) and "'unsafe-eval'" not in csp.group(1)
    for header in (
        "Strict-Transport-Security: max-age=63072000",
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy: no-referrer",
        "Permissions-Policy: ",
        "Cross-Origin-Opener-Policy: same-origin",
        "Cross-Origin-Resource-Policy: same-origin",
        "X-Frame-Options: DENY",
    ):
        assert header in headers
    meta = re.search(
        r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">',
        (sample_build / "en" / "index.html").read_text(),
    )
    assert meta is not None and "frame-ancestors" not in meta.group(1)
    assert meta.group(1).replace("&#39;", "'") in csp.group(1)
