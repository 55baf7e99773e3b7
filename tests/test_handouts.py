"""Handouts (issue 24): what a list, the search results, an entry and the crisis page give on
paper, printed by Chromium to PDF and read back as text (poppler's pdftotext where it is
installed, else the page's own text in print media), in English and Arabic, on a phone's
width and a desktop's."""

from __future__ import annotations

import base64
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from conftest import FIXTURES, TODAY, catalog_of, serve_folder

from generator.planning.handout import card_contact, entry_sheet, qr_image

LANGS = ("en", "ar")
WIDTHS = (360, 1280)
BASE = "https://peers.example.org/"  # the fixture site's base_url
COUNT = 23  # more than a list page's entries here: the handout must gather the second page too
LIST_PAGE = 20  # this site's lists hold 20 a page (the default is 100), so 23 make two pages


def _group(number: int) -> str:
    return f"""\
name: Handout Group {number:02d}
kind: support-group
summary: A group that a handout lists.
attendance: in-person
joining: open
facilitation: peer-led
topics: [grief]
languages: [en]
cost: free
location:
  venue: Hall {number}
  address: {number} High Street
  city: London
  postal_code: N1 1AA
  country: GB
  coordinates: [51.53, -0.1]
schedule:
  timezone: Europe/London
  meetings:
    - day: monday
      start: "18:00"
      end: "19:30"
contact:
  website: https://group-{number:02d}.example.org/
  phone: "+44 20 7946 0{number:03d}"
verified:
  date: 2026-10-{number:02d}
  source: Website
"""


def _phone(number: int) -> str:
    return f"+44 20 7946 0{number:03d}"


def _website(number: int) -> str:
    return f"https://group-{number:02d}.example.org/"


@pytest.fixture(scope="module")
def handout_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a small site whose British list has two pages of groups."""
    from generator.build.site import build_site
    from generator.planning import pages

    root = tmp_path_factory.mktemp("handouts")
    content = root / "content"
    shutil.copytree(FIXTURES / "valid", content)
    for number in range(1, COUNT + 1):
        path = content / "groups" / "gb" / f"handout-group-{number:02d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_group(number), encoding="utf-8")
    # a guide that search finds with the groups: a handout lists only entries
    (content / "resources" / "handing-out.md").write_text(
        "---\ntitle: Handing out a handout\nsummary: How a handout helps.\n"
        "topics: [grief]\nupdated: 2026-09-14\n---\nPrint a handout for the waiting room.\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "PAGE_SIZE", LIST_PAGE)
        result = build_site(content, root / "site", TODAY)
    assert result.published, [p.format() for p in result.problems]
    with serve_folder(root / "site") as address:
        yield address


# --- what the build writes (no browser) -------------------------------------------------------


def _modules(img: str) -> list[list[bool]]:
    """Return the dark modules a QR code's <img> shows, row by row, its quiet zone included:
    its PNG read back (1-bit greyscale, 0 black) and sampled at the middle of each module."""
    found = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', img)
    assert found, img[:80]
    png = base64.b64decode(found.group(1))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = {}, 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length : at + 12 + length])[0] == zlib.crc32(
            kind + data
        )
        chunks[kind] = chunks.get(kind, b"") + data
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (width, depth, colour) == (height, 1, 0)  # square, 1 bit, greyscale
    stride = (width + 7) // 8
    raw = zlib.decompress(chunks[b"IDAT"])
    rows = [raw[y * (stride + 1) : (y + 1) * (stride + 1)] for y in range(height)]
    assert {row[0] for row in rows} == {0}  # no PNG filter to undo

    def dark(x: int, y: int) -> bool:
        return not rows[y][1 + x // 8] >> (7 - x % 8) & 1

    # the top left finder pattern's first row is the first dark run: seven modules long
    top = next(y for y in range(height) if any(dark(x, y) for x in range(width)))
    left = next(x for x in range(width) if dark(x, top))
    run = next(x for x in range(left, width) if not dark(x, top)) - left
    assert run % 7 == 0 and left == top
    pixels = run // 7  # a module's side
    assert left == 4 * pixels and width % pixels == 0  # the quiet zone the standard asks for
    size, middle = width // pixels, pixels // 2
    return [
        [dark(c * pixels + middle, r * pixels + middle) for c in range(size)] for r in range(size)
    ]


def _reads(img: str) -> str | None:
    """Return what a QR reader (zxing-cpp's, not the code that drew it) reads from an image's
    modules, drawn again at one pixel a module, quiet zone included; None if it reads nothing."""
    modules = _modules(img)
    pixels = bytes(0 if dark else 255 for row in modules for dark in row)
    size = len(modules)
    view = zxingcpp.ImageView(pixels, size, size, zxingcpp.ImageFormat.Lum)
    found = zxingcpp.read_barcode(view, formats=zxingcpp.BarcodeFormat.QRCode)
    return found.text if found is not None and found.valid else None


def test_the_qr_code_draws_the_entry_address() -> None:
    sheet = entry_sheet(BASE, "ar", "handout-group-01")
    assert sheet["url"] == "https://peers.example.org/ar/groups/handout-group-01/"
    assert _reads(sheet["qr"]) == sheet["url"]
    # each language's sheet leads to its own page
    english = entry_sheet(BASE, "en", "handout-group-01")
    assert _reads(english["qr"]) == "https://peers.example.org/en/groups/handout-group-01/"
    assert _modules(english["qr"]) != _modules(sheet["qr"])


def test_the_qr_code_is_a_picture_screen_readers_skip() -> None:
    img = qr_image("https://peers.example.org/en/groups/x/")
    assert re.fullmatch(
        r'<img class="qr" alt="" src="data:image/png;base64,[A-Za-z0-9+/]+=*">', img
    )
    # much lighter than the SVG path it replaced (about 2 kB on every entry page)
    assert len(img) < 800


@pytest.mark.slow
def test_a_card_prints_the_number_to_call_and_the_website(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", content)
    (content / "groups" / "gb").mkdir()
    (content / "groups" / "gb" / "g.yaml").write_text(_group(7), encoding="utf-8")
    entry = next(item.entry for item in catalog_of(content).published if item.slug == "g")
    assert card_contact(entry) == ("+44 20 7946 0007", "group-07.example.org")


# --- paper, in Chromium ----------------------------------------------------------------------


def _until(page: Any, script: str, timeout: float = 60.0) -> None:
    """Wait for a condition in the page (wait_for_function evaluates a string, which the
    site's Content-Security-Policy forbids); on time out, say what the handout's status says."""
    for _ in range(int(timeout * 10)):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    status = page.evaluate(
        "() => (document.querySelector('[data-handout-status]') || {}).textContent || ''"
    )
    raise AssertionError(f"timed out waiting for {script}; the handout's status: {status!r}")


def _text(pdf: bytes, page: Any) -> str:
    """Return a PDF's text, or the page's own text in print media where poppler is missing."""
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        return done.stdout.decode("utf-8")
    page.emulate_media(media="print")
    return str(page.evaluate("() => document.body.innerText"))


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def _digits(text: str) -> str:
    """Digits only: a right-to-left page's text comes back with its numbers' groups in any
    order, but each number drawn left to right keeps its own digits together."""
    return re.sub(r"\D", "", text)


def _open(browser: Any, url: str, width: int, script: bool = True) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=script
    )
    page = context.new_page()
    page.add_init_script(
        "window.print = function () { window.__printed = (window.__printed || 0) + 1; };"
    )
    page.goto(url)
    return page


def _print_handout(page: Any) -> tuple[bytes, list[str]]:
    """Press "Print a handout"; return the PDF and what of the page's navigation and controls
    print media still shows (before printing: Chromium's afterprint puts the page back)."""
    page.click("[data-handout-print]")
    _until(page, "() => window.__printed > 0")
    showing = _nothing_to_press(page)
    return bytes(page.pdf(format="A4")), showing


def _nothing_to_press(page: Any) -> list[str]:
    """Return the navigation and controls that print media still shows."""
    page.emulate_media(media="print")
    return list(
        page.evaluate(
            """() => Array.from(document.querySelectorAll(
                 'nav, button, input, select, form, .pager, .skip-link, .quick-exit, [data-handout]'))
               .filter((el) => el.getClientRects().length > 0)
               .map((el) => el.outerHTML.slice(0, 80))"""
        )
    )


def _printed_codes(page: Any) -> list[tuple[str, str]]:
    return [
        (str(url), str(img))
        for url, img in page.evaluate(
            """() => Array.from(document.querySelectorAll('[data-handout-sheet] .handout-qr'))
               .map((box) => [box.querySelector('.print-url').textContent,
                              box.querySelector('img').outerHTML])"""
        )
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_list_prints_every_entry_of_every_page_with_its_contact_and_code(
    browser: Any, handout_server: str, lang: str, width: int
) -> None:
    # from the list's second page: the handout still starts at the first
    page = _open(browser, f"{handout_server}{lang}/browse/places/gb/page/2/", width)
    pdf, showing = _print_handout(page)
    text = _text(pdf, page)
    digits = _digits(text)
    for number in range(1, COUNT + 1):
        assert f"Handout Group {number:02d}" in text
        assert _digits(_phone(number)) in digits
        assert _website(number) in text
    # the British list's crisis line, not the site's American one
    assert "Samaritans" in text and "116123" in digits
    assert "988" not in text
    assert showing == []
    codes = _printed_codes(page)
    assert len(codes) == COUNT
    for url, img in codes:
        assert re.fullmatch(rf"{BASE}{lang}/groups/handout-group-\d\d/", url)
        assert _reads(img) == url
    assert _pages(pdf) >= 2
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_a_dropped_request_is_asked_again_and_the_crisis_bar_stands_in_for_its_page(
    browser: Any, handout_server: str, lang: str
) -> None:
    page = _open(browser, f"{handout_server}{lang}/browse/places/gb/", 360)
    dropped: list[str] = []

    def drop_once(route: Any) -> None:
        # the first entry page's first request never gets an answer; the urgent-help page none
        url = route.request.url
        if "/crisis/" in url or ("handout-group-03/" in url and url not in dropped):
            dropped.append(url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/*", drop_once)
    pdf, showing = _print_handout(page)
    text = _text(pdf, page)
    for number in range(1, COUNT + 1):
        assert f"Handout Group {number:02d}" in text
    assert [url for url in dropped if "handout-group-03/" in url] == [
        f"{handout_server}{lang}/groups/handout-group-03/"
    ]
    # the British crisis line, from the crisis bar, though its page could not be fetched
    assert "116123" in _digits(text)
    assert showing == []
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_search_results_print_as_a_handout(
    browser: Any, handout_server: str, lang: str, width: int
) -> None:
    page = _open(browser, f"{handout_server}{lang}/search/?q=handout", width)
    page.wait_for_selector(".search-result")
    found = page.evaluate(
        """() => window.PagefindComponents.getInstanceManager().getInstance('default')
             .searchResult.results.length"""
    )
    # the groups, and in English the guide too (it has no Arabic version)
    assert found == COUNT + (lang == "en")
    pdf, showing = _print_handout(page)
    text = _text(pdf, page)
    digits = _digits(text)
    for number in range(1, COUNT + 1):
        assert f"Handout Group {number:02d}" in text
        assert _digits(_phone(number)) in digits
    assert "Riverside" not in text and "Evening Grief" not in text  # not among the results
    assert "Handing out a handout" not in text  # a guide the search found, not an entry
    assert showing == []
    assert len(_printed_codes(page)) == COUNT
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_a_list_prints_its_cards_phones_and_websites_without_javascript(
    browser: Any, handout_server: str, lang: str
) -> None:
    page = _open(browser, f"{handout_server}{lang}/browse/places/gb/", 1280, script=False)
    text = _text(bytes(page.pdf(format="A4")), page)
    digits = _digits(text)
    for number in range(1, 21):
        assert f"Handout Group {number:02d}" in text
        assert _digits(_phone(number)) in digits
        assert _website(number).removeprefix("https://").rstrip("/") in text
    assert "Samaritans" in text
    page.emulate_media(media="screen")
    assert not page.locator(".card-contact").first.is_visible()
    assert not page.locator("[data-handout-print]").is_visible()
    page.context.close()


# the sample's longest entries, which come nearest to a second sheet
LONGEST = (
    "riverside-veterans-peer-circle",
    "southbank-veterans-peer-network",
    "lakeshore-evening-warmline",
    "east-austin-young-adults-anxiety-circle",
)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ("en", "es", "fr", "ar"))
def test_an_entry_prints_on_one_sheet_with_its_code(
    browser: Any, sample_server: str, lang: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for slug in LONGEST:
        page.goto(f"{sample_server}{lang}/groups/{slug}/")
        for paper in ("A4", "Letter"):
            assert _pages(bytes(page.pdf(format=paper))) == 1, (slug, paper)
        url = f"https://peer-support.example.org/{lang}/groups/{slug}/"
        page.emulate_media(media="print")
        code = page.locator(".print-sheet img")
        box = code.bounding_box()
        assert box is not None and box["width"] >= 100, slug  # 3 cm, at 96 px an inch
        assert _reads(code.evaluate("(img) => img.outerHTML")) == url
        assert url in page.locator(".print-sheet").inner_text()
        page.emulate_media(media="screen")
        assert not code.is_visible()
        page.emulate_media(media="null")  # else the next PDF is drawn in screen media
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_crisis_page_prints_every_number_black_on_white_with_addresses(
    browser: Any, sample_server: str, lang: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{sample_server}{lang}/crisis/")
    page.emulate_media(media="print")
    found = page.evaluate(
        """() => {
          const white = (c) => c === 'rgb(255, 255, 255)' || c === 'rgba(0, 0, 0, 0)';
          return Array.from(document.querySelectorAll('.crisis-lines a, .crisis-bar a'))
            .filter((a) => a.getClientRects().length > 0)
            .map((a) => {
              let backgrounds = [];
              for (let el = a; el; el = el.parentElement) {
                backgrounds.push(getComputedStyle(el).backgroundColor);
              }
              return {
                href: a.getAttribute('href'),
                color: getComputedStyle(a).color,
                pale: backgrounds.filter((c) => !white(c)),
                after: getComputedStyle(a, '::after').content,
              };
            });
        }"""
    )
    assert len(found) > 10
    for link in found:
        assert link["color"] == "rgb(0, 0, 0)", link
        assert link["pale"] == [], link
        if link["href"].startswith("http"):
            assert link["after"] == f'" ({link["href"]})"', link
    text = _text(bytes(page.pdf(format="A4")), page)
    assert "https://988lifeline.org" in text
    context.close()
