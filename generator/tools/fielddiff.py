"""Field-by-field comparison of two versions of a YAML file's data, and text made safe to print
on one line (file names, values), for `check --since`.
"""

from __future__ import annotations

import json
import os
import unicodedata
from typing import Any

MAX_VALUE = 200


def compare(
    old: Any,
    new: Any,
    loc: tuple[Any, ...],
    out: list[tuple[str, tuple[Any, ...], Any, Any]],
    whole_at: int | None,
) -> None:
    """Append (added|removed|changed, location, old, new) for every field that differs."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key, value in new.items():
            if key in old:
                compare(old[key], value, (*loc, key), out, whole_at)
            else:
                _leaves("added", value, (*loc, key), out, whole_at)
        for key, value in old.items():
            if key not in new:
                _leaves("removed", value, (*loc, key), out, whole_at)
        return
    if _records(old) and _records(new):
        for i, j in _pairs(old, new, loc):
            if i is None:
                _leaves("added", new[j], (*loc, j), out, whole_at)
            elif j is None:
                _leaves("removed", old[i], (*loc, i), out, whole_at)
            else:
                compare(old[i], new[j], (*loc, j), out, whole_at)
        return
    out.append(("changed", loc, old, new))


def _leaves(
    what: str,
    value: Any,
    loc: tuple[Any, ...],
    out: list[tuple[str, tuple[Any, ...], Any, Any]],
    whole_at: int | None,
) -> None:
    """Append an added or removed value field by field (whole from depth `whole_at`)."""
    deep = whole_at is not None and len(loc) >= whole_at
    if isinstance(value, dict) and value and not deep:
        for key, item in value.items():
            _leaves(what, item, (*loc, key), out, whole_at)
    elif _records(value) and value and not deep:
        for index, item in enumerate(value):
            _leaves(what, item, (*loc, index), out, whole_at)
    else:
        out.append((what, loc, value if what == "removed" else None, value))


def _records(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def _pairs(
    old: list[Any], new: list[Any], loc: tuple[Any, ...]
) -> list[tuple[int | None, int | None]]:
    """Pair list items: crisis lines by name first (so inserting one moves no phone numbers),
    then the rest by position."""
    pairs: list[tuple[int | None, int | None]] = []
    left, right = list(range(len(old))), list(range(len(new)))
    if loc[:1] == ("crisis_lines",):
        names: dict[str, int] = {}
        for i in left:
            name = _name_of(old[i])
            if name is not None:
                names.setdefault(name, i)
        for j in list(right):
            name = _name_of(new[j])
            if name is not None and name in names:
                i = names.pop(name)
                pairs.append((i, j))
                left.remove(i)
                right.remove(j)
    pairs.extend(zip(left, right, strict=False))
    pairs.extend((i, None) for i in left[len(right) :])
    pairs.extend((None, j) for j in right[len(left) :])
    return sorted(pairs, key=lambda p: (p[0] if p[1] is None else p[1], p[1] is None))


def _name_of(item: Any) -> str | None:
    name = item.get("name") if isinstance(item, dict) else None
    if name is None:
        return None
    return json.dumps(name, sort_keys=True, ensure_ascii=False)


def loc_text(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return escaped(text or "(the whole file)")


def value_text(value: Any) -> str:
    text = escaped(json.dumps(value, ensure_ascii=False), quoted=True)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def values(before: Any, after: Any) -> tuple[str, str]:
    """Return both values shortened so that where they differ is always shown."""
    old = escaped(json.dumps(before, ensure_ascii=False), quoted=True)
    new = escaped(json.dumps(after, ensure_ascii=False), quoted=True)
    same = len(os.path.commonprefix([old, new]))
    start = max(0, same - 20)
    if same < MAX_VALUE - 20:
        start = 0
    shown = []
    for text in (old, new):
        part = ("…" if start else "") + text[start:]
        shown.append(part if len(part) <= MAX_VALUE else part[: MAX_VALUE - 1] + "…")
    return shown[0], shown[1]


# --- names printed safely ----------------------------------------------------------------


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escaped(text: str, quoted: bool = False) -> str:
    """Return text safe to print on one line: control, invisible and direction-changing
    characters, undecodable bytes (\\xNN) and the `[` of `##[` (which GitHub's runner obeys
    anywhere in a line: `##[add-mask]` could hide what follows) are shown as escapes; so are
    backslashes and spaces at either end of a name, unless the text is `quoted` JSON."""
    out = []
    for index, char in enumerate(text):
        code = ord(char)
        if char == "\\" and not quoted:
            out.append("\\\\")
        elif char in _NAMED:
            out.append(_NAMED[char])
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that isn't UTF-8, kept by surrogateescape
            out.append(f"\\x{code - 0xDC00:02x}")
        elif _hidden(char) or (char == " " and not quoted and _at_edge(text, index)):
            out.append(_escape_code(code))
        elif char == "[" and text[max(0, index - 2) : index] == "##":
            out.append(_escape_code(code))
        else:
            out.append(char)
    return "".join(out)


def _at_edge(text: str, index: int) -> bool:
    """Return whether a space begins or ends the text or a name in a path (invisible there)."""
    return index in (0, len(text) - 1) or "/" in (text[index - 1], text[index + 1])


def _hidden(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] == "C" or category in ("Zl", "Zp") or (category == "Zs" and char != " ")


def _escape_code(code: int) -> str:
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
