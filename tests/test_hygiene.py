"""Project promises that are cheap to check: README commands, CI, lint, types, ignores."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT


def _quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Quick start\n(.*?)(?=^## )", readme, re.MULTILINE | re.DOTALL)
    assert section, "README.md needs a '## Quick start' section"
    return re.findall(r"^```(?:sh|bash|console)?\n(.*?)\n```", section.group(1), re.M | re.S)


def test_readme_quick_start_has_exactly_two_one_line_commands() -> None:
    commands = _quick_start()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)
    assert "build.py" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _quick_start()[1] in ci.splitlines()


@pytest.mark.slow
def test_ruff_and_mypy_pass() -> None:
    for command in (["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"]):
        result = subprocess.run(
            [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_build_output_and_compiled_catalogs_are_ignored() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    # ".venv" without a slash: a worktree's link to a shared environment is ignored too
    for pattern in ("/site/", "*.mo", ".venv", "__pycache__/"):
        assert pattern in ignored
