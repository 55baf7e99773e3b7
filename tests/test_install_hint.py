"""build.py run before the install: one line that says what to run, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

HINT = (
    "build.py: the generator's packages are not installed (no module named 'pydantic'); "
    "install them first, as CONTRIBUTING.md shows: python -m pip install -e .\n"
)


@pytest.mark.slow
@pytest.mark.parametrize("command", [["check"], ["new", "--kind", "warmline"], [], ["serve"]])
def test_build_py_without_the_packages_says_how_to_install_them(
    tmp_path: Path, command: list[str]
) -> None:
    # a fresh clone: the generator as it is, and no .venv beside it
    shutil.copy(ROOT / "build.py", tmp_path / "build.py")
    shutil.copytree(ROOT / "generator", tmp_path / "generator")
    # -S: no site-packages, as a fresh clone's python has; -E -s: nothing from the environment
    result = subprocess.run(
        [sys.executable, "-S", "-E", "-s", "build.py", *command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert (result.returncode, result.stdout, result.stderr) == (2, "", HINT)


def _fake_generator(
    tmp_path: Path, cli: str, venv: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run a copy of build.py beside a generator package whose cli.py is `cli`, and a .venv
    folder when `venv`."""
    if venv:
        (tmp_path / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(ROOT / "build.py", tmp_path / "build.py")
    (tmp_path / "generator").mkdir()
    (tmp_path / "generator" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "generator" / "cli.py").write_text(cli, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-S", "-E", "-s", "build.py", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_build_py_hint_names_the_library_that_is_missing(tmp_path: Path) -> None:
    result = _fake_generator(tmp_path, "import phonenumbers_not_here\n")
    assert result.returncode == 2
    assert result.stderr == HINT.replace("pydantic", "phonenumbers_not_here")


def test_build_py_shows_a_missing_module_of_its_own_as_the_bug_it_is(tmp_path: Path) -> None:
    result = _fake_generator(tmp_path, "import generator.reading.gone\n")
    assert result.returncode == 1
    assert "Traceback" in result.stderr
    assert "ModuleNotFoundError: No module named 'generator.reading'" in result.stderr


def test_build_py_runs_main_when_the_packages_are_there(tmp_path: Path) -> None:
    result = _fake_generator(tmp_path, "def main():\n    print('ran')\n    return 0\n")
    assert (result.returncode, result.stdout, result.stderr) == (0, "ran\n", "")


def test_install_command_in_the_hint_is_contributings() -> None:
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "\npython -m pip install -e .\n" in contributing


def test_build_py_in_a_new_terminal_says_to_switch_to_the_environment(tmp_path: Path) -> None:
    # installed into .venv, but run with a python outside it (the activate line was skipped)
    result = _fake_generator(tmp_path, "import pydantic_not_here\n", venv=True)
    assert (result.returncode, result.stderr) == (
        2,
        "build.py: the generator's packages are not installed for this Python (no module "
        "named 'pydantic_not_here'); switch to the project's environment first: "
        ". .venv/bin/activate\n",
    )
