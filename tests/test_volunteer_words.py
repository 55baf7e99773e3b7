"""Messages in a volunteer's words: positions counted as people count them, suggestions from
every site language's labels, and empty fields answered with what to write."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import entry

from generator.reading.errors import field_name

MEETINGS = """\
schedule:
  timezone: Europe/Paris
  meetings:
    - day: monday
      start: "18:00"
      end: "19:00"
    - day: tuesday
      start: "18:00"
      end: "19:00"
      weeks: [1, 9]
"""


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        (("schedule", "meetings", 0, "day"), "schedule.meetings[0].day (the first meeting)"),
        (("schedule", "meetings", 10, "end"), "schedule.meetings[10].end (the 11th meeting)"),
        (("schedule", "meetings", 20), "schedule.meetings[20] (the 21st meeting)"),
        (
            ("schedule", "meetings", 1, "weeks", 1),
            "schedule.meetings[1].weeks[1] (the second week listed in the second meeting)",
        ),
        (
            ("crisis_lines", "GB", 1, "phone"),
            "crisis_lines.GB[1].phone (the second crisis line of GB)",
        ),
        (("topics", 2), "topics[2] (the third topic)"),
        (("location", "coordinates", 0), "location.coordinates[0] (the latitude)"),
        (("online", "countries", 3), "online.countries[3] (the fourth country)"),
        (
            ("topics", "grief", "keywords", "fr", 0),
            "topics.grief.keywords.fr[0] (the first fr keyword)",
        ),
        (("links", 11), "links[11] (the 12th item of links)"),
        (("schedule", "timezone"), "schedule.timezone"),
    ],
)
def test_field_names_count_positions_as_people_do(
    loc: tuple[str | int, ...], expected: str
) -> None:
    assert field_name(loc) == expected


def test_meeting_mistakes_name_the_meeting_in_words(
    check_entry: Callable[[str], list[str]],
) -> None:
    text = entry(schedule=None) + MEETINGS.replace('end: "19:00"', 'end: "17:00"', 1)
    assert check_entry(text) == [
        "20:12: error: schedule.meetings[0].end (the first meeting): end 17:00 is not after "
        'start 18:00; a meeting that runs past midnight ends at "24:00" and continues as a '
        "meeting of its own the next day",
        "24:18: error: schedule.meetings[1].weeks[1] (the second week listed in the second "
        "meeting): 9 is out of range; expected a week of the month from 1 to 5, or -1 for the "
        "last",
    ]


def test_a_missing_field_of_a_meeting_names_the_meeting(
    check_entry: Callable[[str], list[str]],
) -> None:
    text = entry(schedule=None) + MEETINGS.replace('      end: "19:00"\n', "", 1)
    assert check_entry(text) == [
        "18:7: error: missing required field 'end' in schedule.meetings[0] (the first meeting): "
        'End time, 24-hour, in quotes, after the start, e.g. "20:00"; "24:00" for midnight.',
        "23:18: error: schedule.meetings[1].weeks[1] (the second week listed in the second "
        "meeting): 9 is out of range; expected a week of the month from 1 to 5, or -1 for the "
        "last",
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"summary": '""'},
            "3:10: error: summary: is empty; it is needed, so write it: One or two plain "
            "sentences, at most 200 characters, shown in lists and search results.",
        ),
        (
            {"summary": ""},
            "3:9: error: summary: is empty; it is needed, so write it: One or two plain "
            "sentences, at most 200 characters, shown in lists and search results.",
        ),
        (
            {"topics": ""},
            "7:8: error: topics: is empty; it is needed, so write it: What it is about: terms "
            "from vocabularies.yaml, e.g. [ptsd, depression].",
        ),
        (
            {"topics": '[grief, ""]'},
            "7:17: error: topics[1] (the second topic): is empty; write one, or delete this "
            "item: What it is about: terms from vocabularies.yaml, e.g. [ptsd, depression].",
        ),
        (
            {"cost_note": "' '"},
            "16:12: error: cost_note: is empty; write it, or leave the field out: Details of the "
            "cost, e.g. $5 suggested, nobody turned away.",
        ),
        (
            {"name": '{en: Group, fr: ""}'},
            "1:23: error: name.fr: is empty; write the text in fr, or delete the line `fr:`",
        ),
    ],
)
def test_an_empty_field_says_what_to_write(
    check_entry: Callable[[str], list[str]], changes: dict[str, str], expected: str
) -> None:
    assert check_entry(entry(**changes)) == [expected]


def test_an_empty_required_field_never_says_to_remove_it(
    check_entry: Callable[[str], list[str]],
) -> None:
    text = entry(summary='""', verified=None) + 'verified:\n  date: 2026-10-01\n  source: ""\n'
    found = check_entry(text)
    assert found and not any("remove" in line or "leave the field out" in line for line in found)
