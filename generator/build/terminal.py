"""What the commands show on a terminal, and the day a build takes as "today".

`cli` (build, check) and `tools.serve` (every rebuild) both use these, so they live here, below
both, rather than in `cli`, which would make `serve` import the command line that calls it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.reading.problems import Problem, count_summary

if TYPE_CHECKING:  # the command line starts without loading the whole build
    from generator.build.site import BuildResult


def today_for_build(explicit: date | None) -> date:
    """Return the build's "today": --today, else SOURCE_DATE_EPOCH, else the real date."""
    if explicit is not None:
        return explicit
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def report(problems: list[Problem], files: int, what: str) -> None:
    """Print problems (and GitHub annotations under GITHUB_ACTIONS) and the summary line."""
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem.format())
        if github:
            print(problem.format_github())
    print(f"{what}: {count_summary(problems, files)}")


def summary_line(result: BuildResult, out: Path) -> str:
    """Return the summary every build ends with: (when measured) the output's size against the
    host's limits, then on the last line its pages."""
    per_lang = ", ".join(f"{lang} {count}" for lang, count in sorted(result.pages.items()))
    total = sum(result.pages.values())
    searchable = f", {result.indexed} searchable" if result.indexed else ""
    if result.unchanged:
        return f"build: nothing changed since the last build of {out} ({total} pages)"
    reused = f", {result.reused} unchanged pages kept" if result.reused else ""
    line = (
        f"build: {total} pages ({per_lang}){searchable}{reused} in {result.seconds:.1f} s -> {out}"
    )
    if result.output is not None and result.host is not None:
        from generator.publishing.hosts import size_summary

        # what the host is asked to take, on a line of its own before the usual last line
        line = f"build: {size_summary(result.host, result.output)}\n{line}"
    return line


def terminal_progress() -> Callable[[str], None] | None:
    """Return a progress printer for an interactive terminal, or None in CI and pipes."""
    if not sys.stderr.isatty():
        return None

    def show(message: str) -> None:
        print(f"\r{message}\033[K", end="", file=sys.stderr, flush=True)

    return show
