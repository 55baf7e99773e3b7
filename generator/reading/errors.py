"""Pydantic's validation errors -> positioned problems in the volunteer's words."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.model.fields import EMPTY, describe, did_you_mean
from generator.reading.load import Document, Loc
from generator.reading.problems import Problem

# --- pydantic errors -> problems ----------------------------------------------------------------


def validate_model(
    doc: Document,
    model: type[BaseModel],
    context: dict[str, Any],
    problems: list[Problem],
    what: str = "",
) -> Any:
    if not isinstance(doc.data, dict):
        if doc.data is None:
            problems.append(
                doc.problem(
                    (), f"the file is empty; it needs the fields of {what or 'a ' + model.__name__}"
                )
            )
        else:
            problems.append(
                doc.problem(
                    (),
                    f"expected fields such as `name: ...` (a mapping), found {describe(doc.data)}",
                )
            )
        return None
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        problems.extend(_problems_from(exc, doc, model))
        return None


def _problems_from(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    found = []
    errors = exc.errors(include_url=False)
    misspelled: set[Loc] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            field_loc: Loc = tuple(error["loc"])
            parent = _model_at(model, field_loc[:-1])
            suggestion = did_you_mean(
                str(field_loc[-1]), list(parent.model_fields) if parent else []
            )
            if suggestion:
                misspelled.add((*field_loc[:-1], suggestion.split("'")[1]))
    for error in errors:
        loc: Loc = tuple(error["loc"])
        kind = error["type"]
        at_key = False
        # pydantic ends the location of a bad mapping key with "[key]"; an unknown field that
        # is itself called "[key]" ends its location the same way
        if loc and loc[-1] == "[key]" and kind != "extra_forbidden":
            loc, at_key = loc[:-1], True
        ctx = error.get("ctx") or {}
        if kind == "content":
            loc = loc + tuple(ctx.get("subloc", ()))
            at_key = at_key or bool(ctx.get("at_key"))
            message = ctx["message"]
            if message == EMPTY:
                message = _empty(model, loc)
            found.append(doc.problem(loc, _prefixed(loc, message), at_key=at_key))
            continue
        if kind == "extra_forbidden":
            name = str(loc[-1])
            parent = _model_at(model, loc[:-1])
            allowed = list(parent.model_fields) if parent else []
            where = f" in {field_name(loc[:-1])}" if loc[:-1] else ""
            hint = did_you_mean(name, allowed)
            if not hint and allowed:
                hint = f"; the fields allowed here are {', '.join(allowed)}"
            found.append(doc.problem(loc, f"unknown field '{name}'{where}{hint}", at_key=True))
            continue
        if kind == "missing":
            if loc in misspelled:
                continue  # the unknown-field problem already says what to rename
            name = str(loc[-1])
            parent = _model_at(model, loc[:-1])
            where = f" in {field_name(loc[:-1])}" if loc[:-1] else ""
            hint = ""
            if parent is not None and name in parent.model_fields:
                description = parent.model_fields[name].description or ""
                hint = f": {' '.join(description.split())}" if description else ""
            found.append(doc.problem(loc[:-1], f"missing required field '{name}'{where}{hint}"))
            continue
        value = error.get("input")
        if kind in ("model_type", "dict_type", "model_attributes_type"):
            message = f"expected fields (a mapping), found {describe(value)}"
        elif kind in ("list_type", "tuple_type", "set_type"):
            message = f"expected a list, found {describe(value)}"
        elif kind == "string_type":
            message = f"expected text, found {describe(value)}"
        elif kind == "too_short":
            message = "needs at least one item"
        elif kind == "too_long":
            message = f"has too many items (at most {ctx.get('max_length')})"
        else:  # pragma: no cover - every type our models raise is handled above
            message = error["msg"]
        found.append(doc.problem(loc, _prefixed(loc, message), at_key=at_key))
    return found


def _empty(model: type[BaseModel], loc: Loc) -> str:
    """Return what an empty field is told: what to write in it, from its own description, and
    that it may be left out only when it may."""
    item = bool(loc) and isinstance(loc[-1], int)
    field_loc = loc[:-1] if item else loc
    parent = _model_at(model, field_loc[:-1])
    name = str(field_loc[-1]) if field_loc else ""
    info = parent.model_fields.get(name) if parent is not None else None
    if info is None or not info.description:
        return EMPTY
    description = " ".join(info.description.split())
    if item:
        return f"is empty; write one, or delete this item: {description}"
    if info.is_required():
        return f"is empty; it is needed, so write it: {description}"
    return f"is empty; write it, or leave the field out: {description}"


def dotted(loc: Loc) -> str:
    """Return a field's path as an editor writes it: schedule.meetings[0].start."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def field_name(loc: Loc) -> str:
    """Return a field's path followed by its positions counted as people count them.

    `schedule.meetings[0].start (the first meeting)`: the path is what an editor searches
    for, the words what a volunteer reading the message understands.
    """
    path = dotted(loc)
    places = [_place(loc, index) for index, part in enumerate(loc) if isinstance(part, int)]
    return f"{path} ({' in '.join(reversed(places))})" if places else path


_NOUNS = {
    "meetings": "meeting",
    "weeks": "week listed",
    "topics": "topic",
    "audiences": "audience",
    "accessibility": "accessibility term",
    "practices": "practice",
    "languages": "language",
    "countries": "country",
}
"""The word for one item of each list an entry or the site settings hold."""

_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()


def _place(loc: Loc, index: int) -> str:
    """Return in words which item `loc[index]` is: "the second meeting", "the latitude"."""
    position = int(loc[index])
    name = str(loc[index - 1]) if index else ""
    parent = str(loc[index - 2]) if index > 1 else ""
    if name == "coordinates" and position in (0, 1):
        return ("the latitude", "the longitude")[position]
    if parent == "crisis_lines":
        noun = f"crisis line of {name}"
    elif parent == "keywords":
        noun = f"{name} keyword"
    else:
        noun = _NOUNS.get(name, f"item of {name}" if name else "item")
    return f"the {_ordinal(position + 1)} {noun}"


def _ordinal(number: int) -> str:
    if number <= len(_ORDINALS):
        return _ORDINALS[number - 1]
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


def _prefixed(loc: Loc, message: str) -> str:
    return f"{field_name(loc)}: {message}" if loc else message


def _model_at(model: type[BaseModel] | None, loc: Loc) -> type[BaseModel] | None:
    skip = False
    for part in loc:
        if skip:
            skip = False
            continue
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        model, in_dict = _inner_model(model.model_fields[part].annotation)
        skip = in_dict
    return model


def _inner_model(annotation: Any, in_dict: bool = False) -> tuple[type[BaseModel] | None, bool]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, in_dict
    origin = typing.get_origin(annotation)
    for arg in typing.get_args(annotation):
        found, nested = _inner_model(arg, in_dict or origin is dict)
        if found is not None:
            return found, nested
    return None, in_dict
