"""Per-language wording: everything that turns an entry's data into words in one language
(places, schedules, meeting times, languages, labels) and how phone numbers are shown and dialled.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import phonenumbers
from babel import Locale, UnknownLocaleError
from babel.dates import format_interval
from babel.lists import format_list

from generator.catalog.catalog import Catalog, LocalText, pick
from generator.catalog.labels import ORDINALS, WEEKLY
from generator.model.models import Entry, Meeting
from generator.planning.views import Card, Phone, ScheduleLine
from generator.text import i18n

# countries where distances are given in miles
MILES = frozenset({"US", "GB", "LR", "MM"})


def uses_miles(country: str, lang: str) -> bool:
    """Whether a page in `lang` of a site in `country` gives distances in miles: where the
    country does and people write its language there (en-US, es-US, en-GB; not fr on a US
    site, whose readers think in kilometres)."""
    if country not in MILES:
        return False
    try:
        Locale.parse(f"{lang.split('-')[0]}_{country}")
    except (UnknownLocaleError, ValueError):
        return False
    return True


# countries whose addresses put the postal code before the town ("75011 Paris")
POSTAL_CODE_FIRST = frozenset(
    "AT BE CH DE DK ES FI FR GR IL IT LU MA NL NO PL PT SE TN DZ LB".split()
)


class Words:
    """Everything per language that turns data into words."""

    def __init__(
        self, catalog: Catalog, lang: str, translations: gettext.NullTranslations, today: date
    ) -> None:
        self.catalog = catalog
        self.lang = lang
        self.gettext: Callable[[str], str] = translations.gettext
        self.today = today
        self.default = catalog.site.default_language
        self.sort_keys: dict[str, str] = {}
        """Entry slug -> the key its name sorts by in this language."""
        self.cards: dict[str, Card] = {}
        """Entry slug -> its card in this language (with the link from the first list made)."""
        self.intervals: dict[tuple[str, str], str] = {}
        """(start, end) -> the time range as this language writes it: formatting one with
        Babel was 3 % of an entry page's cost, and most entries meet at a few dozen times."""

    def _(self, message: str, **values: Any) -> str:
        text = self.gettext(message)
        return text % values if values else text

    def text(self, values: Mapping[str, str] | None, own: str) -> LocalText | None:
        return None if values is None else pick(values, self.lang, own, self.default)

    def term(self, vocabulary: str, term_id: str) -> LocalText:
        return self.catalog.term_label(vocabulary, term_id, self.lang)

    def place(self, entry: Entry) -> str:
        if entry.location is None:
            return self._("Online")
        parts = [entry.location.city]
        if entry.location.region:
            parts.append(entry.location.region)
        parts.append(i18n.country_name(entry.location.country, self.lang))
        place = i18n.comma(self.lang).join(parts)
        return (
            place
            if entry.attendance == "in-person"
            else self._("%(place)s and online", place=place)
        )

    def status(self, entry: Entry) -> str:
        if entry.status == "temporarily-closed":
            return self._("Temporarily closed")
        return ""

    def languages(self, tags: Sequence[str]) -> str:
        names = [i18n.language_name(tag, self.lang) for tag in tags]
        return format_list(names, locale=i18n.locale(self.lang))

    def schedule(self, entry: Entry) -> list[ScheduleLine]:
        schedule = entry.schedule
        if schedule.hours == "24/7":
            return [ScheduleLine(self._("Open 24 hours a day, 7 days a week"))]
        if schedule.hours == "by-appointment":
            return [ScheduleLine(self._("By appointment"))]
        # People joining online may live anywhere: name the zone, and let the local-time
        # script add the visitor's own time; an in-person group's time is the local time.
        remote = entry.attendance != "in-person" and schedule.timezone is not None
        lines = []
        for meeting in schedule.meetings or ():
            text = self.meeting(meeting)
            if not remote:
                lines.append(ScheduleLine(text))
                continue
            assert schedule.timezone is not None
            city = i18n.city_of_zone(schedule.timezone, self.lang)
            lines.append(
                ScheduleLine(
                    self._("%(when)s (%(city)s time)", when=text, city=city),
                    zone=schedule.timezone,
                    day=-1 if meeting.weekday is None else meeting.weekday,
                    start=meeting.start,
                    end=meeting.end,
                )
            )
        return lines

    def meeting(self, meeting: Meeting) -> str:
        if meeting.weekday is None:
            day = self._("Every day")
        elif meeting.weeks:
            weekday = i18n.weekday_name(meeting.weekday, self.lang)
            ordinals = [self._(ORDINALS[w]) for w in meeting.ordinal_weeks]
            weeks = format_list(ordinals, locale=i18n.locale(self.lang))
            day = self._(
                "%(weeks)s %(weekday)s of the month",
                weeks=weeks,
                weekday=weekday.lower() if self.lang != "en" else weekday,
            )
            day = day[:1].upper() + day[1:]
        else:
            day = self._(WEEKLY[meeting.day])
        return self._("%(day)s, %(time)s", day=day, time=self.interval(meeting))

    def interval(self, meeting: Meeting) -> str:
        found = self.intervals.get((meeting.start, meeting.end))
        if found is None:
            found = self.intervals[meeting.start, meeting.end] = self._format_interval(meeting)
        return found

    def _format_interval(self, meeting: Meeting) -> str:
        return str(
            format_interval(
                meeting.start_time,
                meeting.end_time,
                skeleton="Hm" if self._uses_24h() else "hm",
                locale=i18n.locale(self.lang),
            )
        )

    def _uses_24h(self) -> bool:
        return "a" not in str(i18n.locale(self.lang).time_formats["short"])


def phone(e164: str) -> Phone:
    """Return how to show and dial a stored E.164 number."""
    number = phonenumbers.parse(e164, None)
    return Phone(
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL), e164
    )


def dial(number: str) -> str:
    """Return what a tel: or sms: link dials: the digits, and a leading + (short codes stay)."""
    return "".join(c for c in number if c.isdigit() or c == "+")


def crisis_anchor(country: str) -> str:
    """Return the id of a country's section of the crisis page, e.g. crisis-fr."""
    return f"crisis-{country.lower()}"
