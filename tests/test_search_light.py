"""The search page stays light: Pagefind starts only when the visitor acts (issue 21).

Bytes are counted as a CDN sends them (gzip, `test_lighthouse._serve_compressed`): the sum of
every response body the page received. `python tests/test_search_light.py SITE [LANG]` prints
the same figures for any built site (the README's, at 1,000 and 10,000 entries).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))  # run as a script: this checkout's generator

from test_lighthouse import _serve_compressed  # noqa: E402

from generator.publishing.search import indexed_pages_hash, search_copies  # noqa: E402

# Before the visitor acts the page loads its HTML, the stylesheet and the theme's scripts: about
# 30 kB on the sample site (54 entries). Pagefind's runtime alone (interface, core, WebAssembly)
# is about 150 kB, so this fails the moment any of it is fetched before it is needed.
BEFORE_ACTING_LIMIT = 45_000


class Transfers:
    """What a page received: each finished request's URL and its body as sent, in bytes."""

    def __init__(self, page: Any) -> None:
        self.sent: list[tuple[str, int]] = []
        page.on("requestfinished", self._finished)

    def _finished(self, request: Any) -> None:
        try:
            size = max(0, int(request.sizes()["responseBodySize"]))  # -1: from the cache
        except Exception:  # noqa: BLE001 - a request the page dropped counts nothing
            size = 0
        self.sent.append((request.url, size))

    @property
    def total(self) -> int:
        return sum(size for _, size in self.sent)

    def pagefind(self) -> list[str]:
        return [url for url, _ in self.sent if "/pagefind/" in url]


def _settle(page: Any) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    page.wait_for_load_state("networkidle")


def _results_drawn(page: Any) -> None:
    page.wait_for_function(
        "() => { const s = document.querySelector('pagefind-summary .pf-summary');"
        " return s && /[0-9]/.test(s.textContent) && !document.querySelector('.search-pending')"
        " && document.querySelector('.search-result'); }",
        timeout=60_000,
    )
    _settle(page)


def _open(browser: Any, url: str) -> tuple[Any, Any, Transfers]:
    context = browser.new_context()  # an empty cache
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    transfers = Transfers(page)
    page.goto(url)
    _settle(page)
    return context, page, transfers


def measure(browser: Any, address: str, lang: str = "en", word: str = "grief") -> dict[str, int]:
    """Bytes the search page of `lang` received: before acting, after typing `word` (in total),
    then after opening Filters (in total), and on a fresh visit that only opens Filters."""
    figures: dict[str, int] = {}
    context, page, transfers = _open(browser, f"{address}{lang}/search/")
    figures["before"] = transfers.total
    figures["before_requests"] = len(transfers.sent)
    page.locator("pagefind-input input").press_sequentially(word, delay=80)
    page.wait_for_url(f"**/search/?q={word}")
    _results_drawn(page)
    figures["typed"] = transfers.total
    figures["typed_requests"] = len(transfers.sent)
    page.locator("[data-filters-toggle]").click()
    page.locator("pagefind-filter-pane label.pf-filter-checkbox").first.wait_for(state="attached")
    _settle(page)
    figures["typed_then_filters"] = transfers.total
    context.close()
    context, page, transfers = _open(browser, f"{address}{lang}/search/")
    page.locator("[data-filters-toggle]").click()
    page.locator("pagefind-filter-pane label.pf-filter-checkbox").first.wait_for(state="attached")
    _results_drawn(page)
    figures["filters"] = transfers.total
    context.close()
    return figures


@pytest.fixture(scope="module")
def compressed(sample_build: Path) -> Any:
    with _serve_compressed(sample_build) as address:
        yield address


def test_search_page_loads_no_pagefind_before_the_visitor_acts(
    browser: Any, compressed: str
) -> None:
    context, page, transfers = _open(browser, f"{compressed}en/search/")
    assert transfers.pagefind() == []
    assert transfers.total < BEFORE_ACTING_LIMIT, transfers.sent
    # what it shows meanwhile: the first entries by name, their count, the way to all of them
    assert page.locator("[data-search-first] .card").count() == 10
    assert page.locator("[data-search-first] .result-count").inner_text() == (
        "54 entries · showing 1 to 10 · All entries"
    )
    link = page.locator("[data-search-first] a", has_text="All entries")
    assert link.get_attribute("href") == "../groups/"
    print("before acting:", transfers.total, "bytes in", len(transfers.sent), "requests")
    assert page.errors == []
    context.close()


def _starts(page: Any, transfers: Transfers) -> None:
    """Pagefind's interface and core were fetched and it drew results."""
    _results_drawn(page)
    assert any(u.endswith("/pagefind-component-ui.js") for u in transfers.pagefind())
    assert any(u.endswith("/pagefind.js") for u in transfers.pagefind())


@pytest.mark.parametrize("delay", [0, 5, 40])
def test_typing_starts_the_search_and_keeps_every_key(
    browser: Any, compressed: str, delay: int
) -> None:
    # typed while Pagefind loads, and while it draws its own box in place of the page's: every
    # letter is kept, searched, and the box keeps the focus
    context, page, transfers = _open(browser, f"{compressed}en/search/")
    page.locator("pagefind-input input").press_sequentially("grief", delay=delay)
    page.wait_for_url("**/en/search/?q=grief")
    _starts(page, transfers)
    box = page.locator("pagefind-input input")
    assert box.input_value() == "grief"
    assert box.evaluate("input => input === document.activeElement")
    assert page.locator("[data-search-first]").is_hidden()
    titles = page.locator(".search-result .card-title").all_inner_texts()
    assert titles and all("Grief" in t or "grief" in t.lower() for t in titles[:1])
    assert page.errors == []
    context.close()


@pytest.mark.parametrize(
    "address",
    [
        "en/search/?q=grief",
        "en/search/?Kind=Warmline",
        "en/search/?sort=name",
        "en/search/?when=today",
    ],
)
def test_a_shared_search_starts_at_once(browser: Any, compressed: str, address: str) -> None:
    context, page, transfers = _open(browser, compressed + address)
    _starts(page, transfers)
    assert page.errors == []
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_page_before_acting_passes_axe(browser: Any, compressed: str, lang: str) -> None:
    from test_accessibility import _axe

    context, page, transfers = _open(browser, f"{compressed}{lang}/search/")
    assert transfers.pagefind() == []
    assert _axe(page) == []
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_nothing_moves_when_pagefind_takes_over_the_list(
    browser: Any, compressed: str, lang: str, width: int
) -> None:
    # counted whether or not the visitor just acted: a slow connection brings the results later
    # than the half second a browser forgives after a tap
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.add_init_script(
        """window.__shifts = [];
        new PerformanceObserver(list => {
            for (const entry of list.getEntries()) { window.__shifts.push(entry.value); }
        }).observe({type: 'layout-shift', buffered: true});"""
    )
    page.goto(f"{compressed}{lang}/search/")
    _settle(page)
    page.locator("pagefind-input input").focus()
    _results_drawn(page)
    assert page.locator("[data-search-first]").is_hidden()
    shifts = page.evaluate("() => window.__shifts")
    assert sum(shifts) < 0.01, shifts
    context.close()


ACTIONS: dict[str, Callable[[Any], None]] = {
    "focus": lambda page: page.locator("pagefind-input input").focus(),
    "filters": lambda page: page.locator("[data-filters-toggle]").click(),
    "near me": lambda page: page.locator("[data-near] summary").click(),
    "order": lambda page: page.locator("[data-search-sort]").select_option("name"),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_each_sign_of_intent_starts_the_search(browser: Any, compressed: str, action: str) -> None:
    context, page, transfers = _open(browser, f"{compressed}en/search/")
    assert transfers.pagefind() == []
    ACTIONS[action](page)
    _starts(page, transfers)
    assert page.errors == []
    context.close()


def test_opening_filters_first_loads_them_and_lists_everything(
    browser: Any, compressed: str, sample_build: Path
) -> None:
    context, page, transfers = _open(browser, f"{compressed}en/search/")
    page.locator("[data-filters-toggle]").click()
    page.locator("pagefind-filter-pane label.pf-filter-checkbox").first.wait_for(state="attached")
    _starts(page, transfers)
    assert any("/pagefind/en/filter/" in u for u in transfers.pagefind())
    assert page.locator("[data-filters-toggle]").get_attribute("aria-expanded") == "true"
    listed = page.locator("pagefind-summary").inner_text().split()[0]
    assert int(listed) == indexed_pages_hash(search_copies(sample_build), "en")["en"][1]
    context.close()


if __name__ == "__main__":
    from playwright.sync_api import sync_playwright

    site = Path(sys.argv[1])
    lang = sys.argv[2] if len(sys.argv) > 2 else "en"
    with sync_playwright() as p, _serve_compressed(site) as address:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        print(measure(browser, address, lang))
        browser.close()
