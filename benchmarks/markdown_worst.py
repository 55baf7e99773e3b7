"""Time the costliest Markdown a volunteer can send, before the limits and within them.

    python benchmarks/markdown_worst.py [--size 5000]

For each shape that makes Python-Markdown rescan or recurse, prints what plain Python-Markdown
made of `--size` characters of it (what a description could hold before the limits), how fast
`render_markdown` now refuses the same text, and what the worst text the limits still allow
costs at the largest description (5,000 characters) and guide body (50,000). Numbers are
written down, never asserted: they belong in the README, not in a timed test.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.text import markup  # noqa: E402
from generator.text.markup import MarkdownRefused, check_markdown  # noqa: E402

PROSE = "People come for different reasons, some for weeks and others for years. "
GUIDE = 50_000
DESCRIPTION = 5_000
TIMEOUT = 30


def _fill(head: str, size: int, line: str = PROSE) -> str:
    """Return `head`, then one paragraph of prose lines, up to `size` characters."""
    lines = max(1, (size - len(head)) // (len(line) + 1))
    per_line = min(lines, markup.MAX_LINES - head.count("\n") - 1)
    width = max(1, (size - len(head)) // max(1, per_line) - 1)
    body = (line * (width // len(line) + 1))[:width]
    return head + "\n".join([body] * per_line)


def _blocks(block: str, size: int) -> str:
    """Return `block` repeated, blank lines between, up to `size` characters."""
    return "\n\n".join([block] * max(1, size // (len(block) + 2)))


# shape: (what it is, before: text of about `size` characters, now: worst allowed of `size`)
SHAPES: dict[str, tuple[Callable[[int], str], Callable[[int], str]]] = {
    "nested quotes >>>": (
        lambda n: ">" * n + " x",
        lambda n: _blocks("> " * markup.MAX_NESTING + "x", n),
    ),
    "lists nested on one line": (
        lambda n: "- " * (n // 2) + "x",
        lambda n: _blocks("- " * markup.MAX_NESTING + "x", n),
    ),
    "nested list lines": (
        lambda n: "".join("  " * i + "- x\n" for i in range(int((n / 2) ** 0.5))),
        lambda n: _blocks("".join("    " * i + "- x\n" for i in range(markup.MAX_NESTING)), n),
    ),
    "unclosed [ in a paragraph": (
        lambda n: "[x\n" * (n // 3),
        lambda n: _fill("[" * markup.MAX_BRACKETS + "\n", n),
    ),
    "nested [[[x]]]": (
        lambda n: "[" * (n // 2) + "x" + "]" * (n // 2),
        lambda n: _blocks("[" * markup.MAX_BRACKETS + "x" + "]" * markup.MAX_BRACKETS, n),
    ),
    "links never closed [x](": (
        lambda n: "[x](" * (n // 4),
        lambda n: _fill("[x](" * markup.MAX_UNCLOSED + "\n", n),
    ),
    "links with quotes [x](a 'b' c)": (
        lambda n: '[x](a "b" c) ' * (n // 13),
        lambda n: _fill('[x](a "b" c) ' * markup.MAX_UNCLOSED + "\n", n),
    ),
    "backtick runs ``x`": (
        lambda n: "``x`" * (n // 4),
        lambda n: _fill("``x`" * (markup.MAX_TICKS // 3) + "\n", n),
    ),
    "unclosed HTML tags <a": (
        lambda n: "<a b\n" * (n // 5),
        lambda n: _fill("<a b\n\n" * markup.MAX_OPEN_TAGS, n),
    ),
    "CDATA <![CDATA[>": (
        lambda n: "x <![CDATA[>\n" * (n // 13),
        lambda n: _fill("", n),
    ),
    "row of * after _": (
        lambda n: "_" + "*" * n,
        lambda n: _fill("_" + ("*" * markup.MAX_RUN + " ") * 3 + "\n", n),
    ),
    "paragraph of block lines": (
        lambda n: "\n-" * (n // 2),
        lambda n: _blocks("\n-" * (markup.MAX_LINES - 1), n),
    ),
    "link definition of quotes": (
        lambda n: "[x]: &</'" + "'" * n + " x",
        lambda n: _fill(f"[x]: http://a/{chr(39) * markup.MAX_TITLE_MARKS}", n),
    ),
    "plain prose (for scale)": (
        lambda n: _fill("", n),
        lambda n: _blocks(PROSE * 6, n),
    ),
}


def _timed(convert: Callable[[], object]) -> str:
    def alarm(signum: int, frame: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(TIMEOUT)
    started = time.perf_counter()
    try:
        convert()
    except RecursionError:
        return "RecursionError"
    except TimeoutError:
        return f"> {TIMEOUT} s"
    finally:
        signal.alarm(0)
    return f"{time.perf_counter() - started:.3f} s"


def _refused(text: str) -> str:
    started = time.perf_counter()
    try:
        check_markdown(text)
    except MarkdownRefused:
        return f"{(time.perf_counter() - started) * 1000:.1f} ms"
    return "allowed"


def _allowed(text: str) -> str:
    check_markdown(text)  # raises if the "worst allowed" text is not allowed after all
    started = time.perf_counter()
    markup._render(text, 2)  # uncached
    seconds = time.perf_counter() - started
    return f"{seconds:.3f} s ({seconds / len(text) * 1e6:.1f} µs/char)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=DESCRIPTION, help="characters before")
    args = parser.parse_args()
    sys.setrecursionlimit(1000)
    markup.render_markdown("warm *up*")
    rows = [
        (
            "shape",
            f"before, {args.size:,} chars",
            "now refused in",
            f"worst allowed, {DESCRIPTION:,}",
            f"worst allowed, {GUIDE:,}",
        )
    ]
    for name, (before, worst) in SHAPES.items():
        text = before(args.size)
        raw = _timed(lambda text=text: markup._converter().reset().convert(text))  # type: ignore[misc]
        markup._converter.cache_clear()  # a RecursionError can leave it half-way
        rows.append(
            (name, raw, _refused(text), _allowed(worst(DESCRIPTION)), _allowed(worst(GUIDE)))
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for number, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * width for width in widths))


if __name__ == "__main__":
    main()
