"""What the commands show on a terminal, and the day a build takes as "today".

`cli` (build, check) and `tools.serve` (every rebuild) both use these, so they live here, below
both, rather than in `cli`, which would make `serve` import the command line that calls it.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from generator.reading.problems import Problem, count_summary


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
