"""The search index: Pagefind over the search copies of the pages, one bundle per page language.

Only pages marked `data-pagefind-body` (entries and guides) are indexed, from their search
copies (publishing/search_copies.py), which carry what only search reads. Each language is
indexed on its own (`pagefind/<lang>/`): a search only ever loads its own language's index, and
indexing one language at a time keeps the indexer's memory to a quarter.

The orders a visitor can choose (by name, by date checked) are not Pagefind's sorts, which it
puts in the metadata every search loads (34 kB of a typical query's 330 at 10,000 entries, and
growing with the directory): each is a file of the bundle's page ids in that order
(`order-name.json`, `order-verified.json`), made from the fragments and the copies'
`data-search-order` values, and loaded only when that order is chosen.

Pagefind 1.5 does not write byte-identical files for identical input (upstream issue
Pagefind#638), so when a language's pages are unchanged from the published site, its published
bundle is kept as it is.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from generator.incremental.cache import cache_file
from generator.text import urls

BUNDLE = "pagefind"
MARKER = "data-pagefind-body"
SOURCE_HASH = "source.sha256"
RECIPE = b"empty search without word chunks; all filters only when asked; orders of our own\0"
"""What this module does to a bundle beyond running Pagefind: part of its source hash, so a
bundle made otherwise is not kept as current."""


ORDERS = {"name": False, "verified": True}
"""The orders a visitor can choose, each with whether it is descending (latest check first);
ties go by name. A theme gives each searchable page its values as
`data-search-order="name:…"` and `data-search-order="verified:…"` in what only search reads."""
_ORDER_VALUE = re.compile(r'data-search-order="(name|verified):([^"]*)"')
_PAGEFIND_SIGNATURE = b"pagefind_dcd"


def order_file(name: str) -> str:
    """Return the file, in a language's bundle, of the page ids in the order `name`."""
    return f"order-{name}.json"


def search_copies(out: Path) -> Path:
    """Return the folder of the search copies of the site published in `out`: beside it, in
    the build cache, laid out as the site is."""
    return cache_file(out).with_suffix(".search")


@dataclass(frozen=True)
class IndexResult:
    """What the index step did: pages indexed per language, and which bundles were kept."""

    pages: Counter[str]
    reused: tuple[str, ...]
    deferred: tuple[str, ...] = ()
    """Languages whose published, now out-of-date bundle was kept for `refresh_bundle`."""


def source_hashes(pages: Mapping[str, bytes]) -> dict[str, tuple[str, int]]:
    """Return, per language folder, a hash of the pages Pagefind indexes and their count.

    `pages` maps each indexed page's file (from the site root) to the SHA-256 of its bytes.
    """
    digests: defaultdict[str, hashlib._Hash] = defaultdict(lambda: hashlib.sha256(RECIPE))
    counts: Counter[str] = Counter()
    for relative in sorted(pages):
        lang = relative.split("/", 1)[0]
        digest = digests[lang]
        digest.update(relative.encode() + b"\0")
        digest.update(pages[relative])
        counts[lang] += 1
    return {lang: (digest.hexdigest(), counts[lang]) for lang, digest in digests.items()}


def indexed_pages_hash(folder: Path, lang: str = "") -> dict[str, tuple[str, int]]:
    """Return `source_hashes` of the indexed pages written in `folder` (or one language's)."""
    return source_hashes(read_indexed_pages(folder, lang))


def read_indexed_pages(folder: Path, lang: str = "") -> dict[str, bytes]:
    """Return page file -> SHA-256 of every indexed page in `folder` (or one language), a
    folder of search copies: what a build knows from rendering, read back from the files."""
    pages: dict[str, bytes] = {}
    for path in (folder / lang if lang else folder).rglob("*.html"):
        relative = path.relative_to(folder)
        if relative.parts[0] == BUNDLE or len(relative.parts) < 2:
            continue
        data = path.read_bytes()
        if MARKER.encode() in data:
            pages[relative.as_posix()] = hashlib.sha256(data).digest()
    return pages


def _index(source: Path, lang: str, target: Path) -> None:
    """Index one language's search copies in `source` into the bundle folder `target`.

    Pagefind runs as its command, not through its Python service: the service answers "files
    written" while its last writes may still be under way, and the wrapper then stops it, which
    left bundles with cut-off files on a busy machine. The command returns once every file is
    written.
    """
    from pagefind.service import get_executable  # only a build that indexes needs it

    executable = get_executable()
    if executable is None:
        raise RuntimeError("Pagefind is not installed: pip install 'pagefind[bin]'")
    # absolute: the command runs in a folder of its own
    command = [str(executable), "--site", str(source.resolve()), "--silent"]
    command += ["--output-path", str(target.resolve())]
    # only the pages that can be results: reading the lists and browse pages too cost a fifth
    # more time for nothing
    command += ["--glob", urls.search_glob(lang)]
    # in an empty folder: Pagefind reads a pagefind.yml (or .toml, .json) from where it runs
    with tempfile.TemporaryDirectory(prefix="pagefind-") as nowhere:
        done = subprocess.run(command, cwd=nowhere, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip()[-2000:]
        raise RuntimeError(f"Pagefind could not index the {lang} pages: {said}")
    _lighten_empty_search(target)
    _drop_unused(target)
    write_orders(source, target)


def write_orders(source: Path, bundle: Path) -> None:
    """Write the bundle's page ids in each order of `ORDERS`, from its fragments (a page's id
    and address) and the search copies in `source` (its values); a page without a value comes
    last, in id order."""
    values: dict[str, dict[str, str]] = {}
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        address = json.loads(data.removeprefix(_PAGEFIND_SIGNATURE))["url"]
        copy = source / unquote(address).lstrip("/")
        if address.endswith("/"):
            copy = copy / "index.html"
        try:
            text = copy.read_text(encoding="utf-8")
        except OSError:
            text = ""
        found = {key: html.unescape(value) for key, value in _ORDER_VALUE.findall(text)}
        values[fragment.name.removesuffix(".pf_fragment")] = found
    for name, descending in ORDERS.items():
        known = [page for page in values if name in values[page]]
        known.sort(key=lambda page: (values[page].get("name", ""), page))
        known.sort(key=lambda page: values[page][name], reverse=descending)
        rest = [page for page in values if name not in values[page]]
        (bundle / order_file(name)).write_text(
            json.dumps(known + rest, separators=(",", ":")) + "\n", encoding="utf-8"
        )


# Pagefind writes every interface it offers into each bundle; the search page uses its
# Component UI's script alone (the theme styles it). The others are 200 kB a language that
# no page asks for.
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "pagefind-component-ui.css",
)
# the WebAssembly for a language without a stemmer of its own; asked for only then
_FALLBACK_WASM = "wasm.unknown.pagefind"


def _drop_unused(bundle: Path) -> None:
    """Remove what Pagefind wrote that no page of the site asks for."""
    for name in _UNUSED:
        (bundle / name).unlink(missing_ok=True)
    try:
        languages = json.loads((bundle / "pagefind-entry.json").read_bytes())["languages"]
        every_one_has_its_own = all(each.get("wasm") for each in languages.values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return  # a layout this build does not know: leave the fallback where it is
    if every_one_has_its_own:
        (bundle / _FALLBACK_WASM).unlink(missing_ok=True)


# Pagefind 1.5 fetches every chunk of the word index for a search without words, which is the
# search page's first search (it lists everything, with the filters' counts): at 10,000
# entries, 213 files and several megabytes before anyone has typed, on a phone. A search
# without words needs none of them (Pagefind's own fix, pagefind#1317, is not released yet),
# so the bundle's scripts ask for none.
_EMPTY_SEARCH = (
    b"let index_resp=this.backend.request_indexes(ptr,term);",
    b'let index_resp=term?this.backend.request_indexes(ptr,term):"[]";',
)
_SEARCH_SCRIPTS = ("pagefind.js", "pagefind-worker.js")

# Pagefind 1.5's interface asks for every filter's counts as it loads (`filters()`), which
# fetches the whole filter index: at 10,000 entries a third of what the search page transfers
# before anyone has typed, for a pane that a phone shows only when "Filters" is pressed. Here
# `filters()` loads it only when called with `true`, as search.js does when the pane is first
# opened (or the address holds filters); a search still loads the filters it is given. Each
# script is changed only if every piece is found, else left as Pagefind wrote it.
_LAZY_FILTERS = {
    "pagefind.js": (
        (
            b"async filters(){let ptr=await this.getPtr();let filters2=this.backend."
            b"request_all_filter_indexes(ptr);let filter_array=JSON.parse(filters2);"
            b"if(Array.isArray(filter_array)){",
            b"async filters(all){let ptr=await this.getPtr();let filters2=this.backend."
            b"request_all_filter_indexes(ptr);let filter_array=JSON.parse(filters2);"
            b"if(all&&Array.isArray(filter_array)){",
        ),
        (
            b'async filters(){return this.sendMessage("filters",[]);}',
            b'async filters(all){return this.sendMessage("filters",[all]);}',
        ),
        (
            b"async filters(){let filters2=await Promise.all(this.instances.map((i2)=>"
            b"i2.filters()));",
            b"async filters(all){let filters2=await Promise.all(this.instances.map((i2)=>"
            b"i2.filters(all)));",
        ),
        (b"filters:()=>wrapper.filters()", b"filters:(all)=>wrapper.filters(all)"),
    ),
    "pagefind-worker.js": (
        (
            b"async filters(){let ptr=await this.getPtr();let filters=this.backend."
            b"request_all_filter_indexes(ptr);let filter_array=JSON.parse(filters);"
            b"if(Array.isArray(filter_array)){",
            b"async filters(all){let ptr=await this.getPtr();let filters=this.backend."
            b"request_all_filter_indexes(ptr);let filter_array=JSON.parse(filters);"
            b"if(all&&Array.isArray(filter_array)){",
        ),
        (
            b"async filters(){let filters=await Promise.all(this.instances.map((i2)=>"
            b"i2.filters()));",
            b"async filters(all){let filters=await Promise.all(this.instances.map((i2)=>"
            b"i2.filters(all)));",
        ),
        (
            b"const result=await pagefindInstance.filters();",
            b"const result=await pagefindInstance.filters(...args);",
        ),
    ),
}


def _lighten_empty_search(bundle: Path) -> None:
    for name in _SEARCH_SCRIPTS:
        path = bundle / name
        if not path.is_file():
            continue
        script = original = path.read_bytes()
        if _EMPTY_SEARCH[0] in script:
            script = script.replace(*_EMPTY_SEARCH)
        lazy = _LAZY_FILTERS[name]
        if all(script.count(old) == 1 for old, _ in lazy):
            for old, new in lazy:
                script = script.replace(old, new)
        if script != original:
            # a new file, never written into: the old one may be a link to a published bundle
            fresh = path.with_name(f".{name}.new")
            fresh.write_bytes(script)
            os.replace(fresh, path)


def _same_file(one: Path, other: Path) -> bool:
    """Return whether two names are links to the same file (a bundle linked whole: the same
    bundle)."""
    try:
        a, b = one.stat(), other.stat()
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _link(source: str, target: str) -> None:
    # the published bundle is replaced, never written into: a link is a copy for free
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class Indexer:
    """Builds a staged site's search bundles one language at a time, as each is ready.

    `add` is called once a language's searchable pages are all written; that language is then
    indexed in a thread while the build goes on (Pagefind runs in a process of its own). One
    Pagefind runs at a time: at 10,000 pages a language it needs about 1.9 GB.

    Use it as a context manager: leaving the block early waits for a running Pagefind and
    drops the languages not started yet.
    """

    def __init__(
        self,
        folder: Path,
        source: Path,
        published: Path | None,
        defer: bool = False,
        trash: Path | None = None,
    ) -> None:
        """Bundles are made from the search copies in `source`, into `folder`. With `defer`,
        a language whose pages changed keeps its published bundle too, for now: the preview
        server shows the new pages at once and calls `refresh_bundle` in the background. A
        bundle already in `folder` (a spare site written over) is kept if it is the one wanted,
        else moved into `trash` for the caller to delete."""
        self.folder = folder
        self.source = source
        self.published = published
        self.defer = defer
        self.trash = trash
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        self._running: list[concurrent.futures.Future[None]] = []
        self._pages: Counter[str] = Counter()
        self._reused: list[str] = []
        self._deferred: list[str] = []
        self.emptying: threading.Thread | None = None
        """Removing what was moved into `trash`, in the background, once the block is left."""

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, *error: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self.trash is not None and self.trash.exists():
            self.emptying = threading.Thread(
                target=shutil.rmtree, args=(self.trash,), kwargs={"ignore_errors": True}
            )
            self.emptying.start()

    def add(self, pages: Mapping[str, bytes]) -> None:
        """Index the languages of `pages` (page file -> SHA-256 of its bytes, known from
        rendering), keeping a published bundle whose input is unchanged."""
        for lang, (source_hash, count) in sorted(source_hashes(pages).items()):
            self._pages[lang] = count
            target = self.folder / BUNDLE / lang
            if self.published is not None:
                marker = self.published / BUNDLE / lang / SOURCE_HASH
                if marker.is_file():
                    current = marker.read_text(encoding="utf-8").strip() == source_hash
                    if current or self.defer:
                        # a deferred bundle keeps its old source hash, which marks it out of date
                        if not _same_file(target / SOURCE_HASH, marker):
                            self._make_way(target)
                            shutil.copytree(marker.parent, target, copy_function=_link)
                        (self._reused if current else self._deferred).append(lang)
                        continue
            self._make_way(target)
            self._running.append(self._pool.submit(self._index, lang, source_hash))

    def _make_way(self, target: Path) -> None:
        if not target.exists():
            return
        if self.trash is None:
            shutil.rmtree(target)
            return
        self.trash.mkdir(exist_ok=True)
        os.replace(target, self.trash / f"{BUNDLE}-{target.name}")

    def _index(self, lang: str, source_hash: str) -> None:
        _index(self.source, lang, self.folder / BUNDLE / lang)
        (self.folder / BUNDLE / lang / SOURCE_HASH).write_text(source_hash + "\n", encoding="utf-8")

    def finish(self) -> IndexResult:
        """Wait for every language added, and return what was done (or raise what failed)."""
        for future in self._running:
            future.result()
        bundles = self.folder / BUNDLE
        if bundles.is_dir():  # a spare's bundle of a language with nothing to search now
            for stale in sorted(set(os.listdir(bundles)) - set(self._pages)):
                self._make_way(bundles / stale)
            if not self._pages:
                with contextlib.suppress(OSError):  # left only if something else is in it
                    bundles.rmdir()
        return IndexResult(
            pages=self._pages,
            reused=tuple(sorted(self._reused)),
            deferred=tuple(sorted(self._deferred)),
        )


def refresh_bundle(site: Path, lang: str) -> None:
    """Index one language of a published site again and swap its bundle in.

    The new bundle is written beside the site and renamed into place, so a search running
    meanwhile reads either the old bundle or the new one.
    """
    source = search_copies(site)
    source_hash = indexed_pages_hash(source, lang).get(lang, ("", 0))[0]
    fresh = site.parent / f".{site.name}.search-{lang}-{os.getpid()}"
    old = site.parent / f".{site.name}.search-old-{lang}-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        _index(source, lang, fresh)
        (fresh / SOURCE_HASH).write_text(source_hash + "\n", encoding="utf-8")
        target = site / BUNDLE / lang
        if target.exists():
            target.rename(old)
        fresh.rename(target)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
