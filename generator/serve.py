"""`build.py serve`: build, serve the site on localhost, rebuild when content or theme changes."""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
import traceback
from pathlib import Path
from typing import Any

from generator.site import DEFAULT_THEME, build_site, summary_line


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # a preview server's request log is noise

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def rebuild(args: argparse.Namespace) -> bool:
    """Build once and print what happened; never raise (the server keeps running)."""
    from generator.cli import report, today_for_build

    try:
        result = build_site(args.content, args.out, today_for_build(args.today), args.base_url)
    except Exception as exc:  # a broken template must not stop the preview
        if args.debug:
            traceback.print_exc()
        print(f"serve: build failed: {exc}; the previous site is still being served", flush=True)
        return False
    if not result.published:
        report(result.problems, result.files, "serve")
        print("serve: fix the problems above; the previous site is still being served", flush=True)
        return False
    print(summary_line(result, args.out), flush=True)
    return True


def serve(args: argparse.Namespace) -> int:
    """Serve `args.out` and rebuild on every change until interrupted."""
    from watchfiles import watch

    rebuild(args)
    args.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Handler, directory=str(args.out.resolve()))
    server = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    print(f"serve: http://{args.host}:{port}/ (Ctrl+C to stop)", flush=True)
    watched = [Path(args.content).resolve(), DEFAULT_THEME]
    try:
        for changes in watch(*watched, debounce=300, raise_interrupt=False):
            names = sorted({Path(path).name for _, path in changes})
            print(f"serve: changed {', '.join(names[:5])}; rebuilding", flush=True)
            rebuild(args)
    finally:
        server.shutdown()
    return 0
