"""Search copies: what Pagefind reads of each searchable page, kept out of the published site.

A searchable page (an entry, a guide) carries what only search reads: its filters, metadata and
order values, the words of its kind and terms, and `data-pagefind-*` attributes. That was about
4 kB of every entry page, 160 MB of a 10,000-entry site in four languages (when the words were
in every site language), which no visitor sees. The page is rendered once; the copy as
rendered goes to Pagefind, and visitors get it without that part (`visitor_copy`).

A copy holds only what Pagefind reads: the page's `<html>` tag (its language), its title and
its `<main>`, where the searchable part is; the page's head and its header and footer are the
same on every page and indexed on none. That is about half of each page, less to write and
less for Pagefind to parse.

The copies live beside the published site, in `.cache/<site>.search/`, laid out as the site is
(Pagefind takes each result's address from the copy's place), so that a later build which keeps
an unchanged entry's page keeps its copy too, and the preview server can index a language again
after publishing its pages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Container, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.publishing.output import (
    Spare,
    copy_file,
    publish,
    remove_stale,
    staging,
    write_page,
)
from generator.publishing.search import MARKER, search_copies
from generator.text.urls import page_file

# A theme marks what only search reads with these two comments; the page visitors get has
# neither them nor what lies between.
SEARCH_ONLY = re.compile(r"<!--search-only-->.*?<!--/search-only-->\n?", re.DOTALL)

# A `data-pagefind-*` attribute (found by its literal start first, which is quick), removed only
# when it is in a tag: what lies between the last "<" before it and it is the start of a tag
# (its name and whole attributes, `_TAG_START`), and the end of the tag comes before any other
# angle bracket. Text can hold the same letters (an entry's summary, its JSON-LD), but not that
# shape: a "<" in text is escaped (`&lt;`, `\u003c` in JSON), so the last "<" before it opens
# the element the text is in, and that tag's ">" lies between; in an attribute's value, a
# quote is escaped (`&#34;`), so the value never ends before it.
_SEARCH_ATTRIBUTE = re.compile(r' data-pagefind-[a-z-]+(?:="[^"<>]*")?(?=[\s/>])(?=[^<>]*>)')
_TAG_START = re.compile(r'<[a-zA-Z][a-zA-Z0-9]*(?:\s+[^\s"\'<>=/]+(?:="[^"<>]*")?)*')


def _in_tag(html: str, at: int) -> bool:
    """Return whether position `at` of `html` is between two attributes of a tag."""
    opening = html.rfind("<", 0, at)
    return opening >= 0 and _TAG_START.fullmatch(html, opening, at) is not None


def visitor_copy(html: str) -> str:
    """Return a searchable page as visitors get it: without what only search reads."""
    if MARKER not in html:
        return html
    html = SEARCH_ONLY.sub("", html)
    parts: list[str] = []
    kept = 0
    for found in _SEARCH_ATTRIBUTE.finditer(html):
        start = found.start()
        if _in_tag(html, start):
            parts.append(html[kept:start])
            kept = found.end()
    parts.append(html[kept:])
    return "".join(parts)


_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)


def search_copy(html: str) -> str:
    """Return what Pagefind reads of a searchable page: the page with only its `<html>` tag,
    character set, title and `<main>` (which holds the `data-pagefind-body` element).

    A page laid out otherwise (a theme without one `<main>` around the searchable part) is
    kept whole: it is indexed the same, only read more slowly.
    """
    head = html.find("<head>")
    start = html.find("<main")
    end = html.find("</main>")
    body = html.find(MARKER)
    title = _TITLE.search(html, 0, start)
    if (
        head < 0
        or title is None
        or not head < start < body < end
        or html.find("<main", start + 1) >= 0
        or html.find("</main>", end + 1) >= 0
    ):
        return html
    return (
        f'{html[:head]}<head>\n<meta charset="utf-8">\n{title.group()}\n</head>\n<body>\n'
        f"{html[start : end + len('</main>')]}\n</body>\n</html>\n"
    )


class SearchCopies:
    """The search copies of one build: a fresh folder, filled as pages are rendered (or linked
    from the published site's copies, for pages kept as they were), and put in place of the
    published copies when the build publishes."""

    def __init__(self, out: Path, folder: Path, spare_files: set[str]) -> None:
        """`folder` is where this build writes (fresh, or the spare renamed, whose files are
        `spare_files`: each kept copy is already there, linked)."""
        self.published = search_copies(out)
        self.folder = folder
        self.spare_files = spare_files
        """The spare's files (paths from the folder), each to be made, kept or removed."""

    def remove_stale(self, lang: str | None, made: Container[str]) -> None:
        """Remove the spare's copies of one language (or of any) that this build does not
        make: before Pagefind reads that language, which would find them."""
        prefix = f"{lang}/" if lang is not None else ""
        stale = {name for name in self.spare_files if name.startswith(prefix) and name not in made}
        remove_stale(self.folder, stale)
        self.spare_files -= stale

    def has(self, name: str) -> bool:
        """Return whether the published site's copy of a page file is there to keep."""
        return os.path.isfile(os.path.join(self.published, name))

    def write(self, path: str, html: str) -> None:
        """Write the copy of the page at `path`."""
        write_page(self.folder, path, html)

    def keep(self, path: str) -> None:
        """Keep the published copy of the page at `path` (see `has`)."""
        copy_file(self.published, self.folder, page_file(path))

    def publish(self, trash: Path, keep_old: bool = False) -> Spare | None:
        """Put this build's copies in place of the published ones, which go into `trash`, or,
        with `keep_old`, beside them as the next build's spare (returned)."""
        self.folder.mkdir(parents=True, exist_ok=True)  # a site with nothing to search
        if keep_old:
            old = publish(self.folder, self.published, keep_old=True)
            return Spare(old) if old is not None else None  # its files listed in the background
        if self.published.exists():
            trash.mkdir(exist_ok=True)
            os.replace(self.published, trash / self.published.name)
        os.replace(self.folder, self.published)
        return None


@contextmanager
def search_staging(out: Path, spare: Spare | None = None) -> Iterator[SearchCopies]:
    """Yield a build's `SearchCopies` (over `spare`, if any), staged as a site is (a killed
    build's copies are removed the same way); its folder is removed unless it was published."""
    spare_files = spare.files() if spare is not None and spare.folder.is_dir() else set()
    with staging(search_copies(out), spare) as folder:
        yield SearchCopies(out, folder, spare_files)
