"""`build.py from-issue FILE`: turn the body GitHub writes for a submitted issue form into an
entry file (the new-entry form) or a change to one (the correction form).

The body is untrusted: anyone can open an issue and edit its body into anything. It is read as
data only: each answer is found under its form label, cleaned of control and direction
characters, checked against the content model's values, and written with the importers' YAML
writer, which quotes every value that YAML could read as something else. File names come from
`slugify` and a validated country code, never from the body; a correction's file is found by
searching content/groups/ for the slug the body names, never by joining a path it gives.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from generator.model.contact import Email, Phone, Url
from generator.model.fields import CountryCode, LanguageTag, TimeZone, did_you_mean
from generator.model.models import (
    ATTENDANCE,
    COSTS,
    DAILY,
    DAYS,
    FACILITATION,
    JOINING,
    KINDS,
    PLATFORMS,
    Entry,
)
from generator.model.suggestions import Word, country_words, language_words
from generator.reading.checked import Validated
from generator.reading.load import parse_yaml
from generator.reading.problems import printable
from generator.tools.correction import TEXT_FIELDS, find_entry, merge, splice
from generator.tools.forms import (
    CONSENT,
    CORRECTION_PROBLEMS,
    ENTRY,
    WEEKS,
    WHEN_MEETINGS,
    Field,
    correction_fields,
    new_entry_fields,
    vocabulary_labels,
)
from generator.tools.importer import (
    Draft,
    Notice,
    Slugs,
    SourceError,
    clean,
    entry_yaml,
    read_source,
    read_vocabularies,
    site_languages,
)
from generator.tools.scaffold import DEFAULT_ZONES

MAX_BODY = 65_536
"""GitHub's own limit on an issue body, in characters: anything longer did not come from it."""
NO_RESPONSE = "_No response_"
_CHECKED = re.compile(r"- \[[xX]\] (.+)")
# 18:30, 6:30 pm, 6pm, 9.15 a.m., and the French 18h30 and 20h
_CLOCK = re.compile(
    r"(\d{1,2})(?:\s*[:.]\s*(\d{2})|\s*h\s*(\d{2})?)?\s*(am|pm|a\.m\.|p\.m\.)?", re.IGNORECASE
)
_FIELD_ORDER = tuple(Entry.model_fields)

_CHOICE_FIELDS = {
    "kind": KINDS,
    "attendance": ATTENDANCE,
    "joining": JOINING,
    "facilitation": FACILITATION,
    "cost": COSTS,
}
_VOCABULARY_FIELDS = ("topics", "audiences", "accessibility", "practices")
_STATUS = {CORRECTION_PROBLEMS[1]: "temporarily-closed", CORRECTION_PROBLEMS[2]: "ended"}
_COUNTRY_ALIASES = {"usa": "US", "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB"}
_LANGUAGE: TypeAdapter[Any] = TypeAdapter(LanguageTag)
_URL: TypeAdapter[Any] = TypeAdapter(Url)
_EMAIL: TypeAdapter[Any] = TypeAdapter(Email)
_PHONE: TypeAdapter[Any] = TypeAdapter(Phone)
_COUNTRY: TypeAdapter[Any] = TypeAdapter(CountryCode)
_ZONE: TypeAdapter[Any] = TypeAdapter(TimeZone)


class IssueError(Exception):
    """A body that cannot be converted at all: the message says why."""


@dataclass
class Answers:
    """A submitted form's answers by field id, and the body line each answer starts on."""

    values: dict[str, str]
    lines: dict[str, int]
    labels: dict[str, str]


@dataclass
class Result:
    """What from-issue did: the file written (or changed) and what it could not convert."""

    path: Path | None = None
    notes: list[Notice] = field(default_factory=list)
    correction: bool = False


def read_body(path: Path) -> str:
    """Return an issue body file's text, or raise IssueError saying why it can't be used."""
    # a UTF-8 character is at most 4 bytes: a longer file can't fit in an issue body
    try:
        data = read_source(
            path,
            MAX_BODY * 4,
            lambda size: f"is {size:,} bytes; an issue body holds at most {MAX_BODY:,} characters",
        )
    except SourceError as exc:
        raise IssueError(str(exc)) from None
    text = data.decode("utf-8-sig", errors="replace")
    if len(text) > MAX_BODY:
        raise IssueError(f"is {len(text):,} characters; an issue body holds at most {MAX_BODY:,}")
    return text


def parse_answers(body: str, fields: list[Field]) -> Answers:
    """Return the answers under each field's `### label`, in the form's order.

    A heading counts only for a label the form has and only the first time, so a `### ` line
    someone writes inside an answer stays part of that answer.
    """
    by_label = {f.label: f.id for f in fields}
    by_label["Privacy and consent"] = "consent"
    # the form gives these one line; an edited body can give them many (languages are split
    # into names at commas and line breaks alike, so theirs stay)
    one_line = {f.id for f in fields if f.widget == "input"} - {"languages"}
    collected: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    current: list[str] | None = None
    for number, line in enumerate(body.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        # no regular expression here: `###[ \t]+(.+?)[ \t]*` takes seconds on a line of spaces
        label = line[4:].strip(" \t") if line.startswith(("### ", "###\t")) else ""
        if label and by_label.get(label) not in (None, *collected):
            key = by_label[label]
            current = collected[key] = []
            lines[key] = number
            continue
        if current is not None:
            current.append(line)
    values = {}
    for key, found in collected.items():
        text = "\n".join(found).strip()
        text = "" if text == NO_RESPONSE else clean(text)
        values[key] = _one_line(text) if key in one_line else text
    return Answers(values, lines, {v: k for k, v in by_label.items()})


def _one_line(text: str) -> str:
    """Join an answer's lines with single spaces (a no-break space inside a line stays)."""
    # no regular expression: `[ \t]*\n` takes seconds on a line of 60,000 spaces
    return " ".join(part.strip(" \t") for part in text.split("\n") if part.strip(" \t"))


def is_correction(body: str) -> bool:
    """Tell whether a body is the correction form's: it opens with the entry to change."""
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return first == f"### {ENTRY.label}"


class _Reader:
    """Turn answers into entry data, noting every answer it can't use and why."""

    def __init__(
        self,
        answers: Answers,
        source: str,
        site: tuple[list[str], str],
        labels: dict[str, dict[str, str]],
        partial: bool,
    ):
        self.answers = answers
        self.source = source
        self.notes: list[Notice] = []
        self.fill: dict[tuple[str | int, ...], str] = {}
        self.labels = labels
        self.partial = partial
        self.site_languages, self.default_language = site

    def value(self, key: str) -> str:
        return self.answers.values.get(key, "")

    def note(self, key: str, message: str) -> None:
        label = self.answers.labels.get(key, key)
        self.notes.append(
            Notice(self.source, self.answers.lines.get(key, 1), "warning", f"{label}: {message}")
        )

    def missing(self, path: tuple[str, ...], key: str, what: str) -> str:
        """Leave a required value empty and marked, so `check` stops until someone fills it."""
        self.fill[path] = what
        if not self.value(key):
            self.note(key, f"no answer; left empty for a volunteer to fill in ({what})")
        return ""

    def checked(self, key: str, adapter: TypeAdapter[Any], value: str | None = None) -> str | None:
        """Return an answer the model accepts, or None with a note saying why it was left out."""
        answer = self.value(key)
        if not answer:
            return None
        try:
            return str(adapter.validate_python(answer if value is None else value))
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
            shown = reason if answer in reason else f"'{answer}': {reason}"
            self.note(key, f"{shown}; left out")
            return None

    def choice(self, key: str, options: tuple[str, ...]) -> str | None:
        value = self.value(key)
        if not value:
            return None
        if value in options:
            return value
        self.note(
            key,
            f"'{value}' is not one of {', '.join(options)}{did_you_mean(value, options)}; left out",
        )
        return None

    def many(self, key: str, options: tuple[str, ...]) -> list[str]:
        """Return the options a multiple-choice answer names ("A, B"), noting the rest."""
        text = self.value(key)
        chosen: list[str] = []
        rest = []
        longest_first = sorted(options, key=len, reverse=True)
        while text:
            for option in longest_first:
                if text == option or text.startswith(option + ", "):
                    chosen.append(option)
                    text = text[len(option) + 2 :]
                    break
            else:
                part, _, text = text.partition(", ")
                rest.append(part)
        if rest:
            shown = ", ".join(f"'{part}'" for part in rest)
            verb = "is not one" if len(rest) == 1 else "are not"
            self.note(key, f"{shown} {verb} of the form's choices; left out")
        return list(dict.fromkeys(chosen))

    def terms(self, vocabulary: str) -> list[str]:
        by_label = {label: term for term, label in self.labels.get(vocabulary, {}).items()}
        return [by_label[label] for label in self.many(vocabulary, tuple(by_label))]

    @functools.cached_property
    def language(self) -> str | None:
        """Return the language the answers are written in, when the form names one."""
        by_label = {label: tag for tag, label in self.labels.get("text_language", {}).items()}
        chosen = self.choice("text_language", tuple(by_label))
        return by_label[chosen] if chosen else None

    def languages(self) -> list[str]:
        text = self.value("languages")
        tags: list[str] = []
        names = _by_name(language_words(("en", *self.site_languages)))
        for part in (p.strip() for p in re.split(r"[,;/\n]|\band\b", text)):
            if not part:
                continue
            try:
                tag = str(_LANGUAGE.validate_python(names.get(part.casefold(), part)))
            except ValidationError:
                self.note(
                    "languages",
                    f"'{part}' is not a language name or code such as English or en; left out",
                )
                continue
            if tag not in tags:
                tags.append(tag)
        return tags[:10]

    def country(self) -> str | None:
        value = self.value("country")
        if not value:
            return None
        names = _by_name(country_words(("en", *self.site_languages)), _COUNTRY_ALIASES)
        code = names.get(value.casefold(), value.upper())
        if len(code) != 2 or not code.isalpha():
            self.note(
                "country",
                f"'{value}' is not a country's name in English or its two-letter code such as "
                "US; left out",
            )
            return None
        return self.checked("country", _COUNTRY, code)

    def clock(self, key: str) -> str | None:
        value = self.value(key)
        if not value:
            return None
        match = _CLOCK.fullmatch(value.strip())
        hour, minute = 99, 99
        if match:
            hour, minute = int(match.group(1)), int(match.group(2) or match.group(3) or 0)
            half = (match.group(4) or "").lower()
            if half and not 1 <= hour <= 12:
                hour = 99
            elif half:
                hour = hour % 12 + (12 if half.startswith("p") else 0)
        if hour > 24 or minute > 59 or (hour == 24 and minute):
            self.note(key, f"'{value}' is not a time such as 18:30; left out")
            return None
        if hour == 24 and key == "start":
            self.note(
                key,
                f"'{value}' can only end a meeting; a meeting starting at midnight starts at "
                "00:00; left out",
            )
            return None
        return f"{hour:02d}:{minute:02d}"


def _by_name(words: Iterable[Word], aliases: dict[str, str] | None = None) -> dict[str, str]:
    """Return {name, lowercase: code} of CLDR's words, the first language's name first."""
    names = dict(aliases or {})
    for code, _, name in words:
        names.setdefault(name.casefold(), code)
    return names


def _entry_data(reader: _Reader, today: date) -> dict[str, Any]:
    """Return the entry fields the answers give (all of them on the new-entry form)."""
    data: dict[str, Any] = {}
    partial = reader.partial
    language = reader.language
    if language and language != reader.default_language and not partial:
        data["text_language"] = language
    for key in TEXT_FIELDS:
        if reader.value(key):
            data[key] = reader.value(key)
        elif key in ("name", "summary") and not partial:
            data[key] = reader.missing((key,), key, "the form asks for it")
    for key, options in _CHOICE_FIELDS.items():
        chosen = reader.choice(key, options)
        if chosen is not None:
            data[key] = chosen
        elif not partial:
            data[key] = reader.missing((key,), key, f"one of {', '.join(options)}")
    for vocabulary in _VOCABULARY_FIELDS:
        terms = reader.terms(vocabulary)
        if terms:
            data[vocabulary] = terms
        elif vocabulary == "topics" and not partial:
            data["topics"] = [reader.missing(("topics",), "topics", "terms from vocabularies.yaml")]
    languages = reader.languages()
    if languages:
        data["languages"] = languages
    elif not partial:
        data["languages"] = [reader.missing(("languages",), "languages", "e.g. [en]")]
    location = _location(reader, data.get("attendance"))
    if location:
        data["location"] = location
    online = _online(reader)
    if online:
        data["online"] = online
    schedule = _schedule(reader, location.get("country", "") if location else "")
    if schedule is not None:
        data["schedule"] = schedule
    contact = {
        "website": reader.checked("website", _URL),
        "email": reader.checked("email", _EMAIL),
        "phone": reader.checked("phone", _PHONE),
    }
    if any(contact.values()):
        data["contact"] = {k: v for k, v in contact.items() if v}
    source = reader.value("source")
    if source or not partial:
        data["verified"] = {
            "date": today,
            "source": source or reader.missing(("verified", "source"), "source", "how you know"),
        }
    if not partial:
        data["added"] = today
    return data


def _location(reader: _Reader, attendance: str | None) -> dict[str, Any]:
    keys = ("venue", "address", "city", "region", "postal_code", "country", "location_notes")
    if not any(reader.value(k) for k in keys) and (
        reader.partial or attendance not in ("in-person", "hybrid")
    ):
        return {}
    location: dict[str, Any] = {}
    for key in ("venue", "address", "city", "region", "postal_code"):
        if reader.value(key):
            location[key] = reader.value(key)
    country = reader.country()
    if country:
        location["country"] = country
    if not reader.partial:
        if "city" not in location:
            location["city"] = reader.missing(("location", "city"), "city", "the town or city")
        if not country:
            location["country"] = reader.missing(
                ("location", "country"), "country", "a two-letter code such as US"
            )
        location = {k: location[k] for k in (*keys[:-1], "notes") if k in location}
    if reader.value("location_notes"):
        location["notes"] = reader.value("location_notes")
    return location


def _online(reader: _Reader) -> dict[str, Any]:
    online: dict[str, Any] = {}
    url = reader.checked("online_url", _URL)
    if url:
        online["url"] = url
    platform = reader.choice("platform", PLATFORMS)
    if platform:
        online["platform"] = platform
    phone = reader.checked("online_phone", _PHONE)
    if phone:
        online["phone"] = phone
    return online


def _schedule(reader: _Reader, country: str) -> Any:
    """Return the schedule the answers give: hours, or one meeting per chosen day."""
    when = reader.choice("when", ("24/7", "by-appointment", WHEN_MEETINGS))
    days = reader.many("days", DAYS)
    weeks = [(-1 if w == "last" else WEEKS.index(w) + 1) for w in reader.many("weeks", WEEKS)]
    start, end = reader.clock("start"), reader.clock("end")
    zone = reader.checked("timezone", _ZONE)
    notes = reader.value("schedule_notes")
    schedule: dict[str, Any] = {}
    if when in ("24/7", "by-appointment"):
        schedule = {"hours": when}
        for key in ("days", "weeks", "start", "end"):
            if reader.value(key):
                reader.note(key, f"not used: the schedule is {when}")
    elif days or start or end or when == WHEN_MEETINGS or not reader.partial:
        if not days or not start or not end:
            lacking = [w for w, v in (("days", days), ("start", start), ("end", end)) if not v]
            reader.note(
                "when",
                "meetings need days, a start time and an end time; no readable "
                f"{' or '.join(lacking)} time, so the schedule is left for a volunteer to write"
                if "days" not in lacking
                else "meetings need days, a start time and an end time; no days were chosen, so "
                "the schedule is left for a volunteer to write",
            )
            reader.fill[("schedule",)] = "days and times, 24/7 or by-appointment"
            return ""
        if DAILY in days and weeks:
            reader.note("weeks", "not used: a daily meeting meets every week")
            weeks = []
        if not zone and not reader.partial:  # a correction keeps the entry's own zone
            zone = _usual_zone(reader, country)
        meetings = []
        for day in days:
            meeting: dict[str, Any] = {"day": day}
            if weeks:
                meeting["weeks"] = weeks
            meetings.append({**meeting, "start": start, "end": end})
        schedule = {"timezone": zone, "meetings": meetings}
    elif zone:
        schedule["timezone"] = zone
    if notes:
        schedule["notes"] = notes
    if not schedule:
        return None
    return schedule


def _usual_zone(reader: _Reader, country: str) -> str:
    """Return the usual time zone of a country, noted and marked for a person to check."""
    zone = DEFAULT_ZONES.get(country, "")
    # an answer that was there but unreadable has its own note already: don't call it missing
    given = bool(reader.value("timezone"))
    reader.fill[("schedule", "timezone")] = (
        "the time zone given could not be read; check it"
        if given
        else "no time zone was given; check it"
    )
    reader.note(
        "timezone",
        (
            f"{zone}, the usual one for {country}, was used instead: check it"
            if given
            else f"no answer; {zone}, the usual one for {country}, was used: check it"
        )
        if zone
        else (
            "left empty for a volunteer to fill in"
            if given
            else "no answer; left empty for a volunteer to fill in"
        ),
    )
    return zone


def _consent_given(answers: Answers) -> bool:
    ticked = {
        m.group(1).strip()
        for m in map(_CHECKED.fullmatch, answers.values.get("consent", "").split("\n"))
        if m
    }
    return all(text in ticked for text in CONSENT)


def _relative_schema(content: Path, folder: Path) -> str:
    schema = content.resolve().parent / "schema" / "group.schema.json"
    return Path(os.path.relpath(schema, folder.resolve())).as_posix()


def convert(body: str, content: Path, today: date, issue: int | None = None) -> Result:
    """Write the entry (or the change) a form's body describes; return what happened."""
    languages = site_languages(content)
    labels = vocabulary_labels(read_vocabularies(content), languages[0])
    correction = is_correction(body)
    fields = correction_fields(labels) if correction else new_entry_fields(labels)
    answers = parse_answers(body, fields)
    where = f"issue #{issue}" if issue else "the issue"
    reader = _Reader(answers, where, languages, labels, partial=correction)
    result = Result(correction=correction)
    if not _consent_given(answers):
        reader.note(
            "consent", "both boxes must be ticked before details are published; nothing was written"
        )
        result.notes = reader.notes
        return result
    if correction:
        result.path = _correct(reader, content, today, issue)
    else:
        result.path = _create(reader, content, today, issue)
    result.notes = reader.notes
    return result


def _create(reader: _Reader, content: Path, today: date, issue: int | None) -> Path:
    data = _entry_data(reader, today)
    groups = content / "groups"
    taken = Slugs()
    for existing in groups.rglob("*.yaml") if groups.is_dir() else ():
        taken.add(existing.stem)
    name = data.get("name") or "new-entry"
    slug = taken.new(name)
    country = data.get("location", {}).get("country", "")
    folder = groups / (country.lower() if country else "online")
    if not country and "location" in data:
        folder = groups  # a place with no readable country: a volunteer moves it to its own
    path = folder / f"{slug}.yaml"
    intro = (
        f"Suggested in {reader.source} with the new-entry form; written by "
        "python build.py from-issue."
    )
    text = entry_yaml(
        Draft(slug, folder.name, data, 0, reader.fill), _relative_schema(content, folder), intro
    )
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def _correct(reader: _Reader, content: Path, today: date, issue: int | None) -> Path | None:
    path, why = find_entry(reader.value("entry"), content)
    if path is None:
        reader.note("entry", why + "; nothing was written")
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    doc, _ = parse_yaml(text, path.as_posix())
    if doc is None or not isinstance(doc.data, dict):
        reader.note("entry", f"{path.name} can't be read as an entry now; nothing was written")
        return None
    changes = _entry_data(reader, today)
    status = _STATUS.get(reader.value("problem"))
    if status:
        changes["status"] = status
    if reader.value("details"):
        reader.note("details", "not converted: a volunteer reads it in the issue")
    if set(changes) <= {"verified"}:
        reader.note(
            "problem",
            "no field of the entry was filled in, so nothing was changed; a volunteer reads the "
            "issue",
        )
        return None
    own = str(doc.data.get("text_language") or reader.default_language)
    merged = dict(doc.data)
    for key in changes:
        merged[key] = merge(doc.data.get(key), changes[key], key, own, reader.language or own)
    schedule = merged.get("schedule")
    if isinstance(schedule, dict) and schedule.get("meetings") and not schedule.get("timezone"):
        place = merged.get("location") or {}
        schedule["timezone"] = _usual_zone(reader, str(place.get("country", "")))
    written = "\n".join(splice(text.split("\n"), 0, doc, (), doc.data, merged, reader.fill))
    path.write_text(
        written if written.endswith("\n") else written + "\n", encoding="utf-8", newline="\n"
    )
    return path


def run_from_issue(
    body_file: Path,
    content: Path,
    issue: int | None,
    today: date | None,
    check: Callable[[Path, date], Validated],
) -> int:
    """Run `build.py from-issue` and return its exit code (0 passes check, 1 not, 2 usage)."""
    import sys

    if not content.is_dir():
        print(f"build.py: error: content folder '{content}' does not exist", file=sys.stderr)
        return 2
    shown = printable(body_file.as_posix(), None)
    try:
        body = read_body(body_file)
    except IssueError as exc:
        print(f"{shown}: error: {exc}; nothing was written", file=sys.stderr)
        return 1
    day = today or date.today()
    result = convert(body, content, day, issue)
    for notice in sorted(result.notes, key=lambda n: n.row):
        print(Notice(shown, notice.row, notice.severity, notice.message).format())
    if result.path is None:
        print("from-issue: nothing was written")
        return 1
    print(f"{'changed' if result.correction else 'wrote'} {result.path.as_posix()}")
    checked = check(content, day)
    target = result.path.resolve()
    mine = [p for p in checked.problems if Path(p.path).resolve() == target]
    for problem in mine:
        print(problem.format())
    errors = sum(1 for p in mine if p.severity == "error")
    if errors:
        print(
            f"from-issue: check finds {errors} error{'s' if errors != 1 else ''} in "
            f"{result.path.as_posix()}; fix {'it' if errors == 1 else 'them'} in the pull request"
        )
        return 1
    print(f"from-issue: {result.path.as_posix()} passes check")
    return 0
