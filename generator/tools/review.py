"""Review help for pull requests: every path a change touches since a git revision, by risk.

A reviewer is a tired volunteer: a pull request that changes a crisis line's phone number, a
template, a workflow or drops a script into the content folder must be as visible as one that
adds an entry. So every path git reports is listed (committed since the revision, uncommitted
and untracked), grouped by what it can affect, and the site settings and vocabularies are
compared field by field. Names come from git NUL-separated and are printed with control and
direction-changing characters escaped, so no file name can forge or hide a line of the report.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.reading.files import MAX_FILE_BYTES, decode_text
from generator.reading.load import Document, parse_yaml
from generator.reading.problems import _escape_github
from generator.tools.fielddiff import compare, escaped, loc_text, value_text, values

Level = Literal["warning", "notice"]

_ABSENT, _FILE, _EXECUTABLE, _SYMLINK, _SUBMODULE = "000000", "100644", "100755", "120000", "160000"
_MODE_NAMES = {
    _ABSENT: "nothing",
    _FILE: "file",
    _EXECUTABLE: "executable file",
    _SYMLINK: "symlink",
    _SUBMODULE: "submodule",
    "040000": "folder",
    "special": "special file",
}
_REGULAR = {_FILE, _EXECUTABLE}
_STATUS_ORDER = {"added": 0, "changed": 1, "removed": 2, "renamed": 3}
MAX_DETAILS = 100
"""Field-by-field lines shown per settings file; the rest are counted, never dropped silently."""
_MAINTAINER_AREAS = (
    ("themes/", "theme file"),
    (".github/workflows/", "workflow"),
    (".github/", "GitHub setting"),
    (".ci/", "CI file"),
    ("generator/", "code"),
    ("build.py", "code"),
    ("pyproject.toml", "code"),
    ("tests/", "test"),
    ("schema/", "schema"),
    ("benchmarks/", "benchmark"),
    (".gitignore", "git setting"),
    (".gitattributes", "git setting"),
    (".gitmodules", "git setting"),
    ("README.md", "documentation"),
    ("CONTRIBUTING.md", "documentation"),
)


class ReviewError(Exception):
    """Git could not compare the content with the given revision."""


@dataclass(frozen=True)
class _Path:
    """One path git reports as different from the revision (names relative to the repository)."""

    status: str
    """added, changed, removed or renamed."""
    path: str
    """The path now (the old one when removed), decoded with surrogateescape."""
    old_path: str | None = None
    old_mode: str = _ABSENT
    new_mode: str = _ABSENT
    old_blob: str = ""
    note: str = ""
    """What git says beyond the status: a copy, a merge conflict."""


@dataclass(frozen=True)
class Detail:
    """One line of the review and, for a GitHub annotation, the file and line it is about."""

    text: str
    path: str
    level: Level
    line: int | None = None


@dataclass
class Group:
    """Details of one kind of change, printed under a heading."""

    heading: str
    label: str
    """What a GitHub annotation calls one of these changes."""
    details: list[Detail] = field(default_factory=list)


@dataclass
class Changes:
    """Everything a change does since a revision, grouped by what it can affect."""

    revision: str
    entries: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_STATUS_ORDER, 0))
    guides: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_STATUS_ORDER, 0))
    site: str | None = None
    """added, changed or removed when site.yaml was touched."""
    vocabularies: str | None = None
    not_content: int = 0
    maintainer: int = 0
    groups: list[Group] = field(default_factory=list)

    def summary(self) -> list[str]:
        """Return the one-line summary followed by the grouped detail lines."""
        return [self.headline(), *self.detail_lines()]

    def headline(self) -> str:
        """Return the one line that says what the change touches."""
        added, changed, removed, renamed = self.entries.values()
        parts = [
            f"{added} entr{'y' if added == 1 else 'ies'} added, {changed} changed, "
            f"{removed} removed, {renamed} renamed"
        ]
        if any(self.guides.values()):
            counts = ", ".join(f"{n} {status}" for status, n in self.guides.items() if n)
            parts.append(f"guides {counts}")
        if self.site:
            parts.append(f"site settings {self.site}")
        if self.vocabularies:
            parts.append(f"vocabularies {self.vocabularies}")
        if self.not_content:
            n = self.not_content
            parts.append(
                f"{n} file{'s' if n != 1 else ''} in the content folder "
                f"{'are' if n != 1 else 'is'}n't content"
            )
        if self.maintainer:
            n = self.maintainer
            parts.append(f"{n} file{'s need' if n != 1 else ' needs'} a maintainer")
        if len(parts) == 1:
            parts.append("nothing else changed")
        return f"since {escaped(self.revision)}: {'; '.join(parts)}"

    def detail_lines(self) -> list[str]:
        """Return each group's heading and its indented lines, riskiest group first."""
        lines = []
        for group in self.groups:
            if group.details:
                lines.append(f"  {group.heading}:")
                lines.extend(f"    {detail.text}" for detail in group.details)
        return lines

    def annotations(self) -> list[str]:
        """Return a GitHub Actions workflow command for each detail, to annotate the PR."""
        commands = []
        for group in self.groups:
            for detail in group.details:
                where = f"file={_escape_github(escaped(detail.path), prop=True)}"
                if detail.line is not None:
                    where += f",line={detail.line}"
                message = _escape_github(f"{group.label}: {detail.text}")
                commands.append(f"::{detail.level} {where}::{message}")
        return commands


def changes_since(content: Path, revision: str) -> Changes:
    """Compare the whole repository holding `content` now (working tree) with `revision`."""
    if revision.startswith("-"):
        raise ReviewError("a revision can't start with '-'")
    top = _toplevel(content)
    try:
        inside = content.resolve().relative_to(top)
    except (ValueError, OSError):
        raise ReviewError(
            f"the content folder {escaped(str(content))} is not inside the repository at "
            f"{escaped(str(top))}"
        ) from None
    commit = _commit(top, revision)
    paths = {path.path: path for path in _diff(top, commit)}
    # the working tree hides a staged or committed submodule whose folder is missing
    for path in _diff(top, commit, "--cached"):
        paths.setdefault(path.path, path)
    for path in _untracked(top):
        known = paths.get(path.path)
        if known is not None and known.status == "removed":  # untracked again after `git rm`
            path = _Path("changed", path.path, None, known.old_mode, path.new_mode, known.old_blob)
        paths[path.path] = path
    return _review(
        top, "" if inside == Path(".") else inside.as_posix() + "/", revision, [*paths.values()]
    )


def _git(folder: Path, *args: str) -> bytes:
    """Run git in `folder` and return its standard output, or raise what went wrong."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "-c", "core.fsmonitor=false", *args],
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
            env=env,
        )
    except FileNotFoundError:
        raise ReviewError("git is not installed; install git, or leave out --since") from None
    except (OSError, ValueError) as exc:
        raise ReviewError(f"git could not be run ({escaped(str(exc))})") from None
    if done.returncode != 0:
        raise ReviewError(_git_message(done.stderr) or f"git {args[0]} failed")
    return done.stdout


def _git_message(stderr: bytes) -> str:
    lines = [line.strip() for line in os.fsdecode(stderr).splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return escaped((fatal or lines or [""])[0])


def _toplevel(content: Path) -> Path:
    try:
        output = _git(content, "rev-parse", "--show-toplevel")
    except ReviewError as exc:
        if "not a git repository" in str(exc):
            raise ReviewError(
                f"the content folder {escaped(str(content))} is not inside a git repository"
            ) from None
        raise
    return Path(os.fsdecode(output.removesuffix(b"\n"))).resolve()


def _commit(top: Path, revision: str) -> str:
    try:
        found = _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        return found.decode("ascii").strip()
    except (ReviewError, UnicodeDecodeError):
        pass
    message = f"there is no revision '{escaped(revision)}' in this repository"
    try:
        shallow = _git(top, "rev-parse", "--is-shallow-repository").strip() == b"true"
    except ReviewError:
        shallow = False
    if shallow:
        message += (
            "; this clone is shallow, so fetch the revision first (for example "
            "`git fetch origin main`), or check out with fetch-depth: 0"
        )
    raise ReviewError(message)


def _diff(top: Path, commit: str, *options: str) -> list[_Path]:
    """Return what `git diff --raw -z` reports between `commit` and the working tree."""
    output = _git(
        top,
        "diff",
        *options,
        "--raw",
        "-z",
        "--no-abbrev",
        "--find-renames",
        "--ignore-submodules=none",
        "--no-ext-diff",
        "--no-textconv",
        "--no-color",
        commit,
        "--",
    )
    fields = output.split(b"\0")
    paths = []
    index = 0
    while index < len(fields) and fields[index].startswith(b":"):
        header = fields[index][1:].decode("ascii", "replace").split(" ")
        if len(header) != 5 or not header[4]:
            raise ReviewError("git diff printed something this version can't read")
        old_mode, new_mode, old_blob, _new_blob, status = header
        letter = status[:1]
        names = [
            os.fsdecode(name) for name in fields[index + 1 : index + (3 if letter in "RC" else 2)]
        ]
        index += 1 + len(names)
        kind = {"A": "added", "D": "removed", "R": "renamed", "C": "added"}.get(letter, "changed")
        note = ""
        if letter == "C":
            note = f"a copy of {escaped(names[0])}"
        elif letter == "R" and status[1:] != "100":
            note = "and changed"
        elif letter == "U":
            note = "has unresolved merge conflicts"
        path = _Path(
            kind,
            names[-1],
            names[0] if letter == "R" else None,
            old_mode if letter != "C" else _ABSENT,
            new_mode,
            old_blob,
            note,
        )
        paths.append(path)
    return paths


def _untracked(top: Path) -> list[_Path]:
    """Return the files git doesn't track yet and doesn't ignore, with their kind."""
    output = _git(top, "ls-files", "-z", "--others", "--exclude-standard")
    paths = []
    for raw in output.split(b"\0"):
        if not raw:
            continue
        name = os.fsdecode(raw)
        mode, note = _FILE, "not committed yet"
        try:
            info = os.lstat(top / name)
        except OSError:
            info = None
        if name.endswith("/") or (info is not None and stat.S_ISDIR(info.st_mode)):
            name = name.rstrip("/")
            mode, note = _SUBMODULE, "a git repository inside this one, not committed yet"
        elif info is not None and stat.S_ISLNK(info.st_mode):
            mode = _SYMLINK
        elif info is not None and not stat.S_ISREG(info.st_mode):
            mode = "special"
        elif info is not None and info.st_mode & 0o111:
            mode = _EXECUTABLE
        paths.append(_Path("added", name, new_mode=mode, note=note))
    return paths


_ENTRIES = "entries"
_GUIDES = "guides"
_SITE = "site"
_VOCABULARIES = "vocabularies"
_NOT_CONTENT = "not content"
_MAINTAINER = "maintainer"


def _review(top: Path, inside: str, revision: str, paths: list[_Path]) -> Changes:
    """Sort every path into the group of what it can affect and describe it."""
    groups = {
        _NOT_CONTENT: Group(
            "in the content folder but not content (a maintainer must check these)",
            "not content, in the content folder",
        ),
        _MAINTAINER: Group("needs a maintainer", "needs a maintainer"),
        _SITE: Group(f"site settings ({escaped(inside + 'site.yaml')})", "site setting"),
        _VOCABULARIES: Group(
            f"vocabularies ({escaped(inside + 'vocabularies.yaml')})", "vocabularies"
        ),
        _GUIDES: Group(f"guides ({escaped(inside + 'resources')})", "guide"),
        _ENTRIES: Group(f"entries ({escaped(inside + 'groups')})", "entry"),
    }
    result = Changes(revision, groups=list(groups.values()))
    guide_names = _guide_names(top, inside)
    items: list[_Path] = []
    for path in paths:
        if path.status == "renamed" and path.old_path is not None:
            before = _group_of(path.old_path, inside, _ABSENT, path.old_mode)[0]
            after = _group_of(path.path, inside, path.new_mode, path.old_mode)[0]
            if before != after:  # a move between groups is a removal and an addition
                items.append(_Path("removed", path.old_path, None, path.old_mode, _ABSENT))
                items.append(_Path("added", path.path, None, _ABSENT, path.new_mode))
                continue
        items.append(path)
    items.sort(key=lambda item: (_STATUS_ORDER[item.status], item.path))
    for path in items:
        group, kind = _group_of(path.path, inside, path.new_mode, path.old_mode)
        notes = [note for note in (path.note, _mode_note(top, path)) if note]
        if group == _ENTRIES:
            result.entries[path.status] += 1
            groups[group].details.append(_file_detail(path, notes, "notice"))
        elif group == _GUIDES:
            result.guides[path.status] += 1
            level: Level = "notice"
            if path.status != "removed":
                name = path.path.rsplit("/", 1)[-1]
                same = [other for other in guide_names.get(name, []) if other != path.path]
                if same:
                    level = "warning"
                    notes.append(
                        f"same file name as {', '.join(escaped(p) for p in same)}: only one of "
                        "them can be the guide's page"
                    )
            groups[group].details.append(_file_detail(path, notes, level))
        elif group == _NOT_CONTENT:
            result.not_content += 1
            groups[group].details.append(_file_detail(path, [*notes, kind], "warning"))
        elif group == _MAINTAINER:
            result.maintainer += 1
            groups[group].details.append(_file_detail(path, [kind, *notes], "warning"))
        # a settings file is compared even when it is also flagged for its mode
        settings = _group_of(path.path, inside, _FILE)[0]
        if settings in (_SITE, _VOCABULARIES):
            how = path.status if path.status in ("added", "removed") else "changed"
            if settings == _SITE:
                result.site = how
            else:
                result.vocabularies = how
            groups[settings].details.extend(
                _settings_details(top, path, revision, whole_at=None if settings == _SITE else 2)
            )
    return result


def _group_of(path: str, inside: str, new_mode: str, old_mode: str = _ABSENT) -> tuple[str, str]:
    """Return the group of a path in the repository and what kind of file it is there."""
    odd = new_mode not in (_ABSENT, _FILE) or old_mode not in (_ABSENT, _FILE, _EXECUTABLE)
    if path.startswith(inside) and not odd:
        rel = path[len(inside) :]
        name = rel.rsplit("/", 1)[-1]
        if rel == "site.yaml":
            return _SITE, "site settings"
        if rel == "vocabularies.yaml":
            return _VOCABULARIES, "vocabularies"
        if rel.startswith("groups/") and name.endswith(".yaml") and not name.startswith("."):
            return _ENTRIES, "entry"
        if rel.startswith("resources/") and name.endswith(".md") and not name.startswith("."):
            return _GUIDES, "guide"
    for prefix, kind in _MAINTAINER_AREAS:
        if path == prefix or (prefix.endswith("/") and path.startswith(prefix)):
            return _MAINTAINER, kind
    if path.startswith(inside):
        if _SYMLINK in (new_mode, old_mode):
            return _NOT_CONTENT, "content is never a symlink: the site would read what it points to"
        if _SUBMODULE in (new_mode, old_mode):
            return _NOT_CONTENT, "content is never a submodule"
        if odd:
            return _NOT_CONTENT, "content files are never executable or special files"
        return _NOT_CONTENT, "not a file the site reads"
    if path.rsplit("/", 1)[-1].endswith((".py", ".pth")):
        # a module at the top (yaml.py, sitecustomize.py) is imported before the installed one
        # by `python build.py`, so it runs in the build like the generator's own code
        return _MAINTAINER, "code"
    return _MAINTAINER, "other file"


def _mode_note(top: Path, path: _Path) -> str:
    """Describe a symlink, a submodule or a change of file type or executable bit."""
    old, new = path.old_mode, path.new_mode
    if _SYMLINK in (old, new):
        target = _link_target(top, path)
        pointing = f" pointing to {target}" if target else ""
        if old == new:
            return f"a symlink{pointing}"
        if new == _SYMLINK:
            was = f", was a {_MODE_NAMES.get(old, old)}" if old != _ABSENT else ""
            return f"a symlink{pointing}{was}"
        now = f", now a {_MODE_NAMES.get(new, new)}" if new != _ABSENT else ""
        return f"was a symlink{pointing}{now}"
    if _SUBMODULE in (old, new) and not path.note:
        return "a submodule (another repository's code)"
    if {old, new} == {_FILE, _EXECUTABLE}:
        return "now executable" if new == _EXECUTABLE else "no longer executable"
    if new == _EXECUTABLE and old == _ABSENT:
        return "executable"
    if _ABSENT not in (old, new) and old != new:
        return f"was a {_MODE_NAMES.get(old, old)}, now a {_MODE_NAMES.get(new, new)}"
    return ""


def _link_target(top: Path, path: _Path) -> str:
    if path.new_mode == _SYMLINK:
        try:
            return escaped(os.readlink(top / path.path))
        except OSError:
            return ""
    data = _blob(top, path.old_blob)
    return escaped(os.fsdecode(data)) if data is not None else ""


def _file_detail(path: _Path, notes: Iterable[str], level: Level) -> Detail:
    shown = escaped(path.path)
    if path.status == "renamed" and path.old_path is not None:
        shown = f"{escaped(path.old_path)} -> {shown}"
    extra = "; ".join(notes)
    return Detail(f"{path.status}: {shown}{f' ({extra})' if extra else ''}", path.path, level)


def _guide_names(top: Path, inside: str) -> dict[str, list[str]]:
    """Return the guide files in the working tree by file name (a guide's page is its name)."""
    names: dict[str, list[str]] = {}
    folder = top / inside / "resources"
    if folder.is_symlink():  # flagged on its own; never walk what it points to
        return names
    for parent, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith(".md") and not name.startswith("."):
                relative = (Path(parent) / name).relative_to(top).as_posix()
                names.setdefault(name, []).append(relative)
    for found in names.values():
        found.sort()
    return names


# --- site settings and vocabularies, field by field ---------------------------------------


def _settings_details(top: Path, path: _Path, revision: str, whole_at: int | None) -> list[Detail]:
    """Compare the two versions of a settings file and return one line per field changed."""
    shown = escaped(path.path)
    if path.status == "removed":
        return [
            Detail(f"removed: {shown} (the site can't be built without it)", path.path, "warning")
        ]
    heading = (
        [Detail(f"{path.status}: {shown}", path.path, "warning")]
        if path.status != "changed"
        else []
    )
    old_path = path.old_path or path.path
    old: tuple[Document | None, str] = (Document(path=shown, data={}), "")
    if path.old_mode in _REGULAR:
        old = _parsed(_blob(top, path.old_blob), f"{escaped(old_path)} at {escaped(revision)}")
    elif path.old_mode != _ABSENT:
        kind = _MODE_NAMES.get(path.old_mode, "special file")
        old = (None, f"{escaped(old_path)} at {escaped(revision)} is a {kind}")
    if path.new_mode in _REGULAR:
        new = _parsed(_working_file(top / path.path), f"{shown} now")
    else:
        new = (None, f"{shown} is a {_MODE_NAMES.get(path.new_mode, 'special file')} now")
    if new[0] is None or old[0] is None:
        why = "; ".join(reason for _doc, reason in (old, new) if reason)
        return [
            *heading,
            Detail(
                f"can't compare the settings field by field: {why}; read the whole file's diff",
                path.path,
                "warning",
            ),
        ]
    changes: list[tuple[str, tuple[Any, ...], Any, Any]] = []
    compare(old[0].data, new[0].data, (), changes, whole_at)
    details = []
    for what, loc, before, after in changes[:MAX_DETAILS]:
        where = loc_text(loc)
        if what == "changed":
            text = f"changed {where}: {' -> '.join(values(before, after))}"
        elif what == "added":
            text = f"added {where}: {value_text(after)}"
        else:
            text = f"removed {where} (was {value_text(before)})"
        line = new[0].position(loc)[0] if what != "removed" else None
        details.append(Detail(text, path.path, "warning", line))
    if len(changes) > MAX_DETAILS:
        details.append(
            Detail(
                f"... and {len(changes) - MAX_DETAILS} more changes; read the whole file's diff",
                path.path,
                "warning",
            )
        )
    if not changes:
        details.append(
            Detail(
                "no setting changed (only the file's layout, comments or mode)",
                path.path,
                "warning",
            )
        )
    return [*heading, *details]


def _blob(top: Path, blob: str) -> bytes | None:
    if not blob or set(blob) == {"0"}:
        return None
    try:
        size = int(_git(top, "cat-file", "-s", blob))
        if size > MAX_FILE_BYTES:
            return b"\0too big"
        return _git(top, "cat-file", "blob", blob)
    except (ReviewError, ValueError):
        return None


def _working_file(path: Path) -> bytes | None:
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_size > MAX_FILE_BYTES:
            return b"\0too big"
        return path.read_bytes()
    except OSError:
        return None


def _parsed(data: bytes | None, shown: str) -> tuple[Document | None, str]:
    """Return the file's YAML Document, or a plain reason it can't be read."""
    if data is None:
        return None, f"{shown} can't be read"
    if data == b"\0too big":
        return None, f"{shown} is bigger than {MAX_FILE_BYTES:,} bytes"
    text, problems = decode_text(data, shown)
    doc = None
    if text is not None:
        doc, problems = parse_yaml(text, shown)
    if doc is None:
        first = problems[0] if problems else None
        where = f" (line {first.line}, column {first.column}: {first.message})" if first else ""
        return None, f"{shown} is not valid YAML{where}"
    return doc, ""
