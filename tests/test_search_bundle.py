"""What each language's Pagefind bundle holds: only what the site's pages ask for."""

from __future__ import annotations

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
        assert "pagefind-ui" not in text and "pagefind-highlight" not in text, page
