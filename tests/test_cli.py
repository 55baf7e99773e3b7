"""The command line: output format, exit codes, and the whole invalid fixture tree in one run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ENTRY, TODAY, build_py, entry

from generator.cli import main

INVALID_REPORT = """\
tests/fixtures/invalid/groups/Bad Name.yaml:1:1: error: the file name 'Bad Name.yaml' is also the page address; use lowercase letters, digits and hyphens only: rename it to bad-name.yaml
tests/fixtures/invalid/groups/anchors.yaml:1:7: error: YAML anchors (&n) aren't supported; write the value out in full
tests/fixtures/invalid/groups/bad-kind.yaml:2:7: error: kind: 'support group' is not one of support-group, one-to-one, warmline, online-community, veteran-network, workplace-program; did you mean 'support-group'?
tests/fixtures/invalid/groups/bad-link.yaml:11:8: error: online.url: 'javascript:alert(1)' is not a web address; only http:// and https:// links are allowed
tests/fixtures/invalid/groups/bad-place.yaml:7:10: error: topics[0] (the first topic): 'anxeity' is not a term of topics (the terms are listed in vocabularies.yaml; add a new term there first)
tests/fixtures/invalid/groups/bad-place.yaml:8:13: error: languages[0] (the first language): 'english' is not a BCP 47 language tag such as en, es, fr-CA or ase; did you mean 'en'?
tests/fixtures/invalid/groups/bad-place.yaml:12:12: error: location.country: 'USA' is not an ISO 3166-1 two-letter country code such as US, GB or FR; did you mean 'US' (United States)?
tests/fixtures/invalid/groups/bad-place.yaml:13:17: error: location.coordinates[0] (the latitude): 139.5 is out of range; expected a latitude from -90 to 90
tests/fixtures/invalid/groups/bad-place.yaml:15:12: error: contact.website: 'www.example.org' has no scheme; write the full address: https://www.example.org
tests/fixtures/invalid/groups/bad-place.yaml:16:10: error: contact.email: 'not-an-email' is not an email address such as group@example.org
tests/fixtures/invalid/groups/bad-place.yaml:17:10: error: contact.phone: '555-12' is not a valid phone number for US; check the digits, or write it in international form starting with + and the country code
tests/fixtures/invalid/groups/bad-place.yaml:20:9: error: verified.date: 2027-01-01 is in the future (today is 2026-11-25); use the day it was actually confirmed
tests/fixtures/invalid/groups/bad-times.yaml:13:13: error: schedule.timezone: 'Chicago' is not an IANA time zone name such as America/Chicago or Europe/London; did you mean 'America/Chicago'?
tests/fixtures/invalid/groups/bad-times.yaml:16:14: error: schedule.meetings[0].start (the first meeting): '6:30 PM' is a 12-hour time; write 24-hour time in quotes: "18:30"
tests/fixtures/invalid/groups/bad-times.yaml:20:12: error: schedule.meetings[1].end (the second meeting): end 18:00 is not after start 19:00; a meeting that runs past midnight ends at "24:00" and continues as a meeting of its own the next day
tests/fixtures/invalid/groups/bad-times.yaml:22:14: error: schedule.meetings[2].weeks (the third meeting): weeks count from 1 (the first week of the month); 0 is not a week
tests/fixtures/invalid/groups/bad-times.yaml:25:12: error: schedule.meetings[3].day (the fourth meeting): 'funday' is not one of monday, tuesday, wednesday, thursday, friday, saturday, sunday, daily; did you mean 'sunday'?
tests/fixtures/invalid/groups/bad-times.yaml:29:9: error: verified.date: '01/10/2026' is not a date written YYYY-MM-DD, such as 2026-10-01
tests/fixtures/invalid/groups/binary.yaml:1:13: error: this is not a text file (it contains a NUL byte); content files must be UTF-8 text
tests/fixtures/invalid/groups/colon-in-text.yaml:2:14: error: YAML syntax: a colon followed by a space starts a new field here; if it is part of the text, put the whole value in quotes
tests/fixtures/invalid/groups/duplicate-key.yaml:2:1: error: duplicate field 'name' (first set on line 1); keep only one
tests/fixtures/invalid/groups/empty.yaml:1:1: error: the file is empty; it needs the fields of an entry (name, kind, summary, ...)
tests/fixtures/invalid/groups/latin1.yaml:1:10: error: this file is not UTF-8 text (byte 0xe9 here); save it with UTF-8 encoding
tests/fixtures/invalid/groups/list-root.yaml:1:1: error: expected fields such as `name: ...` (a mapping), found a list
tests/fixtures/invalid/groups/missing-location.yaml:1:1: warning: gives nobody a way to join or reach it: add contact, online.url or how_to_join
tests/fixtures/invalid/groups/missing-location.yaml:1:24: error: name.de: 'de' is not one of the site's languages (en, es, fr, ar); translations are given per site language
tests/fixtures/invalid/groups/missing-location.yaml:3:10: error: summary: has 226 characters; keep it to 200 or fewer
tests/fixtures/invalid/groups/missing-location.yaml:4:13: error: attendance is hybrid, so the entry needs a location (city and country at least)
tests/fixtures/invalid/groups/missing-location.yaml:4:13: error: attendance is hybrid, so the entry needs an online section (url, platform or phone)
tests/fixtures/invalid/groups/missing-location.yaml:12:3: error: missing required field 'source' in verified: How it was confirmed, e.g. Phone call with the facilitator. Not published: used only for review.
tests/fixtures/invalid/groups/online-grief-line.yaml:17:9: warning: verified.date: last confirmed 2025-01-10, 23 months ago (more than 365 days); check the entry still runs as described and update verified.date
tests/fixtures/invalid/groups/same-website.yaml:11:12: warning: may duplicate tests/fixtures/invalid/groups/online-grief-line.yaml (same website); if both are different groups, give each its own page
tests/fixtures/invalid/groups/sub/online-grief-line.yaml:1:1: error: another entry already uses the file name 'online-grief-line.yaml' (tests/fixtures/invalid/groups/online-grief-line.yaml); entry file names are their page addresses and must be unique: rename one
tests/fixtures/invalid/groups/tab-indent.yaml:3:1: error: YAML syntax: a tab character is used for indentation here; YAML needs spaces
tests/fixtures/invalid/groups/unknown-field.yaml:1:1: error: unknown field 'nmae'; did you mean 'name'?
tests/fixtures/invalid/groups/unknown-field.yaml:16:1: error: unknown field 'locaton'; did you mean 'location'?
tests/fixtures/invalid/groups/wrong-extension.yml:1:1: error: entry files end in .yaml; rename this file to wrong-extension.yaml
tests/fixtures/invalid/resources/no-front.md:1:1: error: a guide starts with front matter: a line `---`, fields such as `title:` and `summary:`, then another `---`
tests/fixtures/invalid/resources/orphan.es.md:2:1: error: this translation has no original: add orphan.md, or rename this file to it
tests/fixtures/invalid/resources/typo-guide.fx.md:2:1: error: 'fx' in the file name is not one of the site's languages (en, es, fr, ar)
tests/fixtures/invalid/resources/typo-guide.md:3:1: error: unknown field 'sumary'; did you mean 'summary'?
tests/fixtures/invalid/resources/unclosed.md:1:1: error: the front matter is never closed; add a line `---` after its last field
check: 39 errors and 3 warnings in 26 files.
"""


def test_check_reports_every_mistake_in_the_invalid_tree_at_once() -> None:
    result = build_py("check", "--content", "tests/fixtures/invalid", "--today", str(TODAY))
    assert result.stdout == INVALID_REPORT
    assert result.stderr == ""
    assert result.returncode == 1


def test_check_passes_on_the_sample_content() -> None:
    result = build_py("check", "--today", str(TODAY))
    assert " error" not in result.stdout, result.stdout
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1].startswith("check: ")


def test_check_exits_zero_with_warnings_and_one_with_strict(
    site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = site({"groups/old.yaml": ENTRY.replace("date: 2026-10-01", "date: 2024-10-01")})
    args = ["check", "--content", str(root), "--today", str(TODAY)]
    assert main(args) == 0
    assert capsys.readouterr().out.endswith(
        ": warning: verified.date: last confirmed 2024-10-01, "
        "2 years ago (more than 365 days); check the entry "
        "still runs as described and update verified.date\n"
        "check: 1 warning in 5 files.\n"
    )
    assert main([*args, "--strict"]) == 1
    assert "error: verified.date: last confirmed" in capsys.readouterr().out


def test_check_exits_two_on_usage_errors(tmp_path: Path) -> None:
    assert build_py("check", "--bogus").returncode == 2
    assert build_py("frobnicate").returncode == 2
    missing = build_py("check", "--content", str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert (
        missing.stderr == f"build.py: error: content folder '{tmp_path / 'nope'}' does not exist\n"
    )
    assert build_py("check", "--today", "tomorrow").returncode == 2


def test_check_prints_github_annotations_under_actions(site: Callable[..., Path]) -> None:
    root = site({"groups/bad.yaml": entry(kind="group")})
    result = build_py(
        "check", "--content", str(root), "--today", str(TODAY), env={"GITHUB_ACTIONS": "true"}
    )
    path = (root / "groups/bad.yaml").as_posix()
    message = (
        "kind: 'group' is not one of support-group, one-to-one, warmline, online-community, "
        "veteran-network, workplace-program; did you mean 'support-group'?"
    )
    assert result.stdout.splitlines() == [
        f"{path}:2:7: error: {message}",
        f"::error file={path},line=2,col=7::{message}",
        "check: 1 error in 5 files.",
    ]
    assert result.returncode == 1


def test_check_names_a_missing_site_file(
    site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = site({"groups/g.yaml": ENTRY})
    (root / "site.yaml").unlink()
    assert main(["check", "--content", str(root), "--today", str(TODAY)]) == 1
    assert "site.yaml:1:1: error: site.yaml is missing; the content folder needs one" in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe\x00n",
        b"- a\n- b\n",
        b"name:\n  - [\n",
        b"{}",
        b"null",
        b"[[[[[]]]]]",
        b"name: !!binary aGk=\n",
        b"? [a]\n: b\n",
        b"\xef\xbb\xbf" + ENTRY.encode(),
        ENTRY.replace("\n", "\r\n").encode(),
        b"name: " + "\u202e\u200b\u0301".encode() * 50,
    ],
)
def test_check_never_raises_on_broken_files(
    site: Callable[..., Path], content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site({"groups/g.yaml": content, "resources/r.md": content, "vocabularies.yaml": content})
    code = main(["check", "--content", str(root), "--today", str(TODAY)])
    out = capsys.readouterr()
    assert "Traceback" not in out.err and "internal error" not in out.err
    assert code == 1
    assert out.out.splitlines()[-1].startswith("check: ")
