"""The incremental layer's decision, from planned pages: the planner names each page and what it
shows; `Reuse.decide` alone says whether the published file may be copied instead.

Fast lane: pages are planned in memory; nothing is rendered or written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, catalog_of, entry
from test_planner import TRANSLATIONS

from generator.incremental.reuse import Reuse
from generator.planning.pages import PAGE_SIZE, Planner
from generator.planning.views import Page, Planned
from generator.text import urls

ONE = entry(name="Circle One")
TWO = entry(name="Circle Two")


@pytest.fixture
def planner(site: Callable[..., Path]) -> Planner:
    root = site({"groups/circle-one.yaml": ONE, "groups/circle-two.yaml": TWO})
    return Planner(catalog_of(root), TRANSLATIONS, TODAY)


def never_made() -> Page:
    raise AssertionError("a copied page must not be made")


def test_the_planner_names_every_page_without_making_it(planner: Planner) -> None:
    made: list[str] = []
    for planned in [*planner.plan_searchable("en"), *planner.plan_other("en")]:
        page = planned.make()
        made.append(page.path)
        assert (page.lang, page.path, dict(page.alternates)) == (
            planned.lang,
            planned.path,
            dict(planned.alternates),
        )
    assert made == [p.path for p in [*planner.searchable_pages("en"), *planner.other_pages("en")]]


def test_an_entry_page_is_planned_with_its_slug_and_a_list_with_the_entries_it_shows(
    planner: Planner,
) -> None:
    entries = {p.path: p for p in planner.plan_searchable("en")}
    assert entries[urls.entry("en", "circle-one")].entry == "circle-one"
    lists = {p.path: p for p in planner.plan_other("en")}
    everything = lists[urls.all_entries("en")]
    assert everything.entry == ""
    assert everything.shows == ("circle-one", "circle-two")
    home = lists[urls.home("en")]
    assert (home.entry, home.shows, home.detail) == ("", (), "")


def test_an_unchanged_entry_page_is_copied_and_a_changed_one_made() -> None:
    reuse = Reuse(entries=frozenset({"circle-one"}), hashes={"circle-one": "a", "circle-two": "b"})
    same = Planned("en", "en/groups/circle-one/", {}, never_made, entry="circle-one")
    changed = Planned("en", "en/groups/circle-two/", {}, never_made, entry="circle-two")
    assert reuse.decide(same) == (True, "")
    assert reuse.decide(changed) == (False, "")


def test_a_list_page_is_copied_only_when_it_shows_the_same_entries_unchanged() -> None:
    def planned(shows: tuple[str, ...], detail: str = "All groups\x002\x001") -> Planned:
        return Planned("en", "en/groups/", {}, never_made, shows=shows, detail=detail)

    hashes = {"circle-one": "a", "circle-two": "b"}
    first = Reuse(hashes=hashes)
    copy, key = first.decide(planned(("circle-one", "circle-two")))
    assert not copy and key  # nothing published yet: made, and its key remembered
    published = Reuse(hashes=hashes, keys={"en/groups/": key}, published=lambda path: True)
    assert published.decide(planned(("circle-one", "circle-two"))) == (True, key)
    # another order, another total, or an entry whose file changed: made again
    assert not published.decide(planned(("circle-two", "circle-one")))[0]
    assert not published.decide(planned(("circle-one", "circle-two"), "All groups\x003\x001"))[0]
    edited = Reuse(
        hashes={**hashes, "circle-two": "c"}, keys={"en/groups/": key}, published=lambda p: True
    )
    assert not edited.decide(planned(("circle-one", "circle-two")))[0]
    # a published page deleted by hand is made again
    gone = Reuse(hashes=hashes, keys={"en/groups/": key}, published=lambda path: False)
    assert not gone.decide(planned(("circle-one", "circle-two")))[0]


def test_a_page_that_depends_on_the_whole_catalog_is_always_made(planner: Planner) -> None:
    hashes = {"circle-one": "a", "circle-two": "b"}
    reuse = Reuse(entries=frozenset(hashes), hashes=hashes, published=lambda path: True)
    for planned in planner.plan_other("en"):
        if not planned.shows and not planned.detail:
            assert reuse.decide(planned) == (False, "")


def test_a_long_list_is_planned_a_page_of_entries_at_a_time(site: Callable[..., Path]) -> None:
    files = {
        f"groups/circle-{n:03}.yaml": entry(name=f"Circle {n:03}") for n in range(PAGE_SIZE + 5)
    }
    planner = Planner(catalog_of(site(files)), TRANSLATIONS, TODAY)
    lists = {p.path: p for p in planner.plan_other("en")}
    first, second = lists[urls.all_entries("en")], lists[urls.all_entries("en", 2)]
    assert [len(first.shows), len(second.shows)] == [PAGE_SIZE, 5]
    assert first.detail == second.detail  # same list: title, total and page count
