"""The Atom feed per language: entries added or checked again most recently, newest first."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import feedparser
from conftest import TODAY, entry

from generator.build.site import build_site

LANGS = ("en", "es", "fr", "ar")


def test_every_language_has_a_valid_atom_feed(sample_build: Path) -> None:
    for lang in LANGS:
        feed = feedparser.parse((sample_build / lang / "feed.xml").read_bytes())
        assert not feed.bozo, (lang, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert feed.feed.language == lang
        assert feed.feed.id == f"https://peer-support.example.org/{lang}/feed.xml"
        assert 0 < len(feed.entries) <= 50
        dates = [e.updated for e in feed.entries]
        assert dates == sorted(dates, reverse=True)
        for item in feed.entries:
            assert item.link.startswith(f"https://peer-support.example.org/{lang}/groups/")
            assert item.title and item.summary
            assert len({e.id for e in feed.entries}) == len(feed.entries)


def test_the_pages_people_subscribe_from_point_to_their_languages_feed(
    sample_build: Path,
) -> None:
    for page in ("fr/index.html", "fr/browse/index.html", "fr/guides/index.html"):
        html = (sample_build / page).read_text(encoding="utf-8")
        assert re.search(
            r'<link rel="alternate" type="application/atom\+xml" '
            r'href="https://peer-support.example.org/fr/feed.xml" title="[^"]+">',
            html,
        ), page
    # not the thousands of entry and list pages
    for page in ("fr/groups/avon-peer-mentors/index.html", "fr/browse/topics/anxiety/index.html"):
        assert "application/atom+xml" not in (sample_build / page).read_text(encoding="utf-8")


def test_feed_says_whether_an_entry_is_new_or_checked_again(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site(
        {
            "groups/new-group.yaml": entry(name="New Group", added="2026-11-20").replace(
                "date: 2026-10-01", "date: 2026-11-20"
            ),
            "groups/old-group.yaml": entry(name="Old Group", added="2024-01-10").replace(
                "date: 2026-10-01", "date: 2026-11-02"
            ),
            "groups/quiet-group.yaml": entry(name="Quiet Group <&>").replace(
                "date: 2026-10-01", "date: 2025-12-01"
            ),
        }
    )
    out = tmp_path / "out"
    assert build_site(root, out, TODAY).published
    feed = feedparser.parse((out / "en/feed.xml").read_bytes())
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["New Group", "Old Group", "Quiet Group <&>"]
    new, old, _ = feed.entries
    assert new.id == "https://peers.example.org/en/groups/new-group/#added-2026-11-20"
    assert new.content[0].value.endswith("Added to the directory on November 20, 2026.")
    assert old.id == "https://peers.example.org/en/groups/old-group/#checked-2026-11-02"
    assert old.updated == "2026-11-02T00:00:00Z"
    assert old.content[0].value.endswith("Checked again on November 2, 2026.")
    assert feed.feed.updated == "2026-11-20T00:00:00Z"
    spanish = feedparser.parse((out / "es/feed.xml").read_bytes())
    assert (
        spanish.entries[1]
        .content[0]
        .value.endswith("Se comprobó de nuevo el 2 de noviembre de 2026.")
    )
