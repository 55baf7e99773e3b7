"""Review help for pull requests: which entries a change adds, changes and removes (via git)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path


class ReviewError(Exception):
    """Git could not compare the content with the given revision."""


@dataclass
class Changes:
    """Entry files added, changed and removed since a revision, relative to the content folder."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def summary(self, revision: str) -> list[str]:
        """Return the lines that tell a reviewer what the change does to the directory."""
        lines = [
            f"since {revision}: {len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed"
        ]
        for label, paths in (
            ("added", self.added),
            ("changed", self.changed),
            ("removed", self.removed),
        ):
            lines.extend(f"  {label}: {path}" for path in paths)
        return lines


def _git(content: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(content), *args], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise ReviewError("git is not installed") from None
    if done.returncode != 0:
        raise ReviewError(
            done.stderr.strip().splitlines()[-1]
            if done.stderr.strip()
            else f"git {' '.join(args)} failed"
        )
    return done.stdout


def changes_since(content: Path, revision: str) -> Changes:
    """Compare the entry files under `content/groups` now (working tree) with `revision`."""
    _git(content, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    top = Path(_git(content, "rev-parse", "--show-toplevel").strip())
    groups = (content / "groups").resolve()
    output = _git(
        content,
        "diff",
        "--name-status",
        "--find-renames",
        "--no-color",
        revision,
        "--",
        str(groups),
    )
    untracked = _git(content, "ls-files", "--others", "--exclude-standard", "--", str(groups))
    result = Changes()

    def shown(path: str) -> str:
        return (top / path).resolve().relative_to(content.resolve()).as_posix()

    for line in output.splitlines():
        status, *paths = line.split("\t")
        if not paths[-1].endswith(".yaml"):
            continue
        if status.startswith("A"):
            result.added.append(shown(paths[0]))
        elif status.startswith("D"):
            result.removed.append(shown(paths[0]))
        elif status.startswith("R"):
            result.removed.append(shown(paths[0]))
            result.added.append(shown(paths[1]))
        else:
            result.changed.append(shown(paths[-1]))
    for path in untracked.splitlines():
        if path.endswith(".yaml"):
            result.added.append(
                (content / path).resolve().relative_to(content.resolve()).as_posix()
            )
    for paths in (result.added, result.changed, result.removed):
        paths.sort()
    return result
