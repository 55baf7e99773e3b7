"""Links a browser reads differently from how they look: a host hidden after `http:` without
slashes or behind backslashes, and room links of services the first list missed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ENTRY, FIXTURES, TODAY, entry
from test_review import _commit, _review, repository  # noqa: F401 (a fixture)

from generator.cli import run_check
from generator.text.markup import render_markdown

Check = Callable[..., list[str]]
ROOM = (
    "opens the meeting room itself, so anyone who finds this page can walk into the meeting "
    "unannounced; link to a sign-up or information page instead, or remove the link and set "
    "joining: contact-first"
)

# Each of these is, for a browser on an https page, a link to zoom.us (http:host and
# https:\\host are read as scheme://host; https:///host skips the extra slash).
ODD_SPELLINGS = [
    "http:zoom.us/j/123",
    "HTTP:zoom.us/j/123",
    "http:/zoom.us/j/123",
    "https:\\\\zoom.us/j/123",
    "https:/\\zoom.us/j/123",
    "https:\\/zoom.us/j/123",
    "https:///zoom.us/j/123",
    "https://\\zoom.us/j/123",
]


@pytest.mark.parametrize("target", ODD_SPELLINGS)
def test_links_that_hide_their_host_are_not_published_as_links(target: str) -> None:
    html = render_markdown(f"Join [here]({target}).")
    assert "href" not in html
    assert ">here</a>" in html


def test_ordinary_web_links_keep_their_address() -> None:
    html = render_markdown(
        "See [the page](https://example.org/join) or [home](HTTPS://Example.org)."
    )
    assert 'href="https://example.org/join"' in html
    assert 'href="HTTPS://Example.org"' in html


@pytest.mark.parametrize("target", ODD_SPELLINGS)
def test_room_links_that_hide_their_host_warn(check_entry: Check, target: str) -> None:
    quoted = '"' + f"Join [here]({target}).".replace("\\", "\\\\") + '"'
    shown = re.sub(r"\\([/\\])", r"\1", target)  # as Markdown reads \\ and \/
    assert check_entry(entry(description=quoted)) == [
        f"16:14: warning: description: the link '{shown}' {ROOM}"
    ]


MORE_ROOMS = [
    "https://zoom.us/join?confno=81234567890",
    "https://us02web.zoom.us/join/?confno=81234567890&pwd=abc",
    "https://call.whatsapp.com/video/AbCdEf",
    "https://wa.link/abc123",
    "https://line.me/ti/g/AbCdEf",
    "https://line.me/R/ti/g/AbCdEf",
    "https://invite.viber.com/?g2=AQAbCdEf",
    "https://groupme.com/join_group/12345/AbCd",
    "https://web.groupme.com/join_group/12345/AbCd",
]


@pytest.mark.parametrize("url", MORE_ROOMS)
def test_more_room_services_warn(check_entry: Check, url: str) -> None:
    text = ENTRY.replace("https://example.org/join", f'"{url}"')
    assert check_entry(text) == [f"11:8: warning: online.url {ROOM}"]


@pytest.mark.parametrize(
    "url", ["https://line.me/en/", "https://www.viber.com/", "https://groupme.com/en-US/"]
)
def test_pages_of_those_services_do_not_warn(check_entry: Check, url: str) -> None:
    assert check_entry(ENTRY.replace("https://example.org/join", f'"{url}"')) == []


CRISIS = (
    "a crisis line in site.yaml (GB: Samaritans); only that line's own entry may use it, and a "
    "maintainer marks that entry with `entry: test-group` under the line in site.yaml"
)


@pytest.mark.parametrize(
    "name", ["The Samaritans", "S.a.m.a.r.i.t.a.n.s", "Sama-ritans", "S A M A R I T A N S"]
)
def test_crisis_line_names_spelled_apart_are_still_refused(check_entry: Check, name: str) -> None:
    assert check_entry(entry(name=name)) == [
        f"1:7: error: name: '{name}' reads as the name of {CRISIS}"
    ]


@pytest.mark.parametrize(
    "name", ["988 Suicide and Crisis Lifeline", "9 8 8 Suicide & Crisis Lifeline"]
)
def test_crisis_line_names_with_and_for_ampersand_are_refused(
    check_entry: Check, name: str
) -> None:
    assert check_entry(entry(name=name)) == [
        f"1:7: error: name: '{name}' reads as the name of a crisis line in site.yaml (US: 988 "
        "Suicide & Crisis Lifeline); only that line's own entry may use it, and a maintainer "
        "marks that entry with `entry: test-group` under the line in site.yaml"
    ]


@pytest.mark.parametrize("name", ["The Circle", "Theology Circle", "Samaritans Peer Circle"])
def test_names_that_only_share_words_with_a_crisis_line_pass(check_entry: Check, name: str) -> None:
    assert check_entry(entry(name=name)) == []


CHARGED = (
    "is a premium-rate number: calling it costs more than an ordinary call, and people in crisis "
    "must never pay to reach help; give a free or ordinary number"
)


@pytest.mark.parametrize("number", ["+1 900 555 0100", "1-900-555-0100", "(900) 555-0100"])
def test_charged_numbers_written_as_plain_text_are_refused(check_entry: Check, number: str) -> None:
    # Safari on iOS turns a number in text into a link that calls it
    assert check_entry(entry(description=f'"Call us on {number}, any time."')) == [
        f"16:14: error: description: the phone number '{number}' {CHARGED}"
    ]


def test_ordinary_numbers_in_text_pass(check_entry: Check) -> None:
    text = '"Call (217) 555-0142 or [+1 217 555 0143](tel:+1-217-555-0143); room 12345678."'
    assert check_entry(entry(description=text)) == []


def test_a_charged_tel_link_is_reported_once(check_entry: Check) -> None:
    assert check_entry(entry(description='"[Call](tel:+1-900-555-0100)"')) == [
        "16:14: error: description: the phone link 'tel:+1-900-555-0100': '+1-900-555-0100' "
        + CHARGED
    ]


def test_check_since_lists_python_files_anywhere_as_code(
    repository: Path,  # noqa: F811 (the fixture imported from test_review)
    capsys: pytest.CaptureFixture[str],
) -> None:
    top = repository.parent
    (top / "yaml.py").write_text("import os\n", encoding="utf-8")
    (top / "sitecustomize.py").write_text("import os\n", encoding="utf-8")
    (top / "docs").mkdir()
    (top / "docs/notes.txt").write_text("notes\n", encoding="utf-8")
    _commit(top)
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; 3 files need a maintainer",
        "  needs a maintainer:",
        "    added: docs/notes.txt (other file)",
        "    added: sitecustomize.py (code)",
        "    added: yaml.py (code)",
    ]


def test_links_in_vocabulary_labels_and_keywords_are_checked(site: Callable[..., Path]) -> None:
    vocabularies = (FIXTURES / "valid/vocabularies.yaml").read_text(encoding="utf-8")
    vocabularies = vocabularies.replace(
        "label: {en: Depression,", 'label: {en: "Depression, chat https://discord.gg/peers",'
    ).replace("keywords: {en: [low mood],", 'keywords: {en: [low mood, "tel:+1-900-555-0100"],')
    root = site({"vocabularies.yaml": vocabularies})
    found = [
        f"{Path(p.path).name}:{p.format()[len(p.path) + 1 :]}"
        for p in run_check(root, TODAY).problems
    ]
    assert found == [
        "vocabularies.yaml:3:17: warning: topics.depression.label.en: the link "
        f"'https://discord.gg/peers' {ROOM}",
        "vocabularies.yaml:4:31: error: topics.depression.keywords.en[1] (the second en keyword): the phone link "
        f"'tel:+1-900-555-0100': '+1-900-555-0100' {CHARGED}",
    ]


@pytest.mark.parametrize(
    "written",
    [
        "[here](https://zoom.us/&#106;/123)",
        "[here](https://zo&#111;m.us/j/123)",
        "[here](https&#58;//zoom.us/j/123)",
        "[here](https://zoom&period;us/j/123)",
        "<https://zoom&#46;us/j/123>",
        '<a href="https://zoom.us/&#x6A;/123">here</a>',
    ],
)
def test_room_links_written_with_character_references_warn(
    check_entry: Check, written: str
) -> None:
    # Markdown and the browser decode &#46; and &period; in a link: the page links to the room
    assert 'href="https://zoom.us/j/123"' in render_markdown(written)
    quoted = '"' + written.replace('"', '\\"') + '"'
    assert check_entry(entry(description=quoted)) == [
        f"16:14: warning: description: the link 'https://zoom.us/j/123' {ROOM}"
    ]


@pytest.mark.parametrize(
    "written", ["[here](https://zoom\\.us/j/123)", "<https://zoom\\.us/j/123>"]
)
def test_room_links_written_with_backslash_escapes_warn(check_entry: Check, written: str) -> None:
    # Markdown drops a backslash before punctuation: the page links to the room
    assert 'href="https://zoom.us/j/123"' in render_markdown(written)
    quoted = '"' + written.replace("\\", "\\\\") + '"'
    assert check_entry(entry(description=quoted)) == [
        f"16:14: warning: description: the link 'https://zoom.us/j/123' {ROOM}"
    ]
