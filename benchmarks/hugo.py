"""The anchor for the build's speed: the same directory as a Hugo site, indexed by Pagefind.

    python benchmarks/hugo.py CONTENT_DIR WORK_DIR

Turns a content folder (benchmarks/generate.py's, or any that passes `check`) into the
equivalent Hugo site: per language, one page per entry with its name, summary, Markdown
description, kind, attendance, schedule, place and contact; a paginated list (20 a page) per
kind, topic, audience, language spoken, attendance, cost, country and region, as Hugo
taxonomies; a home page and one feed per language. Pagefind then indexes the entry pages with
the same filters the directory's search offers. Both run as the directory's build does, one
after the other, and are measured the same way: wall time and the peak memory of the process
tree. Hugo comes from Debian's `hugo` package (0.111 on Debian 12), Pagefind from the
`pagefind[bin]` package the build itself uses.

Nothing here is Hugo's code: the site is written by this script, the binaries are installed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import measured  # noqa: E402

# the templates: what the directory's pages show, in Hugo's words
LAYOUTS = HERE / "hugo_layouts"
TAXONOMIES = {  # Hugo's singular -> plural, one per list the directory browses by
    "kind": "kinds",
    "topic": "topics",
    "audience": "audiences",
    "spoken": "spoken",
    "attendance": "attendance",
    "cost": "costs",
    "country": "countries",
    "region": "regions",
}


def _text(value: Any, lang: str, fallback: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get(fallback) or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _front_matter(entry: dict[str, Any], lang: str, own: str) -> dict[str, Any]:
    location = entry.get("location") or {}
    online = entry.get("online") or {}
    given = entry.get("schedule")
    schedule: dict[str, Any] = given if isinstance(given, dict) else {}  # or "24/7"
    countries = [location["country"]] if location.get("country") else online.get("countries", [])
    matter: dict[str, Any] = {
        "title": _text(entry.get("name"), lang, own),
        "summary": _text(entry.get("summary"), lang, own),
        "kind": [entry.get("kind")],
        "attendance": [entry.get("attendance")],
        "cost": [entry.get("cost", "free")],
        "topics": entry.get("topics", []),
        "audiences": entry.get("audiences", []),
        "spoken": entry.get("languages", []),
        "countries": countries,
        "regions": [location["region"]] if location.get("region") else [],
        "meetings": schedule.get("meetings", []),
        "contact": entry.get("contact", {}),
        "verified": str((entry.get("verified") or {}).get("date", "")),
    }
    matter["kinds"] = matter.pop("kind")
    matter["costs"] = matter.pop("cost")
    matter["kind"] = entry.get("kind")
    matter["cost"] = entry.get("cost", "free")
    if location:
        matter["place"] = {
            "address": str(location.get("address", "")),
            "town": location.get("city", ""),
            "region": location.get("region", ""),
            "country": location.get("country", ""),
        }
    return matter


def hugo_site(content: Path, work: Path) -> Path:
    """Write the Hugo site equivalent to `content` under `work`; return its folder."""
    site = yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))
    languages: list[str] = list(site.get("languages", ["en"]))
    project = work / "hugo"
    if project.exists():
        shutil.rmtree(project)
    layouts = project / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for layout in LAYOUTS.glob("*.html"):
        shutil.copy(layout, layouts / layout.name)
    (project / "static").mkdir()
    (project / "static" / "style.css").write_text("body{font:1rem/1.5 system-ui}\n")
    config: dict[str, Any] = {
        "baseURL": "https://example.org/",
        "title": "Peer support directory",
        "defaultContentLanguage": languages[0],
        "defaultContentLanguageInSubdir": True,
        "paginate": 20,
        "taxonomies": TAXONOMIES,
        "disableKinds": ["sitemap"],
        "outputs": {
            "home": ["HTML", "RSS"],
            "section": ["HTML"],
            "taxonomy": ["HTML"],
            "term": ["HTML"],
        },
        "languages": {
            lang: {
                "weight": n + 1,
                "contentDir": f"content/{lang}",
                "languageDirection": "rtl" if lang in {"ar", "he", "fa", "ur"} else "ltr",
            }
            for n, lang in enumerate(languages)
        },
    }
    (project / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    for path in sorted((content / "groups").rglob("*.yaml")):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        own = _text(entry.get("language"), "", languages[0]) or languages[0]
        for lang in languages:
            folder = project / "content" / lang / "groups"
            folder.mkdir(parents=True, exist_ok=True)
            matter = json.dumps(_front_matter(entry, lang, own), ensure_ascii=False)
            body = _text(entry.get("description"), lang, own)
            # Hugo reads JSON front matter: faster to write, and the same to Hugo
            (folder / f"{path.stem}.md").write_text(f"{matter}\n\n{body}\n", encoding="utf-8")
    return project


def pagefind_binary() -> str:
    """Return the Pagefind executable the `pagefind[bin]` package ships."""
    import pagefind_bin

    return str(Path(pagefind_bin.__file__).parent / "pagefind")


def measure(content: Path, work: Path) -> dict[str, Any]:
    """Build the Hugo equivalent of `content` and index it; return the figures."""
    project = hugo_site(content, work)
    public = project / "public"
    hugo_wall, hugo_peak, _ = measured(["hugo", "--quiet", "-d", str(public)], project)
    pagefind_wall, pagefind_peak, _ = measured(
        [pagefind_binary(), "--site", str(public), "--quiet"], project
    )
    files = [p for p in public.rglob("*") if p.is_file()]
    version = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=True)
    return {
        "hugo": version.stdout.split()[1],
        "wall_seconds": round(hugo_wall + pagefind_wall, 1),
        "hugo_seconds": round(hugo_wall, 1),
        "pagefind_seconds": round(pagefind_wall, 1),
        "peak_memory_mb": max(hugo_peak, pagefind_peak),
        "hugo_peak_mb": hugo_peak,
        "pagefind_peak_mb": pagefind_peak,
        "output_mb": round(sum(p.stat().st_size for p in files) / 1_000_000, 1),
        "output_files": len(files),
        "html_pages": sum(1 for p in files if p.suffix == ".html"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("work", type=Path)
    args = parser.parse_args()
    print(json.dumps(measure(args.content, args.work), indent=2))


if __name__ == "__main__":
    main()
