"""Where themes live, which theme folders a build reads (the chosen one over the default), and
what is wrong with their files."""

from __future__ import annotations

from pathlib import Path

from generator.reading.files import scan_files
from generator.reading.problems import Problem, display_path

THEMES = Path(__file__).resolve().parents[2] / "themes"
DEFAULT_THEME = THEMES / "default"


def theme_dirs(theme: str | None, themes: Path = THEMES) -> list[Path]:
    """Return the theme folders in override order: the maintainer's theme (a folder under
    `themes`, chosen with --theme, never by content) first, then the default theme."""
    folders = [themes / theme] if theme and theme != "default" else []
    folders.append(DEFAULT_THEME)
    return folders


def theme_problems(folders: list[Path]) -> list[Problem]:
    """Return what is wrong with the theme folders' files: links, devices and pipes are never
    read, and names must be checked out everywhere, as under the content folder."""
    problems = []
    for folder in folders:
        if not folder.is_dir() or folder.is_symlink():
            problems.append(
                Problem(
                    display_path(folder),
                    1,
                    1,
                    "error",
                    "the theme is not a folder under themes/; build with --theme NAME, "
                    "where NAME is one of the folders there",
                )
            )
            continue
        problems.extend(scan_files(folder, display_path(folder)).problems)
    return problems
