"""Every link target in a Markdown or plain text, with where it starts: what validation checks.

A volunteer's text can carry links in many spellings, and each one reaches a reader: Markdown
links `[text](target)`, reference definitions `[id]: target`, autolinks `<https://...>` and
`<a@b.org>`, and the bare addresses a reader can copy or a renderer may turn into links (http(s)
URLs, www. URLs, domain/path such as zoom.us/j/1, email addresses, mailto: and tel: targets).
Finding them is one job, kept apart from judging them (validate.py) and from rendering them
(markup.py), so the same list is checked that a reader would see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["link", "url", "email"]


@dataclass(frozen=True)
class Link:
    """One link target found in a text."""

    offset: int
    """Where the target starts in the text (0-based character index)."""
    target: str
    """The target as written: a URL, mailto:..., tel:..., www.example.org, or a bare address."""
    kind: Kind
    """link: written as a Markdown link or autolink; url: a bare address; email: a bare email."""


# [text](target "title") and ![alt](target): the target is either <...> or runs to the first
# space or unbalanced closing parenthesis (one level of parentheses inside is allowed).
_INLINE = re.compile(r"\]\(\s*(?:<(?P<angle>[^<>\n]*)>|(?P<plain>(?:[^\s()]|\([^\s()]*\))+))")
_REFERENCE = re.compile(
    r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(?:\n[ \t]*)?(?:<(?P<angle>[^<>\n]*)>|(?P<plain>\S+))",
    re.MULTILINE,
)
_AUTOLINK = re.compile(r"<(?P<target>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_BARE_URL = re.compile(r"(?<![\w@/.+-])(?:https?://|www\.)[^\s<>]+", re.IGNORECASE)
_BARE_SCHEME = re.compile(r"(?<![\w/.+-])(?:mailto|tel):[^\s<>()]+", re.IGNORECASE)
# host.tld/path without a scheme: not a link in Markdown, but readers copy it into a browser
_BARE_DOMAIN = re.compile(
    r"(?<![\w@/.:+-])(?:[\w-]+\.)+[a-z]{2,63}\.?(?::\d+)?/[^\s<>]*", re.IGNORECASE
)
_BARE_EMAIL = re.compile(r"(?<![\w.+/:-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_TRAILING = ".,:;!?*_~'\""


def _trim(text: str) -> str:
    """Drop what ends a sentence rather than a bare address (GFM's extended autolink rule)."""
    while text:
        if text[-1] in _TRAILING:
            text = text[:-1]
        elif text[-1] == ")" and text.count(")") > text.count("("):
            text = text[:-1]
        else:
            break
    return text


def find_links(text: str) -> list[Link]:
    """Return every link target and bare address in `text`, in order of where it starts."""
    found: list[Link] = []
    if "@" not in text and "/" not in text and ":" not in text and "<" not in text:
        return found  # most texts: no link of any kind can be in them
    taken: list[tuple[int, int]] = []

    def add(start: int, target: str, kind: Kind) -> None:
        end = start + len(target)
        if not target or any(a <= start < b or a < end <= b for a, b in taken):
            return
        taken.append((start, end))
        found.append(Link(start, target, kind))

    # Each pattern runs only when the text holds the characters it needs: a scan with a
    # look-behind costs about 35 microseconds per 1,300 characters, and most texts have no link.
    lower = text.lower()
    scheme = "mailto:" in lower or "tel:" in lower
    if "](" in text:
        for match in _INLINE.finditer(text):
            group = "angle" if match.group("angle") is not None else "plain"
            add(match.start(group), match.group(group), "link")
    if "]:" in text:
        for match in _REFERENCE.finditer(text):
            group = "angle" if match.group("angle") is not None else "plain"
            add(match.start(group), match.group(group), "link")
    if "<" in text:
        for match in _AUTOLINK.finditer(text):
            add(match.start("target"), match.group("target"), "link")
    bare: list[tuple[re.Pattern[str], Kind, bool]] = [
        (_BARE_URL, "url", "://" in text or "www." in lower),
        (_BARE_SCHEME, "link", scheme),
        (_BARE_DOMAIN, "url", "/" in text),
        (_BARE_EMAIL, "email", "@" in text),
    ]
    for pattern, kind, needed in bare:
        if needed:
            for match in pattern.finditer(text):
                add(match.start(), _trim(match.group()), kind)
    found.sort(key=lambda link: link.offset)
    return found
