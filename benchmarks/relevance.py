"""Measure how well search finds what people mean, per site language.

    python benchmarks/relevance.py [--site DIR] [--show]

Builds the sample content (or takes a built `--site`), serves it on localhost and runs every
query of tests/fixtures/relevance/queries.yaml through the search page's own code path in
Chromium: query.js, then Pagefind, exactly as a visitor's search runs. Each result is judged
by the query's rule over the entry's topics, audiences and kind, never by hand. Prints, per
language, the number of queries, how many have a relevant entry in their first five results,
and the mean reciprocal rank of the first relevant result among the first ten (MRR@10);
`--show` also prints each query's first results. tests/test_relevance.py asserts the same
figures.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "fixtures" / "relevance" / "queries.yaml"
DEPTH = 10  # results a reciprocal rank looks at
TOP = 5

# Runs one query through the page's search, as search.js calls it (sort and filters unset),
# and returns the result URLs in order with what query.js left out.
_RUN = """
async ([query, depth]) => {
  const manager = window.PagefindComponents.getInstanceManager();
  const instance = manager.getInstance("default");
  await instance.triggerLoad();
  for (let i = 0; i < 100 && !(instance.__pagefind__ && instance.__pagefind__.__ordered); i++) {
    await new Promise((done) => setTimeout(done, 50));
  }
  if (window.PeerQuery) window.PeerQuery.last = undefined;
  const response = await instance.__pagefind__.search(query, {});
  const urls = [];
  for (const result of response.results.slice(0, depth)) {
    urls.push((await result.data()).url);
  }
  const last = (window.PeerQuery && window.PeerQuery.last) || {used: [], left: []};
  return {urls, used: last.used.map((w) => w.text), left: last.left.map((w) => w.text)};
}
"""


@dataclass
class Outcome:
    """One query's results and how they were judged."""

    query: str
    urls: list[str]
    relevant: list[bool]
    left: list[str] = field(default_factory=list)

    @property
    def rank(self) -> int:
        """Return the 1-based rank of the first relevant result, 0 when none is in the top 10."""
        return next((i + 1 for i, good in enumerate(self.relevant) if good), 0)


def load_queries(path: Path = QUERIES) -> dict[str, list[dict[str, Any]]]:
    """Return the queries per language, each {query, topics?, audiences?, kinds?}."""
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def entry_terms(content: Path) -> dict[str, dict[str, set[str]]]:
    """Return slug -> {topics, audiences, kinds} of every group entry under `content`."""
    found: dict[str, dict[str, set[str]]] = {}
    for path in sorted((content / "groups").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found[path.stem] = {
            "topics": set(data.get("topics") or ()),
            "audiences": set(data.get("audiences") or ()),
            "kinds": {data.get("kind", "")},
        }
    return found


def is_relevant(rule: Mapping[str, Any], terms: Mapping[str, set[str]] | None) -> bool:
    """Return whether an entry meets a query's rule: any listed value of each listed field."""
    if terms is None:
        return False  # a guide or anything else that is not an entry
    return all(
        terms[key] & set(rule[key]) for key in ("topics", "audiences", "kinds") if key in rule
    )


def slug_of(url: str) -> str | None:
    """Return the entry slug of a result URL (/en/groups/<slug>/), None for other pages."""
    parts = [p for p in url.split("/") if p]
    return parts[-1] if len(parts) >= 2 and parts[-2] == "groups" else None


def run_queries(
    page: Any, address: str, lang: str, rules: Sequence[Mapping[str, Any]], terms: Mapping[str, Any]
) -> list[Outcome]:
    """Run a language's queries on its search page; return each one's judged results."""
    # an address with a query starts Pagefind at once, as a shared search does
    page.goto(f"{address}{lang}/search/?q=")
    for _ in range(200):  # the site's policy forbids wait_for_function's evaluation of strings
        if page.evaluate("() => !!window.PagefindComponents"):
            break
        page.wait_for_timeout(50)
    outcomes = []
    for rule in rules:
        got = page.evaluate(_RUN, [rule["query"], DEPTH])
        relevant = [is_relevant(rule, terms.get(slug_of(url) or "")) for url in got["urls"]]
        outcomes.append(Outcome(rule["query"], got["urls"], relevant, got["left"]))
    return outcomes


def summary(outcomes: Sequence[Outcome]) -> tuple[int, int, float]:
    """Return (queries, queries with a relevant result in the top 5, MRR@10)."""
    hits = sum(1 for o in outcomes if 0 < o.rank <= TOP)
    mrr = sum(1 / o.rank for o in outcomes if o.rank) / len(outcomes) if outcomes else 0.0
    return len(outcomes), hits, mrr


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a built site on localhost; yield its address."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure(site: Path, content: Path, show: bool = False) -> dict[str, list[Outcome]]:
    """Run every language's queries against a built site in headless Chromium."""
    from playwright.sync_api import sync_playwright

    queries = load_queries()
    terms = entry_terms(content)
    results: dict[str, list[Outcome]] = {}
    with serve(site) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        for lang, rules in queries.items():
            results[lang] = run_queries(page, address, lang, rules, terms)
            if show:
                for o in results[lang]:
                    marks = "".join("+" if good else "." for good in o.relevant)
                    left = f"  left out: {', '.join(o.left)}" if o.left else ""
                    print(f"{lang} rank {o.rank or '-':>2} {marks:<10} {o.query}{left}")
                    for url, good in list(zip(o.urls, o.relevant, strict=True))[:TOP]:
                        print(f"      {'+' if good else ' '} {url}")
        browser.close()
    return results


def table(results: Mapping[str, Sequence[Outcome]]) -> str:
    """Return the per-language figures as a Markdown table."""
    lines = ["| language | queries | relevant in top 5 | MRR@10 |", "| --- | --- | --- | --- |"]
    for lang, outcomes in results.items():
        count, hits, mrr = summary(outcomes)
        lines.append(f"| {lang} | {count} | {hits} | {mrr:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample)")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--show", action="store_true", help="print each query's results")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site
        if site is None:
            sys.path.insert(0, str(ROOT))
            from generator.build.site import build_site

            site = Path(scratch) / "site"
            result = build_site(args.content, site, date.today())
            if not result.published:
                print("the sample content did not build", file=sys.stderr)
                return 1
        print(table(measure(site, args.content, args.show)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
