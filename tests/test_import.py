"""`build.py import`: sources other directories already have, turned into entry files."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, TODAY, build_args, build_py, catalog_of

from generator.cli import _parser, main, run_check
from generator.exports.exports import csv_files, csv_header
from generator.tools import importer
from generator.tools.importing import run_import

FEED = FIXTURES / "import" / "meeting-guide.json"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """Return an empty content folder with the sample site's settings and vocabularies."""
    root = tmp_path / "content"
    (root / "groups").mkdir(parents=True)
    for name in ("site.yaml", "vocabularies.yaml"):
        shutil.copy(ROOT / "content" / name, root / name)
    return root


def run(*arguments: str | Path) -> int:
    """Run `build.py import ARGUMENTS` in this process, as of the tests' TODAY."""
    return run_import(_parser().parse_args(["import", *map(str, arguments)]), TODAY)


def imported(content: Path) -> dict[str, str]:
    return {
        p.relative_to(content).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted((content / "groups").rglob("*.yaml"))
    }


def test_meeting_guide_feed_imports_into_entries_that_pass_check(content, capsys):
    assert run("meeting-guide", FEED, "--content", content) == 0
    out = capsys.readouterr().out
    assert sorted(imported(content)) == [
        "groups/online/lunchtime-online.yaml",
        "groups/online/night-owls.yaml",
        "groups/us/grupo-amanecer.yaml",
        "groups/us/harbor-group.yaml",
        "groups/us/sunday-serenity.yaml",
    ]
    result = run_check(content, TODAY)
    assert result.ok, [p.format() for p in result.problems]
    assert "import: 5 entries, 5 changed (5 new, 0 updated)" in out


def test_meeting_guide_meetings_of_one_group_become_one_schedule(content):
    run("meeting-guide", FEED, "--content", content)
    text = (content / "groups/us/sunday-serenity.yaml").read_text(encoding="utf-8")
    assert (
        "schedule:\n"
        '  timezone: "America/Los_Angeles"\n'
        "  meetings:\n"
        "    - day: sunday\n"
        '      start: "18:00"\n'
        '      end: "19:30"\n'
        "    - day: wednesday\n"
        '      start: "19:00"\n'
        '      end: "20:00"\n'
    ) in text
    assert "audiences: [lgbtq]\n" in text
    assert "accessibility: [wheelchair]\n" in text
    assert "cost: donation\n" in text  # the feed gives a Venmo handle
    assert "# <- fill in: terms from vocabularies.yaml; the feed has no topics" in text


def test_meeting_guide_multi_day_meeting_and_language_types(content):
    run("meeting-guide", FEED, "--content", content)
    text = (content / "groups/us/grupo-amanecer.yaml").read_text(encoding="utf-8")
    days = [line.strip() for line in text.splitlines() if "- day:" in line]
    assert days == ["- day: monday", "- day: wednesday", "- day: friday"]
    assert "languages: [es]\n" in text
    assert "joining: members-only\n" in text
    assert "audiences: [women]\n" in text
    assert 'summary: "Meets on Monday, Wednesday and Friday in Anytown."  # <- fill in:' in text
    online = (content / "groups/online/lunchtime-online.yaml").read_text(encoding="utf-8")
    assert "languages: [fr, en, ar]\n" in online
    assert "    - day: daily\n" in online
    assert "attendance: online\n" in online
    assert "  platform: zoom\n" in online
    assert (
        '  url: "https://zoom.us/j/123456789"  # <- fill in: a meeting room link lets anyone who '
        "reads the page walk in; link a sign-up page, or remove it and set joining: contact-first"
    ) in online


def test_meeting_guide_inactive_and_closed_meetings_are_temporarily_closed(content, capsys):
    run("meeting-guide", FEED, "--content", content)
    out = capsys.readouterr().out
    owls = (content / "groups/online/night-owls.yaml").read_text(encoding="utf-8")
    assert "status: temporarily-closed  # <- fill in: no conference link or phone" in owls
    harbor = (content / "groups/us/harbor-group.yaml").read_text(encoding="utf-8")
    assert "status: temporarily-closed  # <- fill in: the feed marks the location" in harbor
    assert (
        f"{FEED.as_posix()}:76: warning: this online meeting has no conference_url or "
        "conference_phone, which the spec reads as inactive; imported as temporarily-closed"
    ) in out


def test_meeting_guide_unmappable_values_are_reported_per_row(content, capsys):
    run("meeting-guide", FEED, "--content", content)
    out = capsys.readouterr().out.splitlines()
    assert (
        f"{FEED.as_posix()}:2: warning: meeting types D, SP have no matching field or term in "
        "this directory; left out (describe them in description if they matter)"
    ) in out
    assert (
        f"{FEED.as_posix()}:2: warning: contact_1/2/3 fields are a person's details; not "
        "imported (the directory lists only a group's own public contacts)"
    ) in out
    text = (content / "groups/us/sunday-serenity.yaml").read_text(encoding="utf-8")
    assert "Sam" not in text and "555 0100" not in text


def test_reimporting_the_same_feed_changes_nothing(content, capsys):
    run("meeting-guide", FEED, "--content", content)
    before = imported(content)
    capsys.readouterr()
    assert run("meeting-guide", FEED, "--content", content) == 0
    out = capsys.readouterr().out
    assert imported(content) == before
    assert "import: 5 entries, 0 changed (0 new, 0 updated), 5 unchanged" in out


def test_changed_feed_updates_what_changed_and_lists_what_disappeared(content, tmp_path, capsys):
    feed = tmp_path / "feed.json"
    meetings = json.loads(FEED.read_text(encoding="utf-8"))
    feed.write_text(json.dumps(meetings), encoding="utf-8")
    run("meeting-guide", feed, "--content", content)
    before = imported(content)
    meetings[2]["time"] = "07:30"  # Grupo Amanecer
    meetings[2]["end_time"] = "08:30"
    del meetings[4]  # Night Owls
    feed.write_text(json.dumps(meetings), encoding="utf-8")
    capsys.readouterr()
    assert run("meeting-guide", feed, "--content", content) == 0
    out = capsys.readouterr().out
    after = imported(content)
    changed = [name for name in after if after[name] != before[name]]
    assert changed == ["groups/us/grupo-amanecer.yaml"]
    assert '      start: "07:30"\n' in after["groups/us/grupo-amanecer.yaml"]
    owls = content / "groups/online/night-owls.yaml"
    assert owls.exists()
    assert f"updated {content / 'groups/us/grupo-amanecer.yaml'}" in out
    assert f"{owls}: gone from the source; not deleted (delete it, or set status: ended)" in out
    assert "1 changed (0 new, 1 updated), 3 unchanged, 0 conflicts, 1 gone" in out


def test_hand_edits_are_never_overwritten(content, tmp_path, capsys):
    feed = tmp_path / "feed.json"
    meetings = json.loads(FEED.read_text(encoding="utf-8"))
    feed.write_text(json.dumps(meetings), encoding="utf-8")
    run("meeting-guide", feed, "--content", content)
    path = content / "groups/us/grupo-amanecer.yaml"
    edited = path.read_text(encoding="utf-8").replace(
        "topics: [substance-use]", "topics: [substance-use, anxiety]"
    )
    path.write_text(edited, encoding="utf-8")
    capsys.readouterr()
    # the source unchanged: the edit is kept quietly
    assert run("meeting-guide", feed, "--content", content) == 0
    assert path.read_text(encoding="utf-8") == edited
    assert "0 conflicts" in capsys.readouterr().out
    # the source changed too: the edit is kept and the conflict reported
    meetings[2]["time"] = "06:45"
    feed.write_text(json.dumps(meetings), encoding="utf-8")
    assert run("meeting-guide", feed, "--content", content) == 1
    out = capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == edited
    assert (
        f"{path}: conflict: was edited by hand since the last import and the source has changed "
        "too; left as it is (import into an empty folder with --into to compare)"
    ) in out


def test_a_file_the_importer_did_not_write_is_left_alone(content, capsys):
    path = content / "groups/us/sunday-serenity.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("name: Someone else's entry\n", encoding="utf-8")
    assert run("meeting-guide", FEED, "--content", content) == 1
    assert path.read_text(encoding="utf-8") == "name: Someone else's entry\n"
    assert (
        f"{path}: conflict: already exists and was not written by the importer; left as it is"
    ) in capsys.readouterr().out


def test_dry_run_writes_nothing_and_says_what_would_change(content, capsys):
    assert run("meeting-guide", FEED, "--content", content, "--dry-run") == 0
    out = capsys.readouterr().out
    assert imported(content) == {}
    assert f"would be created {content / 'groups/us/sunday-serenity.yaml'}" in out
    assert out.rstrip().endswith(
        "5 would change (5 new, 0 updated), 0 unchanged, 0 conflicts, "
        "0 gone from the source, 4 warnings; dry run, nothing written"
    )


def test_into_writes_elsewhere(content, tmp_path):
    into = tmp_path / "elsewhere"
    assert run("meeting-guide", FEED, "--content", content, "--into", into) == 0
    assert (into / "us/sunday-serenity.yaml").is_file()
    assert imported(content) == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty; expected a list of meetings in [ ]"),
        ('[{"name": "x"},', "ends before the list of meetings is closed with ]"),
        ("[{", "line 1: not valid JSON: Expecting property name enclosed in double quotes"),
        (
            '{"name": "x"}',
            "is JSON but not a Meeting Guide feed: expected a list of meetings in [ ]",
        ),
        ("not json", "line 1: not valid JSON: Expecting value"),
        ("[" * 100_000, "line 1: nested too deeply to be a meeting"),
    ],
)
def test_unreadable_feeds_are_reported_without_writing(content, tmp_path, capsys, text, message):
    feed = tmp_path / "feed.json"
    feed.write_text(text, encoding="utf-8")
    assert run("meeting-guide", feed, "--content", content) == 1
    err = capsys.readouterr().err
    assert err == f"{feed.as_posix()}: error: {message}; nothing was written\n"
    assert imported(content) == {}


def test_not_utf8_and_missing_feeds_are_reported(content, tmp_path, capsys):
    feed = tmp_path / "feed.json"
    feed.write_bytes(b'[\n{"name": "caf\xe9"}]')
    assert run("meeting-guide", feed, "--content", content) == 1
    assert "line 2 is not UTF-8 text (byte 16); save the file as UTF-8" in capsys.readouterr().err
    assert run("meeting-guide", tmp_path / "none.json", "--content", content) == 1
    assert "none.json: error: does not exist; nothing was written" in capsys.readouterr().err


def test_wrong_types_in_a_feed_are_warnings_never_tracebacks(content, tmp_path, capsys):
    feed = tmp_path / "feed.json"
    meetings = [
        5,
        {"slug": "no-name"},
        {"name": ["a list"]},
        {"name": "Odd Types", "day": "tuesday", "time": 7, "types": {"O": 1}, "city": ["x"]},
        {"name": "Bad Day", "day": 9, "time": "25:00", "latitude": "north", "longitude": 3,
         "address": "3 Road", "city": "Town"},
        {"name": "Late", "day": 1, "time": "23:30", "end_time": "00:30", "country": "ZZ",
         "address": "1 Road", "city": "Town", "conference_url": "http://example.org/x",
         "conference_phone": "call us", "timezone": "Mars/Olympus"},
        {"name": "\u202eEvil\u0000 \ud800name\u2028", "formatted_address": "Lyon, France",
         "approximate": "yes", "conference_phone": "+33 4 72 00 00 00", "day": 2, "time": "9:05"},
        {"name": "x" * 300, "address": "2 Road", "city": "Town", "country": "US"},
    ]  # fmt: skip
    feed.write_text(json.dumps(meetings), encoding="utf-8")
    assert run("meeting-guide", feed, "--content", content) == 0
    out = capsys.readouterr().out
    name = feed.as_posix()
    assert f"{name}:1: warning: expected a meeting in {{ }}, found something else; skipped" in out
    assert f"{name}:1: warning: this meeting has no name, which the spec requires; skipped" in out
    assert f"{name}:1: warning: name should be text; its value was left out" in out
    assert (
        f"{name}:1: warning: day must be 0 (Sunday) to 6 (Saturday) or a list of them, and time "
        "HH:MM; this meeting's day and time were left out"
    ) in out
    assert f"{name}:1: warning: latitude and longitude are not numbers on Earth; left out" in out
    assert (
        f"{name}:1: warning: this meeting ends (00:30) before it starts; imported to 24:00" in out
    )
    assert f"{name}:1: warning: the name is longer than 120 characters; cut short" in out
    result = run_check(content, TODAY)
    errors = [p.format() for p in result.problems if p.severity == "error"]
    assert errors == []


@pytest.mark.slow
def test_imported_feed_builds(content, tmp_path):
    run("meeting-guide", FEED, "--content", content)
    result = build_py(*build_args(content, tmp_path / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site/en/groups/sunday-serenity/index.html").is_file()


# --- CSV ---------------------------------------------------------------------------------------


def _rows(data: bytes) -> dict[str, dict[str, str]]:
    rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    return {row["slug"]: row for row in rows}


def test_sample_directory_csv_round_trips(content, tmp_path, sample_catalog, capsys):
    exported = csv_files(sample_catalog)["data/directory.csv"]
    source = tmp_path / "directory.csv"
    source.write_bytes(exported)
    assert run("csv", source, "--content", content) == 0
    assert "0 warnings" in capsys.readouterr().out
    result = run_check(content, TODAY)
    assert result.ok, [p.format() for p in result.problems]
    again = csv_files(catalog_of(content))["data/directory.csv"]
    assert _rows(again) == _rows(exported)


def test_csv_template_is_the_export_header(content, capsys):
    assert run("csv", "--template", "--content", content) == 0
    header = capsys.readouterr().out
    assert header == (ROOT / "schema/import-template.csv").read_bytes().decode("utf-8")
    assert header.rstrip("\r\n").split(",") == csv_header(catalog_of(ROOT / "content").site)


def test_csv_spreadsheet_with_unmappable_values(content, tmp_path, capsys):
    source = tmp_path / "groups.csv"
    source.write_text(
        "Name,kind,topics,languages,attendance,city,country,schedule,timezone,phone,colour\n"
        "Hope Circle,support group,anxiety; astrology,en,in-person,Leeds,GB,"
        "tuesday 18:30-20:00; tues 7pm,Europe/London,'+44 113 496 0000,blue\n"
        "\n"
        "Second,warmline,,,online,,,24/7,,not a phone,\n",
        encoding="utf-8",
    )
    assert run("csv", source, "--content", content) == 0
    out = capsys.readouterr().out
    name = source.as_posix()
    assert f"{name}:1: warning: column colour is not a directory.csv column; ignored" in out
    assert (
        f"{name}:2: warning: kind 'support group' is not one of support-group, one-to-one, "
        "warmline, online-community, veteran-network, workplace-program; did you mean "
        "'support-group'?; imported as support-group"
    ) in out
    assert (
        f"{name}:2: warning: topics term astrology is not in vocabularies.yaml; left out "
        "(add the term there, or choose another)"
    ) in out
    assert (
        f"{name}:2: warning: schedule 'tues 7pm' is not '<day>[ weeks <n>,<n>] HH:MM-HH:MM', "
        "24/7 or by-appointment; left out"
    ) in out
    assert f"{name}:4: warning: phone 'not a phone' left out:" in out
    hope = (content / "groups/gb/hope-circle.yaml").read_text(encoding="utf-8")
    assert "kind: support-group  # <- fill in: one of support-group" in hope
    assert "topics: [anxiety]\n" in hope
    assert '  phone: "+44 113 496 0000"\n' in hope
    second = (content / "groups/online/second.yaml").read_text(encoding="utf-8")
    assert "topics: [general-wellbeing]  # <- fill in:" in second
    result = run_check(content, TODAY)
    assert [p.format() for p in result.problems if p.severity == "error"] == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty; expected a header row and one row per entry"),
        (b"slug,kind\nx,warmline\n", "line 1: the header row has no name column; the first row "
         "must name the columns (python build.py import csv --template prints them)"),
        (b'name\n"unclosed\n', "line 2: not readable as CSV: unexpected end of data"),
        (b"name\n\xff\xfe", "line 2 is not UTF-8 text (byte 6); save the file as UTF-8"),
    ],
)  # fmt: skip
def test_unreadable_csv_is_reported_without_writing(content, tmp_path, capsys, data, message):
    source = tmp_path / "groups.csv"
    source.write_bytes(data)
    assert run("csv", source, "--content", content) == 1
    assert (
        capsys.readouterr().err == f"{source.as_posix()}: error: {message}; nothing was written\n"
    )
    assert imported(content) == {}


def test_a_source_over_the_size_limit_is_refused(content, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(importer, "MAX_SOURCE_BYTES", 2_000_000)
    feed = tmp_path / "feed.json"
    feed.write_bytes(b"[" + b" " * 3_000_000 + b"]")
    assert run("meeting-guide", feed, "--content", content) == 1
    assert capsys.readouterr().err == (
        f"{feed.as_posix()}: error: is 3 MB; the importer reads at most 2 MB (split it into "
        "smaller files); nothing was written\n"
    )


def test_import_command_through_main(content, capsys):
    assert main(["import", "meeting-guide", str(FEED), "--content", str(content), "--dry-run"]) == 0
    assert "dry run, nothing written" in capsys.readouterr().out
    assert imported(content) == {}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["meeting-guide"], "build.py: error: import needs a SOURCE file to read\n"),
        (["hsds", "--template"], "build.py: error: --template is for csv, not hsds\n"),
    ],
)
def test_import_usage_errors(content, capsys, arguments, message):
    assert run(*arguments, "--content", content) == 2
    assert capsys.readouterr().err == message


def test_reimporting_on_another_day_changes_nothing(content, tmp_path, capsys):
    feed = tmp_path / "feed.json"
    meetings = json.loads(FEED.read_text(encoding="utf-8"))
    del meetings[2]["updated"]  # verified.date: the day of the first import
    feed.write_text(json.dumps(meetings), encoding="utf-8")
    run("meeting-guide", feed, "--content", content)
    before = imported(content)
    assert "  date: 2026-11-25\n" in before["groups/us/grupo-amanecer.yaml"]
    later = _parser().parse_args(["import", "meeting-guide", str(feed), "--content", str(content)])
    capsys.readouterr()
    assert run_import(later, date(2026, 11, 30)) == 0
    assert imported(content) == before
    assert "0 changed" in capsys.readouterr().out


def test_names_without_latin_letters_get_stable_file_names(content, tmp_path):
    feed = tmp_path / "feed.json"
    meetings = [
        {"name": "مجموعة الأمل", "day": 1, "time": "18:00", "types": ["AR"],
         "conference_url": "https://meet.jit.si/amal", "timezone": "Asia/Amman"},
        {"name": "مجموعة الأمل", "day": 2, "time": "18:00", "types": ["AR"],
         "address": "1 Rainbow Street", "city": "Amman", "country": "JO"},
    ]  # fmt: skip
    feed.write_text(json.dumps(meetings, ensure_ascii=False), encoding="utf-8")
    run("meeting-guide", feed, "--content", content)
    first = imported(content)
    assert sorted(first) == [
        "groups/jo/group-eba49b2e-2.yaml",
        "groups/online/group-eba49b2e.yaml",
    ]
    assert "languages: [ar]\n" in first["groups/online/group-eba49b2e.yaml"]
    assert "  platform: jitsi\n" in first["groups/online/group-eba49b2e.yaml"]
    run("meeting-guide", feed, "--content", content)
    assert imported(content) == first


@pytest.mark.slow
def test_many_meetings_with_one_name_import_quickly(content, tmp_path):
    feed = tmp_path / "feed.json"
    meetings = [
        {"name": "Open Discussion", "day": 1, "time": "19:00", "address": f"{n} Main Street",
         "city": "Town", "country": "US"}
        for n in range(5_000)
    ]  # fmt: skip
    feed.write_text(json.dumps(meetings), encoding="utf-8")
    started = time.process_time()
    assert run("meeting-guide", feed, "--content", content, "--dry-run") == 0
    assert time.process_time() - started < 20


def test_csv_saved_with_semicolons_is_read(content, tmp_path):
    source = tmp_path / "groupes.csv"
    source.write_text(
        "name;kind;attendance;city;country;topics;languages;text_language\n"
        "Cercle du mardi;support-group;in-person;Lyon;FR;grief;fr;fr\n",
        encoding="utf-8",
    )
    assert run("csv", source, "--content", content) == 0
    text = (content / "groups/fr/cercle-du-mardi.yaml").read_text(encoding="utf-8")
    assert 'name: "Cercle du mardi"\n' in text
    assert "text_language: fr\n" in text


def test_csv_header_and_cells_cannot_write_yaml_of_their_own(content, tmp_path, capsys):
    source = tmp_path / "groups.csv"
    source.write_text(
        'name,"name_en: x\nkind",text_language,summary,languages\n'
        '"A\nkind: warmline",y,"en: evil","#x: [1]","en, ""fr\n'
        '  - z"""\n',
        encoding="utf-8",
    )
    assert run("csv", source, "--content", content) == 0
    out = capsys.readouterr().out
    assert "warning: column name_en: x\\nkind is not a directory.csv column; ignored" in out
    assert "warning: text_language 'en: evil' is not a language tag such as en or fr-CA" in out
    (path,) = (content / "groups").rglob("*.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["name"] == "A\nkind: warmline"
    assert data["kind"] == "support-group"
    assert data["summary"] == "#x: [1]"


def test_meeting_guide_times_with_seconds_or_am_pm_are_read(content, tmp_path):
    feed = tmp_path / "feed.json"
    meetings = [
        {"name": "Evening", "day": 2, "time": "7:30 PM", "end_time": "20:30:00",
         "address": "1 Road", "city": "Town", "country": "US", "timezone": "America/Denver"},
    ]  # fmt: skip
    feed.write_text(json.dumps(meetings), encoding="utf-8")
    run("meeting-guide", feed, "--content", content)
    text = (content / "groups/us/evening.yaml").read_text(encoding="utf-8")
    assert '    - day: tuesday\n      start: "19:30"\n      end: "20:30"\n' in text
