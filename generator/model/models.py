"""The content models: entries, locations, online access, schedules, contact, guides, terms.

Field docstrings are the documentation: the JSON Schema (`schema/`) and the volunteer guide
are generated from them. Translatable text is stored as {language: text}, with plain text under
the key "" (the entry's own language, which the catalog resolves).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from generator.model.contact import Email, Phone, Url
from generator.model.fields import (
    Boolean,
    Clock,
    CountryCode,
    Date,
    LanguageTag,
    TermId,
    Text,
    TimeZone,
    UniqueList,
    choice,
    decimal,
    fail,
    integer,
    localized,
    one_or_many,
    text_limited,
    vocabulary_term,
)

KINDS = (
    "support-group",
    "one-to-one",
    "warmline",
    "online-community",
    "veteran-network",
    "workplace-program",
)
ATTENDANCE = ("in-person", "online", "hybrid")
JOINING = ("open", "register", "contact-first", "referral", "members-only")
FACILITATION = ("peer-led", "co-facilitated", "professional")
COSTS = ("free", "donation", "sliding-scale", "fee")
STATUSES = ("active", "temporarily-closed", "ended")
PLATFORMS = (
    "zoom",
    "google-meet",
    "microsoft-teams",
    "jitsi",
    "discord",
    "whatsapp",
    "signal",
    "forum",
    "app",
    "phone",
    "other",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAILY = "daily"
DAYS = (*WEEKDAYS, DAILY)
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
"""The weekdays as iCalendar (RFC 5545) writes them, Monday first."""
HOURS = ("24/7", "by-appointment")
VOCABULARIES = ("topics", "audiences", "accessibility", "practices")

Kind = Annotated[Literal[KINDS], choice(*KINDS)]  # type: ignore[valid-type]
Attendance = Annotated[Literal[ATTENDANCE], choice(*ATTENDANCE)]  # type: ignore[valid-type]
Joining = Annotated[Literal[JOINING], choice(*JOINING)]  # type: ignore[valid-type]
Facilitation = Annotated[Literal[FACILITATION], choice(*FACILITATION)]  # type: ignore[valid-type]
Cost = Annotated[Literal[COSTS], choice(*COSTS)]  # type: ignore[valid-type]
Status = Annotated[Literal[STATUSES], choice(*STATUSES)]  # type: ignore[valid-type]
Platform = Annotated[Literal[PLATFORMS], choice(*PLATFORMS)]  # type: ignore[valid-type]
Day = Annotated[Literal[DAYS], choice(*DAYS)]  # type: ignore[valid-type]
Hours = Annotated[Literal[HOURS], choice(*HOURS)]  # type: ignore[valid-type]

Name = localized(120)
Summary = localized(200)
# 5,000 characters is 800 words, a long page on a phone: more is a guide; joining is steps
Markdown = localized(5_000, markdown=True)
HowToJoin = localized(2_000, markdown=True)
Note = localized(500)


# a group is about a few things: more terms make every list it is on longer, not it clearer
_MOST_TERMS = {"topics": 10, "audiences": 10, "accessibility": 20, "practices": 20}


def _terms(vocabulary: str, required: bool) -> Any:
    kwargs: dict[str, Any] = {"min_length": 1} if required else {}
    kwargs["max_length"] = _MOST_TERMS[vocabulary]
    return Annotated[
        list[vocabulary_term(vocabulary)],  # type: ignore[misc]
        BeforeValidator(one_or_many),
        UniqueList,
        Field(**kwargs),
    ]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, validate_default=False
    )


class Location(_Model):
    """Where an in-person or hybrid group meets."""

    venue: Text | None = None
    """The building or organisation that hosts the group, e.g. Riverside Community Center."""
    address: Text | None = None
    """Street and number, e.g. 120 Main Street. Leave it out for a private address."""
    city: Text
    """Town or city, e.g. Springfield."""
    region: Text | None = None
    """State, province, county or region, e.g. Illinois."""
    postal_code: Text | None = None
    """Postal code exactly as written locally, in quotes, e.g. "62701"."""
    country: CountryCode
    """ISO 3166-1 two-letter country code, e.g. US, GB, FR."""
    coordinates: (
        Annotated[
            tuple[
                Annotated[float, decimal(-90, 90, "a latitude from -90 to 90")],
                Annotated[float, decimal(-180, 180, "a longitude from -180 to 180")],
            ],
            BeforeValidator(lambda v: _pair(v)),
        ]
        | None
    ) = None
    """Latitude and longitude in decimal degrees, e.g. [39.7817, -89.6501]. Without an address,
    published only rounded to the town (2 decimals)."""
    approximate: Boolean = False
    """true when the coordinates are only those of the town, not the venue."""
    notes: Note | None = None  # type: ignore[valid-type]
    """How to find the room, parking, entrance, e.g. Room 4, second floor."""


def _pair(value: Any) -> Any:
    if isinstance(value, list) and len(value) != 2:
        raise fail(f"expected [latitude, longitude], found a list of {len(value)} numbers")
    if not isinstance(value, list):
        raise fail("expected [latitude, longitude] in brackets, e.g. [39.7817, -89.6501]")
    return value


class Online(_Model):
    """How to take part remotely: a link, a platform, a phone line."""

    url: Url | None = None
    """The page where people join or sign up, https only. Leave it out for private rooms and
    explain in how_to_join instead."""
    platform: Platform | None = None
    """The tool used: zoom, google-meet, microsoft-teams, jitsi, discord, whatsapp, signal, forum,
    app, phone or other."""
    phone: Phone | None = None
    """A number to call in or the line itself, in quotes, e.g. "+1 312 555 0199"."""
    countries: (
        Annotated[list[CountryCode], BeforeValidator(one_or_many), UniqueList, Field(max_length=30)]
        | None
    ) = None
    """Countries it serves, e.g. [US, CA]; leave it out when anyone anywhere may join."""
    notes: Note | None = None  # type: ignore[valid-type]
    """Anything else people need to know to join online."""


class Meeting(_Model):
    """One recurring meeting: a weekday (or every day), optional weeks of the month, a time."""

    day: Day
    """monday to sunday, or daily."""
    weeks: (
        Annotated[
            list[
                Annotated[
                    int, integer(-1, 5, "a week of the month from 1 to 5, or -1 for the last")
                ]
            ],
            BeforeValidator(lambda v: _weeks(v)),
            UniqueList,
            Field(min_length=1, max_length=5),
        ]
        | None
    ) = None
    """Weeks of the month it meets, e.g. [1, 3] for the first and third; -1 is the last. Leave
    it out for every week."""
    start: Clock
    """Start time, 24-hour, in quotes, e.g. "18:30"."""
    end: Clock
    """End time, 24-hour, in quotes, after the start, e.g. "20:00"; "24:00" for midnight."""

    @model_validator(mode="after")
    def _end_after_start(self) -> Meeting:
        if self.start == MIDNIGHT:
            raise fail(
                '24:00 can only end a meeting; a meeting starting at midnight starts at "00:00"',
                subloc=("start",),
            )
        if self.end <= self.start:
            raise fail(
                f"end {self.end} is not after start {self.start}; a meeting that runs past "
                'midnight ends at "24:00" and continues as a meeting of its own the next '
                "day",
                subloc=("end",),
            )
        if self.weeks is not None and self.every_day:
            raise fail(
                "weeks can't be combined with day: daily; name the weekday instead",
                subloc=("weeks",),
            )
        return self

    @property
    def every_day(self) -> bool:
        """Whether it meets every day of the week (day: daily)."""
        return bool(self.day == DAILY)

    @property
    def weekdays(self) -> tuple[str, ...]:
        """The weekdays it meets on, Monday first: all seven for daily."""
        return WEEKDAYS if self.every_day else (self.day,)

    @property
    def weekday(self) -> int | None:
        """Its weekday as a number, 0 for Monday to 6 for Sunday; None when it meets daily."""
        return None if self.every_day else WEEKDAYS.index(self.day)

    @property
    def ordinal_weeks(self) -> tuple[int, ...]:
        """The weeks of the month it meets in, in calendar order with the last (-1) after the
        numbered ones; empty when it meets every week."""
        return tuple(sorted(self.weeks or (), key=lambda week: (week < 0, week)))

    @property
    def rrule_days(self) -> tuple[str, ...]:
        """Its days as an iCalendar BYDAY list: its weekday ("TU"), all seven when daily, each
        with its week of the month in front when it meets in some weeks only ("1TU", "-1TU")."""
        codes = tuple(RRULE_DAYS[WEEKDAYS.index(day)] for day in self.weekdays)
        if not self.weeks:
            return codes
        return tuple(f"{week}{codes[0]}" for week in self.ordinal_weeks)

    @property
    def start_time(self) -> time:
        """The start as a time of day."""
        return _time_of_day(self.start)

    @property
    def end_time(self) -> time:
        """The end as a time of day: "24:00" is midnight (`ends_at_midnight` says so)."""
        return _time_of_day(self.end)

    @property
    def ends_at_midnight(self) -> bool:
        """Whether it runs until the midnight that closes its day ("24:00")."""
        return self.end == MIDNIGHT

    def end_within_day(self, seconds: bool = False) -> str:
        """Return the end as a clock that stops at 23:59, for formats that can't write 24:00.

        With `seconds`, "HH:MM:SS", and midnight is "23:59:59".
        """
        if self.ends_at_midnight:
            return "23:59:59" if seconds else "23:59"
        return f"{self.end}:00" if seconds else self.end

    def span(self, day: date, zone: tzinfo | None = None) -> tuple[datetime, datetime]:
        """Return when it starts and ends on `day`; "24:00" ends at midnight of the next day."""
        start = datetime.combine(day, self.start_time, tzinfo=zone)
        end_day = day + timedelta(days=1) if self.ends_at_midnight else day
        return start, datetime.combine(end_day, self.end_time, tzinfo=zone)

    def meets_on(self, day: date) -> bool:
        """Return whether it meets on `day`: its weekday, in one of its weeks of the month."""
        if self.every_day:
            return True
        if day.weekday() != self.weekday:
            return False
        if self.weeks is None:
            return True
        nth = (day.day - 1) // 7 + 1
        last = (day + timedelta(days=7)).month != day.month
        return nth in self.weeks or (last and -1 in self.weeks)


MIDNIGHT = "24:00"
"""The end of a meeting that runs until its day is over."""


def _time_of_day(clock: str) -> time:
    hour, minute = (int(part) for part in clock.split(":"))
    return time(hour % 24, minute)


def _weeks(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in ("last", "-1"):
        return [-1]
    if isinstance(value, str):
        raise fail(f"expected a list of weeks of the month such as [1, 3], found '{value}'")
    if isinstance(value, list) and any(str(item).strip() == "0" for item in value):
        raise fail("weeks count from 1 (the first week of the month); 0 is not a week")
    return value


class Schedule(_Model):
    """When it runs: a list of meetings in a time zone, or hours such as 24/7."""

    timezone: TimeZone | None = None
    """IANA time zone name of the meeting times, e.g. America/Chicago."""
    meetings: Annotated[list[Meeting], Field(min_length=1, max_length=21)] | None = None
    """The recurring meetings."""
    hours: Hours | None = None
    """24/7 or by-appointment, instead of meetings."""
    notes: Note | None = None  # type: ignore[valid-type]
    """Exceptions and details, e.g. No meetings on public holidays."""

    @model_validator(mode="after")
    def _one_shape(self) -> Schedule:
        if self.meetings and self.hours:
            raise fail("give either meetings or hours, not both", subloc=("hours",), at_key=True)
        if not self.meetings and not self.hours:
            raise fail(
                "needs meetings (a list of days and times), or hours: 24/7 or hours: by-appointment"
            )
        if self.meetings and not self.timezone:
            raise fail("needs a timezone for its meeting times, e.g. timezone: America/Chicago")
        return self


def _schedule(value: Any) -> Any:
    if isinstance(value, str):
        if value.strip() in HOURS:
            return {"hours": value.strip()}
        raise fail(
            f"'{value}' is not a schedule; write 24/7, by-appointment, or a mapping with "
            "timezone and meetings"
        )
    if isinstance(value, list):
        raise fail(
            "expected a mapping with timezone and meetings; put the list of meetings "
            "under `meetings:` and add `timezone:`"
        )
    return value


class Contact(_Model):
    """How people reach the organisers (public details only)."""

    website: Url | None = None
    """The group's web page, https, e.g. https://example.org."""
    email: Email | None = None
    """A public email address for the group, e.g. circle@example.org; a shared role address,
    not a volunteer's own."""
    phone: Phone | None = None
    """A public phone number for the group, in quotes; stored and linked as E.164."""


class Verification(_Model):
    """When someone last confirmed that the entry runs as described, and how."""

    date: Date
    """The day it was last confirmed, YYYY-MM-DD, e.g. 2026-10-01; not in the future."""
    source: Text
    """How it was confirmed, e.g. Phone call with the facilitator. Not published: used only for
    review."""


class Entry(_Model):
    """A peer support group, line, programme or community: one YAML file in content/groups/."""

    name: Name  # type: ignore[valid-type]
    """The name people know it by (at most 120 characters); text, or {en: ..., es: ...}."""
    kind: Kind
    """support-group, one-to-one, warmline, online-community, veteran-network or
    workplace-program."""
    summary: Summary  # type: ignore[valid-type]
    """One or two plain sentences, at most 200 characters, shown in lists and search results."""
    description: Markdown | None = None  # type: ignore[valid-type]
    """Markdown: what happens at a meeting, who leads it, what to expect the first time."""
    text_language: LanguageTag | None = None
    """The language the entry's plain text is written in, when it is not the site's default."""
    organization: localized(160) | None = None  # type: ignore[valid-type]
    """The organisation that runs it, if any."""
    attendance: Attendance
    """in-person, online or hybrid (both)."""
    joining: Joining
    """open (just come), register, contact-first, referral or members-only."""
    how_to_join: HowToJoin | None = None  # type: ignore[valid-type]
    """Markdown: the steps to join, when more than turning up."""
    facilitation: Facilitation
    """peer-led, co-facilitated (a peer with a professional) or professional."""
    topics: _terms("topics", required=True)  # type: ignore[valid-type]
    """What it is about: terms from vocabularies.yaml, e.g. [ptsd, depression]."""
    audiences: _terms("audiences", required=False) = []  # type: ignore[valid-type]
    """Who it is for: terms from vocabularies.yaml, e.g. [veterans]; leave it out for everyone."""
    languages: Annotated[
        list[LanguageTag],
        BeforeValidator(one_or_many),
        UniqueList,
        Field(min_length=1, max_length=10),
    ]
    """BCP 47 tags of the languages it is held in, e.g. [en, es]; ase is American Sign Language."""
    cost: Cost
    """free, donation, sliding-scale or fee."""
    cost_note: Note | None = None  # type: ignore[valid-type]
    """Details of the cost, e.g. $5 suggested, nobody turned away."""
    location: Location | None = None
    """Where it meets; required for in-person and hybrid."""
    online: Online | None = None
    """How to join remotely; required for online and hybrid."""
    schedule: Annotated[Schedule, BeforeValidator(_schedule)]
    """When it runs: 24/7, by-appointment, or a timezone with a list of meetings."""
    contact: Contact | None = None
    """Public contact details."""
    accessibility: _terms("accessibility", required=False) = []  # type: ignore[valid-type]
    """Access features: terms from vocabularies.yaml, e.g. [wheelchair, asl]."""
    practices: _terms("practices", required=False) = []  # type: ignore[valid-type]
    """How it works: terms from vocabularies.yaml, e.g. [trained-facilitators, trauma-informed]."""
    status: Status = "active"
    """active, temporarily-closed or ended (ended entries get no page)."""
    status_note: Note | None = None  # type: ignore[valid-type]
    """Why it is closed and until when, shown prominently."""
    verified: Verification
    """When and how the entry was last confirmed."""
    added: Date | None = None
    """The day the entry was added to the directory, YYYY-MM-DD."""


class Term(_Model):
    """One term of a vocabulary, with its label and search synonyms per site language."""

    label: localized(80)  # type: ignore[valid-type]
    """The label per site language, e.g. {en: Depression, es: Depresión}."""
    keywords: dict[
        str,
        Annotated[list[text_limited(80)], BeforeValidator(one_or_many), Field(max_length=20)],  # type: ignore[valid-type]
    ] = {}
    """Synonyms people search for, per site language, e.g. {en: [low mood]}."""
    description: localized(300) | None = None  # type: ignore[valid-type]
    """A short explanation of the term, per site language."""


class Vocabularies(_Model):
    """The terms volunteers may use in topics, audiences, accessibility and practices."""

    topics: dict[TermId, Term]
    """What groups are about."""
    audiences: dict[TermId, Term]
    """Who groups are for."""
    accessibility: dict[TermId, Term]
    """Access features of a venue or meeting."""
    practices: dict[TermId, Term]
    """How a group works."""


class Guide(_Model):
    """A guide's front matter: resources/<slug>.md, or <slug>.<lang>.md for a translation."""

    title: text_limited(120)  # type: ignore[valid-type]
    """The guide's title, at most 120 characters."""
    summary: text_limited(200)  # type: ignore[valid-type]
    """One or two sentences shown in the guides index, at most 200 characters."""
    language: LanguageTag | None = None
    """The language of <slug>.md when it is not the site's default."""
    topics: _terms("topics", required=False) = []  # type: ignore[valid-type]
    """Related topics, terms from vocabularies.yaml."""
    audiences: _terms("audiences", required=False) = []  # type: ignore[valid-type]
    """Related audiences, terms from vocabularies.yaml."""
    updated: Date
    """The day the guide was last reviewed, YYYY-MM-DD."""
    order: Annotated[int, integer(0, 10_000, "a whole number from 0 to 10000")] | None = None
    """Position in the guides index; lower comes first."""
