"""What every importer shares: a draft entry, the notices about its source rows, the YAML it
becomes, and writing it without ever overwriting a hand edit.

Each file the importer writes ends with a line recording its format, its source and a hash of
the lines above it. A re-import compares that hash with the file: equal means nobody has
touched it since (so it may be updated), different means a person edited it (so it is left
alone and reported as a conflict).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from generator.model.contact import Email, Phone, Url
from generator.model.fields import CountryCode, TimeZone, did_you_mean
from generator.model.models import VOCABULARIES, Entry
from generator.reading.load import SAFE_LOADER
from generator.reading.problems import printable
from generator.text.urls import slugify
from generator.tools.scaffold import FILL

MAX_SOURCE_BYTES = 50_000_000
"""The largest source the importers read: 50 MB is about 100,000 meetings."""
SLUG_LIMIT = 80

_MARKER = re.compile(r"^# imported: (\S+) from (.*) sha256:([0-9a-f]{16})\b")
_FIELD_ORDER = tuple(Entry.model_fields)


class SourceError(Exception):
    """A source that cannot be read at all: the message says where and why."""


@dataclass(frozen=True)
class Notice:
    """One thing about a source row a person should know."""

    source: str
    row: int
    severity: str
    message: str

    def format(self) -> str:
        """Return the GNU-style line: SOURCE:ROW: severity: message."""
        return (
            f"{printable(self.source, None)}:{self.row}: {self.severity}: {printable(self.message)}"
        )


@dataclass
class Draft:
    """An entry made from one or more source rows, with the places a human must decide."""

    slug: str
    folder: str
    data: dict[str, Any]
    row: int
    fill: dict[tuple[str | int, ...], str] = field(default_factory=dict)
    """Why a person must check a value, by its path in `data`."""
    dated: list[tuple[str, ...]] = field(default_factory=list)
    """Paths of dates that are the day of the import because the source gave none: a re-import
    keeps the ones written before, so the same source gives the same file on another day."""


@dataclass
class Outcome:
    """What an import did (or, in a dry run, would do), file by file."""

    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    conflicts: list[tuple[Path, str]] = field(default_factory=list)
    gone: list[Path] = field(default_factory=list)


class Checker:
    """Check single values against the content model, reporting what does not fit."""

    def __init__(
        self,
        source: str,
        notices: list[Notice],
        terms: Mapping[str, set[str]],
        languages: tuple[list[str], str] = (["en"], "en"),
    ):
        self.source = source
        self.notices = notices
        self.terms = terms
        self.languages, self.default_language = languages

    def warn(self, row: int, message: str) -> None:
        """Record a warning about a source row."""
        self.notices.append(Notice(self.source, row, "warning", message))

    def _valid(self, adapter: TypeAdapter[Any], value: str, row: int, what: str) -> str | None:
        try:
            return str(adapter.validate_python(value))
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
            self.warn(row, f"{what} '{value}' left out: {reason}")
            return None

    def url(self, value: str, row: int, what: str) -> str | None:
        """Return a web address the model accepts, or None with a warning."""
        return self._valid(_URL, value, row, what) if value else None

    def phone(self, value: str, row: int, what: str) -> str | None:
        """Return a phone number the model accepts, or None with a warning."""
        return self._valid(_PHONE, value, row, what) if value else None

    def email(self, value: str, row: int, what: str) -> str | None:
        """Return an email address the model accepts, or None with a warning."""
        return self._valid(_EMAIL, value, row, what) if value else None

    def country(self, value: str, row: int, what: str) -> str | None:
        """Return a country code the model accepts, or None with a warning."""
        return self._valid(_COUNTRY, value, row, what) if value else None

    def timezone(self, value: str, row: int, what: str) -> str | None:
        """Return a time zone the model accepts, or None with a warning."""
        return self._valid(_ZONE, value, row, what) if value else None

    def choice(
        self,
        value: str,
        allowed: tuple[str, ...],
        row: int,
        what: str,
        fill: dict[tuple[str | int, ...], str],
    ) -> str:
        """Return `value` if allowed; else the first choice, marked for a person to decide."""
        if value in allowed:
            return value
        if value:
            self.warn(
                row,
                f"{what} '{value}' is not one of {', '.join(allowed)}"
                f"{did_you_mean(value, allowed)}; imported as {allowed[0]}",
            )
        fill[(what,)] = f"one of {', '.join(allowed)}"
        return allowed[0]

    def known(self, vocabulary: str, terms: Iterable[str], row: int) -> list[str]:
        """Return the terms the content's vocabulary has, warning about the others."""
        found, missing = [], []
        for term in terms:
            if term in self.terms.get(vocabulary, set()):
                if term not in found:
                    found.append(term)
            elif term not in missing:
                missing.append(term)
        if missing:
            self.warn(
                row,
                f"{several(missing, vocabulary + ' term', vocabulary + ' terms')} "
                f"{'is' if len(missing) == 1 else 'are'} not in vocabularies.yaml; left out "
                "(add the term there, or choose another)",
            )
        return found


_URL: TypeAdapter[Any] = TypeAdapter(Url)
_PHONE: TypeAdapter[Any] = TypeAdapter(Phone)
_EMAIL: TypeAdapter[Any] = TypeAdapter(Email)
_COUNTRY: TypeAdapter[Any] = TypeAdapter(CountryCode)
_ZONE: TypeAdapter[Any] = TypeAdapter(TimeZone)


def several(items: list[str], one: str, many: str) -> str:
    """Return "topics term x is" or "topics terms x, y are": the words agreeing with the count."""
    return f"{one if len(items) == 1 else many} {', '.join(items)}"


def read_vocabularies(content: Path) -> dict[str, dict[Any, Any]]:
    """Return each vocabulary's terms as content/vocabularies.yaml gives them ({} if unreadable).

    The one reader of that file in the tools: a command reads it once and passes it on.
    """
    try:
        data = yaml.load(
            (content / "vocabularies.yaml").read_text(encoding="utf-8"), Loader=SAFE_LOADER
        )
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    if not isinstance(data, dict):
        data = {}
    return {name: data[name] if isinstance(data.get(name), dict) else {} for name in VOCABULARIES}


def vocabulary_terms(vocabularies: dict[str, dict[Any, Any]]) -> dict[str, set[str]]:
    """Return the term ids of each vocabulary `read_vocabularies` gave."""
    return {name: {str(term) for term in terms} for name, terms in vocabularies.items()}


def site_languages(content: Path) -> tuple[list[str], str]:
    """Return the site's languages and its default one from content/site.yaml."""
    try:
        data = yaml.load((content / "site.yaml").read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    if not isinstance(data, dict):
        return ["en"], "en"
    languages = data.get("languages")
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        languages = ["en"]
    default = data.get("default_language")
    return languages, default if isinstance(default, str) else languages[0]


def read_source(source: Path, most: int = 0, too_big: Callable[[int], str] | None = None) -> bytes:
    """Return a file's bytes, or raise SourceError saying why it can't be read.

    A file over `most` bytes (the importers' MAX_SOURCE_BYTES unless given) is refused before it
    is read, with `too_big(size)` as the reason.
    """
    most = most or MAX_SOURCE_BYTES
    try:
        size = source.stat().st_size
        if size > most:
            raise SourceError(too_big(size) if too_big else _too_many_megabytes(size))
        data = source.read_bytes()
    except IsADirectoryError:
        raise SourceError("is a folder, not a file") from None
    except FileNotFoundError:
        raise SourceError("does not exist") from None
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror or exc}") from None
    return _gunzipped(data, most, too_big) if data[:2] == _GZIP_MAGIC else data


# the first two bytes of every gzip file: the site's own large exports are published gzipped
_GZIP_MAGIC = b"\x1f\x8b"


def _gunzipped(data: bytes, most: int, too_big: Callable[[int], str] | None) -> bytes:
    """Return a gzip file's contents, read no further than `most` bytes (a small file can
    unpack to gigabytes), or raise SourceError saying why not."""
    unpacker = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = unpacker.decompress(data, most + 1)
    except zlib.error:
        raise SourceError(
            "is a gzip file that is damaged or cut short; download it again, or unpack it "
            "with another tool and import the unpacked file"
        ) from None
    if len(out) > most:
        raise SourceError(
            too_big(len(out))
            if too_big
            else f"unpacks to more than {most // 1_000_000} MB; the importer reads at most "
            f"{most // 1_000_000} MB (split it into smaller files)"
        )
    if not unpacker.eof:
        raise SourceError(
            "is a gzip file cut short; download it again, or unpack it with another tool "
            "and import the unpacked file"
        )
    return out


def _too_many_megabytes(size: int) -> str:
    return (
        f"is {size // 1_000_000} MB; the importer reads at most "
        f"{MAX_SOURCE_BYTES // 1_000_000} MB (split it into smaller files)"
    )


def decode(data: bytes) -> str:
    """Return UTF-8 text (a byte order mark is dropped), or raise SourceError with the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"line {line} is not UTF-8 text (byte {exc.start + 1}); save the file as UTF-8"
        ) from None


def json_array_items(text: str) -> list[tuple[int, Any]]:
    """Return (line, item) for each element of a top-level JSON array (a feed of meetings)."""
    decoder = json.JSONDecoder()
    if not text.strip():
        raise SourceError("is empty; expected a list of meetings in [ ]")
    position = len(text) - len(text.lstrip())
    if not text[position : position + 1] == "[":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(f"line {exc.lineno}: not valid JSON: {exc.msg}") from None
        raise SourceError(
            "is JSON but not a Meeting Guide feed: expected a list of meetings in [ ]"
        )
    items: list[tuple[int, Any]] = []
    line, counted = 1, 0
    position += 1
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text):
            raise SourceError("ends before the list of meetings is closed with ]")
        if text[position] == "]":
            break
        line += text.count("\n", counted, position)
        counted = position
        try:
            item, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise SourceError(f"line {exc.lineno}: not valid JSON: {exc.msg}") from None
        except RecursionError:
            raise SourceError(f"line {line}: nested too deeply to be a meeting") from None
        items.append((line, item))
    return items


class Slugs:
    """The file names given so far in one import, each used once."""

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._next: dict[str, int] = {}

    def __contains__(self, slug: object) -> bool:
        return slug in self._used

    def add(self, slug: str) -> None:
        """Mark a file name the source gave as used."""
        self._used.add(slug)

    def new(self, name: str) -> str:
        """Return an unused file name made from `name`, numbered when the name repeats."""
        base = slugify(name)[:SLUG_LIMIT].strip("-")
        if not base or (base == "region" and "region" not in name.casefold()):
            # no Latin letters (Arabic, Chinese...): slugify's own fallback is "region"; a hash
            # of the name keeps the file name the same from one import to the next
            base = "group-" + hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:8]
        slug = base
        # numbered from where this base left off, not by trying 2, 3, 4... each time: a feed
        # of 10,000 meetings with one name would otherwise take 50 million tries
        number = self._next.get(base, 2)
        while slug in self._used:
            slug = f"{base[: SLUG_LIMIT - len(str(number)) - 1].strip('-')}-{number}"
            number += 1
        self._next[base] = number
        self._used.add(slug)
        return slug


# what no text field may hold (generator.model.fields.unsafe_character says why): controls,
# direction overrides that reorder text on screen, lone surrogates, noncharacters
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def clean(text: str) -> str:
    """Return text with line ends made plain and characters no text field may hold removed."""
    text = _UNSAFE.sub("", _BREAKS.sub("\n", text))
    if not text.isascii():  # the last two code points of every plane are noncharacters too
        text = "".join(c for c in text if ord(c) < 0x10000 or ord(c) & 0xFFFE != 0xFFFE)
    return text.strip()


_PLAIN = re.compile(r"[a-z][a-z0-9/-]*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    text = clean(str(value))
    if _PLAIN.fullmatch(text) and text not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def yaml_lines(
    value: Mapping[str, Any], depth: int, path: tuple[str | int, ...], fill: Mapping[Any, str]
) -> list[str]:
    """Return a mapping as the importers' YAML lines, indented `depth` levels, with a fill-in
    marker after each value `fill` names by its path."""
    pad = "  " * depth
    lines: list[str] = []
    for key, item in value.items():
        here = (*path, key)
        note = f"  {FILL}: {fill[here]}" if here in fill else ""
        if isinstance(item, Mapping):
            lines.append(f"{pad}{key}:{note}")
            lines += yaml_lines(item, depth + 1, here, fill)
        elif isinstance(item, list) and item and isinstance(item[0], Mapping):
            lines.append(f"{pad}{key}:{note}")
            for index, element in enumerate(item):
                inner = yaml_lines(element, depth + 2, (*here, index), fill)
                lines.append(f"{pad}  - {inner[0].lstrip()}")
                lines += inner[1:]
        elif isinstance(item, list):
            lines.append(f"{pad}{key}: [{', '.join(_scalar(v) for v in item)}]{note}")
        elif isinstance(item, str) and "\n" in clean(item) and not item[:1].isspace():
            # paragraphs as a block, as a volunteer would write them (`|-`: no final newline)
            lines.append(f"{pad}{key}: |-{note}")
            lines += [f"{pad}  {line}" if line else "" for line in clean(item).split("\n")]
        else:
            lines.append(f"{pad}{key}: {_scalar(item)}{note}")
    return lines


def entry_yaml(draft: Draft, schema: str, intro: str) -> str:
    """Return the commented YAML of a draft, without the importer's closing line."""
    ordered = {name: draft.data[name] for name in _FIELD_ORDER if name in draft.data}
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# {intro}",
        "# Check every place marked '<- fill in', then run: python build.py check",
        *yaml_lines(ordered, 0, (), draft.fill),
    ]
    return "\n".join(lines) + "\n"


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def _closing(form: str, source: str, body: str) -> str:
    name = clean(source).replace("\n", " ")
    return (
        f"# imported: {form} from {name} sha256:{_digest(body)} (a re-import leaves this "
        "file alone once you edit it)\n"
    )


def _read_marker(path: Path) -> tuple[str, str, str, str] | None:
    """Return (format, source, hash, body) of a file the importer wrote, or None."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    body, _, last = text.rstrip("\n").rpartition("\n")
    match = _MARKER.match(last)
    if match is None:
        return None
    return match.group(1), match.group(2), match.group(3), body + "\n"


def _keep_dates(draft: Draft, old_body: str) -> None:
    """Give the draft the dates the importer wrote before where the source gives none."""
    try:
        old = yaml.load(old_body, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return
    for path in draft.dated:
        value, target = old, draft.data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        for key in path[:-1]:
            target = target[key]
        if isinstance(value, date):
            target[path[-1]] = value


def _existing(into: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    if into.is_dir():
        for path in sorted(into.rglob("*.yaml")):
            found.setdefault(path.stem, []).append(path)
    return found


def _own_slug(
    slug: str,
    existing: dict[str, list[Path]],
    made: set[str],
    origin: tuple[str, str],
    numbers: dict[str, int],
) -> str:
    """Return the file name for a draft: its own, or the next numbered one while that name is
    an entry another source imported (two towns' feeds both have a "Big Book Study": the
    second is another group, not a new version of the first) or another draft's of this one."""

    def taken(candidate: str) -> bool:
        if candidate in made:
            return True
        paths = existing.get(candidate)
        marker = _read_marker(paths[0]) if paths else None
        return marker is not None and (marker[0], marker[1]) != origin

    candidate = slug
    while taken(candidate):
        number = numbers.get(slug, 2)
        numbers[slug] = number + 1
        candidate = f"{slug[: SLUG_LIMIT - len(str(number)) - 1].strip('-')}-{number}"
    return candidate


def apply(
    drafts: list[Draft],
    into: Path,
    form: str,
    source: str,
    dry_run: bool,
    schema_file: Path,
) -> Outcome:
    """Write the drafts under `into` (unless a dry run), never over a hand edit."""
    outcome = Outcome()
    existing = _existing(into)
    made: set[str] = set()
    intro = f"Imported from {clean(source)} ({form}) by python build.py import."
    numbers: dict[str, int] = {}
    for draft in drafts:
        slug = _own_slug(draft.slug, existing, made, (form, clean(source)), numbers)
        if slug != draft.slug:
            draft = dataclasses.replace(draft, slug=slug)
        made.add(draft.slug)
        others = existing.get(draft.slug, [])
        path = others[0] if others else into / draft.folder / f"{draft.slug}.yaml"
        schema = Path(os.path.relpath(schema_file, path.parent)).as_posix()
        marker = _read_marker(path) if others else None
        if marker is not None:
            _keep_dates(draft, marker[3])
        body = entry_yaml(draft, schema, intro)
        text = body + _closing(form, source, body)
        if not others:
            outcome.created.append(path)
        else:
            if marker is None:
                outcome.conflicts.append(
                    (path, "already exists and was not written by the importer; left as it is")
                )
                continue
            _form, _source, recorded, old_body = marker
            if _digest(old_body) != recorded:
                if recorded == _digest(body):
                    outcome.kept.append(path)  # edited by hand, and the source says the same
                else:
                    outcome.conflicts.append(
                        (
                            path,
                            "was edited by hand since the last import and the source has "
                            "changed too; left as it is (import into an empty folder with "
                            "--into to compare)",
                        )
                    )
                continue
            if path.read_text(encoding="utf-8") == text:
                outcome.unchanged.append(path)
                continue
            outcome.updated.append(path)
        if not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    for slug, paths in existing.items():
        for path in paths:
            marker = _read_marker(path)
            if marker and marker[0] == form and marker[1] == clean(source) and slug not in made:
                outcome.gone.append(path)
    return outcome


def summary(outcome: Outcome, notices: list[Notice], dry_run: bool) -> list[str]:
    """Return the lines that tell a person what the import did."""
    would = "would be " if dry_run else ""
    lines = [f"{would}created {p}" for p in outcome.created]
    lines += [f"{would}updated {p}" for p in outcome.updated]
    lines += [f"{p}: conflict: {why}" for p, why in outcome.conflicts]
    lines += [
        f"{p}: gone from the source; not deleted (delete it, or set status: ended)"
        for p in outcome.gone
    ]
    changed = len(outcome.created) + len(outcome.updated)
    total = changed + len(outcome.unchanged) + len(outcome.kept) + len(outcome.conflicts)
    warnings = sum(1 for n in notices if n.severity == "warning")
    lines.append(
        f"import: {total} entries, {changed} {'would change' if dry_run else 'changed'} "
        f"({len(outcome.created)} new, {len(outcome.updated)} updated), "
        f"{len(outcome.unchanged) + len(outcome.kept)} unchanged, "
        f"{len(outcome.conflicts)} conflicts, {len(outcome.gone)} gone from the source, "
        f"{warnings} warnings" + ("; dry run, nothing written" if dry_run else "")
    )
    return lines
