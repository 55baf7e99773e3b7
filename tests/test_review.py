"""`check --since REV`: everything a pull request touches, from a real git history."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ENTRY, FIXTURES, TODAY, entry

from generator.cli import main
from generator.tools.review import changes_since

_WHO = ("-c", "user.name=t", "-c", "user.email=t@example.org")


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *_WHO, *args], check=True, capture_output=True)


def _commit(folder: Path, message: str = "change") -> None:
    _git(folder, "add", "-A")
    _git(folder, "commit", "-qm", message)


@pytest.fixture
def repository(site: Callable[..., Path]) -> Path:
    """Return the content folder of a fresh repository: the valid fixture site, a theme
    template and a workflow, all committed on `main` and a branch `pr` checked out."""
    content = site(
        {
            "groups/us/a.yaml": ENTRY,
            "groups/us/b.yaml": entry(name="Bee Circle"),
            "groups/gb/c.yaml": entry(name="Sea Circle"),
        },
        keep_entries=True,
    )
    top = content.parent
    (top / "themes/default/templates").mkdir(parents=True)
    (top / "themes/default/templates/base.html").write_text("<html></html>\n", encoding="utf-8")
    (top / ".github/workflows").mkdir(parents=True)
    (top / ".github/workflows/check.yml").write_text("on: pull_request\n", encoding="utf-8")
    _git(top, "init", "-q", "-b", "main")
    _commit(top, "start")
    _git(top, "checkout", "-qb", "pr")
    return content


def _review(
    content: Path, capsys: pytest.CaptureFixture[str], since: str = "main"
) -> tuple[int, list[str]]:
    """Run `check --since` and return its exit code and the lines from the summary on."""
    code = main(["check", "--content", str(content), "--today", str(TODAY), "--since", since])
    lines = capsys.readouterr().out.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(f"since {since}:")]
    assert starts, lines
    assert any(line.startswith("check: ") for line in lines[: starts[0]])  # problems come first
    return code, lines[starts[0] :]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_check_since_lists_added_changed_removed_and_renamed_entries(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "groups/us/a.yaml").write_text(entry(name="Renamed Group"), encoding="utf-8")
    (repository / "groups/us/b.yaml").unlink()
    (repository / "groups/gb/c.yaml").rename(repository / "groups/gb/sea-circle.yaml")
    (repository / "groups/fr").mkdir()
    shutil.copy(
        FIXTURES / "valid/groups/us/riverside-veterans.yaml", repository / "groups/fr/d.yaml"
    )
    _commit(repository.parent)  # committed on the branch...
    (repository / "groups/fr/e.yaml").write_text(entry(name="Untracked"), encoding="utf-8")
    code, lines = _review(repository, capsys)  # ...and not committed yet: both are listed
    assert code == 0
    assert lines == [
        "since main: 2 entries added, 1 changed, 1 removed, 1 renamed; nothing else changed",
        "  entries (content/groups):",
        "    added: content/groups/fr/d.yaml",
        "    added: content/groups/fr/e.yaml (not committed yet)",
        "    changed: content/groups/us/a.yaml",
        "    removed: content/groups/us/b.yaml",
        "    renamed: content/groups/gb/c.yaml -> content/groups/gb/sea-circle.yaml",
    ]


def test_check_since_with_no_change_says_nothing_changed(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; nothing else changed"
    ]


def test_check_since_names_a_changed_crisis_phone_number_with_old_and_new(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(repository / "site.yaml", 'phone: "116 123"', 'phone: "116 124"')
    _commit(repository.parent)
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; site settings changed",
        "  site settings (content/site.yaml):",
        '    changed crisis_lines.GB[1].phone: "116 123" -> "116 124"',
    ]


def test_check_since_pairs_crisis_lines_by_name_when_one_is_inserted(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(
        repository / "site.yaml",
        "  GB:\n",
        '  GB:\n    - name: Shout\n      sms: "85258"\n',
    )
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; site settings changed",
        "  site settings (content/site.yaml):",
        '    added crisis_lines.GB[1].name: "Shout"',
        '    added crisis_lines.GB[1].sms: "85258"',
    ]


def test_check_since_names_a_changed_base_url(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(repository / "site.yaml", "https://peers.example.org/", "https://peers.example.net/")
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; site settings changed",
        "  site settings (content/site.yaml):",
        '    changed base_url: "https://peers.example.org/" -> "https://peers.example.net/"',
    ]


def test_check_since_lists_every_setting_added_removed_or_changed(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(repository / "site.yaml", "languages: [en, es, fr, ar]", "languages: [en, es]")
    _edit(repository / "site.yaml", "repository:\n  url: https://github.com/example/peers\n", "")
    site = repository / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8")
        + "features:\n  near_me: false\nquick_exit_url: https://example.com/\n",
        encoding="utf-8",
    )
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; site settings changed",
        "  site settings (content/site.yaml):",
        '    changed languages: ["en", "es", "fr", "ar"] -> ["en", "es"]',
        '    added features.near_me: "false"',
        '    added quick_exit_url: "https://example.com/"',
        '    removed repository.url (was "https://github.com/example/peers")',
    ]


def test_check_since_says_plainly_when_site_settings_at_the_revision_cant_be_read(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    top = repository.parent
    _git(top, "checkout", "-q", "main")
    _edit(repository / "site.yaml", "default_language: en", "default_language: &lang en")
    _commit(top, "an anchor")
    _git(top, "checkout", "-q", "pr")
    _git(top, "reset", "-q", "--hard", "main")
    _edit(repository / "site.yaml", "default_language: &lang en", "default_language: en")
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; site settings changed",
        "  site settings (content/site.yaml):",
        "    can't compare the settings field by field: content/site.yaml at main is not "
        "valid YAML (line 5, column 19: YAML anchors (&lang) aren't supported; write the value "
        "out in full); read the whole file's diff",
    ]


def test_check_since_says_a_deleted_site_yaml_stops_the_site(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "site.yaml").unlink()
    _commit(repository.parent)
    code, lines = _review(repository, capsys)
    assert code == 1
    assert lines == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; site settings removed",
        "  site settings (content/site.yaml):",
        "    removed: content/site.yaml (the site can't be built without it)",
    ]


def test_check_since_lists_terms_added_removed_and_changed_per_vocabulary(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vocabularies = repository / "vocabularies.yaml"
    _edit(vocabularies, "fr: Deuil", "fr: Chagrin")
    _edit(vocabularies, "  families:\n", "  carers:\n    label: {en: Carers}\n  families:\n")
    _edit(vocabularies, "    keywords: {en: [trauma, post-traumatic stress]}\n", "")
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; vocabularies changed",
        "  vocabularies (content/vocabularies.yaml):",
        '    removed topics.ptsd.keywords (was {"en": ["trauma", "post-traumatic stress"]})',
        '    changed topics.grief.label.fr: "Deuil" -> "Chagrin"',
        '    added audiences.carers: {"label": {"en": "Carers"}}',
    ]


def test_check_since_lists_a_theme_template_as_needing_a_maintainer(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = repository.parent / "themes/default/templates/base.html"
    template.write_text("<html><script src=//evil.example></script></html>\n", encoding="utf-8")
    (template.parent / "new.html").write_text("{{ x }}\n", encoding="utf-8")
    _commit(repository.parent)
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; 2 files need a maintainer",
        "  needs a maintainer:",
        "    added: themes/default/templates/new.html (theme file)",
        "    changed: themes/default/templates/base.html (theme file)",
    ]


def test_check_since_lists_workflows_code_and_any_other_file_as_needing_a_maintainer(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    top = repository.parent
    (top / ".github/workflows/check.yml").write_text("on: pull_request_target\n", "utf-8")
    (top / ".ci").mkdir()
    (top / ".ci/run").write_text("#!/bin/sh\n", encoding="utf-8")
    (top / ".ci/run").chmod(0o755)
    (top / "build.py").write_text("print('hi')\n", encoding="utf-8")
    (top / "Makefile").write_text("all:\n", encoding="utf-8")
    _commit(top)
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; 4 files need a maintainer",
        "  needs a maintainer:",
        "    added: .ci/run (CI file; executable)",
        "    added: Makefile (other file)",
        "    added: build.py (code)",
        "    changed: .github/workflows/check.yml (workflow)",
    ]


def test_check_since_lists_guides_and_warns_of_a_same_named_guide_in_a_subfolder(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    guides = repository / "resources"
    _edit(guides / "first-meeting.es.md", "---\n", "---\n# hola\n")
    (guides / "sub").mkdir()
    shutil.copy(guides / "first-meeting.md", guides / "sub/first-meeting.md")
    _commit(repository.parent)
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; guides 1 added, 1 changed",
        "  guides (content/resources):",
        "    added: content/resources/sub/first-meeting.md (same file name as "
        "content/resources/first-meeting.md: only one of them can be the guide's page)",
        "    changed: content/resources/first-meeting.es.md",
    ]


def test_check_since_flags_a_symlink_in_the_content_folder(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "groups/us/leak.yaml").symlink_to("/etc/hostname")
    (repository / "resources/x.md").symlink_to("../site.yaml")
    _commit(repository.parent)
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; "
        "2 files in the content folder aren't content",
        "  in the content folder but not content (a maintainer must check these):",
        "    added: content/groups/us/leak.yaml (a symlink pointing to /etc/hostname; content "
        "is never a symlink: the site would read what it points to)",
        "    added: content/resources/x.md (a symlink pointing to ../site.yaml; content is "
        "never a symlink: the site would read what it points to)",
    ]


def test_check_since_flags_a_script_and_odd_files_dropped_into_the_content_folder(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "groups/us/run.py").write_text("import os\n", encoding="utf-8")
    (repository / "page.html").write_text("<script></script>\n", encoding="utf-8")
    (repository / "groups/.hidden.yaml").write_text(ENTRY, encoding="utf-8")
    (repository / "groups/us/a.yaml").chmod(0o755)
    _commit(repository.parent)
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; "
        "4 files in the content folder aren't content",
        "  in the content folder but not content (a maintainer must check these):",
        "    added: content/groups/.hidden.yaml (not a file the site reads)",
        "    added: content/groups/us/run.py (not a file the site reads)",
        "    added: content/page.html (not a file the site reads)",
        "    changed: content/groups/us/a.yaml (now executable; content files are never "
        "executable or special files)",
    ]


def test_check_since_escapes_file_names_that_could_forge_or_hide_lines(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "groups/us/x.yaml\n    removed: site.yaml").write_text(ENTRY, "utf-8")
    (repository / "groups/us/\x1b[8mhidden\x1b[0m.yaml").write_text(ENTRY, "utf-8")
    (repository / "groups/us/\u202eevil.yaml").write_text(ENTRY, "utf-8")
    (repository / "groups/us/##[add-mask]988.yaml").write_text(ENTRY, "utf-8")
    (repository / "groups/us/-rf .yaml").write_text(ENTRY, "utf-8")
    (repository / "groups/us/back\\slash.yaml").write_text(ENTRY, "utf-8")
    (repository / "groups/us/ trailing.yaml ").write_text(ENTRY, "utf-8")
    _commit(repository.parent)
    assert _review(repository, capsys)[1] == [
        "since main: 6 entries added, 0 changed, 0 removed, 0 renamed; "
        "1 file in the content folder isn't content",
        "  in the content folder but not content (a maintainer must check these):",
        "    added: content/groups/us/\\x20trailing.yaml\\x20 (not a file the site reads)",
        "  entries (content/groups):",
        "    added: content/groups/us/\\x1b[8mhidden\\x1b[0m.yaml",
        "    added: content/groups/us/##\\x5badd-mask]988.yaml",
        "    added: content/groups/us/-rf .yaml",
        "    added: content/groups/us/back\\\\slash.yaml",
        "    added: content/groups/us/x.yaml\\n    removed: site.yaml",
        "    added: content/groups/us/\\u202eevil.yaml",
    ]


def test_review_shows_a_file_name_that_is_not_utf8_as_its_bytes(repository: Path) -> None:
    (repository / os.fsdecode(b"groups/us/\xff\xfe.yaml")).write_text(ENTRY, "utf-8")
    _commit(repository.parent)
    assert changes_since(repository, "main").summary() == [
        "since main: 1 entry added, 0 changed, 0 removed, 0 renamed; nothing else changed",
        "  entries (content/groups):",
        "    added: content/groups/us/\\xff\\xfe.yaml",
    ]


def test_check_since_prints_github_annotations_under_github_actions(
    repository: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _edit(repository / "site.yaml", 'phone: "116 123"', 'phone: "116 124"')
    (repository / "groups/us/a, b: 100%.yaml").write_text(ENTRY, encoding="utf-8")
    (repository.parent / ".github/workflows/check.yml").write_text("on: push\n", "utf-8")
    _commit(repository.parent)
    assert _review(repository, capsys)[1] == [
        "since main: 1 entry added, 0 changed, 0 removed, 0 renamed; site settings changed; "
        "1 file needs a maintainer",
        "  needs a maintainer:",
        "    changed: .github/workflows/check.yml (workflow)",
        "  site settings (content/site.yaml):",
        '    changed crisis_lines.GB[1].phone: "116 123" -> "116 124"',
        "  entries (content/groups):",
        "    added: content/groups/us/a, b: 100%.yaml",
        "::warning file=.github/workflows/check.yml::needs a maintainer: changed: "
        ".github/workflows/check.yml (workflow)",
        "::warning file=content/site.yaml,line=19::site setting: changed "
        'crisis_lines.GB[1].phone: "116 123" -> "116 124"',
        "::notice file=content/groups/us/a%2C b%3A 100%25.yaml::entry: added: "
        "content/groups/us/a, b: 100%25.yaml",
    ]


def test_check_since_works_with_a_content_folder_deeper_in_the_repository(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    top = repository.parent
    (top / "data").mkdir()
    _git(top, "mv", "content", "data/content")
    _commit(top)
    _git(top, "checkout", "-q", "-b", "deeper")
    content = top / "data/content"
    _edit(content / "site.yaml", 'phone: "116 123"', 'phone: "116 124"')
    (content / "groups/us/z.yaml").write_text(ENTRY, encoding="utf-8")
    (top / "content").mkdir()
    (top / "content/site.yaml").write_text("not: read\n", encoding="utf-8")
    assert _review(content, capsys, "pr")[1] == [
        "since pr: 1 entry added, 0 changed, 0 removed, 0 renamed; site settings changed; "
        "1 file needs a maintainer",
        "  needs a maintainer:",
        "    added: content/site.yaml (other file; not committed yet)",
        "  site settings (data/content/site.yaml):",
        '    changed crisis_lines.GB[1].phone: "116 123" -> "116 124"',
        "  entries (data/content/groups):",
        "    added: data/content/groups/us/z.yaml (not committed yet)",
    ]


def test_check_since_flags_a_submodule_and_a_nested_repository(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nested = repository / "groups/nested"
    nested.mkdir()
    _git(nested, "init", "-q")
    (nested / "x.yaml").write_text(ENTRY, encoding="utf-8")
    _commit(nested)
    top = repository.parent
    _git(top, "update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},content/groups/sub")
    _, lines = _review(repository, capsys)
    assert lines == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; "
        "2 files in the content folder aren't content",
        "  in the content folder but not content (a maintainer must check these):",
        "    added: content/groups/nested (a git repository inside this one, not committed "
        "yet; content is never a submodule)",
        "    added: content/groups/sub (a submodule (another repository's code); content is "
        "never a submodule)",
    ]


def test_check_since_needs_a_real_revision(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "--content", str(repository), "--since", "no-such-branch"])
    assert code == 2
    assert capsys.readouterr().err == (
        "build.py: error: --since no-such-branch: there is no revision 'no-such-branch' in "
        "this repository\n"
    )


def test_check_since_never_reads_a_revision_as_an_option(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "--content", str(repository), "--since=--output=/tmp/x"])
    assert code == 2
    assert capsys.readouterr().err == (
        "build.py: error: --since --output=/tmp/x: a revision can't start with '-'\n"
    )


def test_check_since_outside_a_git_repository_is_a_usage_error(
    site: Callable[..., Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = site()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(content.parent))
    code = main(["check", "--content", str(content), "--since", "main"])
    assert code == 2
    assert capsys.readouterr().err == (
        f"build.py: error: --since main: the content folder {content} is not inside a git "
        "repository\n"
    )


def test_check_since_without_git_installed_is_a_usage_error(
    repository: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(repository / "no-such-folder"))
    code = main(["check", "--content", str(repository), "--since", "main"])
    assert code == 2
    assert capsys.readouterr().err == (
        "build.py: error: --since main: git is not installed; install git, or leave out --since\n"
    )


def test_check_since_in_a_shallow_clone_without_the_revision_says_how_to_fetch_it(
    repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "groups/us/z.yaml").write_text(ENTRY, encoding="utf-8")
    _commit(repository.parent)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth=1", "--branch=pr", repository.parent.as_uri(), clone],
        check=True,
        capture_output=True,
    )
    code = main(["check", "--content", str(clone / "content"), "--since", "origin/main"])
    assert code == 2
    assert capsys.readouterr().err == (
        "build.py: error: --since origin/main: there is no revision 'origin/main' in this "
        "repository; this clone is shallow, so fetch the revision first (for example `git "
        "fetch origin main`), or check out with fetch-depth: 0\n"
    )


def test_check_since_compares_a_site_yaml_made_executable_and_flags_it(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "site.yaml").chmod(0o755)
    _commit(repository.parent)
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; site settings changed; "
        "1 file in the content folder isn't content",
        "  in the content folder but not content (a maintainer must check these):",
        "    changed: content/site.yaml (now executable; content files are never executable or "
        "special files)",
        "  site settings (content/site.yaml):",
        "    no setting changed (only the file's layout, comments or mode)",
    ]


def test_check_since_flags_a_site_yaml_replaced_by_a_symlink_and_doesnt_compare_it(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "site.yaml").rename(repository / "real.yaml")
    (repository / "site.yaml").symlink_to("real.yaml")
    _commit(repository.parent)
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; site settings changed; "
        "2 files in the content folder aren't content",
        "  in the content folder but not content (a maintainer must check these):",
        "    added: content/real.yaml (not a file the site reads)",
        "    changed: content/site.yaml (a symlink pointing to real.yaml, was a file; content is "
        "never a symlink: the site would read what it points to)",
        "  site settings (content/site.yaml):",
        "    can't compare the settings field by field: content/site.yaml is a symlink now; "
        "read the whole file's diff",
    ]


def test_check_since_splits_a_move_out_of_the_entries_into_a_removal_and_an_addition(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "groups/us/a.yaml").rename(repository / "a.yaml")
    (repository / "groups/us/b.yaml").rename(repository / "groups/b.yaml")
    _edit(repository / "groups/gb/c.yaml", "name: Sea Circle", "name: Sea Circle Two")
    (repository / "groups/gb/c.yaml").rename(repository / "groups/gb/d.yaml")
    _commit(repository.parent)
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 1 removed, 2 renamed; "
        "1 file in the content folder isn't content",
        "  in the content folder but not content (a maintainer must check these):",
        "    added: content/a.yaml (not a file the site reads)",
        "  entries (content/groups):",
        "    removed: content/groups/us/a.yaml",
        "    renamed: content/groups/us/b.yaml -> content/groups/b.yaml",
        "    renamed: content/groups/gb/c.yaml -> content/groups/gb/d.yaml (and changed)",
    ]


def test_check_since_escapes_invisible_characters_in_a_changed_setting(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(repository / "site.yaml", 'phone: "116 123"', 'phone: "\u202e321 611"')
    _edit(repository / "site.yaml", "name: Samaritans", 'name: "Samaritans ##[add-mask]116"')
    assert _review(repository, capsys)[1] == [
        "since main: 0 entries added, 0 changed, 0 removed, 0 renamed; site settings changed",
        "  site settings (content/site.yaml):",
        '    changed crisis_lines.GB[1].name: "Samaritans" -> "Samaritans ##\\x5badd-mask]116"',
        '    changed crisis_lines.GB[1].phone: "116 123" -> "\\u202e321 611"',
    ]


def test_check_since_counts_the_settings_it_doesnt_show(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = repository / "site.yaml"
    extra = "".join(f"  X{n:03}:\n    - name: Line {n}\n" for n in range(105))
    _edit(site, "crisis_lines:\n", f"crisis_lines:\n{extra}")
    lines = _review(repository, capsys)[1]
    assert lines[2] == '    added crisis_lines.X000[1].name: "Line 0"'
    assert lines[101] == '    added crisis_lines.X099[1].name: "Line 99"'
    assert lines[102:] == ["    ... and 5 more changes; read the whole file's diff"]


def test_check_since_escapes_a_revision_in_its_error(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "--content", str(repository), "--since", "ma\x1b[2Jin\n"])
    assert code == 2
    assert capsys.readouterr().err == (
        "build.py: error: --since ma\\x1b[2Jin\\n: there is no revision 'ma\\x1b[2Jin\\n' in "
        "this repository\n"
    )


def test_check_since_shows_where_two_long_values_differ(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = "https://www.samaritans.org/" + "a" * 300
    _edit(repository / "site.yaml", "url: https://www.samaritans.org", f"url: {long}/x")
    _commit(repository.parent)
    _edit(repository / "site.yaml", f"url: {long}/x", f"url: {long}/y")
    assert _review(repository, capsys, "HEAD")[1][2] == (
        '    changed crisis_lines.GB[1].url: …aaaaaaaaaaaaaaaaaaa/x" -> …aaaaaaaaaaaaaaaaaaa/y"'
    )


def test_check_since_works_when_the_content_folder_is_the_repository(
    site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content = site({"groups/a.yaml": ENTRY})
    _git(content, "init", "-q", "-b", "main")
    _commit(content)
    (content / "groups/b.yaml").write_text(ENTRY, encoding="utf-8")
    (content / ".github/workflows").mkdir(parents=True)
    (content / ".github/workflows/x.yml").write_text("on: push\n", encoding="utf-8")
    (content / "notes.txt").write_text("hi\n", encoding="utf-8")
    assert _review(content, capsys)[1] == [
        "since main: 1 entry added, 0 changed, 0 removed, 0 renamed; "
        "1 file in the content folder isn't content; 1 file needs a maintainer",
        "  in the content folder but not content (a maintainer must check these):",
        "    added: notes.txt (not committed yet; not a file the site reads)",
        "  needs a maintainer:",
        "    added: .github/workflows/x.yml (workflow; not committed yet)",
        "  entries (groups):",
        "    added: groups/b.yaml (not committed yet)",
    ]
