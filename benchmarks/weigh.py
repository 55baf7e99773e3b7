"""Weigh a built site: bytes and files per kind of output, to see where they go.

    python benchmarks/weigh.py SITE [--entries N] [--scale M] [--json]

Groups every file of the output folder by what it is (entry pages, list pages per facet and
their further pages, exports, search index, calendars, feeds, sitemaps...) and prints, per kind,
the file count, the bytes, the average and the largest file. With `--entries N` (the entries the
site was built from) and `--scale M` it also prints what each kind would weigh at M entries,
assuming it grows in step with the entries (list pages, exports and the search index do; the
few fixed pages barely change the total). The README's output figures come from this script.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.publishing.hosts import measure  # noqa: E402

# Exports that are a few whole-directory files, named by what a data user asks for
_DATA_KINDS = (
    (re.compile(r"data/calendars/"), "calendars (.ics)"),
    (re.compile(r"data/hsds/api/services/pages/"), "export: HSDS API service pages"),
    (re.compile(r"data/hsds/api/services/"), "export: HSDS API service records"),
    (re.compile(r"data/hsds/api/"), "export: HSDS API other"),
    (re.compile(r"data/hsds/tabular/"), "export: HSDS tabular"),
    (re.compile(r"data/hsds/profile/"), "export: HSDS profile"),
    (re.compile(r"data/hsds/"), "export: HSDS bulk JSON"),
    (re.compile(r"data/directory\.csv"), "export: directory CSV"),
    (re.compile(r"data/directory\.json"), "export: directory JSON"),
    (re.compile(r"data/directory\.schema"), "export: directory JSON schema"),
    (re.compile(r"data/meeting-guide"), "export: Meeting Guide"),
    (re.compile(r"data/directory\.geojson"), "export: GeoJSON"),
    (re.compile(r"data/"), "export: other"),
)
_SEARCH_KINDS = (
    (".pf_fragment", "search: fragments (one per result)"),
    (".pf_index", "search: word index"),
    (".pf_filter", "search: filter index"),
    (".pf_meta", "search: metadata"),
)


def kind_of(relative: str) -> str:
    """Return the kind of output a file is, from its path inside the site."""
    parts = relative.split("/")
    if relative.startswith("data/"):
        return next(name for pattern, name in _DATA_KINDS if pattern.match(relative))
    if parts[0] == "pagefind":
        return next(
            (name for suffix, name in _SEARCH_KINDS if relative.endswith(suffix)),
            "search: runtime (scripts, wasm)",
        )
    if re.fullmatch(r"sitemap(-\d+\.xml\.gz|\.xml)", relative):
        return "sitemaps"
    if parts[0] == "assets":
        return "assets (CSS, scripts)"
    if len(parts) == 1:
        return "root files"
    # <lang>/...
    rest = parts[1:]
    if rest == ["feed.xml"]:
        return "feeds"
    if rest[0] == "groups" and rest[-1] == "index.html":
        if len(rest) == 2:
            return "list: all entries A-Z, page 1"
        if rest[1] == "page":
            return "list: all entries A-Z, further pages"
        return "entry pages"
    if rest[0] == "browse" and rest[-1] == "index.html" and len(rest) > 2:
        facet = rest[1]
        further = "page" in rest[2:-1]
        return f"list: browse {facet}" + (", further pages" if further else "")
    if relative.endswith(".html"):
        return "other pages"
    return "other files"


@dataclass
class Weight:
    files: int = 0
    size: int = 0
    largest: tuple[int, str] = (0, "")

    def add(self, relative: str, size: int) -> None:
        self.files += 1
        self.size += size
        self.largest = max(self.largest, (size, relative))


def weigh(site: Path) -> dict[str, Weight]:
    """Return the weight of each kind of output in a built site."""
    kinds: dict[str, Weight] = {}
    for size, relative in measure(site).sizes:  # what the build measures against a host
        kinds.setdefault(kind_of(relative), Weight()).add(relative, size)
    return kinds


def _size(n: float) -> str:
    for unit, step in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= step:
            return f"{n / step:.2f} {unit}"
    return f"{n:.0f} B"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--entries", type=int, help="entries the site was built from")
    parser.add_argument("--scale", type=int, help="extrapolate to this many entries")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    kinds = weigh(args.site)
    factor = args.scale / args.entries if args.scale and args.entries else None
    total = Weight()
    for weight in kinds.values():
        total.files += weight.files
        total.size += weight.size
        total.largest = max(total.largest, weight.largest)
    if args.json:
        print(
            json.dumps(
                {
                    "total": {
                        "files": total.files,
                        "bytes": total.size,
                        "largest": list(total.largest),
                    },
                    "kinds": {
                        name: {"files": w.files, "bytes": w.size, "largest": list(w.largest)}
                        for name, w in sorted(kinds.items())
                    },
                },
                indent=2,
            )
        )
        return 0
    header = f"{'kind':44} {'files':>7} {'bytes':>10} {'average':>9} {'largest':>9}"
    if factor:
        header += f" {'files@' + str(args.scale):>12} {'bytes@' + str(args.scale):>12}"
    print(header)
    for name, w in sorted(kinds.items(), key=lambda item: -item[1].size):
        line = (
            f"{name:44} {w.files:7,} {_size(w.size):>10} {_size(w.size / w.files):>9}"
            f" {_size(w.largest[0]):>9}"
        )
        if factor:
            line += f" {round(w.files * factor):12,} {_size(w.size * factor):>12}"
        print(line)
    line = f"{'total':44} {total.files:7,} {_size(total.size):>10} {'':9}"
    line += f" {_size(total.largest[0]):>9}"
    if factor:
        line += f" {round(total.files * factor):12,} {_size(total.size * factor):>12}"
    print(line)
    print(f"largest file: {total.largest[1]} ({_size(total.largest[0])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
