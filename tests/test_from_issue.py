"""The issue forms and `build.py from-issue`: a visitor fills the form, GitHub writes the body,
and the body becomes an entry that passes `check`, whatever else the body holds."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, TODAY

from generator.cli import main, run_check
from generator.tools.forms import CONSENT, form_texts, new_entry_fields, vocabulary_labels
from generator.tools.from_issue import parse_answers
from generator.tools.importer import read_vocabularies

FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
LABELS = vocabulary_labels(read_vocabularies(ROOT / "content"), ["en"])
NEW = {
    "name": "Riverside Grief Circle",
    "kind": "support-group",
    "attendance": "hybrid",
    "summary": "A weekly circle for people grieving a death, led by people who have been there.",
    "topics": ["Grief and loss", "Loss to suicide"],
    "audiences": ["Families and friends"],
    "languages": "English, Spanish",
    "joining": "open",
    "facilitation": "peer-led",
    "cost": "free",
    "venue": "Riverside Community Center",
    "address": "120 Main Street",
    "city": "Springfield",
    "region": "Illinois",
    "postal_code": "62701",
    "country": "United States",
    "online_url": "https://example.org/join",
    "platform": "zoom",
    "when": "on the days and times below",
    "days": ["tuesday", "saturday"],
    "weeks": ["1st", "3rd"],
    "start": "6:30 pm",
    "end": "20:00",
    "timezone": "America/Chicago",
    "website": "https://example.org",
    "email": "circle@example.org",
    "phone": "+1 217 555 0142",
    "accessibility": ["Wheelchair accessible"],
    "source": "I facilitate it.",
    "consent": list(CONSENT),
}


def form(name: str) -> dict[str, Any]:
    return yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def render(definition: dict[str, Any], answers: dict[str, Any]) -> str:
    """Return the issue body GitHub writes when a visitor submits `answers` on a form."""
    parts = []
    for item in definition["body"]:
        if item["type"] == "markdown":
            continue
        value = answers.get(item["id"])
        if item["type"] == "checkboxes":
            value = "\n".join(
                f"- [{'X' if option['label'] in (value or []) else ' '}] {option['label']}"
                for option in item["attributes"]["options"]
            )
        elif item["type"] == "dropdown" and value:
            chosen = [value] if isinstance(value, str) else value
            # a visitor can only pick what the form offers
            assert set(chosen) <= set(item["attributes"]["options"]), chosen
            value = ", ".join(chosen)
        parts.append(f"### {item['attributes']['label']}\n\n{value or '_No response_'}")
    return "\n\n".join(parts)


def new_entry_body(**changes: Any) -> str:
    answers = {**NEW, **changes}
    return render(form("new-entry.yml"), {k: v for k, v in answers.items() if v is not None})


def one_value(value: str) -> list[str]:
    return [value]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    for name in ("site.yaml", "vocabularies.yaml"):
        shutil.copy(ROOT / "content" / name, folder / name)
    return folder


def from_issue(body: str | bytes, content: Path, *extra: str) -> int:
    path = content.parent / "issue.md"
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body, encoding="utf-8", newline="")
    return main(["from-issue", str(path), "--content", str(content), "--today", str(TODAY), *extra])


def written(content: Path) -> list[Path]:
    return sorted((content / "groups").rglob("*.yaml"))


# -- the forms ------------------------------------------------------------------------------


def test_committed_issue_forms_are_the_generated_ones() -> None:
    for name, text in form_texts(ROOT / "content").items():
        assert (FORMS / name).read_text(encoding="utf-8") == text, (
            f".github/ISSUE_TEMPLATE/{name} is stale: run python build.py schema"
        )


def test_forms_offer_every_vocabulary_term_by_its_label() -> None:
    vocabularies = yaml.safe_load((ROOT / "content" / "vocabularies.yaml").read_text("utf-8"))
    for name in ("new-entry.yml", "correction.yml"):
        fields = {item.get("id"): item for item in form(name)["body"]}
        for vocabulary, terms in vocabularies.items():
            labels = [term["label"]["en"] for term in terms.values()]
            assert fields[vocabulary]["attributes"]["options"] == labels
            assert fields[vocabulary]["attributes"]["multiple"] is True


def test_form_labels_are_unique_and_correction_asks_for_nothing_but_entry_problem_source() -> None:
    for name in ("new-entry.yml", "correction.yml"):
        labels = [i["attributes"]["label"] for i in form(name)["body"] if i["type"] != "markdown"]
        assert len(labels) == len(set(labels))
    required = [
        item["id"]
        for item in form("correction.yml")["body"]
        if item.get("validations", {}).get("required")
    ]
    assert required == ["entry", "problem", "source"]


# -- a new entry ----------------------------------------------------------------------------


def test_filled_new_entry_form_becomes_an_entry_that_passes_check(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert from_issue(new_entry_body(), content, "--issue", "42") == 0
    [path] = written(content)
    assert path == content / "groups" / "us" / "riverside-grief-circle.yaml"
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"wrote {path.as_posix()}",
        f"from-issue: {path.as_posix()} passes check",
    ]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["topics"] == ["grief", "suicide-loss"]
    assert data["audiences"] == ["families"]
    assert data["languages"] == ["en", "es"]
    assert data["location"]["country"] == "US"
    assert data["location"]["postal_code"] == "62701"
    assert data["schedule"] == {
        "timezone": "America/Chicago",
        "meetings": [
            {"day": "tuesday", "weeks": [1, 3], "start": "18:30", "end": "20:00"},
            {"day": "saturday", "weeks": [1, 3], "start": "18:30", "end": "20:00"},
        ],
    }
    assert data["contact"]["phone"] == "+1 217 555 0142"
    assert data["accessibility"] == ["wheelchair"]
    assert data["verified"] == {"date": TODAY, "source": "I facilitate it."}
    assert "# Suggested in issue #42 with the new-entry form" in path.read_text(encoding="utf-8")
    assert run_check(content, TODAY).ok


def test_warmline_that_runs_around_the_clock_goes_under_online(content: Path) -> None:
    body = new_entry_body(
        kind="warmline",
        attendance="online",
        when="24/7",
        days=[],
        weeks=[],
        start=None,
        end=None,
        venue=None,
        address=None,
        city=None,
        region=None,
        postal_code=None,
        country=None,
        online_url=None,
        platform="phone",
        online_phone="+1 312 555 0199",
        languages="en",
    )
    assert from_issue(body, content) == 0
    [path] = written(content)
    assert path.parent.name == "online"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["schedule"] == "24/7" or data["schedule"] == {"hours": "24/7"}
    assert "location" not in data


@pytest.mark.parametrize(
    ("start", "end", "meeting"),
    [
        ("18:30", "20:00", ("18:30", "20:00")),
        ("6:30 pm", "8 PM", ("18:30", "20:00")),
        ("18h30", "20h", ("18:30", "20:00")),
        ("9.15 a.m.", "12 pm", ("09:15", "12:00")),
        ("12 am", "1am", ("00:00", "01:00")),
        ("22:00", "24:00", ("22:00", "24:00")),
    ],
)
def test_times_are_read_as_people_write_them(
    content: Path, start: str, end: str, meeting: tuple[str, str]
) -> None:
    assert from_issue(new_entry_body(start=start, end=end), content) == 0
    data = yaml.safe_load(written(content)[0].read_text(encoding="utf-8"))
    first = data["schedule"]["meetings"][0]
    assert (first["start"], first["end"]) == meeting


@pytest.mark.parametrize("clock", ["25:00", "13 pm", "0 am", "24:30", "18:60", "noon", "1830"])
def test_times_that_are_not_times_are_left_out(
    content: Path, clock: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert from_issue(new_entry_body(start=clock), content) == 1
    assert f"warning: Start time: '{clock}' is not a time such as 18:30; left out" in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize("start", ["24:00", "24h", "24 h 00"])
def test_a_meeting_cannot_start_at_the_midnight_that_ends_a_day(
    content: Path, start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert from_issue(new_entry_body(start=start, end="23:00"), content) == 1
    assert (
        f"warning: Start time: '{start}' can only end a meeting; a meeting starting at midnight "
        "starts at 00:00; left out"
    ) in capsys.readouterr().out


def test_an_unreadable_time_zone_is_not_called_missing(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert from_issue(new_entry_body(timezone="Chicago time"), content) == 0
    text = written(content)[0].read_text(encoding="utf-8")
    assert (
        '  timezone: "America/Chicago"  # <- fill in: the time zone given could not be read; '
        in text
    )
    assert "no time zone was given" not in text
    from_issue(new_entry_body(name="Other", timezone=None), content)
    other = (content / "groups" / "us" / "other.yaml").read_text(encoding="utf-8")
    assert '  timezone: "America/Chicago"  # <- fill in: no time zone was given; check it' in other


def test_what_cannot_be_converted_is_reported_by_field_in_plain_words(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = new_entry_body(
        languages="English, Klingonese",
        country="Narnia",
        website="htp://example.org",
        start="half past six",
        timezone=None,
    ).replace("Loss to suicide", "Loss to suicide, Astrology")
    assert from_issue(body, content) == 1
    lines = capsys.readouterr().out.splitlines()
    issue = (content.parent / "issue.md").as_posix()
    notes = [line.split(": warning: ", 1)[1] for line in lines if ": warning: " in line]
    assert notes == [
        "Topics: 'Astrology' is not one of the form's choices; left out",
        "Languages it is held in: 'Klingonese' is not a language name or code such as English "
        "or en; left out",
        "Country: 'Narnia' is not a country's name in English or its two-letter code such as US; "
        "left out",
        "When does it run?: meetings need days, a start time and an end time; no readable start "
        "time, so the schedule is left for a volunteer to write",
        "Start time: 'half past six' is not a time such as 18:30; left out",
        "Website: 'htp://example.org' is not a web address; only http:// and https:// links are "
        "allowed; left out",
    ]
    assert all(line.startswith(f"{issue}:") for line in lines if ": warning: " in line)
    [path] = written(content)
    text = path.read_text(encoding="utf-8")
    assert '  country: ""  # <- fill in: a two-letter code such as US' in text
    assert 'schedule: ""  # <- fill in: days and times, 24/7 or by-appointment' in text
    assert lines[-1] == (
        f"from-issue: check finds 2 errors in {path.as_posix()}; fix them in the pull request"
    )


def test_body_edited_by_hand_with_windows_line_ends_reads_the_same(content: Path) -> None:
    assert from_issue(new_entry_body().replace("\n", "\r\n"), content) == 0
    data = yaml.safe_load(written(content)[0].read_text(encoding="utf-8"))
    assert data["summary"] == NEW["summary"]


def test_without_the_consent_boxes_ticked_nothing_is_written(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert from_issue(new_entry_body(consent=[CONSENT[0]]), content) == 1
    assert not (content / "groups").exists()
    out = capsys.readouterr().out.splitlines()
    assert out[-2].endswith(
        ": warning: Privacy and consent: both boxes must be ticked before details are "
        "published; nothing was written"
    )
    assert out[-1] == "from-issue: nothing was written"


# -- hostile bodies: the body is whatever its author typed ------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        'Circle"\nkind: warmline\nstatus: ended',
        "&anchor !!python/object/apply:os.system ['echo pwned']",
        "Circle\n---\nname: second document",
        "yes",
        "{en: Injected, es: Inyectado}",
        "- [X] list",
        "# comment",
        "'single' \"double\" \\ back",
    ],
)
def test_yaml_in_an_answer_stays_text(content: Path, name: str) -> None:
    from_issue(new_entry_body(name=name), content)
    [path] = written(content)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["name"] == name.replace("\n", " ")  # a name is one line (see below)
    assert data["kind"] == "support-group"
    assert "status" not in data


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("../../../etc/passwd", "us/etc-passwd.yaml"),
        ("..", None),
        ("/absolute/path", "us/absolute-path.yaml"),
        ("C:\\Windows\\system32", "us/c-windows-system32.yaml"),
        ("دعم الأقران", None),
        ("x" * 500, "us/" + "x" * 80 + ".yaml"),
    ],
)
def test_file_names_come_from_the_name_made_safe(
    content: Path, name: str, file: str | None
) -> None:
    from_issue(new_entry_body(name=name), content)
    [path] = written(content)
    assert path.parent == content / "groups" / "us"
    if file is not None:
        assert path == content / "groups" / file
    else:
        assert path.stem.startswith("group-") and len(path.stem) == len("group-") + 8


@pytest.mark.parametrize("country", ["../..", "US/../../x", "us\n", "U5", "*", "United States!"])
def test_a_country_that_is_not_a_code_never_becomes_a_folder(content: Path, country: str) -> None:
    from_issue(new_entry_body(country=country), content)
    [path] = written(content)
    # the place is in person: groups/us/, or groups/ itself when the country can't be read
    assert path.parent in (content / "groups" / "us", content / "groups")


def test_control_and_direction_characters_are_removed(content: Path) -> None:
    name = "Riverside\u202e elcriC\u2066 Grief\x07\x1b[31m Circle\u200b"
    body = new_entry_body(name=name, summary="Weekly.\u2067\x00 Come along.")
    # the reader's own answers, not the written file: the YAML writer cleans again behind it
    answers = parse_answers(body, new_entry_fields(LABELS))
    assert answers.values["name"] == "Riverside elcriC Grief[31m Circle\u200b"
    assert answers.values["summary"] == "Weekly. Come along."
    from_issue(body, content)
    data = yaml.safe_load(written(content)[0].read_text(encoding="utf-8"))
    assert (data["name"], data["summary"]) == (answers.values["name"], "Weekly. Come along.")


def test_one_line_answers_made_multi_line_by_editing_the_body_are_joined(content: Path) -> None:
    body = new_entry_body(
        name="Riverside\n\n  Grief Circle ",
        venue="Riverside\r\nCommunity\tCenter",
        city="Spring\u00a0field\n",
        summary="Weekly.\n\nCome along.",
        languages="English\nSpanish",
    )
    assert from_issue(body, content) == 0
    data = yaml.safe_load(written(content)[0].read_text(encoding="utf-8"))
    assert data["name"] == "Riverside Grief Circle"
    assert data["languages"] == ["en", "es"]  # one name a line is a list, as before
    assert data["location"]["venue"] == "Riverside Community\tCenter"
    assert data["location"]["city"] == "Spring\u00a0field"
    assert data["summary"] == "Weekly.\n\nCome along."  # a text area keeps its paragraphs


@pytest.mark.parametrize("attendance", ["in-person", "hybrid"])
def test_a_place_without_a_readable_country_waits_in_groups_not_online(
    content: Path, attendance: str
) -> None:
    from_issue(new_entry_body(attendance=attendance, country="Narnia"), content)
    [path] = written(content)
    assert path.parent == content / "groups"


def test_headings_inside_an_answer_do_not_replace_other_answers(content: Path) -> None:
    body = new_entry_body(summary="Weekly.\n\n### Kind\n\nwarmline\n\n### Name\n\nOther")
    from_issue(body, content)
    data = yaml.safe_load(written(content)[0].read_text(encoding="utf-8"))
    assert data["kind"] == "support-group"
    assert data["name"] == NEW["name"]
    assert data["summary"].startswith("Weekly.\n\n### Kind")


def test_values_the_form_does_not_offer_are_left_out(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = new_entry_body().replace("\n\nsupport-group\n", "\n\nsupport group; DROP TABLE\n")
    assert from_issue(body, content) == 1
    out = capsys.readouterr().out
    assert (
        "warning: Kind: 'support group; DROP TABLE' is not one of support-group, one-to-one, "
        "warmline, online-community, veteran-network, workplace-program; did you mean "
        "'support-group'?; left out"
    ) in out
    assert 'kind: ""  # <- fill in: one of support-group' in written(content)[0].read_text("utf-8")


def test_markup_stays_text_for_the_site_to_render_safely(content: Path) -> None:
    summary = "<script>alert(1)</script> [click](javascript:alert(1)) @everyone"
    from_issue(new_entry_body(summary=summary), content)
    data = yaml.safe_load(written(content)[0].read_text(encoding="utf-8"))
    assert data["summary"] == summary


def test_a_body_longer_than_github_allows_is_refused(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert from_issue(new_entry_body(summary="x" * 70_000), content) == 1
    assert not (content / "groups").exists()
    issue = (content.parent / "issue.md").as_posix()
    assert capsys.readouterr().err.startswith(f"{issue}: error: is 7")


@pytest.mark.parametrize(
    "body",
    [b"", b"\xff\xfe\x00garbage", b"### Name\n\n" * 5000, b"### Privacy and consent\n\n- [X]"],
)
def test_bodies_that_are_not_a_form_write_nothing_and_raise_nothing(
    content: Path, body: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    assert from_issue(body, content) == 1
    assert not (content / "groups").exists()
    assert "internal error" not in capsys.readouterr().err


def test_a_body_file_too_big_for_an_issue_or_a_folder_is_refused_before_reading(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert from_issue(b"x" * 262_145, content) == 1
    issue = (content.parent / "issue.md").as_posix()
    assert capsys.readouterr().err == (
        f"{issue}: error: is 262,145 bytes; an issue body holds at most 65,536 characters; "
        "nothing was written\n"
    )
    assert main(["from-issue", str(content), "--content", str(content)]) == 1
    assert capsys.readouterr().err.endswith(
        "content: error: is a folder, not a file; nothing was written\n"
    )
    assert not (content / "groups").exists()


def test_missing_body_file_and_content_folder_are_usage_errors(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["from-issue", str(content / "nope.md"), "--content", str(content)]) == 1
    assert capsys.readouterr().err.endswith("nope.md: error: does not exist; nothing was written\n")
    missing = content / "missing"
    assert main(["from-issue", str(content / "x.md"), "--content", str(missing)]) == 2
    assert f"content folder '{missing}' does not exist" in capsys.readouterr().err


# -- corrections ----------------------------------------------------------------------------

SAMPLE = "groups/us/austin-bilingual-caregivers-circle.yaml"
PAGE = "https://peer-support.example.org/fr/groups/austin-bilingual-caregivers-circle/"


@pytest.fixture
def with_entry(content: Path) -> Path:
    (content / "groups" / "us").mkdir(parents=True)
    shutil.copy(ROOT / "content" / SAMPLE, content / SAMPLE)
    return content / SAMPLE


def correction_body(**answers: Any) -> str:
    defaults = {
        "entry": PAGE,
        "problem": "Details are wrong or out of date",
        "source": "Their website, 2026-11-20.",
        "consent": list(CONSENT),
    }
    return render(form("correction.yml"), {**defaults, **answers})


def changed_lines(before: str, after: str) -> list[str]:
    import difflib

    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_correction_changes_only_what_the_form_says(
    content: Path, with_entry: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = with_entry.read_text(encoding="utf-8")
    body = correction_body(
        venue="Dove Springs Recreation Center",
        address="5801 Ainez Drive",
        days=["sunday"],
        start="14:00",
        end="15:30",
        email="caregivers@example.org",
    )
    assert from_issue(body, content, "--issue", "7") == 0
    assert capsys.readouterr().out.splitlines() == [
        f"changed {with_entry.as_posix()}",
        f"from-issue: {with_entry.as_posix()} passes check",
    ]
    # the rest stays byte for byte: comments, quoting, translations, the order of fields
    assert changed_lines(before, with_entry.read_text(encoding="utf-8")) == [
        "-  venue: Montopolis Recreation and Community Center",
        "-  address: 1200 Montopolis Drive",
        '+  venue: "Dove Springs Recreation Center"',
        '+  address: "5801 Ainez Drive"',
        "-    - day: saturday",
        '-      start: "10:00"',
        '-      end: "11:30"',
        "+    - day: sunday",
        '+      start: "14:00"',
        '+      end: "15:30"',
        "-  email: cuidadores@montopolis.example.org",
        '+  email: "caregivers@example.org"',
        "-  date: 2026-10-27",
        "-  source: Visited a meeting",
        f"+  date: {TODAY.isoformat()}",
        '+  source: "Their website, 2026-11-20."',
    ]
    data = yaml.safe_load(with_entry.read_text(encoding="utf-8"))
    assert data["location"]["venue"] == "Dove Springs Recreation Center"
    assert data["location"]["city"] == "Austin"
    assert data["location"]["notes"]["es"] == "Sala multiusos B. Cuidado infantil en la sala C."
    assert data["schedule"] == {
        "timezone": "America/Chicago",
        "meetings": [{"day": "sunday", "start": "14:00", "end": "15:30"}],
    }
    assert data["contact"] == {"email": "caregivers@example.org", "phone": "(512) 555-0148"}
    assert data["verified"] == {"date": TODAY, "source": "Their website, 2026-11-20."}
    assert data["added"].isoformat() == "2024-09-21"
    assert data["name"]["ar"] == "حلقة مونتوبوليس ثنائية اللغة لمقدمي الرعاية"


def test_correction_of_a_translated_text_replaces_only_its_own_language(
    content: Path, with_entry: Path
) -> None:
    before = with_entry.read_text(encoding="utf-8")
    body = correction_body(
        summary="A new summary.",
        attendance="hybrid",
        online_url="https://example.org/join",
        platform="zoom",
        when="24/7",
    )
    assert from_issue(body, content) == 0
    assert changed_lines(before, with_entry.read_text(encoding="utf-8"))[:11] == [
        "-  en: A Saturday morning circle in Spanish and English for people caring for a parent, "
        "partner or child with a long-term illness or disability.",
        '+  en: "A new summary."',
        "-attendance: in-person",
        "+attendance: hybrid",
        "+online:",
        '+  url: "https://example.org/join"',
        "+  platform: zoom",
        "-  timezone: America/Chicago",
        "-  meetings:",
        "-    - day: saturday",
        '-      start: "10:00"',
    ]
    data = yaml.safe_load(with_entry.read_text(encoding="utf-8"))
    assert data["summary"]["es"].startswith("Un círculo los sábados")
    assert data["schedule"] == {"hours": "24/7"}


@pytest.mark.parametrize(
    ("problem", "status"),
    [("It is temporarily closed", "temporarily-closed"), ("It has ended", "ended")],
)
def test_correction_that_says_it_closed_sets_the_status(
    content: Path, with_entry: Path, problem: str, status: str
) -> None:
    before = with_entry.read_text(encoding="utf-8")
    assert from_issue(correction_body(problem=problem), content) == 0
    after = with_entry.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        f"+status: {status}",
        "-  date: 2026-10-27",
        "-  source: Visited a meeting",
        f"+  date: {TODAY.isoformat()}",
        '+  source: "Their website, 2026-11-20."',
    ]


@pytest.mark.parametrize(
    "reference",
    [
        PAGE,
        "austin-bilingual-caregivers-circle",
        "content/groups/us/austin-bilingual-caregivers-circle.yaml",
        "https://github.com/example/peer-support-directory/blob/main/content/groups/us/"
        "austin-bilingual-caregivers-circle.yaml",
        "/en/groups/austin-bilingual-caregivers-circle/?utm=x#top",
    ],
)
def test_correction_finds_the_entry_however_it_is_named(
    content: Path, with_entry: Path, reference: str
) -> None:
    assert from_issue(correction_body(entry=reference, city="Del Valle"), content) == 0
    assert yaml.safe_load(with_entry.read_text("utf-8"))["location"]["city"] == "Del Valle"


@pytest.mark.parametrize(
    ("reference", "why"),
    [
        (
            "../../../../etc/passwd",
            "no entry is called passwd; check the address of its page",
        ),
        (
            "content/groups/us/../../site.yaml",
            "no entry is called site; check the address of its page",
        ),
        (
            "groups/*/austin*",
            "'groups/*/austin*' does not name an entry; give its page address, e.g. "
            "https://example.org/en/groups/riverside-circle/, or its file name",
        ),
        (
            "",
            "'' does not name an entry; give its page address, e.g. "
            "https://example.org/en/groups/riverside-circle/, or its file name",
        ),
    ],
)
def test_correction_never_reaches_outside_the_entries(
    content: Path, with_entry: Path, reference: str, why: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    assert from_issue(correction_body(entry=reference, city="Elsewhere"), content) == 1
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(f": warning: Entry: {why}; nothing was written")


def test_correction_with_nothing_to_change_writes_nothing(
    content: Path, with_entry: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = with_entry.read_text(encoding="utf-8")
    assert from_issue(correction_body(details="The room changed, ask at the desk."), content) == 1
    assert with_entry.read_text(encoding="utf-8") == before
    notes = [line.split(": warning: ")[1] for line in capsys.readouterr().out.splitlines()[:-1]]
    assert notes == [
        "What is the problem?: no field of the entry was filled in, so nothing was changed; a "
        "volunteer reads the issue",
        "Anything else: not converted: a volunteer reads it in the issue",
    ]


def test_a_body_made_to_slow_the_reader_down_is_read_at_once(content: Path) -> None:
    import time

    from generator.tools.forms import new_entry_fields
    from generator.tools.from_issue import parse_answers

    # a lazy `###[ \t]+(.+?)[ \t]*` took 13 s on one such line of 30,000 spaces
    body = "### a" + " " * 60_000 + "x\n" + "### Name\n" * 500 + "1" + " " * 60_000 + "z"
    started = time.process_time()
    parse_answers(body, new_entry_fields({}))
    assert time.process_time() - started < 2


def test_schema_command_writes_the_issue_forms_from_the_vocabularies(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    vocabularies = (ROOT / "content" / "vocabularies.yaml").read_text(encoding="utf-8")
    (tmp_path / "content" / "vocabularies.yaml").write_text(
        vocabularies.replace("label: {en: Depression,", "label: {en: Low mood,"), encoding="utf-8"
    )
    forms = tmp_path / ".github" / "ISSUE_TEMPLATE"
    forms.mkdir(parents=True)
    assert main(["schema", "--out", str(tmp_path / "schema")]) == 0
    written = yaml.safe_load((forms / "new-entry.yml").read_text(encoding="utf-8"))
    topics = next(item for item in written["body"] if item.get("id") == "topics")
    assert topics["attributes"]["options"][0] == "Low mood"
    assert (forms / "correction.yml").read_text("utf-8") == form_texts(tmp_path / "content")[
        "correction.yml"
    ]


@pytest.mark.parametrize(
    ("languages", "country", "tags", "code"),
    [
        ("English and Spanish", "USA", ["en", "es"], "US"),
        ("español, inglés", "Estados Unidos", ["es", "en"], "US"),
        ("français; anglais", "Royaume-Uni", ["fr", "en"], "GB"),
        ("العربية", "فرنسا", ["ar"], "FR"),
        ("Norwegian, no", "Norway", ["no"], "NO"),  # YAML 1.1 would read both as false
    ],
)
def test_languages_and_countries_by_name_in_the_site_languages(
    content: Path, languages: str, country: str, tags: list[str], code: str
) -> None:
    from_issue(new_entry_body(languages=languages, country=country), content)
    [path] = written(content)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["languages"] == tags
    assert data["location"]["country"] == code
    assert path.parent.name == code.lower()


def test_a_new_entry_body_can_not_pass_for_a_correction(content: Path, with_entry: Path) -> None:
    before = with_entry.read_text(encoding="utf-8")
    body = new_entry_body(summary=f"Weekly.\n\n### Entry\n\n{PAGE}\n\n### What is the problem?")
    assert from_issue(body, content) == 0
    assert with_entry.read_text(encoding="utf-8") == before
    assert len(written(content)) == 2


def test_answers_in_another_site_language_say_so(content: Path) -> None:
    body = new_entry_body(
        text_language="Español (es)",
        name="Círculo de duelo",
        summary="Un círculo semanal para personas en duelo.",
    )
    assert from_issue(body, content) == 0
    data = yaml.safe_load(written(content)[0].read_text(encoding="utf-8"))
    assert data["text_language"] == "es"
    assert data["name"] == "Círculo de duelo"


def test_correction_in_another_language_replaces_that_translation_only(
    content: Path, with_entry: Path
) -> None:
    body = correction_body(text_language="Français (fr)", summary="Un nouveau résumé.")
    assert from_issue(body, content) == 0
    data = yaml.safe_load(with_entry.read_text(encoding="utf-8"))
    assert data["summary"]["fr"] == "Un nouveau résumé."
    assert data["summary"]["en"].startswith("A Saturday morning circle")


def test_correction_in_another_language_of_a_plain_text_adds_a_translation(
    content: Path,
) -> None:
    from conftest import ENTRY

    path = content / "groups" / "online" / "test-group.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(ENTRY, encoding="utf-8")
    body = correction_body(entry="test-group", text_language="Español (es)", name="Grupo")
    assert from_issue(body, content) == 0
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["name"] == {
        "en": "Test Group",
        "es": "Grupo",
    }


def test_correction_naming_a_slug_two_files_share_asks_for_the_file(
    content: Path, with_entry: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (content / "groups" / "ca").mkdir()
    shutil.copy(with_entry, content / "groups" / "ca" / with_entry.name)
    assert from_issue(correction_body(city="Elsewhere"), content) == 1
    assert (
        capsys.readouterr()
        .out.splitlines()[0]
        .endswith(
            ": warning: Entry: 2 entries are called austin-bilingual-caregivers-circle; name its "
            "file, e.g. groups/us/austin-bilingual-caregivers-circle.yaml; nothing was written"
        )
    )
    # the file's path picks one (check then says two files can't share a page address)
    assert from_issue(correction_body(entry=f"content/{SAMPLE}", city="Elsewhere"), content) == 1
    assert yaml.safe_load(with_entry.read_text("utf-8"))["location"]["city"] == "Elsewhere"
    other = content / "groups" / "ca" / with_entry.name
    assert yaml.safe_load(other.read_text("utf-8"))["location"]["city"] == "Austin"
