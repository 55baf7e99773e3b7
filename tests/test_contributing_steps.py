"""CONTRIBUTING.md's steps on your own computer, run in order on a fresh copy of the project.

Each fenced `sh` command of the section runs as the document shows it, except the three that
need the network, whose form is checked instead: `git clone` (the copy is made from this
checkout's tracked files), `python -m pip install -e .` (this test's Python already has the
packages, and the target must be an installable project) and `git push`. `python3 -m venv`
makes a `.venv` whose activate script puts this test's Python first on PATH.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT
from test_scaffold import _fill

pytestmark = pytest.mark.slow

TEXT = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
SECTION = TEXT[TEXT.index("## On your own computer") : TEXT.index("## What reviewers check")]


def _fences(text: str) -> list[tuple[str, str]]:
    """Return the (info string, body) of each fenced block of `text`, in order."""
    found: list[tuple[str, str]] = []
    info: str | None = None
    body: list[str] = []
    for line in text.splitlines():
        if info is None and line.startswith("```"):
            info, body = line[3:].strip(), []
        elif info is not None and line == "```":
            found.append((info, "".join(f"{part}\n" for part in body)))
            info = None
        elif info is not None:
            body.append(line)
    return found


def _blocks(language: str) -> list[str]:
    """Return the lines of the section's fenced blocks of `language`, in order."""
    return [
        line
        for info, body in _fences(SECTION)
        if info == language
        for line in body.splitlines()
        if line.strip()
    ]


def _shown_output(after: str) -> str:
    """Return the plain fenced block that follows the command `after` in the section."""
    end = SECTION.index("\n```\n", SECTION.index(after))  # the command's own block ends
    rest = SECTION[end + len("\n```\n") :]
    return next(body for info, body in _fences(rest) if info == "")


def test_install_is_the_same_on_every_system() -> None:
    unix = _blocks("sh")
    windows = _blocks("powershell")
    assert windows == ["py -m venv .venv", ".venv\\Scripts\\activate", "python -m pip install -e ."]
    assert unix[2:5] == ["python3 -m venv .venv", ". .venv/bin/activate", windows[2]]


def _copy_as_fresh_clone(folder: Path) -> None:
    """Copy this checkout's tracked files into `folder` as a clone has them, one commit."""
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, tracked.split("\0")):
        source = ROOT / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
    subprocess.run([*git, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "clone"], cwd=folder, check=True)


def _stand_in_venv(venv: Path) -> None:
    """Make `venv` with an activate script that puts this test's Python first, as a venv's
    does."""
    (venv / "bin").mkdir(parents=True)
    python_bin = Path(sys.executable).parent
    (venv / "bin" / "activate").write_text(
        f'export VIRTUAL_ENV="{venv}"\nexport PATH="{python_bin}:$PATH"\n', encoding="utf-8"
    )


def _run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )


def _serve(command: str, cwd: Path, env: dict[str, str], page: str) -> None:
    """Run `serve` (on a free port, beside any other server), load `page`, stop it as Ctrl+C
    does, and check it stopped the way the document says."""
    process = subprocess.Popen(
        [*shlex.split(command), "--port", "0"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    try:
        address = None
        deadline = time.monotonic() + 600
        assert process.stdout is not None
        while address is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            found = re.fullmatch(r"serve: (http://127\.0\.0\.1:\d+/) \(Ctrl\+C to stop\)\n", line)
            address = found.group(1) if found else None
        assert address is not None, "serve never said where it serves"
        with urllib.request.urlopen(address + page, timeout=30) as response:
            assert response.status == 200
            assert "Harbour Lights Grief Circle" in response.read().decode("utf-8")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) in (0, 130)  # stopped, not killed
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def test_contributing_steps_work_verbatim_on_a_fresh_clone(tmp_path: Path) -> None:
    commands = _blocks("sh")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("VIRTUAL_ENV", "PYTHONPATH") and not key.startswith("GIT_")
    }
    env["HOME"] = str(tmp_path)  # git config and pip caches stay in the test's folder
    path_before = env["PATH"]
    env["PATH"] = os.pathsep.join(
        part for part in path_before.split(os.pathsep) if Path(sys.executable).parent != Path(part)
    )
    cwd = tmp_path
    branch = ""
    slug = "harbour-lights-grief-circle"
    entry = Path("content/groups/us") / f"{slug}.yaml"
    ran: list[str] = []
    for command in commands:
        ran.append(command)
        words = shlex.split(command)
        if words[:2] == ["git", "clone"]:
            url = words[2]
            project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
            assert re.fullmatch(rf"https://github\.com/YOUR-NAME/{project['name']}\.git", url)
            _copy_as_fresh_clone(tmp_path / project["name"])
            continue
        if words[0] == "cd":
            cwd = cwd / words[1]
            assert (cwd / "build.py").is_file()
            continue
        if words[:3] == ["python3", "-m", "venv"]:
            _stand_in_venv(cwd / words[3])
            continue
        if words[0] == ".":
            # the rest of the steps run with what activating left in the environment
            shown = _run(f"{command} && env -0", cwd, env)
            assert shown.returncode == 0, shown.stderr
            env = dict(item.split("=", 1) for item in shown.stdout.split("\0") if "=" in item)
            assert _run("command -v python", cwd, env).stdout.strip() == str(
                Path(sys.executable).parent / "python"
            )
            continue
        if words[:5] == ["python", "-m", "pip", "install", "-e"]:
            target = cwd / words[5]
            pyproject = tomllib.loads((target / "pyproject.toml").read_text("utf-8"))
            assert pyproject["project"]["dependencies"] and pyproject["build-system"]
            continue
        if words[:2] == ["git", "push"]:
            assert words[2:] == ["-u", "origin", branch]
            continue
        if words[:3] == ["python", "build.py", "serve"]:
            _serve(command, cwd, env, f"en/groups/{slug}/")
            continue
        result = _run(command, cwd, env)
        if words[:3] == ["python", "build.py", "new"]:
            assert (result.returncode, result.stdout) == (0, _shown_output(command))
            assert (cwd / entry).is_file()
            # before the file is filled, check lists each empty place, and only those
            early = _run("python build.py check", cwd, env)
            errors = [line for line in early.stdout.splitlines() if ": error: " in line]
            assert early.returncode == 1 and errors
            assert all(line.startswith(f"{entry}:") and ": is empty; " in line for line in errors)
            # step 3: fill every place marked `<- fill in`, as the document says
            text = (cwd / entry).read_text(encoding="utf-8")
            (cwd / entry).write_text(_fill(text), encoding="utf-8")
            assert "# <- fill in" not in (cwd / entry).read_text(encoding="utf-8")
            continue
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        if words[:3] == ["python", "build.py", "check"]:
            last = result.stdout.splitlines()[-1]
            assert last.startswith("check: ") and "error" not in result.stdout, result.stdout
        if words[:3] == ["git", "switch", "-c"]:
            branch = words[3]
        if words[:2] == ["git", "add"]:
            assert Path(words[2]) == entry
    assert ran == commands and branch == f"add-{slug}"
    log = _run("git log --format=%s -1", cwd, env)
    assert log.stdout == "Add Harbour Lights Grief Circle\n"
