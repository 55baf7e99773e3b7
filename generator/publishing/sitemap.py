"""The files beside the pages that tell crawlers and hosts about the site: sitemap.xml (with
hreflang alternates), robots.txt, the `_headers` file and `.nojekyll`."""

from __future__ import annotations

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


def site_files(sitemap: bytes, base: str) -> dict[str, bytes]:
    """Return the files written beside the pages (name -> bytes), given the sitemap."""
    return {
        "sitemap.xml": sitemap,
        "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n".encode(),
        "_headers": (headers_file() + DATA_HEADERS).encode(),
        ".nojekyll": b"",
    }


def sitemap(pages: list[PageOutline], base: str, default: str) -> str:
    """Return sitemap.xml with hreflang alternates (and x-default) for every localized page."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    blocks: dict[tuple[tuple[str, str], ...], str] = {}
    for page in pages:
        if page.path.endswith((".html", ".xml")):
            continue  # the 404 page is not a place to send anyone, and a feed is not a page
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(base + page.path)}</loc>")
        if page.alternates:
            # the same block for each language's version of a page: made once
            target = urls.x_default(page.alternates, default, page.path)
            group = (*page.alternates.items(), ("x-default", target))
            block = blocks.get(group)
            if block is None:
                block = blocks[group] = _alternate_links(page.alternates, base, target)
            lines.append(block)
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _alternate_links(alternates: dict[str, str], base: str, target: str) -> str:
    link = '    <xhtml:link rel="alternate" hreflang={} href={}/>'
    lines = [
        link.format(quoteattr(lang), quoteattr(base + path)) for lang, path in alternates.items()
    ]
    lines.append(
        f'    <xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(base + target)}/>'
    )
    return "\n".join(lines)
