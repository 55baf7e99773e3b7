"""A correction to an entry file: find the file a correction names, put the answers over its
values, and write again only the keys whose value changed, so the pull request's diff shows
just the correction and the volunteer's comments, quoting and translations stay as they were."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.model.models import Contact, Entry, Location, Online, Schedule, Verification
from generator.tools.importer import yaml_lines

TEXT_FIELDS = ("name", "summary", "description", "organization", "how_to_join", "cost_note")
"""The entry's translatable texts a form answers in one language."""
_FIELD_ORDER = tuple(Entry.model_fields)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ORDER = {
    "location": tuple(Location.model_fields),
    "online": tuple(Online.model_fields),
    "schedule": tuple(Schedule.model_fields),
    "contact": tuple(Contact.model_fields),
    "verified": tuple(Verification.model_fields),
}


def find_entry(reference: str, content: Path) -> tuple[Path | None, str]:
    """Return the entry file a page address, file path or slug names, or None and why not."""
    text = reference.strip().split("?", 1)[0].split("#", 1)[0].rstrip("/")
    slug = text.rsplit("/", 1)[-1].removesuffix(".yaml").lower()
    if len(slug) > 120 or not _SLUG.fullmatch(slug):
        return None, (
            f"'{reference}' does not name an entry; give its page address, e.g. "
            "https://example.org/en/groups/riverside-circle/, or its file name"
        )
    groups = content / "groups"
    # the slug is letters, digits and hyphens only, so it can't reach outside groups/
    found = (
        sorted(p for p in groups.rglob(f"{slug}.yaml") if p.is_file()) if groups.is_dir() else []
    )
    if not found:
        return None, f"no entry is called {slug}; check the address of its page"
    named = [p for p in found if text.endswith(p.relative_to(content).as_posix())]
    if len(named) == 1:
        return named[0], ""
    if len(found) > 1:
        return (
            None,
            f"{len(found)} entries are called {slug}; name its file, e.g. groups/us/{slug}.yaml",
        )
    return found[0], ""


def merge(old: Any, new: Any, key: str, own: str, written_in: str) -> Any:
    """Return an existing field's value with a correction's answers put over it.

    `own` is the language of the entry's plain texts, `written_in` the language of the answers:
    an answer replaces its own language's translation and leaves the others as they are.
    """
    if key == "schedule" and isinstance(old, str):
        old = {"hours": old}  # the short form, `schedule: 24/7`
    if isinstance(new, str) and key in TEXT_FIELDS:
        if isinstance(old, dict):
            return {**old, written_in: new}
        if isinstance(old, str) and written_in != own:
            return {own: old, written_in: new}  # the answer is a translation
        return new
    if key == "schedule" and isinstance(old, dict) and isinstance(new, dict):
        if "hours" in new:
            return {k: v for k, v in {**old, **new}.items() if k not in ("meetings", "timezone")}
        if "meetings" in new:
            merged = {k: v for k, v in {**old, **new}.items() if k != "hours"}
            if not new["timezone"] and old.get("timezone"):
                merged["timezone"] = old["timezone"]
            return merged
    if isinstance(old, dict) and isinstance(new, dict) and key != "schedule":
        return {**old, **new}
    return new


Segment = tuple[str, list[str]]


def _segments(lines: list[str], starts: Mapping[str, int]) -> list[Segment]:
    """Split lines at the keys' first lines into (key, its lines), with ("", lines) between."""
    ordered = sorted((index, key) for key, index in starts.items())
    segments: list[Segment] = [("", lines[: ordered[0][0]] if ordered else lines)]
    for number, (start, key) in enumerate(ordered):
        end = ordered[number + 1][0] if number + 1 < len(ordered) else len(lines)
        gap = end
        # comments and blank lines before the next key belong to it, not to this one
        while gap > start + 1 and (
            not lines[gap - 1].strip() or lines[gap - 1].lstrip().startswith("#")
        ):
            gap -= 1
        segments += [(key, lines[start:gap]), ("", lines[gap:end])]
    return segments


def splice(
    lines: list[str],
    first: int,
    doc: Any,
    parent: tuple[str, ...],
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    fill: Mapping[Any, str],
) -> list[str]:
    """Return a mapping's lines with only the keys whose value changed written again.

    `lines` start at line `first` (from 0) of the file `doc` was read from, so a volunteer's
    comments, quoting and order stay as they were everywhere the correction doesn't touch.
    """
    starts = {
        str(loc[-1]): line - 1 - first
        for loc, (line, _) in doc.keys.items()
        if len(loc) == len(parent) + 1 and tuple(loc[:-1]) == parent
    }
    segments = _segments(lines, starts)
    order = _ORDER.get(parent[-1], tuple(new)) if parent else _FIELD_ORDER
    offsets = {key: index for key, index in starts.items()}
    for key in sorted(set(old) | set(new), key=lambda k: order.index(k) if k in order else 99):
        place = next((i for i, (name, _) in enumerate(segments) if name == key), None)
        if key not in new:
            if place is not None:
                segments[place] = (key, [])
            continue
        if key in old and new[key] == old[key]:
            continue
        block = segments[place][1] if place is not None else []
        if (
            not parent
            and isinstance(old.get(key), dict)
            and isinstance(new[key], dict)
            and block
            and block[0].rstrip().endswith(":")
        ):
            start = first + offsets[key]
            lines_of = splice(block, start, doc, (key,), old[key], new[key], fill)
        else:
            lines_of = yaml_lines({key: new[key]}, len(parent), parent, fill)
        if place is not None:
            segments[place] = (key, lines_of)
            continue
        # a new key goes after the one before it in the model's order, or first
        earlier = order[: order.index(key)] if key in order else order
        after = max((i for i, (name, _) in enumerate(segments) if name in earlier), default=0)
        segments.insert(after + 1, (key, lines_of))
    return [line for _, part in segments for line in part]
