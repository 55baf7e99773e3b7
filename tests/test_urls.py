"""Page addresses: each is made in one place, urls, and every stage asks it."""

from __future__ import annotations

import re

import pytest

from generator.text import urls


def test_entry_url_is_the_entry_page_under_the_base_url_with_one_slash():
    assert urls.entry_url("https://example.org", "fr", "x") == "https://example.org/fr/groups/x/"
    assert urls.entry_url("https://example.org/dir/", "en", "x") == (
        "https://example.org/dir/en/groups/x/"
    )


def test_entry_id_names_an_entry_without_a_language():
    assert urls.entry_id("https://example.org/dir", "x") == "https://example.org/dir/groups/x"


def _glob_matches(lang: str, file: str) -> bool:
    """Match a file as Pagefind's glob does: `*` within one folder, `{a,b}` either."""
    pattern = re.escape(urls.search_glob(lang))
    pattern = pattern.replace(r"\*", "[^/]*").replace(r"\{", "(?:").replace(r"\}", ")")
    return re.fullmatch(pattern.replace(",", "|"), file) is not None


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (urls.entry("en", "riverside"), True),
        (urls.guide("fr", "premiere-visite"), True),
        (urls.all_entries("en"), False),
        (urls.all_entries("en", 2), False),
        (urls.guides("en"), False),
        (urls.browse("en", "city", "lyon"), False),
        (urls.info("en", "about"), False),
        (urls.home("en"), False),
        (urls.search("en"), False),
    ],
)
def test_searchable_pages_are_entries_and_guides_as_the_index_reads_them(path, expected):
    assert urls.searchable(path) is expected
    assert _glob_matches("en" if path.startswith("en/") else "fr", urls.page_file(path)) is (
        expected
    )


def test_section_is_the_folder_under_the_language():
    assert urls.section(urls.entry("en", "x")) == urls.ENTRIES
    assert urls.section(urls.browse("ar", "topic")) == urls.BROWSE
    assert urls.section(urls.home("en")) == ""
    assert urls.section(urls.NOT_FOUND) == ""
