"""Site paths: where each page lives, and relative links between pages (for sub-paths and disk)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

NOT_FOUND = "404.html"


def root(base_url: str) -> str:
    """Return the site's base URL with exactly one slash at the end, for absolute links."""
    return base_url.rstrip("/") + "/"


def absolute(base_url: str, target: str) -> str:
    """Return a root-relative link that includes the base URL's sub-path."""
    prefix = urlsplit(base_url).path or "/"
    return (prefix if prefix.endswith("/") else prefix + "/") + target


def page_file(path: str) -> str:
    """Return the file a page path is written to: "en/groups/x/" -> "en/groups/x/index.html"."""
    return f"{path}index.html" if path == "" or path.endswith("/") else path


def relative(from_path: str, to_path: str) -> str:
    """Return a link from the page at `from_path` to `to_path`, both relative to the site root.

    Paths are clean (no "." or ".." parts), so this is plain list arithmetic; it runs for
    every link of every page, and posixpath.relpath was the build's single largest cost.
    """
    base = from_path.split("/")[:-1]  # the page's folder: "en/groups/x/" -> [en, groups, x]
    target = to_path.split("/")
    leaf = target.pop()  # "" for a folder, else a file name
    common = 0
    for here, there in zip(base, target, strict=False):
        if here != there:
            break
        common += 1
    parts = [".."] * (len(base) - common) + target[common:]
    if leaf:
        parts.append(leaf)
        return "/".join(parts)
    return "/".join(parts) + "/" if parts else "./"


def slugify(text: str) -> str:
    """Return an ASCII slug for a region name ("Île-de-France" -> "ile-de-france")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "region"


def sort_key(text: str) -> str:
    """Return a key that sorts names alphabetically regardless of accents and case."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode(
        "ascii"
    ).casefold() + ("\0" + text)


def home(lang: str) -> str:
    """Return the path of a language's home page."""
    return f"{lang}/"


def entry(lang: str, slug: str) -> str:
    """Return the path of an entry page."""
    return f"{lang}/groups/{slug}/"


def all_entries(lang: str, page: int = 1) -> str:
    """Return the path of one page of the all-entries list."""
    return f"{lang}/groups/" if page == 1 else f"{lang}/groups/page/{page}/"


def browse(lang: str, facet: str = "", value: str = "", page: int = 1) -> str:
    """Return the path of the browse index, a facet's index, or one page of a facet value."""
    if not facet:
        return f"{lang}/browse/"
    if not value:
        return f"{lang}/browse/{facet}/"
    base = f"{lang}/browse/{facet}/{value}/"
    return base if page == 1 else f"{base}page/{page}/"


def guides(lang: str) -> str:
    """Return the path of the guides index."""
    return f"{lang}/guides/"


def guide(lang: str, slug: str) -> str:
    """Return the path of a guide."""
    return f"{lang}/guides/{slug}/"


def info(lang: str, name: str) -> str:
    """Return the path of a statement page (about, privacy, accessibility, crisis)."""
    return f"{lang}/{name}/"


def calendar(slug: str) -> str:
    """Return the path of an entry's iCalendar file (one per entry, in every language)."""
    return f"data/calendars/{slug}.ics"


def feed(lang: str) -> str:
    """Return the path of a language's Atom feed of new and re-checked entries."""
    return f"{lang}/feed.xml"


def data(lang: str) -> str:
    """Return the path of the page that documents the open data."""
    return f"{lang}/data/"


def search(lang: str) -> str:
    """Return the path of a language's search page."""
    return f"{lang}/search/"
