"""Memory of the build process: handing freed memory back, and keeping a long-lived process's
heap out of later garbage collections."""

from __future__ import annotations

import contextlib
import ctypes
import gc


def give_back_memory() -> None:
    """Hand the memory freed since loading back to the system.

    Parsing every file peaks well above what the catalog keeps; the C library holds on to
    the difference (about 100 MB at 10,000 entries) unless asked, and the build goes on for
    minutes beside the worker processes and the indexer.
    """
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # glibc only: elsewhere, nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def settle_memory() -> None:
    """Collect a long-lived process's garbage, then leave what it keeps out of later collections.

    For `serve`, once a build is published: its memo holds every entry parsed, checked and
    rendered, millions of objects that a full collection walks in half a second at 10,000
    entries. Left to chance, one or two such collections landed inside most rebuilds, before
    the pages were current. Here they cost one collection after the pages are up, and the
    next build's collections see only what it makes. What this collection frees never
    stays frozen: each call collects everything again first.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
