"""Hostile input and failure: nothing breaks, nothing runs, nothing is lost.

- fuzzing: mutated entries (types swapped, fields dropped or repeated, hostile Unicode,
  truncated text, random bytes) never make `check` raise; every problem is positioned; whatever
  validates also renders;
- an XSS corpus in every text field leaves no executable markup in any built file, and no
  injected script runs in Chromium even with the Content-Security-Policy switched off;
- a build killed at any moment, or one that runs out of disk, leaves the published site intact.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import (
    ENTRY,
    FIXTURES,
    ROOT,
    TODAY,
    build_args,
    build_argv,
    build_py,
    serve_folder,
    tree,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build.site import build_site
from generator.catalog.catalog import build_catalog
from generator.planning.pages import Planner
from generator.reading.files import decode_text
from generator.reading.load import RawContent, load_yaml_file, parse_yaml
from generator.reading.validate import validate
from generator.rendering.render import Renderer
from generator.text.i18n import load_translations
from generator.theme.assets import collect_assets, fingerprint
from generator.theme.folders import DEFAULT_THEME

# --- fuzzing ---------------------------------------------------------------------------------

SITE_DOC = load_yaml_file(FIXTURES / "valid" / "site.yaml", "site.yaml")[0]
VOCAB_DOC = load_yaml_file(FIXTURES / "valid" / "vocabularies.yaml", "vocabularies.yaml")[0]
RICH = (FIXTURES / "valid" / "groups" / "us" / "riverside-veterans.yaml").read_text()
SEEDS = [yaml.safe_load(ENTRY), yaml.safe_load(RICH)]
LANGS = ("en", "es", "fr", "ar")
TRANSLATIONS = {lang: load_translations([DEFAULT_THEME / "locales"], lang) for lang in LANGS}
ASSETS = fingerprint(collect_assets([DEFAULT_THEME / "static"]))[0]

HOSTILE_TEXT = st.lists(
    st.sampled_from(
        list("abc :-#&*!|>'\"{}[],%@`\\\n\t")
        + [
            "\u200f",
            "\u202e",
            "\u200b",
            "\u0301",
            "\ufeff",
            "\x00",
            "\x85",
            "\u2028",
            "é",
            "ب",
            "<script>",
            "</p>",
            "javascript:",
            "${x}",
            "{{ 7*7 }}",
            "%(name)s",
        ]
    ),
    max_size=20,
).map("".join) | st.text(max_size=20)
VALUES = st.one_of(
    HOSTILE_TEXT,
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.lists(HOSTILE_TEXT, max_size=3),
    st.dictionaries(HOSTILE_TEXT, HOSTILE_TEXT, max_size=3),
)


@st.composite
def mutated_entries(draw: st.DrawFn) -> bytes:
    """Return the bytes of a valid entry after a few hostile mutations."""
    data: dict[str, Any] = dict(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 4))):
        key = draw(st.sampled_from(sorted(data) or ["name"]))
        action = draw(st.sampled_from(["drop", "swap", "text", "new"]))
        if action == "drop":
            data.pop(key, None)
        elif action == "swap":
            data[key] = draw(VALUES)
        elif action == "text":
            data[key] = f"{data.get(key)}{draw(HOSTILE_TEXT)}"
        else:
            data[draw(HOSTILE_TEXT) or "x"] = draw(VALUES)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    form = draw(st.sampled_from(["as-is", "duplicate", "truncate", "bytes", "splice"]))
    if form == "duplicate" and text:
        line = draw(st.sampled_from(text.splitlines() or [""]))
        text = f"{line}\n{text}"
    elif form == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    raw = text.encode("utf-8", "surrogatepass")
    if form == "bytes":
        return draw(st.binary(max_size=200))
    if form == "splice":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(max_size=8)) + raw[at:]
    return raw


def _check_bytes(data: bytes) -> tuple[list[Any], Any]:
    text, problems = decode_text(data, "groups/fuzz.yaml")
    raw = RawContent(
        root=Path("."), site=SITE_DOC, vocabularies=VOCAB_DOC, files=3, problems=list(problems)
    )
    if text is not None:
        doc, problems = parse_yaml(text, "groups/fuzz.yaml")
        raw.problems.extend(problems)
        if doc is not None:
            raw.entries.append(doc)
    validated = validate(raw, TODAY)
    return validated.problems, validated


JAVASCRIPT_LINK = re.compile(r"""(?i)\b(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""")


@pytest.mark.slow
@settings(max_examples=2500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_entries())
def test_check_never_raises_and_positions_every_problem(data: bytes) -> None:
    problems, validated = _check_bytes(data)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.path in ("groups/fuzz.yaml", "site.yaml", "vocabularies.yaml")
        assert problem.message and "\n" not in problem.message, problem
    if validated.ok and validated.entries:
        catalog = build_catalog(validated)
        renderer = Renderer(catalog, [DEFAULT_THEME / "templates"], TRANSLATIONS, ASSETS)
        planner = Planner(catalog, TRANSLATIONS, TODAY)
        for lang in LANGS:
            page = next(p for p in planner.searchable_pages(lang) if "/groups/fuzz/" in p.path)
            html = renderer.render(page)
            # "javascript:" as words (a name, a title) is text; as a link it would run
            assert "<script>" not in html and not JAVASCRIPT_LINK.search(html)


# --- XSS corpus --------------------------------------------------------------------------------

# Classic vectors, written out here: tags, event handlers, URL schemes, attribute breakouts,
# template and JSON breakouts, encodings and parser differentials.
PAYLOADS = [
    "<script>window.__pwned=1;alert(1)</script>",
    '"><script>window.__pwned=1</script>',
    "'><img src=x onerror=window.__pwned=1>",
    "<img src=x onerror=alert(1)//",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)>",
    "<body onload=alert(1)>",
    "<a href=javascript:alert(1)>click</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[click](//evil.example.net/x)",
    '![x](x" onerror="alert(1))',
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>*{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<base href=javascript:alert(1)//>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "</script><script>alert(1)</script>",
    "{{ 7*7 }}{% raw %}<script>alert(1)</script>",
    "${alert(1)}",
    "</title><script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "\u200f<script>alert(1)</script>",  # a right-to-left mark (an override is refused)
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<xss id=x tabindex=1 onfocusin=alert(1)></xss>",
    "javascript:/*--></title></style></textarea></script><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
]
MARK = "zxqpayload"


def _xss_entry(index: int, payload: str) -> str:
    def q(text: str) -> str:
        return (
            yaml.safe_dump(f"{MARK}{index} {text}", allow_unicode=True, width=10_000)
            .split("\n...")[0]
            .strip()
        )

    block = "\n".join(
        f"  {line}" for line in f"{MARK}{index}\n\n{payload}\n\n- {payload}".split("\n")
    )
    return f"""\
name: {q(payload)[:118]}
kind: support-group
summary: {q(payload)[:198]}
description: |
{block}
how_to_join: |
{block}
organization: {q(payload)[:158]}
attendance: hybrid
joining: open
facilitation: peer-led
topics: [grief]
languages: [en]
cost: fee
cost_note: {q(payload)[:498]}
location:
  venue: {q(payload)}
  address: {q(payload)}
  city: {q(payload)}
  region: {q(payload)}
  postal_code: {q(payload)}
  country: US
  coordinates: [39.78, -89.65]
  notes: {q(payload)[:498]}
online:
  url: https://example.org/join?x="><script>alert(1)</script>
  notes: {q(payload)[:498]}
schedule:
  timezone: America/Chicago
  meetings:
    - day: monday
      start: "18:00"
      end: "19:00"
  notes: {q(payload)[:498]}
contact:
  website: https://example.org/'onmouseover='alert(1)
status: temporarily-closed
status_note: {q(payload)[:498]}
verified:
  date: 2026-10-01
  source: {q(payload)}
"""


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xss") / "content"
    shutil.copytree(FIXTURES / "valid", root)
    payload = PAYLOADS[0]
    for index, text in enumerate(PAYLOADS):
        (root / "groups" / f"xss-{index:02d}.yaml").write_text(_xss_entry(index, text), "utf-8")
    vocab = root / "vocabularies.yaml"
    vocab.write_text(
        vocab.read_text().replace(
            "label: {en: Grief,",
            "label: {en: " + yaml.safe_dump("Grief " + payload, width=10_000).split("\n")[0] + ",",
        ),
        "utf-8",
    )
    site_file = root / "site.yaml"
    site_file.write_text(
        site_file.read_text().replace(
            "tagline: {en: Peer support near you,",
            "tagline: {en: "
            + yaml.safe_dump("Near " + PAYLOADS[2], width=10_000).split("\n")[0]
            + ",",
        ),
        "utf-8",
    )
    guide = root / "resources" / "first-meeting.md"
    guide.write_text(guide.read_text() + "\n" + "\n\n".join(PAYLOADS) + "\n", "utf-8")
    out = root.parent / "site"
    result = build_site(root, out, TODAY)
    assert result.published, [p.format() for p in result.problems]
    return out


# exactly the attributes of the QR code's image: a base64 PNG, nothing else
_OUR_QR = re.compile(
    r"\[\('class', 'qr'\), \('alt', ''\), \('src', 'data:image/png;base64,[A-Za-z0-9+/]+=*'\)\]"
)


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        ours = (  # the theme's own form controls, recognisable by their fixed attributes
            (
                tag == "form"
                and values.get("class") == "site-search"
                and (values.get("action") or "").endswith("search/")
            )
            or (tag == "input" and values.get("id") in ("site-search-input", "near-town"))
            or (tag == "details" and values.get("class") == "near-me")
            # the entry's QR code for paper, a PNG made at build time from its own address
            or (tag == "img" and values.get("class") == "qr" and _OUR_QR.fullmatch(str(attrs)))
        )
        if (
            tag
            in (
                "iframe",
                "object",
                "embed",
                "base",
                "form",
                "svg",
                "math",
                "style",
                "template",
                "details",
                "xss",
                "img",
                "input",
            )
            and not ours
        ):
            self.bad.append(f"<{tag}>")
        if tag == "script" and not (
            values.get("src")
            or values.get("type") in ("text/pagefind-template", "application/ld+json")
        ):
            self.bad.append("<script> inline")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.bad.append("meta refresh")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "formaction", "srcdoc"):
                self.bad.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "data") and value is not None:
                # as a browser reads a URL: tabs and newlines vanish, the ends are trimmed
                cleaned = re.sub(
                    r"^[\x00-\x20]+|[\x00-\x20]+$", "", re.sub(r"[\t\n\r]", "", value)
                ).lower()
                if cleaned.startswith(("javascript:", "data:", "vbscript:", "//")) and not ours:
                    self.bad.append(f"{tag}[{name}={value[:30]}]")


@pytest.mark.slow
def test_xss_corpus_leaves_no_executable_markup(xss_site: Path) -> None:
    checked = 0
    for page in sorted(xss_site.rglob("*.html")):
        if page.is_relative_to(xss_site / "pagefind"):
            continue
        parser = _Markup()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.bad == [], page.relative_to(xss_site)
        checked += 1
    assert checked > 200
    entry = (xss_site / "en" / "groups" / "xss-00" / "index.html").read_text()
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in entry  # shown as text
    import xml.etree.ElementTree as ElementTree

    ElementTree.parse(xss_site / "sitemap.xml")


@pytest.mark.slow
def test_xss_corpus_stays_data_in_every_export(xss_site: Path) -> None:
    import csv
    import gzip
    import io
    import json
    import xml.etree.ElementTree as ElementTree

    from icalendar import Calendar

    # structured data: a JSON block that nothing can close early
    for page in sorted(xss_site.glob("*/groups/xss-*/index.html")):
        html = page.read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == 1 and "<" not in blocks[0], page
        json.loads(blocks[0])
    # feeds: well-formed, and only Atom's own elements
    for feed in sorted(xss_site.glob("*/feed.xml")):
        tags = {e.tag for e in ElementTree.parse(feed).iter()}
        assert {t.split("}")[0] for t in tags} == {"{http://www.w3.org/2005/Atom"}, feed
    # calendars: one event per meeting, whatever the text held
    calendars = sorted((xss_site / "data" / "calendars").glob("xss-*.ics"))
    assert len(calendars) == len(PAYLOADS)
    for path in calendars:
        events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        assert len(events) == 1, path
    # JSON exports parse; the payloads are strings in them, nothing more
    for path in sorted((xss_site / "data").rglob("*.json")):
        json.loads(path.read_text(encoding="utf-8"))
    directory = json.loads(gzip.decompress((xss_site / "data" / "directory.json.gz").read_bytes()))
    names = {name for e in directory["entries"] for name in e["name"].values()}
    assert any(PAYLOADS[0] in name for name in names)
    # the spreadsheet: one row per entry, and no cell a spreadsheet would run as a formula
    text = gzip.decompress((xss_site / "data" / "directory.csv.gz").read_bytes()).decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 + len(directory["entries"])
    for row in rows:
        for cell in row:
            if re.fullmatch(r"-\d+\.\d+", cell):
                continue  # a longitude: a number to a spreadsheet, not a formula
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_xss_corpus_runs_nothing_in_a_browser(browser: Any, xss_site: Path) -> None:
    paths = [f"{lang}/groups/xss-{i:02d}/" for lang in LANGS for i in (0, 2, 5, 9, 16, 39)]
    paths += [
        "en/",
        "en/groups/",
        "en/browse/topics/grief/",
        "en/guides/first-meeting/",
        "ar/guides/first-meeting/",
        "en/crisis/",
    ]
    dialogs: list[str] = []
    # with the policy off, only escaping and sanitizing stand between a payload and the page
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        with serve_folder(xss_site) as base:
            for path in paths:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.mouse.move(200, 300)
                page.keyboard.press("Tab")
                assert page.evaluate("() => window.__pwned === undefined"), path
            page.goto(base + f"en/search/?q={MARK}0")
            page.wait_for_selector(".search-result")
            page.wait_for_timeout(500)
            assert page.evaluate("() => window.__pwned === undefined")
            assert MARK in page.locator(".search-result").first.inner_text()
    finally:
        context.close()
    assert dialogs == []


# --- failure safety ------------------------------------------------------------------------------


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.3, 1.8, 2.4])
def test_killed_build_leaves_the_site_intact_and_the_next_build_succeeds(
    tmp_path: Path, delay: float
) -> None:
    out = tmp_path / "site"
    assert build_site(ROOT / "content", out, TODAY).published
    before = tree(out)
    process = subprocess.Popen(
        build_argv(*build_args(ROOT / "content", out)),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGKILL)  # the build and any indexer it started
    process.wait()
    assert tree(out) == before
    finished = build_py(*build_args(ROOT / "content", out))
    assert finished.returncode == 0, finished.stderr
    # leftovers cleaned up; .cache holds the record of the published build
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "site"]
    assert (out / "en" / "index.html").is_file()


def test_build_killed_between_the_two_renames_is_recovered(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_site(ROOT / "content", out, TODAY).published
    before = tree(out)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    out.rename(tmp_path / f".site.old-{dead}")  # as a kill mid-publish would leave it
    (tmp_path / f".site.new-{dead}-abc").mkdir()
    assert build_site(ROOT / "content", out, TODAY).published
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "site"]
    assert tree(out).keys() == before.keys()


def test_disk_full_leaves_the_site_intact_and_says_so(
    site: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from generator import cli
    from generator.build import workers as site_module

    root = site({"groups/g.yaml": ENTRY})
    out = tmp_path / "out"
    assert build_site(root, out, TODAY).published
    before = tree(out)
    real = site_module.write_page
    written = []

    def full(folder: Path, path: str, html: str) -> int:
        if len(written) > 20:
            raise OSError(errno.ENOSPC, "No space left on device", str(folder / path))
        written.append(path)
        return real(folder, path, html)

    monkeypatch.setattr(site_module, "write_page", full)
    code = cli.main(
        ["build", "--content", str(root), "--out", str(out), "--today", str(TODAY), "--no-cache"]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("build: cannot write the site: No space left on device (")
    assert err.endswith(f"); {out} is unchanged\n")
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "content", "out"]
