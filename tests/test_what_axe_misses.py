"""What axe cannot see, tried in Chromium: the quick exit within reach on a phone and at 400%
zoom, by touch and by Shift pressed 3 times with a word after each press; forced colours that
keep every control's box; no sideways scrolling at 320 px, at 400% zoom or with text at 200%;
and the accessibility tree a screen reader walks (Playwright's ARIA snapshots)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

NEUTRAL = "https://www.example.com/weather"  # content/site.yaml quick_exit_url
ENTRY = "groups/riverside-veterans-peer-circle/"  # a long page: scrolling takes the bar away
START = datetime(2026, 11, 25, 9, 0)
PHONE = {"viewport": {"width": 360, "height": 720}}
# a 1280 by 720 window zoomed to 400% lays out in 320 by 180 CSS pixels
ZOOM_400 = {"viewport": {"width": 320, "height": 180}, "device_scale_factor": 4}
WORDS = {
    "en": (
        "Shift: press 2 more times to leave this page.",
        "Shift: press 1 more time to leave this page.",
        "Exit cancelled: this page stays open.",
    ),
    "ar": (
        "Shift: اضغط مرتين أخريين لمغادرة هذه الصفحة.",
        "Shift: اضغط مرة أخرى لمغادرة هذه الصفحة.",
        "أُلغيت المغادرة: تبقى هذه الصفحة مفتوحة.",
    ),
}


@pytest.fixture
def open_page(browser: Any, sample_server: str) -> Iterator[Any]:
    """Return a function opening a path of the sample site in a fresh context; route the exit."""
    contexts: list[Any] = []

    def open_(path: str, clock: bool = False, **options: Any) -> Any:
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.route("https://www.example.com/**", lambda route: route.fulfill(body="neutral"))
        if clock:
            page.clock.install(time=START)
        page.goto(sample_server + path)
        if clock:
            page.clock.pause_at(START + timedelta(minutes=1))  # time moves only when told
        return page

    yield open_
    for context in contexts:
        context.close()


_IN_REACH = """() => {
  const button = document.querySelector('[data-quick-exit]');
  const box = button.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  const bar = document.querySelector('.quick-exit').getBoundingClientRect();
  return {
    scrolled: scrollY > innerHeight,
    inView: box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth,
    onTop: !!hit && button.contains(hit),
    share: Math.round(100 * bar.height / innerHeight),
  };
}"""


@pytest.mark.parametrize("lang", ["en", "ar", "es"])
@pytest.mark.parametrize("options", [PHONE, ZOOM_400], ids=["phone", "zoom-400"])
def test_quick_exit_stays_in_reach_after_scrolling_down(
    open_page: Any, lang: str, options: dict[str, Any]
) -> None:
    page = open_page(f"{lang}/{ENTRY}", **options)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    state = page.evaluate(_IN_REACH)
    assert state["scrolled"] and state["inView"] and state["onTop"], state
    # one slim row, even in Spanish on the smallest screen: it must not eat the window
    assert state["share"] <= (25 if options is ZOOM_400 else 9), state
    page.locator("[data-quick-exit]").click()
    page.wait_for_url(NEUTRAL)


_FOCUS_CLEAR = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const bar = document.querySelector('.quick-exit').getBoundingClientRect();
  return {
    text: (el.textContent || el.tagName).trim().slice(0, 30),
    clear: el.closest('.quick-exit') !== null || box.top >= bar.bottom - 1,
  };
}"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_focus_moving_back_up_the_page_is_never_hidden_under_the_quick_exit(
    open_page: Any, lang: str
) -> None:
    # WCAG 2.4.11: Shift+Tab scrolls up to each control; the sticky bar must not cover it
    page = open_page(f"{lang}/{ENTRY}", **ZOOM_400)
    page.locator(".site-footer a").last.focus()
    hidden = []
    for _ in range(25):
        page.keyboard.press("Shift+Tab")
        state = page.evaluate(_FOCUS_CLEAR)
        if not state["clear"]:
            hidden.append(state["text"])
    assert hidden == []
    assert page.url.endswith(ENTRY)  # Shift held for Tab is no quick-exit press


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_each_shift_press_is_announced_and_lit_then_leaves_on_the_third(
    open_page: Any, lang: str
) -> None:
    page = open_page(f"{lang}/{ENTRY}", **PHONE)
    status = page.locator(".quick-exit").get_by_role("status")
    lit = page.locator(".quick-exit-light-on")
    expect(status).to_have_text("")
    page.keyboard.press("Shift")
    expect(status).to_have_text(WORDS[lang][0])
    expect(status).to_be_visible()
    expect(lit).to_have_count(1)
    page.keyboard.press("Shift")
    expect(status).to_have_text(WORDS[lang][1])
    expect(lit).to_have_count(2)
    page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)


def test_a_pause_of_five_seconds_cancels_the_count_and_says_so(open_page: Any) -> None:
    page = open_page(f"ar/{ENTRY}", clock=True, **PHONE)
    status = page.locator(".quick-exit").get_by_role("status")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(4900)
    expect(status).to_have_text(WORDS["ar"][1])  # under 5 s between presses: still counting
    page.clock.run_for(200)
    expect(status).to_have_text(WORDS["ar"][2])
    expect(page.locator(".quick-exit-light-on")).to_have_count(0)
    page.clock.run_for(5100)
    expect(status).to_have_text("")
    page.keyboard.press("Shift")
    expect(status).to_have_text(WORDS["ar"][0])  # counting starts again from one
    assert page.url.endswith(ENTRY)


def test_slow_presses_never_add_up_to_an_exit(open_page: Any) -> None:
    page = open_page(f"en/{ENTRY}", clock=True, **PHONE)
    for _ in range(4):
        page.keyboard.press("Shift")
        page.clock.run_for(5100)
    assert page.url.endswith(ENTRY)


@pytest.mark.parametrize(
    "keys",
    [
        ["Shift+A", "Shift+B", "Shift+C"],  # capitals
        ["Shift+Tab", "Shift+Tab", "Shift+Tab"],  # moving back through the page
        ["Alt+Shift", "Alt+Shift", "Alt+Shift"],  # switching keyboard language on Windows
        ["Control+Shift", "Control+Shift", "Control+Shift"],  # likewise
    ],
    ids=["capitals", "shift-tab", "alt-shift", "ctrl-shift"],
)
def test_shift_held_for_another_key_is_no_quick_exit_press(open_page: Any, keys: list[str]) -> None:
    # a screen reader user moving back with Shift+Tab must not hear "press 2 more times"
    page = open_page(f"en/{ENTRY}", **PHONE)
    page.locator("#site-search-input").focus()
    for key in keys:
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert page.url.endswith(ENTRY)
    expect(page.locator(".quick-exit").get_by_role("status")).to_have_text("")
    expect(page.locator(".quick-exit-light-on")).to_have_count(0)


def test_another_key_between_shift_presses_starts_the_count_again(open_page: Any) -> None:
    page = open_page(f"en/{ENTRY}", **PHONE)
    page.locator("#site-search-input").focus()
    for key in ["Shift", "Shift", "a", "Shift"]:
        page.keyboard.press(key)
    expect(page.locator(".quick-exit").get_by_role("status")).to_have_text(WORDS["en"][0])
    expect(page.locator(".quick-exit-light-on")).to_have_count(1)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)


@pytest.mark.parametrize(
    "first, second, typed",
    [("Shift", "A", "AAA"), ("Alt", "Shift", "")],
    ids=["shift-released-before-the-letter", "alt-released-before-shift"],
)
def test_keys_released_in_either_order_are_no_press_either(
    open_page: Any, first: str, second: str, typed: str
) -> None:
    page = open_page(f"en/{ENTRY}", **PHONE)
    page.locator("#site-search-input").focus()
    for _ in range(3):
        page.keyboard.down(first)
        page.keyboard.down(second)
        page.keyboard.up(first)
        page.keyboard.up(second)
    page.wait_for_timeout(300)
    assert page.url.endswith(ENTRY)
    assert page.locator("#site-search-input").input_value() == typed
    expect(page.locator(".quick-exit").get_by_role("status")).to_have_text("")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_tapping_the_quick_exit_on_a_touch_screen_leaves_and_skips_the_history(
    open_page: Any, sample_server: str, lang: str
) -> None:
    page = open_page(f"{lang}/", has_touch=True, is_mobile=True, **PHONE)
    page.goto(f"{sample_server}{lang}/{ENTRY}")
    page.evaluate("window.scrollTo(0, 1500)")
    page.locator("[data-quick-exit]").tap()
    page.wait_for_url(NEUTRAL, timeout=2000)
    page.go_back()
    assert page.url == f"{sample_server}{lang}/"


def test_without_javascript_the_quick_exit_is_a_link_that_stays_in_reach(open_page: Any) -> None:
    page = open_page(f"fr/{ENTRY}", java_script_enabled=False, **ZOOM_400)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate(_IN_REACH)["onTop"]
    page.locator("[data-quick-exit]").click()
    page.wait_for_url(NEUTRAL)


_BOX = """el => {
  const s = getComputedStyle(el);
  const sides = ['Top', 'Right', 'Bottom', 'Left'];
  let bg = 'rgba(0, 0, 0, 0)';
  for (let node = el; node && bg === 'rgba(0, 0, 0, 0)'; node = node.parentElement) {
    bg = getComputedStyle(node).backgroundColor;
  }
  return sides.every(side => parseFloat(s['border' + side + 'Width']) >= 1
    && s['border' + side + 'Style'] !== 'none' && s['border' + side + 'Color'] !== bg);
}"""


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_forced_colours_keep_the_quick_exit_box_and_its_lights(
    open_page: Any, lang: str, scheme: str
) -> None:
    page = open_page(f"{lang}/", forced_colors="active", color_scheme=scheme, **PHONE)
    assert page.locator("[data-quick-exit]").evaluate(_BOX)
    page.keyboard.press("Shift")
    lights = page.locator(".quick-exit-light")
    assert [lights.nth(i).evaluate(_BOX) for i in range(3)] == [True] * 3
    on = page.locator(".quick-exit-light-on")
    # a lit light is filled by its border, which forced colours keep (a background would go)
    assert on.evaluate("el => parseFloat(getComputedStyle(el).borderTopWidth)") >= 5


@pytest.mark.parametrize("path", ["en/", "ar/browse/"])
def test_forced_colours_underline_only_the_current_page_in_the_main_menu(
    open_page: Any, path: str
) -> None:
    page = open_page(path, forced_colors="active")
    lines = page.locator(".main-nav a").evaluate_all(
        """links => links.map(a => [a.getAttribute('aria-current') === 'page',
            getComputedStyle(a).borderBottomColor === getComputedStyle(document.body).backgroundColor])"""
    )
    assert lines and all(current != invisible for current, invisible in lines), lines
    assert sum(current for current, _ in lines) == 1


# --- every page type: no sideways scrolling, nothing clipped --------------------------------

PAGE_TYPES = ["404.html", ""] + [
    f"{lang}/{path}"
    for lang in ("en", "ar")
    for path in (
        "",
        ENTRY,
        "groups/avon-peer-mentors/",
        "groups/",
        "browse/",
        "browse/kind/",
        "browse/topics/anxiety/",
        "browse/places/fr/",
        "browse/time/",
        "guides/",
        "guides/what-is-peer-support/",
        "crisis/",
        "about/",
        "privacy/",
        "accessibility/",
        "safety/",
        "data/",
    )
]

_SIDEWAYS = """() => {
  const over = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > innerWidth + 1 || box.left < -1)
      && !el.closest('.visually-hidden, .skip-link');
  }).slice(0, 3).map(el => el.tagName + '.' + el.className);
  const clipped = [...document.querySelectorAll('body *')].filter(el => {
    const s = getComputedStyle(el);
    return /hidden|clip/.test(s.overflowX + s.overflowY)
      && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
      && !el.closest('.visually-hidden');
  }).map(el => el.tagName + '.' + el.className);
  return {over: Math.max(over, 0), wide: over > 0 ? wide : [], clipped};
}"""
FINE = {"over": 0, "wide": [], "clipped": []}


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_page_reflows_at_320_px_at_400_percent_zoom_and_with_text_at_200_percent(
    open_page: Any, path: str
) -> None:
    page = open_page(path, viewport={"width": 320, "height": 640})
    found = {"320 px": page.evaluate(_SIDEWAYS)}
    page.set_viewport_size({"width": 320, "height": 180})  # 1280 by 720 at 400%
    found["400% zoom"] = page.evaluate(_SIDEWAYS)
    # the browser's text size at 200% (not zoom): the default font size doubles
    session = page.context.new_cdp_session(page)
    session.send("Page.enable")
    session.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    for width, height in ((1280, 720), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 32
        found[f"text 200% at {width} px"] = page.evaluate(_SIDEWAYS)
    assert found == {key: FINE for key in found}


_UNBOXED = """box => [...document.querySelectorAll(
    '.button, .quick-exit-button, .choices a, button, input, select, textarea, summary')]
  .filter(el => el.getClientRects().length && !el.closest('.visually-hidden'))
  .filter(el => !box(el))
  .map(el => el.tagName + '.' + el.className + ' ' + el.textContent.trim().slice(0, 20))"""


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_forced_colours_draw_a_box_round_every_control(open_page: Any, path: str) -> None:
    # backgrounds vanish in forced colours: a control shaped by its background alone vanishes too
    page = open_page(path, forced_colors="active", viewport={"width": 1280, "height": 720})
    assert page.evaluate(f"() => ({_UNBOXED})({_BOX})") == []


# --- the accessibility tree -------------------------------------------------------------------

CHROME = {
    "en": """
- link "Skip to main content"
- complementary "Leave this site quickly":
  - link /Exit this page ?. or press the Shift key 3 times/
  - link "Browsing safely"
  - status
- banner:
  - link "Peer Support Directory"
  - navigation "Languages"
  - search:
    - searchbox "Search the directory"
    - button "Search"
  - navigation "Main"
""",
    "ar": """
- link "تخطَّ إلى المحتوى الرئيسي"
- complementary "مغادرة هذا الموقع بسرعة":
  - link /غادِر هذه الصفحة ?. أو اضغط على مفتاح Shift ثلاث مرات/
  - link "التصفح بأمان"
  - status
- banner:
  - link "دليل دعم الأقران"
  - navigation "اللغات"
  - search:
    - searchbox "البحث في الدليل"
    - button "بحث"
  - navigation "القائمة الرئيسية"
""",
}
FOOTER = {
    "en": '- contentinfo:\n  - navigation "About this site"\n',
    "ar": '- contentinfo:\n  - navigation "عن هذا الموقع"\n',
}
MAIN = {
    "en/": """
- main:
  - heading "Peer Support Directory" [level=1]
  - region "Need help right now?":
    - heading "Need help right now?" [level=2]
    - paragraph:
      - link "Crisis lines, free and confidential"
  - region "Find support":
    - heading "Find support" [level=2]
    - heading "By kind of support" [level=3]
    - heading "By how you attend" [level=3]
    - heading "By topic" [level=3]
  - region "Guides":
    - heading "Guides" [level=2]
""",
    "ar/": """
- main:
  - heading "دليل دعم الأقران" [level=1]
  - region "بحاجة إلى مساعدة الآن؟":
    - heading "بحاجة إلى مساعدة الآن؟" [level=2]
  - region "البحث عن دعم":
    - heading "البحث عن دعم" [level=2]
    - heading "حسب نوع الدعم" [level=3]
    - heading "حسب طريقة الحضور" [level=3]
    - heading "حسب الموضوع" [level=3]
  - region "إرشادات":
    - heading "إرشادات" [level=2]
""",
    "en/groups/avon-peer-mentors/": """
- main:
  - article:
    - heading "Avon Peer Mentors" [level=1]
    - term: How to attend
    - term: When
    - region "What to expect":
      - heading "What to expect" [level=2]
    - region "How to join":
      - heading "How to join" [level=2]
    - region "Contact":
      - heading "Contact" [level=2]
""",
    "ar/groups/avon-peer-mentors/": """
- main:
  - article:
    - heading "Avon Peer Mentors" [level=1]
    - paragraph: بعض أجزاء هذا المدخل غير مترجمة بعد، وتظهر بلغتها الأصلية.
    - term: طريقة الحضور
    - region "ما يمكن توقّعه":
      - heading "ما يمكن توقّعه" [level=2]
    - region "كيفية الانضمام":
      - heading "كيفية الانضمام" [level=2]
    - region "التواصل":
      - heading "التواصل" [level=2]
""",
    "en/browse/": """
- main:
  - heading "Browse the directory" [level=1]
  - region "Kind of support":
    - heading "Kind of support" [level=2]
  - region "How to attend"
  - region "Topics"
  - region "Who it is for"
  - region "Places"
  - region "Languages spoken"
""",
    "ar/browse/topics/anxiety/": """
- main:
  - navigation "مسار التنقل"
  - heading /^القلق/ [level=1]
  - list:
    - listitem:
      - heading "Avon Peer Mentors" [level=2]
""",
}
_SPOKEN_IN = """el => {
  const text = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
    acceptNode: node => node.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP,
  }).nextNode();
  return text.parentElement.closest('[lang]').lang;
}"""
# text that stays in its own language on these pages, and must say so for a screen reader's voice
UNTRANSLATED = {
    "ar/groups/avon-peer-mentors/": [("main h1", "en"), ("main .lead", "en")],
    "ar/browse/topics/anxiety/": [(".card > h2:has-text('Avon Peer Mentors')", "en")],
    "en/groups/avon-peer-mentors/": [("main h1", "en")],
}


@pytest.mark.parametrize("path", list(MAIN))
def test_screen_readers_meet_the_landmarks_headings_and_languages_we_expect(
    open_page: Any, path: str
) -> None:
    lang = path[:2]
    page = open_page(path, **PHONE)
    body = page.locator("body")
    expect(body).to_match_aria_snapshot(CHROME[lang] + MAIN[path] + FOOTER[lang])
    for selector, spoken in UNTRANSLATED.get(path, []):
        found = page.locator(selector).first.evaluate(_SPOKEN_IN)
        assert (selector, found) == (selector, spoken)
    # the page's own words are in the page's language
    assert page.locator("html").get_attribute("lang") == lang
