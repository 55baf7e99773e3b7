"""Benchmark the real build on a synthetic directory and write the figures as JSON.

    python benchmarks/run.py [--entries 10000] [--hugo] [--out benchmarks/results/latest.json]

Generates N entries (benchmarks/generate.py), builds them with the `build` command's own code
path in a child process, and reports wall time per phase, pages per second, peak memory (of the
largest single process, and of the build's processes together), output size, the average entry page
raw and gzip-compressed, and the bytes a browser transfers for a typical search. With `--hugo`,
the same directory is also built as a Hugo site and indexed by Pagefind (benchmarks/hugo.py), in
the same run, and the ratios of the two are reported. Numbers are written down, never asserted:
they belong in the README, not in a timed test.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

BUILD = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
from generator.build.site import build_site
result = build_site(Path(sys.argv[1]), Path(sys.argv[2]), date(2026, 11, 25))
assert result.published, [p.format() for p in result.problems[:5]]
print(json.dumps({"phases": result.phases, "seconds": result.seconds,
                  "pages": sum(result.pages.values()), "indexed": result.indexed,
                  "reused": result.reused, "unchanged": result.unchanged}))
"""

# What `serve` does: a first build fills its memo (everything reused), then the volunteer
# edits one entry; the pages are published at once and search catches up in the background.
PREVIEW = """
import json, sys, time
from datetime import date
from pathlib import Path
from generator.publishing.search import refresh_bundle
from generator.build.memory import settle_memory
from generator.build.site import BuildMemo, build_site
content, site, changed = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
memo = BuildMemo()
first = build_site(content, site, date(2026, 11, 25), defer_search=True, memo=memo)
if first.cleanup is not None:
    first.cleanup.join()
settle_memory()  # as `serve` does once a build is published
changed.write_text(sys.argv[4], encoding="utf-8")
started = time.perf_counter()
result = build_site(content, site, date(2026, 11, 25), defer_search=True, memo=memo)
current = time.perf_counter() - started
for lang in result.search_pending:
    refresh_bundle(site, lang)
searchable = time.perf_counter() - started
if result.cleanup is not None:
    result.cleanup.join()
print(json.dumps({"phases": result.phases, "pages_current": current,
                  "search_current": searchable, "search_pending": result.search_pending,
                  "reused": result.reused}))
"""


def _folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _entry_pages(site: Path) -> list[Path]:
    return sorted((site / "en" / "groups").glob("*/index.html"))


def search_transfer(site: Path, query: str) -> dict[str, int]:
    """Return the bytes a browser fetches on a first visit to the search page: before the
    visitor acts (Pagefind waits for them), after typing `query` until its results show (in
    all), and after then opening the Filters pane (in all). Text is counted gzip-compressed,
    as a static host serves it; Pagefind's files are compressed already."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    figures: dict[str, int] = {}
    sizes: dict[str, int] = {}

    def record(response) -> None:  # type: ignore[no-untyped-def]
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
            return
        # Pagefind's index and WebAssembly files are written gzip-compressed
        packed = response.url.endswith(".pagefind") or ".pf_" in response.url.rsplit("/", 1)[-1]
        sizes[response.url] = len(body) if packed else len(gzip.compress(body))

    def settle(page) -> None:  # type: ignore[no-untyped-def]
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        page.wait_for_load_state("networkidle")

    def note(name: str) -> None:
        figures[f"{name}_bytes"] = sum(sizes.values())
        figures[f"{name}_index_bytes"] = sum(
            size
            for url, size in sizes.items()
            if "/pagefind/" in url and ".pf_" in url.rsplit("/", 1)[-1]
        )
        figures[f"{name}_requests"] = len(sizes)

    results = (
        "() => { const s = document.querySelector('pagefind-summary .pf-summary');"
        " return s && /[0-9]/.test(s.textContent) && !document.querySelector('.search-pending')"
        " && document.querySelector('.search-result'); }"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        context = browser.new_context()  # a first visit: nothing cached
        page = context.new_page()
        page.on("response", record)
        page.goto(base + "en/search/")
        settle(page)
        note("before_acting")
        page.locator("pagefind-input input").press_sequentially(query, delay=80)
        page.wait_for_function(results, timeout=120_000)
        settle(page)
        note("query")
        page.locator("[data-filters-toggle]").click()
        page.locator("pagefind-filter-pane label.pf-filter-checkbox").first.wait_for(
            state="attached", timeout=120_000
        )
        settle(page)
        note("query_then_filters")
        context.close()
        browser.close()
    server.shutdown()
    return figures


def _tree_memory_kb(root: int) -> int:
    """Return the proportional set size (PSS) of a process and all its descendants, in kB.

    PSS shares each page among the processes that map it, so forked workers' shared memory
    is counted once: the sum is what the build takes from the machine.
    """
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(name))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def measured(command: list[str], cwd: Path) -> tuple[float, int, str]:
    """Run a command; return its wall time, the peak memory of its process tree (the command
    and its own children together) in MB, and what it printed."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.25):
            peak = max(peak, _tree_memory_kb(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = child.communicate()
    done.set()
    sampler.join()
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command, stdout, stderr)
    return time.perf_counter() - started, round(peak / 1024), stdout


def _child(script: str, *args: str) -> tuple[float, dict[str, Any]]:
    """Run a script in a child process; return its wall time and what it reported, with the
    peak memory of the child and its own children together (`tree_peak_mb`)."""
    wall, peak_mb, stdout = measured([sys.executable, "-c", script, *args], ROOT)
    report: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    report["tree_peak_mb"] = peak_mb
    return wall, report


def _build(content: Path, site: Path) -> tuple[float, dict[str, Any]]:
    """Build in a child process; return its wall time and what it reported."""
    return _child(BUILD, str(content), str(site))


def _edited(path: Path, round_: int) -> str:
    """Return the entry file with its English summary changed: text the search indexes."""
    text = path.read_text(encoding="utf-8")
    return text.replace("summary:\n  en: ", f"summary:\n  en: Edit {round_}. ", 1)


def entries_of(content: Path) -> list[Path]:
    return sorted((content / "groups").rglob("*.yaml"))


# Words people search a directory like this for, one each: what a query costs depends on the
# index chunk that holds its word (Pagefind cuts chunks after a word with many pages, so a word
# just before "group" costs that word's chunk), so one word alone says little.
TYPICAL_QUERIES = ("grief", "anxiety", "veterans", "loneliness", "carers", "depression", "warmline")


def queries_transfer(site: Path, queries: list[str]) -> dict[str, int | dict[str, int]]:
    """Return `search_transfer` for the first query, with what each query transfers (a first
    visit each) and their median."""
    figures: dict[str, int | dict[str, int]] = dict(search_transfer(site, queries[0]))
    each = {queries[0]: int(figures["query_bytes"])}  # type: ignore[arg-type]
    for query in queries[1:]:
        each[query] = search_transfer(site, query)["query_bytes"]
    figures["query_bytes_each"] = each
    figures["query_bytes_median"] = round(statistics.median(each.values()))
    return figures


def run(entries: int, queries: list[str], hugo: bool = False) -> dict[str, object]:
    """Generate, build and measure one directory size (and its Hugo equivalent, with `hugo`)."""
    with tempfile.TemporaryDirectory(prefix="psd-bench-") as tmp:
        content = generate(Path(tmp) / "content", entries)
        site = Path(tmp) / "site"
        wall, built = _build(content, site)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        # a volunteer's preview: the same build again, then after changing one entry
        unchanged_wall, _ = _build(content, site)
        files = entries_of(content)
        changed = files[len(files) // 2]
        original = changed.read_text(encoding="utf-8")
        changed.write_text(_edited(changed, 1), encoding="utf-8")
        assert changed.read_text(encoding="utf-8") != original, "no English summary to edit"
        one_wall, one = _build(content, site)
        _, preview = _child(PREVIEW, str(content), str(site), str(changed), _edited(changed, 2))
        size, file_count = _folder_size(site)
        pages = _entry_pages(site)
        raw = [p.stat().st_size for p in pages]
        compressed = [len(gzip.compress(p.read_bytes())) for p in pages]
        css = next((site / "assets").glob("style.*.css"))
        css_gzip = len(gzip.compress(css.read_bytes()))
        # before the anchor, which deletes the site to have the disk for Hugo's
        search: dict[str, int | str | dict[str, int]]
        try:
            search = dict(queries_transfer(site, queries))
        except Exception as error:  # noqa: BLE001 - the other figures are still worth keeping
            search = {"error": f"{type(error).__name__}: {error}"[:500]}
        anchor = _anchor(content, Path(tmp), wall, built["tree_peak_mb"]) if hugo else {}
        return {
            "entries": entries,
            "languages": 4,
            "pages": built["pages"],
            "indexed_pages": built["indexed"],
            "wall_seconds": round(wall, 1),
            "phases_seconds": {k: round(v, 2) for k, v in built["phases"].items()},
            "pages_per_second": round(built["pages"] / built["seconds"], 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "peak_memory_all_processes_mb": built["tree_peak_mb"],
            "output_mb": round(size / 1_000_000, 1),
            "output_files": file_count,
            "entry_page_bytes": round(statistics.mean(raw)),
            "entry_page_gzip_bytes": round(statistics.mean(compressed)),
            "entry_page_with_css_gzip_bytes": round(statistics.mean(compressed)) + css_gzip,
            "search": search,
            "rebuild_unchanged_seconds": round(unchanged_wall, 1),
            "rebuild_one_entry_seconds": round(one_wall, 1),
            "rebuild_one_entry_phases_seconds": {k: round(v, 2) for k, v in one["phases"].items()},
            "rebuild_one_entry_pages_kept": one["reused"],
            "preview_one_entry_pages_current_seconds": round(preview["pages_current"], 1),
            "preview_one_entry_search_current_seconds": round(preview["search_current"], 1),
            "preview_one_entry_phases_seconds": {
                k: round(v, 2) for k, v in preview["phases"].items()
            },
            "preview_search_languages_refreshed": preview["search_pending"],
            **anchor,
        }


def _anchor(content: Path, tmp: Path, wall: float, peak_mb: int) -> dict[str, object]:
    """Return the Hugo + Pagefind figures for the same content, and ours as a share of them."""
    from hugo import measure

    shutil.rmtree(tmp / "site")  # the disk the anchor's output needs
    theirs = measure(content, tmp)
    return {
        "hugo_pagefind": theirs,
        "time_vs_hugo_pagefind": round(wall / theirs["wall_seconds"], 2),
        "memory_vs_hugo_pagefind": round(peak_mb / theirs["peak_memory_mb"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[10_000])
    parser.add_argument("--query", nargs="+", default=list(TYPICAL_QUERIES))
    parser.add_argument("--hugo", action="store_true", help="also build the Hugo equivalent")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    args = parser.parse_args()
    figures = {
        "machine": {
            "python": platform.python_version(),
            "system": f"{platform.system()} {platform.machine()}",
            "cpus": os.cpu_count(),
        },
        "runs": [run(n, args.query, args.hugo) for n in args.entries],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
