"""Markdown -> safe HTML: Python-Markdown, then an nh3 allowlist (no raw HTML survives).

Python-Markdown is fast on writing but not on every input: some shapes make it rescan the rest
of a paragraph or of the text once per mark, and nesting makes it recurse. Before converting,
`render_markdown` measures those shapes and refuses text that has more of them than writing
needs, with the line and column to change; whatever still fails is refused, never raised as is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache, partial

import markdown
import nh3

_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
_SCHEMES = {"http", "https", "mailto", "tel"}
# an http(s) link written the one way every reader parses alike: two forward slashes, then a host
_AUTHORITY = re.compile(r"https?://[^/\\]", re.IGNORECASE)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    # building a Markdown instance costs more than converting a short text with it
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        stripped = value.strip().replace("\\", "/")
        if stripped.startswith("//") or any(ord(c) < 32 for c in stripped):
            return None  # protocol-relative links leave the site's own host
        scheme, colon, _ = stripped.partition(":")
        if colon and "/" not in scheme and re.search(r"\s", scheme):
            return None  # "java script:" is no link, only an attempt to smuggle one
        if scheme.lower() in ("http", "https") and not _AUTHORITY.match(value.strip()):
            # a browser reads http:host, https:\\host and https:///host as links to that host,
            # which the checks of links in text (rooms, crisis lines) would not see as one
            return None
    return value


class MarkdownRefused(ValueError):
    """Markdown that the converter can't read in bounded time, and what to change where."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.line = line
        """The line of the text, counted from 1."""
        self.column = column
        """The column on that line, counted from 1."""
        self.message = message
        """What is wrong and how to fix it, in plain words."""


# What `render_markdown` made, by (text, top): a site's texts are rendered once, when `check`
# validates them, and the pages and exports take them from here. The oldest go first when full.
_MADE: dict[tuple[str, int], str] = {}
MADE_AT_MOST = 65536

# Something that maps a function over texts: `map`, or a process pool's `map` for a large site.
Mapper = Callable[[Callable[[str], "str | Refusal"], Iterable[str]], Iterable["str | Refusal"]]
Refusal = tuple[int, int, str]
"""A `MarkdownRefused` as plain data (line, column, message), to cross between processes."""


def render_markdown(text: str, top: int = 2) -> str:
    """Return sanitized HTML for Markdown `text`, its highest heading made an h`top`.

    A description or guide body sits under the page's own h1, so headings are shifted to
    continue the page's outline without skipping a level, whatever level the writer started at.
    Raise `MarkdownRefused` for text that would take the converter unbounded time or depth.
    """
    made = _MADE.get((text, top))
    if made is None:
        made = _render(text, top)
        _keep(text, top, made)
    return made


def _keep(text: str, top: int, html: str) -> None:
    if len(_MADE) >= MADE_AT_MOST:
        del _MADE[next(iter(_MADE))]
    _MADE[(text, top)] = html


def forget_rendered() -> None:
    """Forget every text rendered so far."""
    _MADE.clear()


def rendered(text: str, top: int = 2) -> bool:
    """Whether `text` is rendered already, so `render_markdown` returns it without work."""
    return (text, top) in _MADE


def render_outcome(text: str, top: int = 2) -> str | Refusal:
    """Return the HTML of `text`, or why it is refused (a worker process hands either back)."""
    try:
        return render_markdown(text, top)
    except MarkdownRefused as refused:
        return (refused.line, refused.column, refused.message)


def render_many(texts: Iterable[str], top: int, mapper: Mapper = map) -> dict[str, Refusal]:
    """Render every text not rendered yet, with `mapper` (in this process with `map`, or in a
    pool of processes), keep what was made for `render_markdown`, and return the refusals."""
    todo = list(dict.fromkeys(text for text in texts if not rendered(text, top)))
    refusals: dict[str, Refusal] = {}
    outcomes: Iterator[str | Refusal] = iter(mapper(partial(render_outcome, top=top), todo))
    for text, outcome in zip(todo, outcomes, strict=True):
        if isinstance(outcome, str):
            _keep(text, top, outcome)
        else:
            refusals[text] = outcome
    return refusals


# a number of several digit groups as written in running text, brackets included: "116 123",
# "9-8-8", "(800) 273-8255", "+44 (0)20 7123 4567"; a lone "988" has no order to lose
GROUPED_NUMBER = re.compile(
    r"\+?(?:\(\d+\)|\d+)(?:[ \u00a0.-]?\(\d+\)|(?<=\))[ \u00a0.-]?\d+|[ \u00a0.-]\d+)+"
)
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_ISOLATED = r'<span class="phone" dir="ltr">\g<0></span>'


def isolate_numbers(html: str) -> str:
    """Return sanitized `html` with every number of several digit groups in its text isolated
    left to right: in a right-to-left page the spaces and hyphens between the groups take the
    page's direction, and "116 123" is drawn "123 116", so a number read off is dialled wrong."""
    parts = _TAG_OR_TEXT.split(html)
    for index in range(0, len(parts), 2):  # the text between tags; the tags are the odd parts
        parts[index] = GROUPED_NUMBER.sub(
            r'<span class="phone" dir="ltr">\g<0></span>', parts[index]
        )
    return "".join(parts)


def _render(text: str, top: int) -> str:
    return isolate_numbers(_sanitize(text, top))


def _sanitize(text: str, top: int) -> str:
    html = _paragraphs(text)
    if html is None:  # only Markdown's syntax makes headings
        html = _shift_headings(_convert(text), top)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_filter,
    )


# Anything Markdown could read as syntax: its punctuation, HTML's, a line's first character
# that could open a block (indentation, a list, a quote), a number that could start a list, a
# space that could end a line in a hard break, and every control or other white space.
_SYNTAX = re.compile(
    r"[\\`*_\[\]<>&#|~=+{}]|^[ \-+>]|^\d+[.)]| $|[^\S \n]|[\x00-\x09\x0b-\x1f\x7f]", re.M
)
_BLANK_LINES = re.compile(r"\n{2,}")


def _paragraphs(text: str) -> str | None:
    """Return what Python-Markdown makes of text without any of its syntax: the paragraphs
    between blank lines. Most descriptions are that, and this takes 0.004 ms where a full
    conversion takes 0.28. Return None for anything else."""
    if _SYNTAX.search(text):
        return None
    return "\n".join(f"<p>{p}</p>" for p in _BLANK_LINES.split(text.strip("\n")) if p)


def _shift_headings(html: str, top: int) -> str:
    """Renumber the headings of `html` so that the highest is an h`top`."""
    levels = [int(level) for level in _HEADING.findall(html)]
    if not levels or top == min(levels):
        return html
    shift = top - min(levels)
    return _HEADING_TAG.sub(
        lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}{m.group(3)}", html
    )


_HEADING = re.compile(r"<h([1-6])[\s>]")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])([\s>])")


# --- bounded work -------------------------------------------------------------------------------
#
# Measured on Python-Markdown 3.11 (benchmarks/markdown_worst.py has the figures): each shape
# below costs time in proportion to (how many of it) x (the length after it), or recurses once
# per level; the limits keep that product a small multiple of the text's own length.

MAX_NESTING = 8
"""Quotes, lists and indentation inside each other on one line; 3 levels is deep for writing."""
MAX_BRACKETS = 8
"""`[` inside `[`: a link inside a link's text is already rare."""
MAX_UNCLOSED = 10
"""Per paragraph, marks of one kind left open: `[`, a link's `(`, a link with a quote."""
MAX_LINES = 100
"""Lines in one paragraph, list or quote without a blank line between: a long list's worth."""
MAX_RUN = 100
"""`*` or `_` written together; three mean bold italic, a long row fills in a form."""
MAX_TITLE_MARKS = 10
"""Quotes and `(` on a link definition's lines (`[x]: address "title"`): a title has two."""
MAX_TICKS = 40
"""Per paragraph, backticks: 20 code spans or 10 in double backticks."""
MAX_OPEN_TAGS = 20
"""Per text, `<` that starts an HTML tag never closed with `>` (raw HTML is not shown anyway)."""

_NEWLINES = re.compile(r"\r\n?")
_BLANK = re.compile(r"^[ \t]*$")
_LIST_MARK = re.compile(r"(?:[-+*]|\d+[.)])(?=[ \t]|$)")


def check_markdown(text: str) -> None:
    """Raise `MarkdownRefused` where `text` has more of a costly shape than writing needs."""
    text = _NEWLINES.sub("\n", text)
    _check_tags(text)
    lines = text.split("\n")
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        _check_definition(number, line, lines[number : number + 2])
        if not _RULE.match(line.expandtabs(4)):
            _check_nesting(number, line)
            _check_runs(number, line)
        if _BLANK.match(line):
            _check_paragraph(block)
            block = []
        else:
            block.append((number, line))
            if len(block) > MAX_LINES:
                raise MarkdownRefused(
                    number,
                    1,
                    f"this paragraph, list or quote runs more than {MAX_LINES} lines without a "
                    "blank line; put a blank line between its parts",
                )
    _check_paragraph(block)


def _check_definition(number: int, line: str, following: list[str]) -> None:
    """Refuse a link definition (`[x]: address "title"`) with many quotes or parentheses.

    Python-Markdown tries each place in the address as the start of a title, reading from
    every quote or parenthesis to the end of the line.
    """
    start = line.find("]:")
    if start == -1:
        return
    marks = sum(len(_TITLE_MARKS.findall(text)) for text in (line[start:], *following))
    if marks > MAX_TITLE_MARKS:
        raise MarkdownRefused(
            number,
            start + 1,
            f"this link definition has {marks} quotes and parentheses on its lines; at most "
            f"{MAX_TITLE_MARKS} are allowed: write the address without them",
        )


_TITLE_MARKS = re.compile(r"[\"'(]")


def _check_runs(number: int, line: str) -> None:
    """Refuse a long row of `*` or `_`: Python-Markdown reads it again from each of them."""
    for match in _RUN.finditer(line):
        if len(match.group()) > MAX_RUN:
            raise MarkdownRefused(
                number,
                match.start() + 1,
                f"this row of {len(match.group())} '{match.group()[0]}' is too long; at most "
                f"{MAX_RUN} are allowed together: shorten it",
            )


_RUN = re.compile(r"\*+|_+")


def _convert(text: str) -> str:
    check_markdown(text)
    try:
        html: str = _converter().reset().convert(text)
    except RecursionError:
        _converter.cache_clear()  # a conversion cut short may leave state behind
        raise MarkdownRefused(
            1,
            1,
            "this text is nested too deeply to read; use fewer quotes, lists or brackets inside "
            "each other",
        ) from None
    except Exception as exc:  # noqa: BLE001 - any failure of the converter is the text's
        _converter.cache_clear()
        raise MarkdownRefused(
            1,
            1,
            f"this text could not be read as Markdown ({type(exc).__name__}); simplify its "
            "formatting",
        ) from None
    return html


def _check_nesting(number: int, line: str) -> None:
    """Refuse quotes, list markers and indentation nested too deep on a line.

    They are counted from the line's start and, since raw HTML that ends mid-line leaves the
    rest of the line to be read as a new one, from every `>` too.
    """
    quotes = markers = width = over = 0
    active = True
    index = 0
    while index <= len(line):
        char = line[index] if index < len(line) else ""
        if char == ">":
            if not active:
                quotes = markers = width = over = 0
                active = True
            quotes += 1
            index += 1
        elif active and char and char in " \t":
            start = index
            while index < len(line) and line[index] in " \t":
                index += 1
            run = len(line[start:index].expandtabs(4))
            width += run - 1 if start and line[start - 1] != " " else run  # a mark's own space
        elif active and (mark := _LIST_MARK.match(line, index)) is not None:
            markers += 1
            index = mark.end()
        else:
            if active and over:
                _refuse_nesting(number, over, quotes, quotes + markers + width // 4)
            active = False
            following = line.find(">", index + 1)
            index = following if following != -1 else len(line) + 1
            continue
        if not over and quotes + markers + width // 4 > MAX_NESTING:
            over = index


def _refuse_nesting(number: int, column: int, quotes: int, depth: int) -> None:
    if quotes > MAX_NESTING:
        raise MarkdownRefused(
            number,
            column,
            f"this quote is nested {quotes} levels deep; at most {MAX_NESTING} are allowed: "
            "remove some of the > at the start of the line",
        )
    raise MarkdownRefused(
        number,
        column,
        f"this line is nested {depth} levels deep in lists, quotes and indentation; at most "
        f"{MAX_NESTING} are allowed: indent it less",
    )


# Python-Markdown's own horizontal rule, which it reads before lists and emphasis
_RULE = re.compile(
    r"^ {0,3}(?=(?P<rule>(?:-+ {0,2}){3,}|(?:_+ {0,2}){3,}|(?:\*+ {0,2}){3,}))(?P=rule) *$"
)


def _check_paragraph(block: list[tuple[int, str]]) -> None:
    """Refuse a paragraph (lines between blank lines) with too many marks left open.

    Python-Markdown reads each `[` by scanning for its `]`, each link's `(` for its `)` (past
    it, when a quote opens a title) and each backtick for a run as long: where there is none,
    to the end of the paragraph, list item or heading. What it can't see closes nothing: a
    `]` or `)` inside code, or one in the next list item (a line later).
    """
    brackets: list[tuple[int, int, int]] = []  # the open `[`: line, column, backticks before
    parens: list[tuple[int, int, int, int] | None] = []  # a link's `(`: line, column, ticks, quotes
    open_brackets: list[tuple[int, int]] = []
    open_links: list[tuple[int, int]] = []
    quoted_links: list[tuple[int, int]] = []
    ticks = quotes = 0
    for number, line in block:
        for found in _MARKS.finditer(line):
            char = found.group()
            index = found.start()
            if char[0] == "\\":
                continue  # an escaped mark is text, and `\\` is one backslash
            if char == "`":
                ticks += 1
                if ticks > MAX_TICKS:
                    raise MarkdownRefused(
                        number,
                        index + 1,
                        f"this paragraph has more than {MAX_TICKS} backticks (`); at most "
                        f"{MAX_TICKS} are allowed in one paragraph: split it with a blank line, "
                        "or mark less of it as code",
                    )
            elif char in "\"'":
                quotes += 1
            elif char == "[":
                brackets.append((number, index + 1, ticks))
                if len(brackets) > MAX_BRACKETS:
                    raise MarkdownRefused(
                        number,
                        index + 1,
                        f"this '[' makes {len(brackets)} brackets open at once; at most "
                        f"{MAX_BRACKETS} are allowed: close each [ with ], or write \\[ for a "
                        "bracket that is only text",
                    )
            elif char[0] == "]":
                if not brackets:
                    if char == "](":
                        parens.append(None)
                    continue
                opened_line, opened_column, ticks_before = brackets.pop()
                if ticks != ticks_before:
                    open_brackets.append((opened_line, opened_column))
                if char == "](":
                    parens.append((number, index + 2, ticks, quotes))
            elif char == "(":
                parens.append(None)
            elif char == ")" and parens:
                link = parens.pop()
                if link is not None:
                    if link[0] != number or link[2] != ticks:
                        open_links.append(link[:2])
                    elif link[3] != quotes:
                        quoted_links.append(link[:2])
    open_brackets.extend(place[:2] for place in brackets)
    open_links.extend(link[:2] for link in parens if link is not None)
    if len(open_brackets) > MAX_UNCLOSED:
        raise MarkdownRefused(
            *min(open_brackets),
            f"this paragraph has {len(open_brackets)} '[' never closed with a ']' outside code; "
            f"at most {MAX_UNCLOSED} are allowed: close each [ with ], or write \\[ for a "
            "bracket that is only text",
        )
    if len(open_links) > MAX_UNCLOSED:
        raise MarkdownRefused(
            *min(open_links),
            f"this paragraph has {len(open_links)} links whose '(' is not closed with ')' on the "
            f"same line; at most {MAX_UNCLOSED} are allowed: end each link's address with ) "
            "on its line",
        )
    if len(quoted_links) > MAX_UNCLOSED:
        raise MarkdownRefused(
            *min(quoted_links),
            f"this paragraph has {len(quoted_links)} links with a quote (\" or ') between their "
            f"'(' and ')'; at most {MAX_UNCLOSED} are allowed: remove the quotes from the "
            "addresses",
        )


_MARKS = re.compile(r"\\.|\]\(?|[`\"'\[()]")
_ANGLES = re.compile(r"<[A-Za-z/!?]|<|>")


def _check_tags(text: str) -> None:
    """Refuse `<![` and too many `<` that start an HTML tag never closed with `>`.

    Python-Markdown hands the whole text to Python's HTML parser, which scans from each
    unclosed tag to the end of the text; a CDATA section costs ten times more.
    """
    unclosed: list[int] = []
    opened: int | None = None
    for match in _ANGLES.finditer(text):
        mark = match.group()
        if opened is not None and mark != ">":
            unclosed.append(opened)
        opened = None
        if len(mark) == 2:
            if text.startswith("<![", match.start()):
                line, column = _place(text, match.start())
                raise MarkdownRefused(
                    line,
                    column,
                    "'<![' starts an HTML CDATA section, which can't be shown here: remove it, "
                    "or write &lt; for a < that is only text",
                )
            opened = match.start()
    if opened is not None:
        unclosed.append(opened)
    if len(unclosed) > MAX_OPEN_TAGS:
        line, column = _place(text, unclosed[0])
        raise MarkdownRefused(
            line,
            column,
            f"this text has {len(unclosed)} '<' that start an HTML tag never closed with '>'; "
            f"at most {MAX_OPEN_TAGS} are allowed: write &lt; for a < that is only text",
        )


def _place(text: str, index: int) -> tuple[int, int]:
    """Return the line and column (from 1) of `index` in `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1
