"""What each language's Pagefind bundle holds: only what the site's pages ask for."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from generator.publishing.search import BUNDLE


def test_a_bundle_holds_no_interface_or_webassembly_that_no_page_asks_for(
    sample_build: Path,
) -> None:
    for bundle in sorted((sample_build / BUNDLE).iterdir()):
        lang = bundle.name
        names = {path.name for path in bundle.iterdir() if path.is_file()}
        # the search page's interface, Pagefind's core and its worker, the language's stemmer
        assert {"pagefind-component-ui.js", "pagefind.js", "pagefind-worker.js"} <= names
        assert f"wasm.{lang}.pagefind" in names
        entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
        assert [each["wasm"] for each in entry["languages"].values()] == [lang]
        # what Pagefind offers besides, which no page of the site loads
        assert not names & {
            "pagefind-ui.js",
            "pagefind-ui.css",
            "pagefind-modular-ui.js",
            "pagefind-modular-ui.css",
            "pagefind-highlight.js",
            "pagefind-component-ui.css",
            "wasm.unknown.pagefind",
        }, lang
    # and no page of the site names them
    for page in sample_build.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for name in ("pagefind-ui.", "pagefind-modular-ui", "pagefind-highlight", "wasm.unknown"):
            assert name not in text, (page, name)


def test_no_search_result_carries_the_printed_qr_code(sample_build: Path) -> None:
    # Pagefind would take the QR code (a PNG in the page) as each entry's image: 600 more bytes
    # in every result, and its base64 text matched by searches for words no entry has
    results = 0
    for fragment in sorted((sample_build / BUNDLE).glob("*/fragment/*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        meta = json.loads(data[data.index(b"{") :])["meta"]
        assert meta.get("image", "") == "" and meta.get("image_alt", "") == "", fragment
        results += "title" in meta
    assert results > 200
