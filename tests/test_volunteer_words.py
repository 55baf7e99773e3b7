"""Messages in a volunteer's words: positions counted as people count them, suggestions from
every site language's labels, and empty fields answered with what to write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, entry

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
            {"cost": ""},
            "9:6: error: cost: is empty; write one of free, donation, sliding-scale, fee",
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


CHOICES = (
    "support-group, one-to-one, warmline, online-community, veteran-network, workplace-program"
)
DAYS = "monday, tuesday, wednesday, thursday, friday, saturday, sunday, daily"
TERMS = "(the terms are listed in vocabularies.yaml; add a new term there first)"
NOT_A_TAG = "is not a BCP 47 language tag such as en, es, fr-CA or ase"
NOT_A_COUNTRY = "is not an ISO 3166-1 two-letter country code such as US, GB or FR"
IN_PERSON = entry(attendance="in-person", online=None) + (
    "location:\n  city: Lyon\n  country: {country}\n"
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"topics": "[deuil]"},
            f"7:10: error: topics[0] (the first topic): 'deuil' is not a term of topics; did you "
            f"mean 'grief' (French: Deuil)? {TERMS}",
        ),
        (
            {"topics": "[DUELO]"},
            f"7:10: error: topics[0] (the first topic): 'DUELO' is not a term of topics; did you "
            f"mean 'grief' (Spanish: Duelo)? {TERMS}",
        ),
        (
            {"topics": "[الحزن والفقد]"},
            "7:10: error: topics[0] (the first topic): 'الحزن والفقد' is not a term of topics; did "
            f"you mean 'grief' (Arabic: الحزن والفقد)? {TERMS}",
        ),
        (
            {"topics": "[Grièf]"},
            f"7:10: error: topics[0] (the first topic): 'Grièf' is not a term of topics; did you "
            f"mean 'grief'? {TERMS}",
        ),
        (
            {"topics": "[grief, depresion]"},
            f"7:17: error: topics[1] (the second topic): 'depresion' is not a term of topics; "
            f"did you mean 'depression'? {TERMS}",
        ),
        (
            {"audiences": "[anciens combattants]"},
            "16:13: error: audiences[0] (the first audience): 'anciens combattants' is not a "
            f"term of audiences; did you mean 'veterans' (French: Anciens combattants)? {TERMS}",
        ),
        (
            {"cost": "gratuit"},
            "9:7: error: cost: 'gratuit' is not one of free, donation, sliding-scale, fee; did "
            "you mean 'free' (French: Gratuit)?",
        ),
        (
            {"cost": "مجاني"},
            "9:7: error: cost: 'مجاني' is not one of free, donation, sliding-scale, fee; did "
            "you mean 'free' (Arabic: مجاني)?",
        ),
        (
            {"kind": "Groupe de soutien"},
            f"2:7: error: kind: 'Groupe de soutien' is not one of {CHOICES}; did you mean "
            "'support-group' (French: Groupe de soutien)?",
        ),
        (
            {"kind": "suport group"},
            f"2:7: error: kind: 'suport group' is not one of {CHOICES}; did you mean "
            "'support-group'?",
        ),
        (
            {"attendance": "En línea"},
            "4:13: error: attendance: 'En línea' is not one of in-person, online, hybrid; did "
            "you mean 'online'?",
        ),
        (
            {"joining": "abierto"},
            "5:10: error: joining: 'abierto' is not one of open, register, contact-first, "
            "referral, members-only; did you mean 'open' (Spanish: Abierto a todo el mundo: "
            "puedes ir directamente)?",
        ),
        (
            {"languages": "[allemand]"},
            f"8:13: error: languages[0] (the first language): 'allemand' {NOT_A_TAG}; did you "
            "mean 'de' (French: allemand)?",
        ),
        (
            {"languages": "[Inglés]"},
            f"8:13: error: languages[0] (the first language): 'Inglés' {NOT_A_TAG}; did you "
            "mean 'en' (Spanish: inglés)?",
        ),
        (
            {"languages": "[english]"},
            f"8:13: error: languages[0] (the first language): 'english' {NOT_A_TAG}; did you "
            "mean 'en'?",
        ),
    ],
)
def test_a_word_of_any_site_language_suggests_the_code_to_write(
    check_entry: Callable[[str], list[str]], changes: dict[str, str], expected: str
) -> None:
    assert check_entry(entry(**changes)) == [expected]


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("Francia", "did you mean 'FR' (Spanish: Francia)?"),
        ("allemagne", "did you mean 'DE' (French: Allemagne)?"),
        ("مصر", "did you mean 'EG' (Arabic: مصر)?"),
        ("USA", "did you mean 'US' (United States)?"),
        ("Frnace", "did you mean 'FR' (France)?"),
    ],
)
def test_a_country_named_in_any_site_language_suggests_its_code(
    check_entry: Callable[[str], list[str]], country: str, expected: str
) -> None:
    found = check_entry(IN_PERSON.format(country=country))
    assert found == [f"16:12: error: location.country: '{country}' {NOT_A_COUNTRY}; {expected}"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("mardi", "did you mean 'tuesday' (French: mardi)?"),
        ("lundi", "did you mean 'monday' (French: lundi)?"),
        ("Miércoles", "did you mean 'wednesday' (Spanish: miércoles)?"),
        ("الثلاثاء", "did you mean 'tuesday' (Arabic: الثلاثاء)?"),
        ("الثُّلَاثَاء", "did you mean 'tuesday' (Arabic: الثلاثاء)?"),
        ("Tuesday", "did you mean 'tuesday'?"),
        ("Tuesdays", "did you mean 'tuesday'?"),
        ("los martes", "did you mean 'tuesday' (Spanish: Los martes)?"),
        ("les mardis", "did you mean 'tuesday' (French: Le mardi)?"),
        ("funday", "did you mean 'sunday'?"),
    ],
)
def test_a_day_named_in_any_site_language_suggests_its_code(
    check_entry: Callable[[str], list[str]], day: str, expected: str
) -> None:
    text = entry(schedule=None) + MEETINGS.replace("day: tuesday", f"day: {day}")
    text = text.replace("weeks: [1, 9]", "weeks: [1, 3]")
    assert check_entry(text) == [
        f"21:12: error: schedule.meetings[1].day (the second meeting): '{day}' is not one of "
        f"{DAYS}; {expected}"
    ]


def test_a_word_of_no_site_language_gets_no_suggestion(
    check_entry: Callable[[str], list[str]],
) -> None:
    # German is not a site language of the fixture: its words are not the site's
    assert check_entry(entry(cost="kostenlos")) == [
        "9:7: error: cost: 'kostenlos' is not one of free, donation, sliding-scale, fee"
    ]


def test_a_long_value_is_shown_shortened_without_a_guess(
    check_entry: Callable[[str], list[str]],
) -> None:
    value = "gratuit " * 2_000
    assert check_entry(entry(cost=f'"{value}"')) == [
        f"9:7: error: cost: '{value[:80]}…' is not one of free, donation, sliding-scale, fee"
    ]


def test_build_suggests_the_same_words_as_check(site: Callable[..., Path], tmp_path: Path) -> None:
    """`build` and `serve` check with the theme's words too: a French cost is answered in kind."""
    from generator.build.site import build_site

    root = site({"groups/test-group.yaml": entry(cost="gratuit", kind="Groupe de soutien")})
    result = build_site(root, tmp_path / "out", TODAY)
    messages = [problem.message for problem in result.problems]
    assert (
        "cost: 'gratuit' is not one of free, donation, sliding-scale, fee; did you mean 'free' "
        "(French: Gratuit)?" in messages
    )
    assert any("did you mean 'support-group' (French: Groupe de soutien)?" in m for m in messages)
    assert not (tmp_path / "out").exists()
