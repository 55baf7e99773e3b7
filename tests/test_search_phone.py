"""The search page on a phone and a desktop, as a keyboard, a screen reader and forced colours
meet it: results first, few Tab presses, one announcement, restored filters said, no movement."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from generator.catalog.labels import KIND_LABELS, SEARCH_FILTERS
from generator.text.i18n import load_translations
from generator.theme.folders import DEFAULT_THEME

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
SIZES = {"360": PHONE, "1280": DESKTOP}
# a word each language's entries use, found in several entries
WORDS = {"en": "grief", "ar": "حزن"}


def _gettext(lang: str) -> Any:
    return load_translations([DEFAULT_THEME / "locales"], lang).gettext


@pytest.fixture
def context(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Return a fresh browser context; `request.param` may give its options."""
    options = getattr(request, "param", {})
    created = browser.new_context(**{"viewport": PHONE, **options})
    yield created
    created.close()


def _open(context: Any, server: str, address: str, size: dict[str, int] = PHONE) -> Any:
    page = context.new_page()
    page.set_viewport_size(size)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    # every layout shift, counted from the first paint (PerformanceObserver, buffered)
    page.add_init_script(
        """window.__shifts = [];
        new PerformanceObserver(list => {
            for (const entry of list.getEntries()) {
                window.__shifts.push({value: entry.value, input: entry.hadRecentInput});
            }
        }).observe({type: 'layout-shift', buffered: true});
        window.__said = [];
        new MutationObserver(records => {
            for (const record of records) {
                const region = record.target.nodeType === 1 ? record.target
                    : record.target.parentElement;
                const live = region && region.closest('[aria-live], [role=status]');
                if (live && live.textContent.trim()) {
                    window.__said.push(live.textContent.trim());
                }
            }
        }).observe(document, {subtree: true, childList: true, characterData: true});"""
    )
    page.goto(server + address)
    return page


def _settled(page: Any) -> None:
    """Wait until the result list is drawn, its first cards in place."""
    page.wait_for_function(
        "() => { const root = document.querySelector('[data-search]');"
        " const list = document.querySelector('pagefind-results ul');"
        " return root && !root.classList.contains('search-pending') && list"
        " && list.getAttribute('aria-busy') === 'false'"
        " && document.querySelector('pagefind-summary').textContent.trim()"
        " && (document.querySelector('.search-result a')"
        "     || /\\b0\\b|No |Aucun|Ning|لا /.test(document.querySelector('pagefind-summary')"
        "        .textContent)); }"
    )


def _start(page: Any) -> None:
    """Act as a visitor does first (focus the box), which starts Pagefind; wait for its list."""
    page.locator("pagefind-input input").focus()
    _settled(page)


def _type_and_submit(page: Any, word: str) -> None:
    box = page.locator("pagefind-input input")
    box.click()
    box.press_sequentially(word, delay=60)
    box.press("Enter")
    page.wait_for_function(
        "word => document.querySelector('pagefind-summary').textContent.includes(word.trim())"
        " && !/\\.\\.\\.|…/.test(document.querySelector('pagefind-summary').textContent)",
        arg=word,
    )
    _settled(page)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_first_result_is_on_the_first_screen_after_a_search(
    context: Any, sample_server: str, lang: str, size: str
) -> None:
    page = _open(context, sample_server, f"{lang}/search/", SIZES[size])
    _start(page)
    _type_and_submit(page, WORDS[lang])
    page.evaluate("() => window.scrollTo(0, 0)")
    first = page.locator(".search-result a").first.bounding_box()
    assert first is not None
    assert first["y"] + first["height"] <= SIZES[size]["height"], first
    assert page.errors == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_enter_moves_focus_to_the_summary_and_six_tabs_reach_the_first_result(
    context: Any, sample_server: str, lang: str, size: str
) -> None:
    page = _open(context, sample_server, f"{lang}/search/", SIZES[size])
    _start(page)
    _type_and_submit(page, WORDS[lang])
    page.wait_for_function("() => document.activeElement.matches('[data-search-summary]')")
    summary = " ".join(page.locator("[data-search-summary]").inner_text().split())
    assert summary.split()[0].strip("٠١٢٣٤٥٦٧٨٩0123456789") == ""  # it starts with the count
    page.locator("pagefind-input input").focus()
    presses = 0
    while presses < 12:
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate("() => document.activeElement.matches('.search-result a')"):
            break
    first_link = page.locator(".search-result a").first
    assert first_link.evaluate("a => a === document.activeElement")
    assert presses <= 6, presses


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_count_is_announced_once_not_at_every_key(
    context: Any, sample_server: str, lang: str
) -> None:
    page = _open(context, sample_server, f"{lang}/search/")
    _start(page)
    box = page.locator("pagefind-input input")
    box.click()
    page.evaluate("() => { window.__said = []; }")
    box.press_sequentially(WORDS[lang], delay=350)  # slow enough that every key searches
    _settled(page)
    page.wait_for_timeout(2500)
    said = page.evaluate("() => window.__said")
    summary = " ".join(page.locator("[data-search-summary]").inner_text().split())
    assert said == [summary]
    assert page.locator("[data-search-announce]").get_attribute("role") == "status"


def test_a_filter_change_is_announced_with_what_is_filtered(
    context: Any, sample_server: str
) -> None:
    page = _open(context, sample_server, "en/search/?q=peer")
    _settled(page)
    page.wait_for_timeout(1500)
    page.evaluate("() => { window.__said = []; }")
    page.get_by_role("button", name="Filters").click()
    page.locator("pagefind-filter-pane summary", has_text="Cost").click()
    page.get_by_role("checkbox", name="Free").check()
    page.wait_for_function("() => window.__said.length > 0")
    page.wait_for_timeout(1000)
    said = page.evaluate("() => window.__said")
    assert len(said) == 1
    assert said[0].endswith("Filtered by Cost: Free.")
    assert page.get_by_role("button", name="Filters (1)").get_attribute("aria-expanded") == "true"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_restored_filters_are_said_and_checked(context: Any, sample_server: str, lang: str) -> None:
    _ = _gettext(lang)
    kind, cost = _(SEARCH_FILTERS["kind"]), _(SEARCH_FILTERS["cost"])
    group, free = _(KIND_LABELS["support-group"][0]), _("Free")
    address = f"{lang}/search/?{quote(kind)}={quote(group)}&{quote(cost)}={quote(free)}"
    page = _open(context, sample_server, address)
    _settled(page)
    toggle = page.get_by_role("button", name=_("Filters (%(count)s)") % {"count": 2})
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator("[data-filters-pane]").is_hidden()
    summary = page.locator("[data-search-filtered]").inner_text()
    before, after = _("Filtered by %(filters)s.").split("%(filters)s")
    assert summary.startswith(before) and summary.endswith(after)
    assert f"{kind}: {group}" in summary and f"{cost}: {free}" in summary
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    snapshot = page.locator("pagefind-filter-pane").aria_snapshot()
    for name in (group, free):
        box = page.locator(f'pagefind-filter-pane input[value="{name}"]')
        assert box.is_checked() and box.is_visible(), name
        # the accessibility tree has it, checked: its group was opened for it
        assert re.search(rf'- checkbox "{re.escape(name)} ?[0-9]+" \[checked\]', snapshot), name


def _chevron(page: Any, selector: str) -> tuple[float, float]:
    """Return where the chevron drawn after `selector` points, as an (x, y) unit vector."""
    # the first one shown: the hidden hours filter (now and next) draws none
    shown = page.locator(f"{selector} >> visible=true").first
    matrix = shown.evaluate("e => getComputedStyle(e, '::after').transform")
    a, b, c, d = (float(v) for v in matrix[matrix.index("(") + 1 :].split(",")[:4])
    # the chevron is a box's right and bottom borders: its point is the corner at (1, 1)
    x, y = a + c, b + d
    length = math.hypot(x, y)
    return round(x / length, 2), round(y / length, 2)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_chevrons_point_the_way_the_text_reads(context: Any, sample_server: str, lang: str) -> None:
    page = _open(context, sample_server, f"{lang}/search/", DESKTOP)
    _start(page)
    toggle = page.locator("[data-filters-toggle]")
    assert _chevron(page, "[data-filters-toggle]") == (0.0, 1.0)  # closed: down
    toggle.click()
    assert _chevron(page, "[data-filters-toggle]") == (0.0, -1.0)  # open: up
    closed = "details.pf-filter-group:not([open]) > summary"
    forward = 1.0 if lang == "en" else -1.0
    assert _chevron(page, closed) == (forward, 0.0)
    assert _chevron(page, "[data-near] > summary") == (forward, 0.0)
    page.locator(f"{closed} >> visible=true").first.click()
    assert _chevron(page, "details.pf-filter-group[open] > summary") == (0.0, 1.0)


@pytest.mark.parametrize("context", [{"forced_colors": "active"}], indirect=True)
def test_forced_colours_keep_the_arrows_and_the_boxes(context: Any, sample_server: str) -> None:
    page = _open(context, sample_server, "en/search/?q=grief", DESKTOP)
    _settled(page)
    assert page.evaluate("() => matchMedia('(forced-colors: active)').matches")
    page.locator("[data-filters-toggle]").click()
    for selector in (
        "[data-filters-toggle]",
        "[data-near] > summary",
        "details.pf-filter-group > summary",
    ):
        arrow = page.locator(selector).first.evaluate(
            """e => { const s = getComputedStyle(e, '::after');
            return [s.borderRightStyle, s.borderRightWidth, s.borderRightColor,
                    s.backgroundImage, s.maskImage || 'none']; }"""
        )
        style, width, colour, image, mask = arrow
        assert style == "solid" and float(width.rstrip("px")) >= 2, arrow
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent") and image == mask == "none"
    pane = page.locator("[data-filters-pane]").evaluate("e => getComputedStyle(e).borderTopStyle")
    assert pane == "solid"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_filters_follow_the_users_text_size(context: Any, sample_server: str, lang: str) -> None:
    page = _open(context, sample_server, f"{lang}/search/", PHONE)
    _start(page)
    page.locator("[data-filters-toggle]").click()
    page.locator("details.pf-filter-group").first.evaluate("d => d.open = true")
    body = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll(
            '.pf-filter-group-title, .pf-filter-checkbox, .pf-filter-checkbox-count')]
            .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes and min(sizes) >= body
    # a browser's text size setting: the root size doubles, and nothing in the pane is clipped
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    doubled = page.evaluate(
        """() => [...document.querySelectorAll('.pf-filter-group-title, .pf-filter-checkbox')]
            .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert min(doubled) >= 2 * min(sizes) - 0.5
    clipped = page.evaluate(
        """() => [...document.querySelectorAll(
            '.search-filters, .pf-filter-group, .pf-filter-group-title, .pf-filter-checkbox')]
            .filter(e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)
            .map(e => e.className)"""
    )
    assert clipped == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_nothing_moves_as_results_arrive(
    context: Any, sample_server: str, lang: str, size: str
) -> None:
    page = _open(context, sample_server, f"{lang}/search/?q={quote(WORDS[lang])}", SIZES[size])
    _settled(page)
    page.wait_for_timeout(500)
    _type_and_submit(page, " peer" if lang == "en" else " دعم")
    page.wait_for_timeout(500)
    shifts = page.evaluate("() => window.__shifts")
    total = sum(s["value"] for s in shifts if not s["input"])
    assert total < 0.01, shifts


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_near_me_at_320_px_does_not_scroll_sideways(
    context: Any, sample_server: str, lang: str
) -> None:
    page = _open(context, sample_server, f"{lang}/search/?q=", {"width": 320, "height": 640})
    _settled(page)
    page.locator("[data-near] summary").click()
    page.locator("[data-near-town]").fill("Springfield, Illinois, United States of America")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320
    for selector in ("[data-near-locate]", "[data-near-apply]", "[data-near-town]"):
        box = page.locator(selector).bounding_box()
        assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= 320, selector


def test_search_form_reads_as_a_screen_reader_meets_it(context: Any, sample_server: str) -> None:
    page = _open(context, sample_server, "en/search/?q=Riverside", DESKTOP)
    _settled(page)
    page.wait_for_timeout(1600)  # the count is announced, then the live region is emptied
    from playwright.sync_api import expect

    expect(page.locator("[data-search]")).to_match_aria_snapshot(
        """
        - search "Search this site":
          - searchbox "Search this site": Riverside
          - button "Clear"
        - text: /[0-9]+ results? for Riverside/
        - status
        - button "Filters" [expanded=false]
        - group: Near me
        - paragraph:
          - text: Order results
          - combobox "Order results":
            - option "Best match" [selected]
            - option "Name, A to Z"
            - option "Most recently confirmed"
            - option "Nearest first" [disabled]
        - heading "Results" [level=2]
        - list "Search results":
          - listitem:
            - heading "Riverside Veterans Peer Circle" [level=3]:
              - link "Riverside Veterans Peer Circle":
                - /url: /en/groups/riverside-veterans-peer-circle/
            - paragraph: /veterans and service members support each other/
            - list:
              - listitem: Veteran peer network
              - listitem: /Springfield, Illinois/
              - listitem: English and Spanish
        """
    )


def test_untranslated_result_keeps_its_language_on_the_arabic_page(
    context: Any, sample_server: str
) -> None:
    page = _open(context, sample_server, "ar/search/?q=Prairie", PHONE)
    _settled(page)
    card = page.locator(".search-result", has_text="Prairie Vet-to-Vet Mentors")
    link = card.locator(".card-title a")
    assert link.get_attribute("lang") == "en" and link.get_attribute("dir") == "ltr"
    summary = card.locator(".card-summary [lang]")
    assert summary.get_attribute("lang") == "en" and summary.get_attribute("dir") == "ltr"
    assert card.locator(".untranslated").inner_text() == _gettext("ar")("Not yet translated")
    translated = page.locator(".search-result", has_text="حلقة")
    assert translated.count() == 0 or translated.first.locator("[lang]").count() == 0


def test_a_filter_the_index_lacks_is_left_out_not_left_stuck(
    context: Any, sample_server: str
) -> None:
    # an old link, or a filter label renamed since: it would find nothing, with no box to clear
    page = _open(context, sample_server, "en/search/?q=grief&Cost=Free&Colour=Blue")
    _settled(page)
    page.wait_for_function("() => location.search === '?q=grief&Cost=Free'")
    _settled(page)
    assert page.locator(".search-result").count() > 0
    assert page.get_by_role("button", name="Filters (1)").is_visible()
    assert page.locator("[data-search-filtered]").inner_text() == "Filtered by Cost: Free."


def test_a_number_searched_on_the_arabic_page_reads_as_it_was_typed(
    context: Any, sample_server: str
) -> None:
    # a phone number typed with spaces, "116 123": drawn with the page's direction, the space
    # between the groups reads right to left and shows "123 116", in the box and in the
    # line that says what was searched for
    page = _open(context, sample_server, "ar/search/")
    _start(page)
    box = page.locator("pagefind-input input")
    box.press_sequentially("116 123", delay=60)
    page.wait_for_function(
        "() => document.querySelector('pagefind-summary').textContent.includes('116 123')"
    )
    _settled(page)
    # the box takes its direction from what is typed (as the other pages' box does)
    assert box.evaluate("e => getComputedStyle(e).unicodeBidi") == "plaintext"
    other = _open(context, sample_server, "ar/browse/")
    header = other.locator("#site-search-input")
    assert header.evaluate("e => getComputedStyle(e).unicodeBidi") == "plaintext"
    # in the summary, "116" is drawn left of "123", as typed
    xs = page.evaluate(
        """() => {
            const summary = document.querySelector('pagefind-summary');
            const walker = document.createTreeWalker(summary, NodeFilter.SHOW_TEXT);
            const at = {};
            while (walker.nextNode()) {
                const text = walker.currentNode.nodeValue;
                for (const group of ['116', '123']) {
                    const i = text.indexOf(group);
                    if (i >= 0) {
                        const range = document.createRange();
                        range.setStart(walker.currentNode, i);
                        range.setEnd(walker.currentNode, i + 3);
                        at[group] = range.getBoundingClientRect().left;
                    }
                }
            }
            return at;
        }"""
    )
    assert xs["116"] < xs["123"], xs
    assert page.errors == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_meets_today_is_said_and_counted_as_a_filter(
    context: Any, sample_server: str, lang: str
) -> None:
    # "Meets today" narrows the results as a filter does: the button's count and the summary
    # name it, chosen in the pane or arriving from an address that holds it
    _ = _gettext(lang)
    today = _("Meets today")
    before, after = _("Filtered by %(filters)s.").split("%(filters)s")
    one = _("Filters (%(count)s)") % {"count": 1}
    page = _open(context, sample_server, f"{lang}/search/?q={quote(WORDS[lang])}")
    _settled(page)
    page.get_by_role("button", name=_("Filters")).click()
    page.get_by_role("button", name=today).click()
    page.wait_for_function("() => location.search.includes('when=today')")
    assert page.get_by_role("button", name=one).get_attribute("aria-expanded") == "true"
    assert page.locator("[data-search-filtered]").inner_text() == f"{before}{today}{after}"
    again = _open(context, sample_server, f"{lang}/search/?when=today")
    assert again.get_by_role("button", name=one).get_attribute("aria-expanded") == "false"
    assert again.locator("[data-search-filtered]").inner_text() == f"{before}{today}{after}"
    assert page.errors == [] and again.errors == []


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_the_count_is_said_in_the_plural_the_language_uses(
    context: Any, sample_server: str, lang: str
) -> None:
    # Pagefind has one wording for 1 and one for any other count; Arabic has six plural forms
    # ("14 نتائج" is wrong: from 11 to 99 the noun is singular). The summary is the catalog's
    # form for the count found, as screen readers hear it too.
    translations = load_translations([DEFAULT_THEME / "locales"], lang)
    word = {"fr": "deuil"}.get(lang, WORDS.get(lang, ""))
    page = _open(context, sample_server, f"{lang}/search/?q={quote(word)}")
    _settled(page)
    summary = page.locator("pagefind-summary").inner_text().strip()
    digits = re.match(r"[0-9٠-٩]+", summary)
    assert digits, summary
    count = int(digits.group().translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
    assert count >= 2
    wording = translations.ngettext(
        "[COUNT] result for [SEARCH_TERM]", "[COUNT] results for [SEARCH_TERM]", count
    )
    assert summary == wording.replace("[COUNT]", digits.group()).replace("[SEARCH_TERM]", word)
    none = _open(context, sample_server, f"{lang}/search/?q=xqzvnonexistent")
    _settled(none)
    expected = translations.gettext("No results for [SEARCH_TERM]")
    said = none.locator("pagefind-summary").inner_text().strip()
    assert said == expected.replace("[SEARCH_TERM]", "xqzvnonexistent")
    assert page.errors == [] and none.errors == []
