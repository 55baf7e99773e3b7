"""Schedules people can act on: localized wording, local time, day and time-of-day browsing."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from conftest import TODAY, entry, serve_folder

from generator.build.site import build_site

SCHEDULED = entry(
    name="Lakeside Circle",
    attendance="hybrid",
    location="\n  venue: Lakeside Hall\n  city: Chicago\n  region: Illinois\n  country: US",
    schedule="""
  timezone: America/Chicago
  meetings:
    - day: tuesday
      start: "18:30"
      end: "20:00"
    - day: saturday
      weeks: [1, 3]
      start: "10:00"
      end: "11:30"
    - day: thursday
      weeks: [-1]
      start: "13:00"
      end: "14:00"
    - day: daily
      start: "21:00"
      end: "24:00\"""",
)
IN_PERSON = entry(
    name="Corner Circle",
    attendance="in-person",
    online=None,
    location="\n  city: Madrid\n  country: ES",
    schedule="""
  timezone: Europe/Madrid
  meetings:
    - day: monday
      start: "09:30"
      end: "11:00\"""",
)
ALWAYS = entry(name="Night Line", schedule='"24/7"')
APPOINTMENT = entry(name="Mentors", schedule="by-appointment")

EXPECTED = {
    "en": [
        "Tuesdays, 6:30\u2009–\u20098:00\u202fPM (Chicago time)",
        "First and third Saturday of the month, 10:00\u2009–\u200911:30\u202fAM (Chicago time)",
        "Last Thursday of the month, 1:00\u2009–\u20092:00\u202fPM (Chicago time)",
        "Every day, 9:00\u202fPM\u2009–\u200912:00\u202fAM (Chicago time)",
    ],
    "es": [
        "Los martes, 18:30–20:00 (hora de Chicago)",
        "Primer y tercer sábado del mes, 10:00–11:30 (hora de Chicago)",
        "Último jueves del mes, 13:00–14:00 (hora de Chicago)",
        "Todos los días, 21:00–0:00 (hora de Chicago)",
    ],
    "fr": [
        "Le mardi, 18:30\u2009–\u200920:00 (heure de Chicago)",
        "Premier et troisième samedi du mois, 10:00\u2009–\u200911:30 (heure de Chicago)",
        "Dernier jeudi du mois, 13:00\u2009–\u200914:00 (heure de Chicago)",
        "Tous les jours, 21:00\u2009–\u200900:00 (heure de Chicago)",
    ],
    "ar": [
        "كل يوم ثلاثاء، 6:30–8:00 م (بتوقيت شيكاغو)",
        "السبت الأول والثالث من كل شهر، 10:00–11:30 ص (بتوقيت شيكاغو)",
        "الخميس الأخير من كل شهر، 1:00–2:00 م (بتوقيت شيكاغو)",
        "يوميًا، 9:00 م\u2009–\u200912:00 ص (بتوقيت شيكاغو)",
    ],
}
# an in-person group, 24/7 and by appointment, in every language
OTHER_EXPECTED = {
    "en": [
        "Mondays, 9:30\u2009–\u200911:00\u202fAM",
        "Open 24 hours a day, 7 days a week",
        "By appointment",
    ],
    "es": [
        "Los lunes, 9:30–11:00",
        "Disponible las 24 horas, los 7 días de la semana",
        "Con cita previa",
    ],
    "fr": [
        "Le lundi, 09:30\u2009–\u200911:00",
        "Disponible 24 heures sur 24, 7 jours sur 7",
        "Sur rendez-vous",
    ],
    "ar": ["كل يوم اثنين، 9:30–11:00 ص", "متاح على مدار الساعة، طوال أيام الأسبوع", "بموعد مسبق"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from conftest import FIXTURES

    root = tmp_path_factory.mktemp("schedules") / "content"
    shutil.copytree(FIXTURES / "valid", root)
    shutil.rmtree(root / "groups")
    for slug, text in (
        ("lakeside", SCHEDULED),
        ("corner", IN_PERSON),
        ("night-line", ALWAYS),
        ("mentors", APPOINTMENT),
    ):
        path = root / "groups" / f"{slug}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    out = root.parent / "site"
    result = build_site(root, out, TODAY)
    assert result.published, [p.format() for p in result.problems]
    return out


def schedule_lines(site: Path, lang: str, slug: str) -> list[str]:
    html = (site / lang / "groups" / slug / "index.html").read_text(encoding="utf-8")
    block = html.split('class="plain schedule"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li[^>]*>(.*?)</li>", block, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_schedule_reads_naturally_in_every_language(built: Path, lang: str) -> None:
    assert schedule_lines(built, lang, "lakeside") == EXPECTED[lang]


@pytest.mark.parametrize("lang", sorted(OTHER_EXPECTED))
def test_in_person_and_hours_read_naturally_in_every_language(built: Path, lang: str) -> None:
    found = [schedule_lines(built, lang, slug)[0] for slug in ("corner", "night-line", "mentors")]
    assert found == OTHER_EXPECTED[lang]


def test_in_person_schedule_is_in_local_time_without_a_zone(built: Path) -> None:
    html = (built / "en/groups/corner/index.html").read_text(encoding="utf-8")
    assert "data-zone" not in html
    assert "local-time" not in html  # no script for a group whose time is the local time


def test_entry_with_meetings_links_to_its_calendar(built: Path) -> None:
    html = (built / "en/groups/lakeside/index.html").read_text(encoding="utf-8")
    assert '<a href="../../../data/calendars/lakeside.ics">Add to calendar</a>' in html
    assert (built / "data/calendars/lakeside.ics").is_file()
    for slug in ("night-line", "mentors"):
        page = (built / f"en/groups/{slug}/index.html").read_text(encoding="utf-8")
        assert "Add to calendar" not in page


@pytest.mark.parametrize(
    ("path", "slugs"),
    [
        ("en/browse/day/monday", ["corner", "lakeside", "night-line"]),
        ("en/browse/day/tuesday", ["lakeside", "night-line"]),
        ("en/browse/day/thursday", ["lakeside", "night-line"]),
        ("en/browse/time/morning", ["corner", "lakeside", "night-line"]),
        ("en/browse/time/afternoon", ["lakeside", "night-line"]),
        ("en/browse/time/evening", ["lakeside", "night-line"]),
    ],
)
def test_browse_by_day_and_time_of_day(built: Path, path: str, slugs: list[str]) -> None:
    html = (built / path / "index.html").read_text(encoding="utf-8")
    assert sorted(set(re.findall(r'href="(?:\.\./)+groups/([a-z-]+)/"', html))) == slugs


def test_browse_index_offers_days_in_week_order(built: Path) -> None:
    html = (built / "en/browse/day/index.html").read_text(encoding="utf-8")
    days = re.findall(r'href="(monday|tuesday|wednesday|thursday|friday|saturday|sunday)/"', html)
    assert days == ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    html = (built / "es/browse/time/index.html").read_text(encoding="utf-8")
    assert "<h1>Momento del día</h1>" in html


def test_search_can_filter_by_day_and_time_of_day(built: Path) -> None:
    from generator.publishing.search import search_copies

    copies = search_copies(built)  # what Pagefind reads: the page with its search data
    html = (copies / "en/groups/corner/index.html").read_text(encoding="utf-8")
    assert '<i data-pagefind-filter="Day of the week:Monday"></i>' in html
    assert '<i data-pagefind-filter="Time of day:Morning"></i>' in html
    assert 'data-pagefind-filter="Time of day:Afternoon"' not in html
    html = (copies / "en/groups/mentors/index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-filter="Day of the week"' not in html  # by appointment: any day


LOCAL_TIMES = [
    # (visitor's zone, the visitor's clock, what the Tuesday 18:30-20:00 Chicago line adds)
    ("Europe/Paris", "2026-11-25T12:00:00Z", "Your time: Wednesday, 1:30 – 3:00 AM"),
    # Chicago is still on summer time (UTC-5) while Paris is back on winter time (UTC+1)
    ("Europe/Paris", "2026-10-26T12:00:00Z", "Your time: Wednesday, 12:30 – 2:00 AM"),
    ("Asia/Kolkata", "2026-11-25T12:00:00Z", "Your time: Wednesday, 6:00 – 7:30 AM"),
]


@pytest.mark.parametrize(("zone", "now", "expected"), LOCAL_TIMES)
def test_online_meeting_shows_the_visitors_own_time(
    browser: object, built: Path, zone: str, now: str, expected: str
) -> None:
    with serve_folder(built) as address:
        context = browser.new_context(timezone_id=zone, locale="en-US")  # type: ignore[attr-defined]
        page = context.new_page()
        page.clock.set_fixed_time(now)
        page.goto(address + "en/groups/lakeside/")
        notes = page.locator(".schedule .local-time").all_inner_texts()
        context.close()
    assert len(notes) == 4
    # ICU versions differ in which narrow spaces they put around the dash; the words don't
    assert re.sub(r"[\u2009\u202f\xa0]", " ", notes[0]) == expected


def test_no_local_time_when_the_visitor_shares_the_groups_zone(
    browser: object, built: Path
) -> None:
    with serve_folder(built) as address:
        context = browser.new_context(timezone_id="America/Chicago")  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(address + "en/groups/lakeside/")
        page.wait_for_load_state("load")
        count = page.locator(".schedule .local-time").count()
        context.close()
    assert count == 0
