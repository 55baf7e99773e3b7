"""An attacker's pull request can't pose as a crisis line, charge callers, spoof text or add
mail headers: each trick is refused with the exact message at the exact place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ENTRY, FIXTURES, TODAY, entry

from generator.cli import run_check
from generator.reading.load import load_content, parse_markdown, parse_yaml
from generator.reading.problems import Problem
from generator.reading.validate import validate

Check = Callable[..., list[str]]
SITE = (FIXTURES / "valid" / "site.yaml").read_text(encoding="utf-8")
CRISIS = (
    "a crisis line in site.yaml (GB: Samaritans); only that line's own entry may use it, and a "
    "maintainer marks that entry with `entry: test-group` under the line in site.yaml"
)
ROOM = (
    "opens the meeting room itself, so anyone who finds this page can walk into the meeting "
    "unannounced; link to a sign-up or information page instead, or remove the link and set "
    "joining: contact-first"
)
CHARGED = (
    "costs more than an ordinary call, and people in crisis must never pay to reach help; "
    "give a free or ordinary number"
)


def contact(**fields: str) -> str:
    return ENTRY + "contact:" + "".join(f"\n  {k}: {v}" for k, v in fields.items()) + "\n"


def problems_of(root: Path) -> list[str]:
    """Return every problem of a content folder as `file:line:col: severity: message`."""
    found = []
    for problem in run_check(root, TODAY).problems:
        shown = Path(problem.path).name
        found.append(f"{shown}:{problem.format()[len(problem.path) + 1 :]}")
    return found


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Samaritans", "Samaritans"),
        ("SAMARITANS", "SAMARITANS"),
        ("Ｓａｍａｒｉｔａｎｓ", "Ｓａｍａｒｉｔａｎｓ"),  # fullwidth letters
        ("Sаmаritаns", "Sаmаritаns"),  # Cyrillic а
        ('"Sama\\u200dritans"', "Sama\\u200dritans"),  # a zero-width joiner
        ('"Sam\\u00adaritans"', "Sam\\xadaritans"),  # a soft hyphen, shown escaped
        ("Sarnaritans", "Sarnaritans"),  # r n for m
        ('"Samaritans\\u3164"', "Samaritans\u3164"),  # a Hangul filler shows nothing
        ("Samaritanś", "Samaritanś"),  # a combining accent
        ("samaritans!", "samaritans!"),
    ],
)
def test_entry_cannot_take_the_name_of_a_crisis_line(
    check_entry: Check, name: str, shown: str
) -> None:
    assert check_entry(entry(name=name)) == [
        f"1:7: error: name: '{shown}' reads as the name of {CRISIS}"
    ]


def test_crisis_line_names_are_compared_in_every_language_and_country(
    check_entry: Check, site: Callable[..., Path]
) -> None:
    assert check_entry(
        entry(name="{en: Peer Circle, es: 988 Línea de Prevención del Suicidio y Crisis}")
    ) == [
        "1:29: error: name.es: '988 Línea de Prevención del Suicidio y Crisis' reads as the name "
        "of a crisis line in site.yaml (US: 988 Suicide & Crisis Lifeline); only that line's own "
        "entry may use it, and a maintainer marks that entry with `entry: test-group` under the "
        "line in site.yaml"
    ]
    assert check_entry(entry(name="Samaritans Peer Circle")) == []  # a name of its own
    marked = SITE.replace(
        "    - name: Samaritans\n", "    - name: Samaritans\n      entry: test-group\n"
    )
    root = site({"site.yaml": marked, "groups/test-group.yaml": entry(name="Samaritans")})
    assert problems_of(root) == []  # the line's own entry, marked by a maintainer
    root = site({"site.yaml": marked, "groups/other.yaml": entry(name="Samaritans")})
    assert problems_of(root) == [
        "other.yaml:1:7: error: name: 'Samaritans' reads as the name of "
        + CRISIS.replace("entry: test-group", "entry: other")
    ]


def test_entry_cannot_take_the_number_or_website_of_a_crisis_line(
    site: Callable[..., Path],
) -> None:
    lines = SITE.replace(
        '      phone: "116 123"\n', '      phone: "116 123"\n      sms: "+44 7725 909090"\n'
    )
    variants = {
        "groups/a.yaml": contact(phone='"07725 909090"').replace(
            "  url: https://example.org/join", "  countries: [GB]"
        ),
        "groups/b.yaml": contact(website="http://WWW.SAMARITANS.ORG.:80/branches/leeds/"),
        "groups/c.yaml": contact(website="https://leeds.samaritans.org"),
        "groups/d.yaml": contact(website="https://sаmaritans.org/"),  # Cyrillic а
        "groups/e.yaml": ENTRY.replace(
            "  url: https://example.org/join",
            '  url: https://988LIFELINE.org./chat\n  phone: "+44 7725 909 090"',
        ),
    }
    variants = {
        name: text.replace("name: Test Group", f"name: Group {name[7]}")
        for name, text in variants.items()
    }
    assert problems_of(site({"site.yaml": lines, **variants})) == [
        "a.yaml:17:10: error: contact.phone: '07725 909090' is the number of "
        + CRISIS.replace("test-group", "a"),
        "b.yaml:17:12: error: contact.website: 'http://WWW.SAMARITANS.ORG.:80/branches/leeds/' "
        "is on the website of " + CRISIS.replace("test-group", "b"),
        "c.yaml:17:12: error: contact.website: 'https://leeds.samaritans.org' is on the website "
        "of " + CRISIS.replace("test-group", "c"),
        "d.yaml:17:12: error: contact.website: 'https://sаmaritans.org/' is on the website of "
        + CRISIS.replace("test-group", "d"),
        "e.yaml:11:8: error: online.url: 'https://988LIFELINE.org./chat' is on the website of a "
        "crisis line in site.yaml (US: 988 Suicide & Crisis Lifeline); only that line's own "
        "entry may use it, and a maintainer marks that entry with `entry: e` under the line in "
        "site.yaml",
        "e.yaml:12:10: error: online.phone: '+44 7725 909 090' is the number of "
        + CRISIS.replace("test-group", "e"),
    ]


@pytest.mark.parametrize(
    ("where", "phone", "expected"),
    [
        ("US", '"+1 900 555 0100"', "'+1 900 555 0100' is a premium-rate number"),
        ("US", '"(900) 555-0100"', "'(900) 555-0100' is a premium-rate number"),
        ("GB", '"0870 123 4567"', "'0870 123 4567' is a premium-rate number"),
        ("GB", '"0909 876 5432"', "'0909 876 5432' is a premium-rate number"),
        ("GB", '"+44 845 123 4567"', "'+44 845 123 4567' is a premium-rate number"),
        (
            "GB",
            '"070 1234 5678"',
            "'070 1234 5678' is a personal number (charged like premium rate)",
        ),
        ("FR", '"08 91 23 45 67"', "'08 91 23 45 67' is a premium-rate number"),
        ("FR", '"0810 12 34 56"', "'0810 12 34 56' is a shared-cost number"),
        ("AU", '"1300 123 456"', "'1300 123 456' is a shared-cost number"),
    ],
)
def test_charged_numbers_are_refused(
    check_entry: Check, where: str, phone: str, expected: str
) -> None:
    text = contact(phone=phone).replace(
        "  url: https://example.org/join", f"  countries: [{where}]"
    )
    assert check_entry(text) == [f"17:10: error: contact.phone: {expected}: calling it {CHARGED}"]


def test_charged_numbers_are_refused_in_links_and_crisis_lines(
    check_entry: Check, site: Callable[..., Path]
) -> None:
    text = entry(description='"Call [our line](tel:+1-900-555-0100) any time."')
    assert check_entry(text) == [
        "16:14: error: description: the phone link 'tel:+1-900-555-0100': '+1-900-555-0100' is a "
        f"premium-rate number: calling it {CHARGED}"
    ]
    premium = SITE.replace('phone: "116 123"', 'phone: "0909 876 5432"')
    assert problems_of(site({"site.yaml": premium})) == [
        "site.yaml:19:14: error: crisis_lines.GB[0].phone (the first crisis line of GB): '0909 876 5432' is a "
        f"premium-rate number: calling it {CHARGED}"
    ]
    # Australia's national Lifeline is a shared-cost 13 number: a crisis line may be one
    shared = SITE.replace('phone: "116 123"', 'phone: "0845 790 9090"').replace("GB:", "AU:")
    shared = shared.replace('"0845 790 9090"', '"13 11 14"')
    assert problems_of(site({"site.yaml": shared})) == []


def test_duplicates_are_found_through_look_alike_letters_and_address_spellings(
    site: Callable[..., Path],
) -> None:
    root = site(
        {
            "groups/a.yaml": contact(website="https://bücher.example.org/circle"),
            "groups/b.yaml": entry(name="Тest Grоup"),  # Cyrillic Т and о
            "groups/c.yaml": entry(name="Ｔｅｓｔ Ｇｒｏｕｐ"),  # fullwidth
            "groups/d.yaml": entry(
                name='"Test\\u200b Gro\\u00adup"'
            ),  # zero-width space, soft hyphen
            "groups/e.yaml": contact(
                website="HTTP://WWW.XN--BCHER-KVA.EXAMPLE.ORG.:443/circle/?#"
            ).replace("Test Group", "Other Circle"),
            "groups/f.yaml": contact(website="https://example.org/%7ejo").replace(
                "Test Group", "Third"
            ),
            "groups/g.yaml": contact(website="https://example.org/%7Ejo/").replace(
                "Test Group", "Fourth"
            ),
        }
    )
    same_name = (
        "warning: may duplicate {} (same name and city); if both are different groups, make "
        "their names distinct"
    )
    same_site = (
        "warning: may duplicate {} (same website); if both are different groups, give each its "
        "own page"
    )
    found = [line.replace(str(root / "groups") + "/", "") for line in problems_of(root)]
    assert found == [
        "b.yaml:1:7: " + same_name.format("a.yaml"),
        "c.yaml:1:7: " + same_name.format("a.yaml"),
        "d.yaml:1:7: " + same_name.format("a.yaml"),
        "e.yaml:17:12: " + same_site.format("a.yaml"),
        "g.yaml:17:12: " + same_site.format("f.yaml"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            entry(name='"Peer \\u202ecircle"'),
            "1:7: error: name: contains an invisible direction control character (U+202E "
            "RIGHT-TO-LEFT OVERRIDE) at character 6; it can make text show in another order than "
            "it is written, so delete it (U+200E and U+200F marks are fine)",
        ),
        (
            entry(summary='"A group \\u2066for all\\u2069."'),
            "3:10: error: summary: contains an invisible direction control character (U+2066 "
            "LEFT-TO-RIGHT ISOLATE) at character 9; it can make text show in another order than "
            "it is written, so delete it (U+200E and U+200F marks are fine)",
        ),
        (
            entry(description="|\n  First line.\n  Second \u202bline.\n"),
            "16:14: error: description: contains an invisible direction control character "
            "(U+202B RIGHT-TO-LEFT EMBEDDING) on line 2 of the text, character 8; it can make "
            "text show in another order than it is written, so delete it (U+200E and U+200F "
            "marks are fine)",
        ),
        (
            entry(name='{en: Group, ar: "مجموعة \\u202dx"}'),
            "1:23: error: name.ar: contains an invisible direction control character "
            "(U+202D LEFT-TO-RIGHT OVERRIDE) at character 8; it can make text show in another "
            "order than it is written, so delete it (U+200E and U+200F marks are fine)",
        ),
        (
            contact(website='"https://example.org/\\u202egpj.exe"'),
            "17:12: error: contact.website: contains an invisible direction control character "
            "(U+202E RIGHT-TO-LEFT OVERRIDE) at character 21; it can make text show in another "
            "order than it is written, so delete it (U+200E and U+200F marks are fine)",
        ),
        (
            entry(name='"Group \\uFFFE"'),
            "1:7: error: name: contains U+FFFE, a code that is not a character (a "
            "noncharacter), at character 7; delete it, or write the character itself instead of "
            "a \\u escape",
        ),
        (
            entry(summary='"Text \\U0010FFFF"'),
            "3:10: error: summary: contains U+10FFFF, a code that is not a character (a "
            "noncharacter), at character 6; delete it, or write the character itself instead of "
            "a \\u escape",
        ),
        (
            entry(summary="Text \ufdd0 here"),
            "3:10: error: summary: contains U+FDD0, a code that is not a character (a "
            "noncharacter), at character 6; delete it, or write the character itself instead of "
            "a \\u escape",
        ),
        (
            entry(summary='"Text \\x85"'),
            "3:10: error: summary: contains an invisible control character (U+0085); delete it",
        ),
    ],
)
def test_text_cannot_hold_direction_controls_or_noncharacters(
    check_entry: Check, text: str, expected: str
) -> None:
    assert check_entry(text) == [expected]


def test_direction_marks_that_arabic_needs_are_allowed(check_entry: Check) -> None:
    assert check_entry(entry(name='{en: Group, ar: "مجموعة\\u200f (Test)\\u200e\\u061c"}')) == []


def test_lone_surrogates_never_reach_the_site(site: Callable[..., Path]) -> None:
    """A double-quoted "\\ud800" is a lone surrogate, which no XML file (sitemap, feed) may hold.

    libyaml refuses the escape; PyYAML's own parser reads it, so the text check must hold too.
    """
    root = site({"groups/test-group.yaml": entry(name='"Group \\ud800"')})
    assert problems_of(root) == [
        "test-group.yaml:1:16: error: YAML syntax: found invalid Unicode character escape code "
        "(while parsing a quoted scalar)"
    ]
    raw = load_content(site({"groups/test-group.yaml": ENTRY}))
    raw.entries[0].data["name"] = "Group \ud800"
    raw.entries[0].data["summary"] = {"en": "ok", "es": "\udfff"}
    assert [p.format().split("/")[-1] for p in validate(raw, TODAY).problems] == [
        "test-group.yaml:1:7: error: name: contains U+D800, half of a character (a lone "
        "surrogate), at character 7; delete it, or write the character itself instead of a \\u "
        "escape",
        "test-group.yaml:3:10: error: summary.es: contains U+DFFF, half of a character (a "
        "lone surrogate), at character 1; delete it, or write the character itself instead of a "
        "\\u escape",
    ]


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        (
            "a@b.org?bcc=x@evil.org",
            "'a@b.org?bcc=x@evil.org' contains a question mark (?), which starts hidden extra "
            "mail headers such as cc or bcc; write only the address, such as group@example.org",
        ),
        (
            "a@b.org%0Abcc:x@evil.org",
            "'a@b.org%0Abcc:x@evil.org' contains percent-encoding (%), which can hide a line "
            "break that adds mail headers; write only the address, such as group@example.org",
        ),
        (
            "a%0d%0abcc:x@b.org",
            "'a%0d%0abcc:x@b.org' contains percent-encoding (%), which can hide a line break "
            "that adds mail headers; write only the address, such as group@example.org",
        ),
        (
            '"\\"a\\nb\\"@x.org"',
            "contains a line break, which can add mail headers; write only the address",
        ),
        (
            "a@b.org@evil.org",
            "'a@b.org@evil.org' contains more than one @; write one address, such as "
            "group@example.org",
        ),
        (
            "a&cc=x@b.org",
            "'a&cc=x@b.org' contains an ampersand (&), which separates mail headers in an email "
            "link; write only the address, such as group@example.org",
        ),
    ],
)
def test_emails_cannot_add_mail_headers(check_entry: Check, email: str, expected: str) -> None:
    assert check_entry(contact(email=email)) == [f"17:10: error: contact.email: {expected}"]


def test_email_and_phone_links_in_text_get_the_field_checks(check_entry: Check) -> None:
    description = (
        "|\n"
        "  Write to [us](mailto:a@b.org?cc=x@evil.org) or\n"
        "  mailto:a@b.org%0Abcc:x@evil.org, or <c@d.org?bcc=e@f.org>.\n"
        "  Fine: [mail](mailto:circle@example.org), <tel:+1-217-555-0142>, [988](tel:988).\n"
        "  Not fine: [call](tel:+1-217-555-0142;ext=1%0A) and [call](tel:1234).\n"
    )
    assert check_entry(entry(description=description)) == [
        "17:17: error: description: the email link 'mailto:a@b.org?cc=x@evil.org': "
        "'a@b.org?cc=x@evil.org' contains a question mark (?), which starts hidden extra mail "
        "headers such as cc or bcc; write only the address, such as group@example.org",
        "18:3: error: description: the email link 'mailto:a@b.org%0Abcc:x@evil.org': "
        "'a@b.org%0Abcc:x@evil.org' contains percent-encoding (%), which can hide a line break "
        "that adds mail headers; write only the address, such as group@example.org",
        "18:40: error: description: the email link 'c@d.org?bcc=e@f.org': 'c@d.org?bcc=e@f.org' "
        "contains a question mark (?), which starts hidden extra mail headers such as cc or "
        "bcc; write only the address, such as group@example.org",
        "20:20: error: description: the phone link 'tel:+1-217-555-0142;ext=1%0A': "
        "'+1-217-555-0142;ext=1\\n' is not a phone number; write digits with spaces or hyphens "
        "after tel:, such as tel:+1-217-555-0142, with nothing after the number",
        "20:61: error: description: the phone link 'tel:1234': '1234' is not a valid phone number "
        "for US; check the digits, or write it in international form starting with + and the "
        "country code",
    ]


def test_links_in_site_texts_and_guide_bodies_get_the_same_checks() -> None:
    from generator.reading.textlinks import check_links, check_text_links

    md, _ = parse_markdown(
        "---\ntitle: T\n---\nIntro.\n\nJoin at https://zoom.us/j/123 or [mail](mailto:a@b.org?bcc=c@d.org).\n",
        "guide.md",
    )
    assert md is not None
    problems: list[Problem] = []
    check_text_links(md.front, (), md.body, "US", problems, line=md.body_line)
    site, _ = parse_yaml(
        "crisis_lines:\n  GB:\n    - name: Line\n      description:\n"
        "        en: Text [us](tel:0909-876-5432) or join https://chat.whatsapp.com/Ab\n",
        "site.yaml",
    )
    assert site is not None
    check_links(site, "GB", problems)
    assert [p.format() for p in problems] == [
        "guide.md:6:9: warning: the text: the link 'https://zoom.us/j/123' opens the meeting "
        "room itself, so anyone who finds this page can walk into the meeting unannounced; link "
        "to a sign-up or information page instead, or remove the link and set joining: "
        "contact-first",
        "guide.md:6:41: error: the text: the email link 'mailto:a@b.org?bcc=c@d.org': "
        "'a@b.org?bcc=c@d.org' contains a question mark (?), which starts hidden extra mail "
        "headers such as cc or bcc; write only the address, such as group@example.org",
        "site.yaml:5:13: error: crisis_lines.GB[0].description.en (the first crisis line of GB): the phone link "
        f"'tel:0909-876-5432': '0909-876-5432' is a premium-rate number: calling it {CHARGED}",
        "site.yaml:5:13: warning: crisis_lines.GB[0].description.en (the first crisis line of GB): the link "
        f"'https://chat.whatsapp.com/Ab' {ROOM}",
    ]


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        (
            "https://example.org/peers/../admin/",
            "'https://example.org/peers/../admin/' has a . or .. folder in its path; write the "
            "site's real folder, such as https://example.org/peers/",
        ),
        (
            "https://example.org/./peers/",
            "'https://example.org/./peers/' has a . or .. folder in its path; write the site's "
            "real folder, such as https://example.org/peers/",
        ),
        (
            "https://example.org/peers/%2e%2e/",
            "'https://example.org/peers/%2e%2e/' has a . or .. folder in its path; write the "
            "site's real folder, such as https://example.org/peers/",
        ),
        (
            "https://example.org//evil.org/",
            "'https://example.org//evil.org/' has an empty folder (//) in its path; write each "
            "folder once",
        ),
        (
            "https://example.org/peers/?x=1",
            "'https://example.org/peers/?x=1' has a query (?) or fragment (#); the site address "
            "is a plain folder address such as https://example.org/peers/",
        ),
        (
            "https://example.org/peers/?",
            "'https://example.org/peers/?' has a query (?) or fragment (#); the site address is "
            "a plain folder address such as https://example.org/peers/",
        ),
        (
            '"https://example.org/peers/#top"',
            "'https://example.org/peers/#top' has a query (?) or fragment (#); the site address "
            "is a plain folder address such as https://example.org/peers/",
        ),
        (
            '"https://example.org\\\\peers/"',
            "'https://example.org\\peers/' contains a backslash (\\); web addresses use forward "
            "slashes /",
        ),
        (
            "https://admin:secret@example.org/",
            "'https://admin:secret@example.org/' contains a user name or password; remove them "
            "from the link",
        ),
        (
            "ftp://example.org/",
            "'ftp://example.org/' is not a web address; only http:// and https:// links are "
            "allowed",
        ),
    ],
)
def test_base_url_is_an_origin_and_a_clean_path(
    site: Callable[..., Path], base_url: str, expected: str
) -> None:
    text = SITE.replace("base_url: https://peers.example.org/", f"base_url: {base_url}")
    assert problems_of(site({"site.yaml": text})) == [
        f"site.yaml:3:11: error: base_url: {expected}"
    ]


def test_base_url_is_normalized_to_end_with_a_slash(site: Callable[..., Path]) -> None:
    text = SITE.replace(
        "base_url: https://peers.example.org/", "base_url: https://example.org/peers"
    )
    result = run_check(site({"site.yaml": text}), TODAY)
    assert result.problems == []
    assert result.site is not None and result.site.base_url == "https://example.org/peers/"


@pytest.mark.parametrize("url", ["https://[::1", "https://[zoom.us/j/1", "https://zoom.us:99999/"])
def test_malformed_addresses_get_a_message_not_a_traceback(check_entry: Check, url: str) -> None:
    text = contact(website=f'"{url}"').replace("https://example.org/join", f'"{url}"')
    problems = check_entry(text)
    expected = (
        f"'{url}' has a port that is not a number from 1 to 65535"
        if url.endswith("99999/")
        else f"'{url}' has no valid host name"
    )
    assert problems == [
        f"11:8: error: online.url: {expected}",
        f"17:12: error: contact.website: {expected}",
    ]


def test_check_applies_the_link_and_character_checks_to_guides_and_settings(
    site: Callable[..., Path],
) -> None:
    from conftest import ENTRY, TODAY

    from generator.cli import run_check

    root = site(
        {
            "groups/good.yaml": ENTRY,
            "resources/join.md": "---\ntitle: Join\nsummary: How.\nupdated: 2026-10-01\n---\n"
            "Come along.\n\nCall [us](tel:+44-909-876-5432) or https://zoom.us/j/123.\n"
            "Then \u202eevil text.\n",
        }
    )
    prefix = root.as_posix() + "/"
    found = [p.format().replace(prefix, "") for p in run_check(root, TODAY).problems]
    assert [line.split(": ", 1)[0] for line in found] == [
        "resources/join.md:6:1",
        "resources/join.md:8:11",
        "resources/join.md:8:36",
    ]
    assert "the guide's text contains an invisible direction control character (U+202E" in found[0]
    assert "'+44-909-876-5432' is a premium-rate number" in found[1]
    assert "'https://zoom.us/j/123' opens the meeting room itself" in found[2]


def test_base_url_given_on_the_command_line_gets_the_same_check(tmp_path: Path) -> None:
    from conftest import FIXTURES, build_py

    done = build_py(
        "build",
        "--content",
        str(FIXTURES / "valid"),
        "--out",
        str(tmp_path / "out"),
        "--base-url",
        "https://example.org/peers/../admin/",
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "build.py build: error: argument --base-url: 'https://example.org/peers/../admin/' has "
        "a . or .. folder in its path; write the site's real folder, such as "
        "https://example.org/peers/"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "name",
    [
        "Crisis Line",
        "24/7 Peer Helpline",
        '"{en: Peer Circle, es: Línea de Crisis}"',
        "Urgence psy",
        "خط الطوارئ للدعم",
        "Emergency Peer Hotline",
    ],
)
def test_a_name_that_sounds_like_a_crisis_service_is_pointed_out_to_the_reviewer(
    check_entry: Check, name: str
) -> None:
    found = [line for line in check_entry(entry(name=name.strip('"'))) if "sounds like" in line]
    assert len(found) == 1
    assert (
        found[0]
        .split(": warning: ", 1)[1]
        .endswith(
            "sounds like a crisis or emergency service; peer support is not a crisis line, so a "
            "reviewer checks this entry is not posing as one (the site's crisis lines are in "
            "site.yaml, where a maintainer can mark a line's own entry)"
        )
    )


@pytest.mark.parametrize(
    "name",
    [
        "Riverside Peer Circle",
        "Crisp Morning Walkers",
        "Circle for Survivors of Suicide Loss",
        "حلقة لمن فقدوا عزيزاً بالانتحار",
    ],
)
def test_ordinary_names_do_not_sound_like_a_crisis_service(check_entry: Check, name: str) -> None:
    assert not [line for line in check_entry(entry(name=name)) if "sounds like" in line]
