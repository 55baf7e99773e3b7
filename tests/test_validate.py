"""Each content rule, as the volunteer sees it: the exact message at the exact place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ENTRY, TODAY, entry

from generator.cli import run_check

Check = Callable[..., list[str]]


def test_validate_accepts_the_plain_entry(check_entry: Check) -> None:
    assert check_entry(ENTRY) == []


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (
            "kind",
            "support group",
            "2:7: error: kind: 'support group' is not one of support-group, "
            "one-to-one, warmline, online-community, veteran-network, workplace-program; did you mean "
            "'support-group'?",
        ),
        (
            "attendance",
            "In person",
            "4:13: error: attendance: 'In person' is not one of in-person, "
            "online, hybrid; did you mean 'in-person'?",
        ),
        (
            "joining",
            "invite",
            "5:10: error: joining: 'invite' is not one of open, register, "
            "contact-first, referral, members-only",
        ),
        (
            "cost",
            "[free]",
            "9:7: error: cost: a list is not one of free, donation, sliding-scale, fee",
        ),
    ],
)
def test_validate_rejects_values_outside_an_enumeration(
    check_entry: Check, field: str, value: str, expected: str
) -> None:
    assert check_entry(entry(**{field: value})) == [expected]


def test_validate_suggests_the_field_an_unknown_field_meant(check_entry: Check) -> None:
    text = ENTRY.replace("summary:", "sumary:").replace("  source:", "  sorce:")
    assert check_entry(text) == [
        "3:1: error: unknown field 'sumary'; did you mean 'summary'?",
        "15:3: error: unknown field 'sorce' in verified; did you mean 'source'?",
    ]


def test_validate_lists_allowed_fields_when_nothing_is_close(check_entry: Check) -> None:
    assert check_entry(entry(verified="{date: 2026-10-01, source: x, colour: blue}")) == [
        "13:41: error: unknown field 'colour' in verified; the fields allowed here are date, source"
    ]


def test_validate_reports_a_field_named_like_pydantics_key_marker(check_entry: Check) -> None:
    # found by Hypothesis: pydantic writes "[key]" where a mapping key is wrong
    assert check_entry(ENTRY + "'[key]': ''\n") == [
        "16:1: error: unknown field '[key]'; the fields allowed here are name, kind, summary, "
        "description, text_language, organization, attendance, joining, how_to_join, "
        "facilitation, topics, audiences, languages, cost, cost_note, location, online, "
        "schedule, contact, accessibility, practices, status, status_note, verified, added"
    ]


def test_validate_reports_missing_required_fields_with_their_meaning(check_entry: Check) -> None:
    assert check_entry(entry(kind=None)) == [
        "1:1: error: missing required field 'kind': support-group, one-to-one, warmline, "
        "online-community, veteran-network or workplace-program."
    ]


def test_validate_checks_vocabulary_terms(check_entry: Check) -> None:
    assert check_entry(entry(topics="[grief, depresion]", audiences="veteran")) == [
        "7:17: error: topics[1] (the second topic): 'depresion' is not a term of topics; did you mean 'depression'? "
        "(the terms are listed in vocabularies.yaml; add a new term there first)",
        "16:12: error: audiences[0] (the first audience): 'veteran' is not a term of audiences; did you mean "
        "'veterans'? (the terms are listed in vocabularies.yaml; add a new term there first)",
    ]


def test_validate_accepts_one_term_without_brackets_but_not_a_comma_list(
    check_entry: Check,
) -> None:
    assert check_entry(entry(topics="grief")) == []
    assert check_entry(entry(topics="grief, ptsd")) == [
        "7:9: error: topics: 'grief, ptsd' is one text, not a list; write a list in brackets: "
        "[grief, ptsd]"
    ]


def test_validate_rejects_a_term_listed_twice(check_entry: Check) -> None:
    assert check_entry(entry(topics="[grief, ptsd, grief]")) == [
        "7:23: error: topics[2] (the third topic): 'grief' is listed twice; keep one"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "[english]",
            "'english' is not a BCP 47 language tag such as en, es, fr-CA or ase; did you "
            "mean 'en'?",
        ),
        (
            "[en_US]",
            "'en_US' is not a BCP 47 language tag such as en, es, fr-CA or ase; did you mean "
            "'en-US'?",
        ),
        ("[eng]", "'eng' is written with an old or long code; use 'en' instead"),
        ("[xx]", "'xx' is not a BCP 47 language tag such as en, es, fr-CA or ase"),
    ],
)
def test_validate_checks_bcp47_language_tags(check_entry: Check, value: str, expected: str) -> None:
    assert check_entry(entry(languages=value)) == [
        f"8:13: error: languages[0] (the first language): {expected}"
    ]


@pytest.mark.parametrize("value", ["[en, fr-CA, ase, bfi, zh-Hant-TW, es-419]"])
def test_validate_accepts_real_language_tags(check_entry: Check, value: str) -> None:
    assert check_entry(entry(languages=value)) == []


IN_PERSON = ENTRY.replace("attendance: online", "attendance: in-person").replace(
    "online:\n  url: https://example.org/join\n", "location:\n  city: Oslo\n  country: NO\n"
)


def test_validate_reads_country_no_as_norway(check_entry: Check) -> None:
    assert check_entry(IN_PERSON) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "USA",
            "'USA' is not an ISO 3166-1 two-letter country code such as US, GB or FR; did you "
            "mean 'US' (United States)?",
        ),
        (
            "UK",
            "'UK' is not an ISO 3166-1 two-letter country code such as US, GB or FR; did you mean "
            "'GB' (United Kingdom)?",
        ),
        (
            "France",
            "'France' is not an ISO 3166-1 two-letter country code such as US, GB or FR; did "
            "you mean 'FR' (France)?",
        ),
    ],
)
def test_validate_checks_country_codes(check_entry: Check, value: str, expected: str) -> None:
    assert check_entry(IN_PERSON.replace("country: NO", f"country: {value}")) == [
        f"12:12: error: location.country: {expected}"
    ]


def test_validate_accepts_lower_case_country_codes(check_entry: Check) -> None:
    assert check_entry(IN_PERSON.replace("country: NO", "country: gb")) == []


def meeting(
    start: str = '"18:30"',
    end: str = '"20:00"',
    day: str = "tuesday",
    extra: str = "",
    zone: str = "America/Chicago",
) -> str:
    return ENTRY.replace(
        "schedule: by-appointment",
        f"""schedule:
  timezone: {zone}
  meetings:
    - day: {day}
      start: {start}
      end: {end}{extra}""",
    )


def test_validate_reads_unquoted_times_as_times(
    check_entry: Check, site: Callable[..., Path]
) -> None:
    root = site({"groups/test-group.yaml": meeting(start="18:30", end="20:00")})
    result = run_check(root, TODAY)
    assert result.problems == []
    meetings = result.entries[0].entry.schedule.meetings
    assert meetings is not None and (meetings[0].start, meetings[0].end) == ("18:30", "20:00")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            '"6:30 PM"',
            '"20:00"',
            "16:14: error: schedule.meetings[0].start (the first meeting): '6:30 PM' is a 12-hour "
            'time; write 24-hour time in quotes: "18:30"',
        ),
        (
            '"19:00"',
            '"18:00"',
            "17:12: error: schedule.meetings[0].end (the first meeting): end 18:00 is not after start "
            '19:00; a meeting that runs past midnight ends at "24:00" and continues as a meeting of its '
            "own the next day",
        ),
        (
            '"25:00"',
            '"26:00"',
            "16:14: error: schedule.meetings[0].start (the first meeting): '25:00' is not a time of "
            "day; use 24-hour HH:MM from 00:00 to 23:59\n17:12: error: schedule.meetings[0].end (the first meeting): "
            "'26:00' is not a time of day; use 24-hour HH:MM from 00:00 to 23:59",
        ),
        (
            '"evening"',
            '"21:00"',
            "16:14: error: schedule.meetings[0].start (the first meeting): 'evening' is not a time; "
            'write 24-hour HH:MM in quotes, such as "18:30"',
        ),
    ],
)
def test_validate_checks_meeting_times(
    check_entry: Check, start: str, end: str, expected: str
) -> None:
    assert check_entry(meeting(start, end)) == expected.split("\n")


def test_validate_accepts_a_meeting_ending_at_midnight(check_entry: Check) -> None:
    assert check_entry(meeting('"22:00"', '"24:00"')) == []


def test_validate_checks_weeks_of_the_month(check_entry: Check) -> None:
    assert check_entry(meeting(day="saturday", extra="\n      weeks: [1, 3]")) == []
    assert check_entry(meeting(day="saturday", extra="\n      weeks: last")) == []
    assert check_entry(meeting(day="saturday", extra="\n      weeks: [1, 6]")) == [
        "18:18: error: schedule.meetings[0].weeks[1] (the second week listed in the first meeting): 6 is out of range; expected a week of the "
        "month from 1 to 5, or -1 for the last"
    ]
    assert check_entry(meeting(day="daily", extra="\n      weeks: [2]")) == [
        "18:14: error: schedule.meetings[0].weeks (the first meeting): weeks can't be combined with day: daily; name "
        "the weekday instead"
    ]


def test_validate_checks_time_zones(check_entry: Check) -> None:
    assert check_entry(meeting(zone="EST")) == [
        "13:13: error: schedule.timezone: 'EST' is not an IANA time zone name such as "
        "America/Chicago or Europe/London; did you mean 'America/New_York'?"
    ]
    assert check_entry(meeting(zone="europe/paris")) == [
        "13:13: error: schedule.timezone: 'europe/paris' is not an IANA time zone name such as "
        "America/Chicago or Europe/London; did you mean 'Europe/Paris'?"
    ]


def test_validate_needs_a_time_zone_and_one_schedule_shape(check_entry: Check) -> None:
    text = ENTRY.replace(
        "schedule: by-appointment",
        'schedule:\n  meetings:\n    - day: monday\n      start: "10:00"\n      end: "11:00"',
    )
    assert check_entry(text) == [
        "13:3: error: schedule: needs a timezone for its meeting times, e.g. timezone: "
        "America/Chicago"
    ]
    assert check_entry(entry(schedule="weekly")) == [
        "12:11: error: schedule: 'weekly' is not a schedule; write 24/7, by-appointment, or a "
        "mapping with timezone and meetings"
    ]
    assert check_entry(entry(schedule="{hours: 24/7}")) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01/10/2026", "'01/10/2026' is not a date written YYYY-MM-DD, such as 2026-10-01"),
        ("2026-02-30", "'2026-02-30' is not a real calendar date"),
    ],
)
def test_validate_checks_dates(check_entry: Check, value: str, expected: str) -> None:
    text = ENTRY.replace("date: 2026-10-01", f"date: {value}")
    assert check_entry(text) == [f"14:9: error: verified.date: {expected}"]


def test_validate_rejects_a_verification_date_in_the_future(check_entry: Check) -> None:
    text = ENTRY.replace("date: 2026-10-01", "date: 2026-12-01")
    assert check_entry(text) == [
        "14:9: error: verified.date: 2026-12-01 is in the future (today is 2026-11-25); use the "
        "day it was actually confirmed"
    ]


def test_validate_warns_about_stale_verification(check_entry: Check) -> None:
    text = ENTRY.replace("date: 2026-10-01", "date: 2025-09-01")
    assert check_entry(text) == [
        "14:9: warning: verified.date: last confirmed 2025-09-01, 15 months ago (more than 365 "
        "days); check the entry still runs as described and update verified.date"
    ]


def contact(**fields: str) -> str:
    lines = "".join(f"\n  {k}: {v}" for k, v in fields.items())
    return ENTRY + f"contact:{lines}\n"


def test_validate_normalizes_phone_numbers_to_e164(site: Callable[..., Path]) -> None:
    text = contact(phone='"+1 (217) 555-0142"').replace(
        "  url: https://example.org/join", '  phone: "020 7946 0123"\n  countries: [GB]'
    )
    result = run_check(site({"groups/test-group.yaml": text}), TODAY)
    assert result.problems == []
    found = result.entries[0].entry
    assert found.online is not None and found.online.phone == "+442079460123"
    assert found.contact is not None and found.contact.phone == "+12175550142"


def test_validate_reads_phones_with_the_entry_country(check_entry: Check) -> None:
    assert (
        check_entry(
            IN_PERSON
            + 'contact:\n  phone: "020 7946 0123"\n'.replace("020 7946 0123", "22 12 34 56")
        )
        == []
    )
    assert check_entry(contact(phone='"555-12"')) == [
        "17:10: error: contact.phone: '555-12' is not a valid phone number for US; check the "
        "digits, or write it in international form starting with + and the country code"
    ]
    assert check_entry(contact(phone="call us")) == [
        "17:10: error: contact.phone: 'call us' is not a phone number; write digits with spaces, "
        'such as "+1 217 555 0142" or "(217) 555-0142", in quotes'
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "www.example.org",
            "'www.example.org' has no scheme; write the full address: https://www.example.org",
        ),
        (
            "javascript:alert(1)",
            "'javascript:alert(1)' is not a web address; only http:// and "
            "https:// links are allowed",
        ),
        (
            "//evil.example.org/x",
            "'//evil.example.org/x' has no scheme; write the full address starting with https://",
        ),
        (
            "https://user:pw@example.org",
            "'https://user:pw@example.org' contains a user name or "
            "password; remove them from the link",
        ),
        (
            "data:text/html,hi",
            "'data:text/html,hi' is not a web address; only http:// and https:// links are allowed",
        ),
    ],
)
def test_validate_accepts_only_plain_web_links(
    check_entry: Check, value: str, expected: str
) -> None:
    assert check_entry(contact(website=value)) == [f"17:12: error: contact.website: {expected}"]


def test_validate_checks_email_addresses(check_entry: Check) -> None:
    assert check_entry(contact(email="mailto:a@example.org")) == [
        "17:10: error: contact.email: 'mailto:a@example.org' starts with mailto:; write only "
        "the address"
    ]
    assert check_entry(contact(email="group at example.org")) == [
        "17:10: error: contact.email: 'group at example.org' is not an email address such as "
        "group@example.org"
    ]


def test_validate_checks_coordinates(check_entry: Check) -> None:
    base = IN_PERSON.replace("country: NO", "country: NO\n  coordinates: {value}")
    assert check_entry(base.format(value="[59.91, 10.75]")) == []
    assert check_entry(base.format(value="[10.75, 259.91]")) == [
        "13:24: error: location.coordinates[1] (the longitude): 259.91 is out of range; expected a longitude from "
        "-180 to 180"
    ]
    assert check_entry(base.format(value="[59.91]")) == [
        "13:16: error: location.coordinates: expected [latitude, longitude], found a list of 1 "
        "numbers"
    ]


def test_validate_requires_location_and_online_by_attendance(check_entry: Check) -> None:
    assert check_entry(entry(attendance="hybrid")) == [
        "4:13: error: attendance is hybrid, so the entry needs a location (city and country at "
        "least)"
    ]
    assert check_entry(IN_PERSON.replace("in-person", "online")) == [
        "4:13: error: attendance is online, so the entry needs an online section (url, platform "
        "or phone)",
        "10:1: error: location is given but attendance is online; set attendance: hybrid, or "
        "remove location",
    ]


def test_validate_limits_summary_length(check_entry: Check) -> None:
    assert check_entry(entry(summary="x" * 201)) == [
        "3:10: error: summary: has 201 characters; keep it to 200 or fewer"
    ]
    assert check_entry(entry(summary="{en: ok, es: " + "y" * 205 + "}")) == [
        "3:23: error: summary.es: has 205 characters; keep it to 200 or fewer"
    ]


def test_validate_accepts_translations_only_for_site_languages(check_entry: Check) -> None:
    assert check_entry(entry(name="{en: Group, es: Grupo, fr: Groupe, ar: مجموعة}")) == []
    assert check_entry(entry(name="{en: Group, sp: Grupo}")) == [
        "1:19: error: name.sp: 'sp' is not one of the site's languages (en, es, fr, ar); "
        "translations are given per site language"
    ]


def test_validate_rejects_empty_text_and_control_characters(check_entry: Check) -> None:
    assert check_entry(entry(name='""')) == [
        "1:7: error: name: is empty; it is needed, so write it: The name people know it by (at most "
        "120 characters); text, or {en: ..., es: ...}."
    ]
    assert check_entry(entry(name='"Tab\\u0000Name"')) == [
        "1:7: error: name: contains an invisible control character (U+0000); delete it"
    ]


def test_validate_explains_wrong_shapes(check_entry: Check) -> None:
    assert check_entry(entry(verified="2026-10-01")) == [
        "13:11: error: verified: expected fields (a mapping), found '2026-10-01'"
    ]
    assert check_entry(entry(languages="{en: yes}")) == [
        "8:12: error: languages: expected a list, found a mapping of fields"
    ]


def test_validate_warns_when_nobody_can_reach_the_entry(check_entry: Check) -> None:
    text = ENTRY.replace("  url: https://example.org/join", "  platform: forum")
    assert check_entry(text) == [
        "1:1: warning: gives nobody a way to join or reach it: add contact, online.url or "
        "how_to_join"
    ]


def test_validate_requires_unique_slugs_and_safe_file_names(site: Callable[..., Path]) -> None:
    root = site(
        {
            "groups/a/same.yaml": ENTRY,
            "groups/b/same.yaml": entry(name="Other"),
            "groups/Big Group.yaml": entry(name="Big"),
        }
    )
    messages = [p.message for p in run_check(root, TODAY).problems]
    assert messages[0] == (
        "the file name 'Big Group.yaml' is also the page address; use "
        "lowercase letters, digits and hyphens only: rename it to "
        "big-group.yaml"
    )
    assert messages[1].startswith("another entry already uses the file name 'same.yaml' (")
    assert len(messages) == 2


def test_validate_warns_about_likely_duplicates(site: Callable[..., Path]) -> None:
    root = site(
        {
            "groups/a.yaml": contact(website="https://www.example.org/circle/"),
            "groups/b.yaml": contact(website="https://example.org/circle").replace(
                "Test Group", "Circle"
            ),
            "groups/c.yaml": entry(name="test  group!"),
        }
    )
    problems = run_check(root, TODAY).problems
    assert [
        (Path(p.path).name, p.line, p.severity, p.message.split(" (")[1]) for p in problems
    ] == [
        (
            "b.yaml",
            17,
            "warning",
            "same website); if both are different groups, give each its own page",
        ),
        (
            "c.yaml",
            1,
            "warning",
            "same name and city); if both are different groups, make their names distinct",
        ),
    ]


def test_validate_checks_guides(site: Callable[..., Path]) -> None:
    root = site(
        {
            "groups/g.yaml": ENTRY,
            "resources/first-meeting.de.md": "---\ntitle: x\nsummary: y\nupdated: 2026-01-01\n---\n",
            "resources/orphan.fr.md": "---\ntitle: x\nsummary: y\nupdated: 2026-01-01\n---\n",
            "resources/typo.md": "---\ntitle: x\nsumary: y\nupdated: 2026-13-01\ntopics: [sadness]\n"
            "---\nBody\n",
        }
    )
    assert [
        (Path(p.path).name, p.line, p.column, p.message) for p in run_check(root, TODAY).problems
    ] == [
        (
            "first-meeting.de.md",
            2,
            1,
            "'de' in the file name is not one of the site's languages (en, es, fr, ar)",
        ),
        (
            "orphan.fr.md",
            2,
            1,
            "this translation has no original: add orphan.md, or rename this file to it",
        ),
        ("typo.md", 3, 1, "unknown field 'sumary'; did you mean 'summary'?"),
        ("typo.md", 4, 10, "updated: '2026-13-01' is not a real calendar date"),
        (
            "typo.md",
            5,
            10,
            "topics[0] (the first topic): 'sadness' is not a term of topics (the terms are listed in "
            "vocabularies.yaml; add a new term there first)",
        ),
    ]


def test_validate_checks_site_settings(site: Callable[..., Path]) -> None:
    root = site({"groups/g.yaml": ENTRY})
    settings = (root / "site.yaml").read_text()
    (root / "site.yaml").write_text(
        settings.replace("default_country: US", "default_country: FR").replace(
            "base_url: https://", "base_url: ftp://"
        )
    )
    assert [(p.line, p.column, p.message) for p in run_check(root, TODAY).problems] == [
        (
            3,
            11,
            "base_url: 'ftp://peers.example.org/' is not a web address; only http:// and "
            "https:// links are allowed",
        ),
    ]
    (root / "site.yaml").write_text(settings.replace("default_country: US", "default_country: FR"))
    assert [(p.line, p.column, p.message) for p in run_check(root, TODAY).problems] == [
        (
            6,
            18,
            "default_country: default_country FR has no crisis_lines; add the country's "
            "crisis line under crisis_lines: FR:",
        ),
    ]


def test_validate_warns_about_missing_term_labels(site: Callable[..., Path]) -> None:
    root = site({"groups/g.yaml": ENTRY})
    vocab = root / "vocabularies.yaml"
    vocab.write_text(vocab.read_text().replace(", ar: الحزن والفقد}", "}"))
    assert [(p.line, p.severity, p.message) for p in run_check(root, TODAY).problems] == [
        (
            9,
            "warning",
            "grief.label has no ar; add a label for every site language (until then "
            "the default language is shown)".replace("grief", "topics.grief"),
        )
    ]


@pytest.mark.parametrize(
    "url",
    [
        "https://us02web.zoom.us/j/81234567890?pwd=abc",
        "https://meet.google.com/abc-defg-hij",
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting",
        "https://meet.jit.si/OurCircle",
        "https://chat.whatsapp.com/AbCdEf",
        "https://signal.group/#CjQKI",
    ],
)
def test_validate_warns_when_a_join_link_opens_a_private_room(check_entry: Check, url: str) -> None:
    text = ENTRY.replace("https://example.org/join", url)
    assert check_entry(text) == [
        "11:8: warning: online.url opens the meeting room itself, so anyone who finds this page "
        "can walk into the meeting unannounced; link to a sign-up or information page instead, "
        "or remove the link and set joining: contact-first"
    ]


@pytest.mark.parametrize(
    "url",
    ["https://example.org/join", "https://zoom.us/meetings", "https://discord.com/safety"],
)
def test_validate_accepts_join_links_to_information_pages(check_entry: Check, url: str) -> None:
    assert check_entry(ENTRY.replace("https://example.org/join", url)) == []
