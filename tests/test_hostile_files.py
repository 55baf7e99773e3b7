"""Hostile pull requests, files: only regular files inside the content folder are ever read.

A pull request can add symbolic links (to the process environment, to a secret file, to a
folder outside the repository), device files, named pipes, names that can't be checked out on
Windows or macOS, and the usual extensions in other spellings. Each is refused with a
positioned message that shows nothing of a link's target, and `check` never hangs or crashes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ENTRY, ROOT, TODAY, build_args, tree

from generator.build.site import build_site
from generator.cli import run_check

SECRET = "TOKEN-0f9e8d7c6b5a"


def problems_of(root: Path) -> list[str]:
    """Return every problem of a content folder, with paths relative to it."""
    result = run_check(root, TODAY)
    prefix = root.as_posix() + "/"
    found = []
    for problem in result.problems:
        line = problem.format()
        absolute = (Path.cwd() / problem.path).as_posix() + line[len(problem.path) :]
        found.append(absolute.replace(prefix, ""))
    return found


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run build.py with a secret in its environment, as CI would hold a token."""
    env = {**os.environ, "DEPLOY_TOKEN": SECRET, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.yaml"
    path.parent.mkdir()
    path.write_text(f"name: {SECRET}\n", encoding="utf-8")
    return path


LINK = (
    "this is a symbolic link, not a regular file; the build reads only regular files inside the "
    "content folder and the theme, so replace it with the file itself or remove it"
)


@pytest.mark.parametrize(
    "name",
    [
        "groups/leak.yaml",
        "groups/us/nested/leak.yaml",
        "resources/leak.md",
        "resources/leak.es.md",
        "vocabularies.yaml",
        "groups/.hidden.yaml",
    ],
)
def test_a_link_to_a_file_outside_is_refused_without_reading_it(
    site: Callable[..., Path], secret_file: Path, name: str
) -> None:
    root = site({"groups/good.yaml": ENTRY})
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.symlink_to(secret_file)
    found = problems_of(root)
    assert f"{name}:1:1: error: {LINK}" in found
    assert not any(SECRET in line or "outside" in line for line in found)
    # the file the link replaced is not reported missing as well
    assert not any("is missing" in line for line in found)


def test_a_link_to_the_process_environment_leaks_nothing_into_the_site_or_output(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({"groups/good.yaml": ENTRY})
    (root / "groups/environ.yaml").symlink_to("/proc/self/environ")
    (root / "resources/environ.md").symlink_to("/proc/self/environ")
    out = tmp_path / "out"
    done = run_cli(*build_args(root, out))
    assert done.returncode == 1
    assert SECRET not in done.stdout + done.stderr
    assert f"{root.as_posix()}/groups/environ.yaml:1:1: error: {LINK}" in done.stdout
    assert f"{root.as_posix()}/resources/environ.md:1:1: error: {LINK}" in done.stdout
    assert not out.exists()


def test_a_linked_folder_is_not_followed(site: Callable[..., Path], tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (outside / "us").mkdir(parents=True)
    (outside / "us" / "stolen.yaml").write_text(ENTRY, encoding="utf-8")
    root = site({"groups/good.yaml": ENTRY})
    (root / "groups" / "more").symlink_to(outside)
    (root / "groups" / "loop").symlink_to(root)  # a loop never ends the walk
    found = problems_of(root)
    assert found == [f"groups/loop:1:1: error: {LINK}", f"groups/more:1:1: error: {LINK}"]


def test_a_linked_site_yaml_is_refused(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site({"groups/good.yaml": ENTRY})
    real = tmp_path / "site.yaml"
    (root / "site.yaml").rename(real)
    (root / "site.yaml").symlink_to(real)
    assert problems_of(root) == [f"site.yaml:1:1: error: {LINK}"]


def test_a_named_pipe_never_blocks_check(site: Callable[..., Path]) -> None:
    root = site({"groups/good.yaml": ENTRY})
    os.mkfifo(root / "groups" / "pipe.yaml")
    os.mkfifo(root / "resources" / "pipe.md")
    found: list[str] = []
    worker = threading.Thread(target=lambda: found.extend(problems_of(root)), daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "check waited on a named pipe"
    message = (
        "this is a named pipe (FIFO), not a regular file; the build reads only regular files "
        "inside the content folder and the theme, so replace it with the file itself or remove it"
    )
    assert found == [
        f"groups/pipe.yaml:1:1: error: {message}",
        f"resources/pipe.md:1:1: error: {message}",
    ]


def test_a_socket_is_refused(site: Callable[..., Path]) -> None:
    import socket

    root = site({"groups/good.yaml": ENTRY})
    here = os.getcwd()
    os.chdir(root / "groups")  # a socket's path must be short
    try:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind("s.yaml")
    finally:
        os.chdir(here)
    try:
        found = problems_of(root)
    finally:
        sock.close()
    assert [line.split(": error: ")[1][:30] for line in found] == ["this is a socket, not a regula"]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("groups/con.yaml", "CON is a reserved device name on Windows"),
        ("groups/Aux.yaml", "AUX is a reserved device name on Windows"),
        ("groups/lpt1.es.yaml", "LPT1 is a reserved device name on Windows"),
        ("groups/com9", "COM9 is a reserved device name on Windows"),
        ("groups/nul/x.yaml", "NUL is a reserved device name on Windows"),
        ("resources/what?.md", "the name contains '?', which Windows does not allow in file names"),
        ("groups/a:b.yaml", "the name contains ':', which Windows does not allow in file names"),
        (
            'groups/quote".yaml',
            "the name contains '\"', which Windows does not allow in file names",
        ),
        (
            "groups/back\\slash.yaml",
            "the name contains '\\\\', which Windows does not allow in file names",
        ),
        ("groups/trailing.yaml.", "the name ends with a dot or a space, which Windows drops"),
        ("groups/trailing ", "the name ends with a dot or a space, which Windows drops"),
    ],
)
def test_names_that_cannot_be_checked_out_everywhere_are_refused(
    site: Callable[..., Path], name: str, why: str
) -> None:
    root = site({"groups/good.yaml": ENTRY, name: ENTRY})
    shown = name.split("/")[0] + "/" + name.split("/")[1]
    assert problems_of(root) == [
        f"{shown}:1:1: error: {why}; rename it so the repository can be checked out anywhere"
    ]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("groups/\u202egnp.yaml", "202E"),
        ("groups/us\u200b/a.yaml", "200B"),
        ("resources/guide\u2066.md", "2066"),
        ("groups/a\u00a0b.yaml", "00A0"),
        ("groups/x\u00ad.yaml", "00AD"),
    ],
)
def test_invisible_and_direction_changing_characters_in_names_are_refused(
    site: Callable[..., Path], name: str, code: str
) -> None:
    root = site({"groups/good.yaml": ENTRY, name: ENTRY})
    found = problems_of(root)
    assert len(found) == 1
    assert found[0].endswith(
        f"error: the name contains an invisible or direction-changing character (U+{code}), "
        "which can make it read as another name; rename it so the repository can be checked "
        "out anywhere"
    )
    assert not any(char in found[0] for char in "\u202e\u200b\u2066\u00a0\u00ad")


def test_a_github_command_in_a_name_is_broken_in_every_problem_line(
    site: Callable[..., Path],
) -> None:
    root = site({"groups/good.yaml": ENTRY, "groups/##[add-mask]x.yaml": "name: [\n"})
    found = problems_of(root)
    assert found and all("##[" not in line for line in found)
    assert found[0].startswith("groups/##\\x5badd-mask]x.yaml:")


def test_a_control_character_in_a_name_cannot_forge_an_output_line(
    site: Callable[..., Path],
) -> None:
    root = site(
        {"groups/good.yaml": ENTRY, "groups/x\nsite.yaml:1:1: error: all good\x1b[8m.yaml": ENTRY}
    )
    found = problems_of(root)
    assert len(found) == 1 and "\n" not in found[0] and "\x1b" not in found[0]
    assert found[0].startswith(
        "groups/x\\nsite.yaml:1:1: error: all good\\x1b[8m.yaml:1:1: error: "
    )


def test_names_differing_only_by_case_or_normalization_are_refused(
    site: Callable[..., Path],
) -> None:
    nfc, nfd = "caf\u00e9", "cafe\u0301"
    root = site(
        {
            "groups/good.yaml": ENTRY,
            f"groups/{nfc}/one.yaml": ENTRY.replace("Test Group", "Cafe one"),
            f"groups/{nfd}/two.yaml": ENTRY.replace("Test Group", "Cafe two"),
            "groups/us/a.yaml": ENTRY.replace("Test Group", "A"),
            "groups/US/b.yaml": ENTRY.replace("Test Group", "B"),
            "resources/Guide.md": "---\ntitle: A\n---\n",
            "resources/guide.md": "---\ntitle: B\n---\n",
        }
    )
    found = problems_of(root)
    rename = "so the two can't both be checked out on macOS or Windows; rename one"
    first, second = sorted([nfc, nfd])
    assert sorted(found) == sorted(
        [
            f"groups/us:1:1: error: this name differs from groups/US only by letter case, {rename}",
            f"groups/{second}:1:1: error: this name differs from groups/{first} only by how its "
            f"accented letters are encoded (Unicode normalization), {rename}",
            "resources/Guide.md:2:1: error: the file name 'Guide.md' is also the page address; "
            "use lowercase letters, digits and hyphens, and .<language>.md for translations",
            "resources/guide.md:1:1: error: this name differs from resources/Guide.md only by "
            f"letter case, {rename}",
        ]
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("groups/a.yml", "entry files end in .yaml; rename this file to a.yaml"),
        ("groups/a.YAML", "entry files end in .yaml; rename this file to a.yaml"),
        ("groups/a.Yml", "entry files end in .yaml; rename this file to a.yaml"),
        ("groups/us/a.yaML", "entry files end in .yaml; rename this file to a.yaml"),
        ("resources/guide.MD", "guide files end in .md; rename this file to guide.md"),
        ("resources/guide.markdown", "guide files end in .md; rename this file to guide.md"),
        ("resources/guide.es.Markdown", "guide files end in .md; rename this file to guide.es.md"),
    ],
)
def test_every_spelling_of_an_extension_gets_the_same_answer(
    site: Callable[..., Path], name: str, message: str
) -> None:
    root = site({"groups/good.yaml": ENTRY, name: "name: [unclosed\n"})
    assert problems_of(root) == [f"{name}:1:1: error: {message}"]


def test_settings_in_another_spelling_are_named(site: Callable[..., Path]) -> None:
    root = site({"groups/good.yaml": ENTRY})
    (root / "site.yaml").rename(root / "Site.YML")
    assert problems_of(root) == [
        "Site.YML:1:1: error: rename this file to site.yaml",
        "site.yaml:1:1: error: site.yaml is missing; the content folder needs one",
    ]


def test_files_the_build_does_not_read_are_pointed_out(site: Callable[..., Path]) -> None:
    root = site(
        {
            "groups/good.yaml": ENTRY,
            "mytheme/templates/base.html": "{{ ''.__class__ }}",
            "groups/notes.txt": "x",
            "evil.py": "import os",
        }
    )
    warning = (
        "is not read by the build: entries are .yaml files under groups/, guides are .md files "
        "under resources/, and the theme is the maintainer's, not part of the content; remove "
        "this file or move it"
    )
    assert problems_of(root) == [
        f"evil.py:1:1: warning: evil.py {warning}",
        f"groups/notes.txt:1:1: warning: notes.txt {warning}",
        f"mytheme/templates/base.html:1:1: warning: base.html {warning}",
    ]


def test_a_link_in_the_theme_stops_the_build_before_anything_is_written(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({"groups/good.yaml": ENTRY})
    themes = tmp_path / "themes"
    (themes / "mine" / "templates").mkdir(parents=True)
    (themes / "mine" / "templates" / "about.html").symlink_to("/proc/self/environ")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("old", encoding="utf-8")
    before = tree(out)
    result = build_site(root, out, TODAY, theme="mine", themes=themes)
    assert not result.published
    assert [p.format().rsplit("/", 2)[-2:] for p in result.problems] == [
        ["templates", f"about.html:1:1: error: {LINK}"]
    ]
    assert tree(out) == before
