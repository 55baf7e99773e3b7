"""The files beside the pages that tell crawlers and hosts about the site: sitemap.xml (with
hreflang alternates; past a megabyte, an index of gzip-compressed parts within the protocol's
limits), robots.txt, the `_headers` file and `.nojekyll`."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from generator.publishing.output import headers_file
from generator.text import urls

DATA_HEADERS = "/data/*\n  Access-Control-Allow-Origin: *\n"
"""Open data may be read by scripts on other sites (a meeting finder fetches the Meeting Guide
feed in the visitor's browser): the files are public, and a request carries no cookies here."""


@dataclass(frozen=True, order=True)
class PageOutline:
    """What the sitemap needs of a page once its HTML is written."""

    path: str
    alternates: dict[str, str] = field(compare=False)


SITEMAP_URLS = 50_000
"""The most URLs one sitemap file may list (https://www.sitemaps.org/protocol.html)."""
SITEMAP_BYTES = 25 * 1024 * 1024
"""The largest one sitemap file may be, uncompressed. The protocol allows 50 MB, but Cloudflare
Pages (and so `generic`) takes no file over 25 MiB: at 10,000 entries in four languages the
sitemap's 45,000 URLs with their alternates are 32 MB, under the protocol's limits and over
that host's."""
SITEMAP_PLAIN_BYTES = 1024 * 1024
"""The largest sitemap.xml written as one plain file. Past it, the sitemap is split into parts
compressed with gzip (`sitemap-1.xml.gz`...), which the protocol and Google, Bing and Yandex
accept, the limits above counting the uncompressed bytes: at 10,000 entries in four languages,
32 MB of repetitive XML become about 1 MB."""
_URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
_URLSET_END = "</urlset>\n"


def site_files(sitemaps: dict[str, bytes], base: str, more_headers: str = "") -> dict[str, bytes]:
    """Return the files written beside the pages (name -> bytes), given the sitemap files and
    any `_headers` rules of other folders (the editor's under /admin/)."""
    return {
        **sitemaps,
        "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n".encode(),
        "_headers": (headers_file() + DATA_HEADERS + more_headers).encode(),
        ".nojekyll": b"",
    }


def sitemap_files(
    pages: list[PageOutline],
    base: str,
    default: str,
    max_urls: int = SITEMAP_URLS,
    max_bytes: int = SITEMAP_BYTES,
    plain_bytes: int = SITEMAP_PLAIN_BYTES,
) -> dict[str, bytes]:
    """Return the sitemap files (name -> bytes): sitemap.xml alone when every page fits in one
    plain file of at most `plain_bytes`, else sitemap-1.xml.gz, sitemap-2.xml.gz... (each
    within the protocol's limits once uncompressed) and sitemap.xml as their index. Either way
    crawlers and robots.txt find the site at /sitemap.xml."""
    parts: list[list[str]] = [[]]
    size = total = len(_URLSET) + len(_URLSET_END)
    for block in _url_blocks(pages, base, default):
        # the protocol counts bytes (UTF-8); the addresses are ASCII (percent-encoded)
        length = len(block.encode())
        if parts[-1] and (len(parts[-1]) >= max_urls or size + length > max_bytes):
            parts.append([])
            size = len(_URLSET) + len(_URLSET_END)
        parts[-1].append(block)
        size += length
        total += length
    if len(parts) == 1 and total <= plain_bytes:
        return {"sitemap.xml": _urlset(parts[0])}
    # mtime 0: the same pages make the same bytes, so a rebuild publishes no change
    files = {
        f"sitemap-{n}.xml.gz": gzip.compress(_urlset(part), compresslevel=6, mtime=0)
        for n, part in enumerate(parts, 1)
    }
    index = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(f"  <sitemap><loc>{escape(base + name)}</loc></sitemap>" for name in files),
        "</sitemapindex>",
    ]
    return {"sitemap.xml": ("\n".join(index) + "\n").encode(), **files}


def sitemap(pages: list[PageOutline], base: str, default: str) -> str:
    """Return one sitemap.xml listing every page, whatever its size (see `sitemap_files`)."""
    return _urlset(list(_url_blocks(pages, base, default))).decode()


def _urlset(blocks: list[str]) -> bytes:
    return (_URLSET + "".join(blocks) + _URLSET_END).encode()


def _url_blocks(pages: list[PageOutline], base: str, default: str) -> Iterator[str]:
    """Yield each page's <url> element, with hreflang alternates (and x-default) for every
    localized page."""
    blocks: dict[tuple[tuple[str, str], ...], str] = {}
    for page in pages:
        if page.path.endswith((".html", ".xml", ".json")):
            continue  # the 404 page is not a place to send anyone; a feed or data is not a page
        lines = ["  <url>", f"    <loc>{escape(base + page.path)}</loc>"]
        if page.alternates:
            # the same block for each language's version of a page: made once
            target = urls.x_default(page.alternates, default, page.path)
            group = (*page.alternates.items(), ("x-default", target))
            block = blocks.get(group)
            if block is None:
                block = blocks[group] = _alternate_links(page.alternates, base, target)
            lines.append(block)
        lines.append("  </url>\n")
        yield "\n".join(lines)


def _alternate_links(alternates: dict[str, str], base: str, target: str) -> str:
    link = '    <xhtml:link rel="alternate" hreflang={} href={}/>'
    lines = [
        link.format(quoteattr(lang), quoteattr(base + path)) for lang, path in alternates.items()
    ]
    lines.append(
        f'    <xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(base + target)}/>'
    )
    return "\n".join(lines)
