"""`check --since REV`: what a pull request adds, changes and removes, from a real git history."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ENTRY, TODAY, entry

from generator.cli import main


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


@pytest.fixture
def repository(site: Callable[..., Path]) -> Path:
    root = site(
        {
            "groups/us/a.yaml": ENTRY,
            "groups/us/b.yaml": entry(name="Bee Circle"),
            "groups/gb/c.yaml": entry(name="Sea Circle"),
        }
    )
    _git(root.parent, "init", "-q", "-b", "main")
    _git(root.parent, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    _git(root.parent, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x")
    return root


def test_check_since_lists_added_changed_and_removed_entries(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "groups/us/a.yaml").write_text(entry(name="Renamed Group"), encoding="utf-8")
    (repository / "groups/us/b.yaml").unlink()
    (repository / "groups/gb/c.yaml").rename(repository / "groups/gb/sea-circle.yaml")
    (repository / "groups/fr").mkdir()
    (repository / "groups/fr/d.yaml").write_text(entry(name="Cercle"), encoding="utf-8")
    _git(repository.parent, "add", "-A")  # the rename is seen as one once staged
    (repository / "groups/fr/e.yaml").write_text(entry(name="Untracked"), encoding="utf-8")
    code = main(["check", "--content", str(repository), "--today", str(TODAY), "--since", "main"])
    assert code == 0
    assert capsys.readouterr().out.splitlines()[-8:] == [
        "check: No problems in 8 files.",
        "since main: 3 added, 1 changed, 2 removed",
        "  added: groups/fr/d.yaml",
        "  added: groups/fr/e.yaml",
        "  added: groups/gb/sea-circle.yaml",
        "  changed: groups/us/a.yaml",
        "  removed: groups/gb/c.yaml",
        "  removed: groups/us/b.yaml",
    ]


def test_check_since_needs_a_real_revision(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "--content", str(repository), "--since", "no-such-branch"])
    assert code == 2
    assert capsys.readouterr().err.startswith("build.py: error: --since no-such-branch: ")
