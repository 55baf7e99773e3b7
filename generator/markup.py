"""Markdown -> safe HTML: Python-Markdown, then an nh3 allowlist (no raw HTML survives)."""

from __future__ import annotations

from functools import lru_cache

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


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        stripped = value.strip().replace("\\", "/")
        if stripped.startswith("//") or any(ord(c) < 32 for c in stripped):
            return None  # protocol-relative links leave the site's own host
    return value


@lru_cache(maxsize=65536)
def render_markdown(text: str, demote: int = 1) -> str:
    """Return sanitized HTML for Markdown `text`; headings are demoted below the page's h1."""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    if demote:
        # a description or guide body sits under the page's own h1; `# x` becomes h2
        for level in range(6 - demote, 0, -1):
            html = html.replace(f"<h{level}>", f"<h{level + demote}>")
            html = html.replace(f"</h{level}>", f"</h{level + demote}>")
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_filter,
    )
