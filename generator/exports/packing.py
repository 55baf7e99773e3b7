"""Compress the exports that `opendata` marks as published gzip-compressed.

At 10,000 entries in four languages the whole-directory files are a quarter of the site
(directory.json 96 MB, hsds/services.json 53 MB, the CSV 28 MB) and three of them are past
Cloudflare Pages' 25 MiB a file; compressed they are a few MB each, and every reader of JSON or
CSV (jq, pandas, frictionless, a browser's DecompressionStream) or a double click opens them.
"""

from __future__ import annotations

import gzip

from generator.catalog.opendata import GZIPPED

LEVEL = 6
"""zlib's default: on the directory's exports level 9 saves 2 % more for 50 % more time."""


def gzipped(data: bytes) -> bytes:
    """Return `data` as a gzip file with no name or time in its header: the same bytes give the
    same file."""
    return gzip.compress(data, LEVEL, mtime=0)


def packed(files: dict[str, bytes]) -> dict[str, bytes]:
    """Return export files (path -> bytes) as published: those in `GZIPPED` compressed, under
    their path with ".gz" added, the others as they are."""
    return {
        (path + ".gz" if path in GZIPPED else path): (gzipped(data) if path in GZIPPED else data)
        for path, data in files.items()
    }
