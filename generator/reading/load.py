"""Content files -> raw data with the source position of every node; no content checks.

YAML is composed from the parser's events rather than with PyYAML's constructors, so that:
- every mapping key and value keeps its line and column for error messages;
- values are read as YAML 1.2 does and as volunteers mean them: an unquoted `NO`, `yes`,
  `18:30`, `2026-10-01` or `01234` stays the text that was written (the models decide what
  it means), and only an empty value, `~` or `null` means "no value";
- duplicate keys, anchors and aliases (expansion bombs), tags and over-deep nesting are
  reported as positioned problems instead of being silently accepted.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.reading.files import decode_text, read_bytes, read_text, scan_files
from generator.reading.problems import Problem, display_path

MAX_DEPTH = 32
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's C parser where it is built, else its Python one: both safe; C is ten times faster."""

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """Data read from one YAML document, with where each part of it was written."""

    path: str
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    relative: str = ""
    """The file's path inside the content folder, e.g. groups/us/riverside.yaml."""

    def position(self, loc: Loc, at_key: bool = False) -> tuple[int, int]:
        """Return (line, column) of the node at `loc`, or of its nearest written ancestor."""
        loc = tuple(loc)
        if at_key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def problem(
        self, loc: Loc, message: str, severity: str = "error", at_key: bool = False
    ) -> Problem:
        """Return a problem positioned at the node `loc`."""
        line, column = self.position(loc, at_key)
        return Problem(self.path, line, column, severity, message)  # type: ignore[arg-type]


@dataclass
class MarkdownDocument:
    """A Markdown file: its front matter as a Document and its body text."""

    front: Document
    body: str
    body_line: int


@dataclass
class RawContent:
    """Everything read from a content folder, before any check."""

    root: Path
    site: Document | None = None
    vocabularies: Document | None = None
    entries: list[Document] = field(default_factory=list)
    resources: list[MarkdownDocument] = field(default_factory=list)
    files: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass
class EntryMemo:
    """Entry files read by earlier builds in this process (the preview server's), by path.

    A file whose bytes are unchanged is not parsed again: its Document and problems are taken
    as they were. At 10,000 entries parsing is most of the time a rebuild spends reading.
    """

    read: dict[str, tuple[str, Document | None, list[Problem]]] = field(default_factory=dict)
    """Shown path -> (digest of the bytes, the Document or None, the problems reading it)."""


class _YamlProblem(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


_ENTRY_SUFFIXES = (".yaml", ".yml")
_GUIDE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
_SETTINGS = {"site.yaml": "site", "vocabularies.yaml": "vocabularies"}


def load_content(root: Path, memo: EntryMemo | None = None) -> RawContent:
    """Read site.yaml, vocabularies.yaml, groups/**/*.yaml and resources/**/*.md under `root`.

    Only regular files inside `root` are read (see `scan_files`); anything else under it is
    reported, and files the build has no use for get a warning rather than being read.
    With `memo`, entry files whose bytes it has seen are taken from it, and it learns the rest.
    """
    raw = RawContent(root=root)
    shown_root = display_path(root)
    scanned = scan_files(root, shown_root)
    raw.problems.extend(scanned.problems)
    refused = {p.path for p in scanned.problems}
    found: set[str] = set()
    for path in scanned.files:
        relative = path.relative_to(root).as_posix()
        shown = f"{shown_root}/{relative}"
        top, _, rest = relative.partition("/")
        suffix = path.suffix.lower()
        if relative in _SETTINGS:
            raw.files += 1
            found.add(relative)
            doc, problems = load_yaml_file(path, shown)
            raw.problems.extend(problems)
            setattr(raw, _SETTINGS[relative], doc)
        elif top == "groups" and rest and suffix in _ENTRY_SUFFIXES:
            raw.files += 1
            if path.suffix != ".yaml":
                raw.problems.append(_rename(shown, "entry files", path.stem + ".yaml"))
                continue
            doc, problems = _load_entry(path, shown, memo)
            raw.problems.extend(problems)
            if doc is not None:
                doc.relative = relative
                raw.entries.append(doc)
        elif top == "resources" and rest and suffix in _GUIDE_SUFFIXES:
            raw.files += 1
            if path.suffix != ".md":
                raw.problems.append(_rename(shown, "guide files", path.stem + ".md"))
                continue
            md, problems = load_markdown_file(path, shown)
            raw.problems.extend(problems)
            if md is not None:
                raw.resources.append(md)
        else:
            raw.problems.append(_unused(relative, shown))
    for name in _SETTINGS:
        shown = f"{shown_root}/{name}"
        if name not in found and shown not in refused:
            message = f"{name} is missing; the content folder needs one"
            raw.problems.append(Problem(shown, 1, 1, "error", message))
    if memo is not None:  # files deleted or renamed since are forgotten
        seen = {doc.path for doc in raw.entries} | {p.path for p in raw.problems}
        memo.read = {shown: known for shown, known in memo.read.items() if shown in seen}
    return raw


def _rename(shown: str, what: str, name: str) -> Problem:
    ending = name.rsplit(".", 1)[-1]
    return Problem(shown, 1, 1, "error", f"{what} end in .{ending}; rename this file to {name}")


def _unused(relative: str, shown: str) -> Problem:
    """Return the problem with a file under the content folder that the build does not read."""
    lower = relative.lower()
    for name in _SETTINGS:
        if lower in (name, name.replace(".yaml", ".yml")):
            return Problem(shown, 1, 1, "error", f"rename this file to {name}")
    name = relative.rsplit("/", 1)[-1]
    return Problem(
        shown,
        1,
        1,
        "warning",
        f"{name} is not read by the build: entries are .yaml files under groups/, guides are "
        ".md files under resources/, and the theme is the maintainer's, not part of the "
        "content; remove this file or move it",
    )


def _load_entry(
    path: Path, shown: str, memo: EntryMemo | None
) -> tuple[Document | None, list[Problem]]:
    if memo is None:
        return load_yaml_file(path, shown)
    data, problems = read_bytes(path, shown)
    if data is None:
        memo.read.pop(shown, None)
        return None, problems
    digest = hashlib.sha256(data).hexdigest()
    known = memo.read.get(shown)
    if known is not None and known[0] == digest:
        return known[1], list(known[2])
    text, problems = decode_text(data, shown)
    doc = None
    if text is not None:
        doc, problems = parse_yaml(text, shown)
    memo.read[shown] = (digest, doc, list(problems))
    return doc, problems


def load_yaml_file(path: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file into a Document, or return why it could not be read."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    return parse_yaml(text, shown)


def parse_yaml(
    text: str, shown: str, line_offset: int = 0
) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text into a Document; positions are shifted down by `line_offset` lines."""
    doc = Document(path=shown, data=None)
    loader = SAFE_LOADER(text)
    try:
        events = _events(loader)
        next(events)  # StreamStart
        event = next(events)
        if isinstance(event, yaml.StreamEndEvent):
            doc.values[()] = (1 + line_offset, 1)
            return doc, []
        root_event = next(events)  # after DocumentStart
        doc.data = _compose(root_event, events, (), doc, line_offset, 0)
        next(events)  # DocumentEnd
        event = next(events)
        if isinstance(event, yaml.DocumentStartEvent):
            line, column = _mark(event, line_offset)
            raise _YamlProblem(
                line,
                column,
                "a second YAML document starts here; a file holds "
                "one entry, so remove this `---` and what follows or move it to a "
                "file of its own",
            )
    except _YamlProblem as exc:
        return None, [Problem(shown, exc.line, exc.column, "error", exc.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, text, shown, line_offset)]
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1 + line_offset
        column = len(before) - (before.rfind("\n") + 1) + 1
        return None, [
            Problem(
                shown,
                line,
                column,
                "error",
                "the file contains an invisible control "
                f"character (U+{exc.character:04X}) here; delete it",
            )
        ]
    except yaml.YAMLError as exc:  # pragma: no cover - every parser error is one of the above
        return None, [Problem(shown, 1 + line_offset, 1, "error", f"YAML cannot be read: {exc}")]
    finally:
        loader.dispose()
    return doc, []


def _events(loader: Any) -> Iterator[Any]:
    while loader.check_event():
        yield loader.get_event()


def _mark(event: Any, line_offset: int) -> tuple[int, int]:
    return event.start_mark.line + 1 + line_offset, event.start_mark.column + 1


def _compose(
    event: Any, events: Iterator[Any], loc: Loc, doc: Document, line_offset: int, depth: int
) -> Any:
    position = _mark(event, line_offset)
    doc.values[loc] = position
    if isinstance(event, yaml.AliasEvent):
        raise _YamlProblem(
            *position,
            f"YAML aliases (*{event.anchor}) aren't supported; write the value out in full",
        )
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        raise _YamlProblem(
            *position, f"YAML anchors (&{anchor}) aren't supported; write the value out in full"
        )
    tag = getattr(event, "tag", None)
    if tag is not None and tag != "!":
        raise _YamlProblem(
            *position,
            f"YAML tags ({tag}) aren't supported; remove the tag and put text in quotes if needed",
        )
    if depth > MAX_DEPTH:
        raise _YamlProblem(
            *position,
            f"nesting is deeper than {MAX_DEPTH} levels; content files "
            "are never nested this deeply",
        )
    if isinstance(event, yaml.ScalarEvent):
        if not event.style and event.value in _NULLS:
            return None
        return event.value
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[Any] = []
        for index, child in enumerate(_children(events, yaml.SequenceEndEvent)):
            items.append(_compose(child, events, (*loc, index), doc, line_offset, depth + 1))
        return items
    if isinstance(event, yaml.MappingStartEvent):
        mapping: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        children = _children(events, yaml.MappingEndEvent)
        for key_event in children:
            key_position = _mark(key_event, line_offset)
            if not isinstance(key_event, yaml.ScalarEvent) or getattr(key_event, "anchor", None):
                raise _YamlProblem(*key_position, "a field name must be plain text, like `name:`")
            key = key_event.value
            if not key_event.style and key in _NULLS:
                raise _YamlProblem(*key_position, "a field name is missing before the colon")
            value_event = next(children)
            if key in first_seen:
                raise _YamlProblem(
                    *key_position,
                    f"duplicate field '{key}' (first set on line {first_seen[key]}); keep only one",
                )
            first_seen[key] = key_position[0]
            doc.keys[(*loc, key)] = key_position
            mapping[key] = _compose(value_event, events, (*loc, key), doc, line_offset, depth + 1)
        return mapping
    raise _YamlProblem(*position, "unexpected YAML structure")  # pragma: no cover


def _children(events: Iterator[Any], end: type) -> Iterator[Any]:
    for event in events:
        if isinstance(event, end):
            return
        yield event


_HINTS = (
    (
        "mapping values are not allowed",
        "a colon followed by a space starts a new field here; if it is part of the text, put the "
        "whole value in quotes",
    ),
    ("found a tab character", "a tab character is used for indentation; YAML needs spaces"),
    (
        "could not find expected ':'",
        "expected a `field: value` line; check the indentation and that the field has a colon",
    ),
    (
        "did not find expected <document start>",
        "this line is indented differently from the first field; start every top-level field at "
        "the beginning of its line",
    ),
    (
        "did not find expected key",
        "this line is indented differently from the fields around it; line it up with them",
    ),
    (
        "did not find expected '-' indicator",
        "this list item is indented differently from the items before it; line them up",
    ),
    (
        "found unexpected end of stream",
        "the file ends inside a quoted text or a bracket; add the closing quote or bracket",
    ),
    (
        "did not find expected ',' or ']'",
        "a list in brackets is not closed; separate items with commas and end it with ]",
    ),
    (
        "did not find expected ',' or '}'",
        "a mapping in braces is not closed; separate fields with commas and end it with }",
    ),
    (
        "expected <block end>, but found",
        "this line is indented differently from the lines before it; line it up with them",
    ),
    (
        "special characters are not allowed",
        "the file contains an invisible control character here; delete it",
    ),
    (
        "found unknown escape character",
        "a backslash in double quotes starts an unknown escape; use single quotes or write \\\\",
    ),
)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, shown: str, line_offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
    column = (mark.column + 1) if mark else 1
    problem = exc.problem or "invalid YAML"
    if "cannot start any token" in problem and mark is not None:
        lines = text.split("\n")
        char = lines[mark.line][mark.column : mark.column + 1] if mark.line < len(lines) else ""
        if char == "\t":
            return Problem(
                shown,
                line,
                column,
                "error",
                "YAML syntax: a tab character is used for indentation here; YAML needs spaces",
            )
        return Problem(
            shown,
            line,
            column,
            "error",
            f"YAML syntax: text cannot start with {char!r} "
            "unless it is in quotes; put the whole value in quotes",
        )
    if "mapping values are not allowed" in problem and mark is not None:
        lines = text.split("\n")
        current = lines[mark.line] if mark.line < len(lines) else ""
        field_line = re.match(r"(\s+)[\w-]+:(\s|$)", current)
        if field_line and current.find(":") == mark.column:
            return Problem(
                shown,
                line,
                len(field_line.group(1)) + 1,
                "error",
                "YAML syntax: this field is indented more "
                "than the one above it; line it up with the fields around it",
            )
    for needle, hint in _HINTS:
        if needle in problem:
            return Problem(shown, line, column, "error", f"YAML syntax: {hint}")
    context = f" ({exc.context})" if exc.context else ""
    return Problem(shown, line, column, "error", f"YAML syntax: {problem}{context}")


_FRONT = re.compile(r"\A---[ \t]*\r?\n")
_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def load_markdown_file(path: Path, shown: str) -> tuple[MarkdownDocument | None, list[Problem]]:
    """Read a Markdown file with YAML front matter between `---` lines."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    return parse_markdown(text, shown)


def parse_markdown(text: str, shown: str) -> tuple[MarkdownDocument | None, list[Problem]]:
    """Split front matter from body and parse the front matter with positions."""
    start = _FRONT.match(text)
    if not start:
        return None, [
            Problem(
                shown,
                1,
                1,
                "error",
                "a guide starts with front matter: a line "
                "`---`, fields such as `title:` and `summary:`, then another `---`",
            )
        ]
    end = _FRONT_END.search(text, start.end())
    if not end:
        return None, [
            Problem(
                shown,
                1,
                1,
                "error",
                "the front matter is never closed; add a line `---` after its last field",
            )
        ]
    front_text = text[start.end() : end.start()]
    doc, problems = parse_yaml(front_text, shown, line_offset=1)
    if doc is None:
        return None, problems
    if doc.data is None:
        doc.values[()] = (1, 1)
    body_start = end.end() + 1 if end.end() < len(text) else end.end()
    body_line = text.count("\n", 0, body_start) + 1
    return MarkdownDocument(front=doc, body=text[body_start:], body_line=body_line), problems


def value_at(data: Any, *loc: str) -> Any:
    """Return the raw value at the field path `loc` (e.g. "contact", "phone"), or None where
    the data has no such field or something other than a mapping is on the way."""
    for part in loc:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data
