"""`build.py serve`: build, serve the site on localhost, rebuild when content or theme changes."""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
import traceback
from pathlib import Path
from typing import Any

from generator.build.memory import settle_memory
from generator.build.site import BuildMemo, build_site
from generator.build.terminal import report, summary_line, today_for_build
from generator.incremental.cache import search_refreshed
from generator.publishing.search import refresh_bundle
from generator.theme.folders import theme_dirs


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # a preview server's request log is noise

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


# Held while the search is refreshed in the background; a rebuild waits for it, so it never
# copies pages or bundles that are being replaced.
_SEARCH = threading.Lock()


def refresh_search(out: Path, languages: list[str]) -> None:
    """Index the changed languages of the published preview again; then say so."""
    try:
        for lang in languages:
            refresh_bundle(out, lang)
        search_refreshed(out, languages)
        print(f"serve: search updated ({', '.join(languages)})", flush=True)
    except Exception as exc:  # the pages are up; only search lags behind
        print(f"serve: search could not be updated: {exc}", flush=True)
    finally:
        _SEARCH.release()


# Entry files parsed and checked by this server's earlier builds.
_MEMO = BuildMemo()
STILL_SERVED = "the previous site is still being served"


def rebuild(args: argparse.Namespace, memo: BuildMemo | None = _MEMO, quiet: bool = False) -> bool:
    """Build once and print what happened; never raise (the server keeps running).

    The new pages are published at once; the search of the languages they changed is brought
    up to date in the background. `quiet` (the server's own second build, which fills the memo)
    says nothing unless something changed.
    """
    _SEARCH.acquire()
    pending: list[str] = []
    try:
        published, pending = _build(args, memo, quiet)
        if pending:  # the thread holds the lock until the search is current
            threading.Thread(target=refresh_search, args=(args.out, pending), daemon=True).start()
        # the pages are up: this build's garbage is collected now (beside the search
        # refresh, which waits on its indexer), not inside the next build
        settle_memory()
    finally:
        if not pending:
            _SEARCH.release()
    return published


def _build(args: argparse.Namespace, memo: BuildMemo | None, quiet: bool) -> tuple[bool, list[str]]:
    """Build and report; return whether the site was published and the languages whose
    search is still to be brought up to date."""
    try:
        result = build_site(
            args.content,
            args.out,
            today_for_build(args.today),
            args.base_url,
            defer_search=True,
            memo=memo,
            theme=args.theme,
        )
    except Exception as exc:  # a broken template must not stop the preview
        if args.debug:
            traceback.print_exc()
        if not quiet:
            print(f"serve: build failed: {exc}; {STILL_SERVED}", flush=True)
        return False, []
    if not result.published:
        if not quiet:
            report(result.problems, result.files, "serve")
            print(f"serve: fix the problems above; {STILL_SERVED}", flush=True)
        return False, []
    if not (quiet and result.unchanged):
        print(summary_line(result, args.out), flush=True)
    if result.search_pending:
        print(
            f"serve: updating search ({', '.join(result.search_pending)}) in the background",
            flush=True,
        )
    return True, result.search_pending


def serve(args: argparse.Namespace) -> int:
    """Serve `args.out` and rebuild on every change until interrupted."""
    from watchfiles import watch

    rebuild(args, memo=None)  # with nothing changed since the last build, this takes a second
    # then, while the site is already served, read and check every entry once, so that the
    # first change rebuilds as fast as the ones after it
    threading.Thread(target=rebuild, args=(args, _MEMO, True), daemon=True).start()
    args.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Handler, directory=str(args.out.resolve()))
    server = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    watched = [Path(args.content).resolve(), *theme_dirs(args.theme)]
    ready = False
    try:
        # the address is printed once the watcher runs (its first, empty, yield), so a change
        # made the moment a volunteer (or a test) sees it is never missed
        for changes in watch(
            *watched, debounce=300, raise_interrupt=False, yield_on_timeout=True, rust_timeout=300
        ):
            if not ready:
                print(f"serve: http://{args.host}:{port}/ (Ctrl+C to stop)", flush=True)
                ready = True
            if not changes:
                continue
            names = sorted({Path(path).name for _, path in changes})
            print(f"serve: changed {', '.join(names[:5])}; rebuilding", flush=True)
            rebuild(args)
    finally:
        server.shutdown()
    return 0
