"""Reading YAML and front matter: values as volunteers mean them, every mistake positioned."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.reading.files import MAX_FILE_BYTES, read_text
from generator.reading.load import parse_markdown, parse_yaml


def parse(text: str) -> object:
    doc, problems = parse_yaml(text, "f.yaml")
    assert problems == [], problems
    assert doc is not None
    return doc.data


def errors(text: str) -> list[str]:
    doc, problems = parse_yaml(text, "f.yaml")
    assert doc is None
    return [p.format() for p in problems]


@pytest.mark.parametrize(
    "written",
    [
        "NO",
        "no",
        "yes",
        "off",
        "18:30",
        "01234",
        "2026-10-01",
        "1e3",
        "0x1F",
        "+1 217 555 0142",
        "3.10",
        "true",
    ],
)
def test_load_keeps_unquoted_values_as_written(written: str) -> None:
    assert parse(f"value: {written}\n") == {"value": written}


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_load_reads_empty_and_null_as_no_value(written: str) -> None:
    assert parse(f"value: {written}\n") == {"value": None}


def test_load_keeps_quoted_null_as_text() -> None:
    assert parse('value: "null"\n') == {"value": "null"}


def test_load_records_positions_of_keys_and_values() -> None:
    doc, _ = parse_yaml("name: x\nlocation:\n  city: y\n  coordinates: [1, 2]\n", "f.yaml")
    assert doc is not None
    assert doc.position(("name",)) == (1, 7)
    assert doc.position(("location", "city")) == (3, 9)
    assert doc.position(("location", "city"), at_key=True) == (3, 3)
    assert doc.position(("location", "coordinates", 1)) == (4, 20)
    assert doc.position(("location", "missing")) == (3, 3)


def test_load_rejects_duplicate_keys() -> None:
    assert errors("name: a\nkind: b\nname: c\n") == [
        "f.yaml:3:1: error: duplicate field 'name' (first set on line 1); keep only one"
    ]


def test_load_rejects_anchors_and_aliases() -> None:
    assert errors("a: &x [1]\nb: *x\n") == [
        "f.yaml:1:4: error: YAML anchors (&x) aren't supported; write the value out in full"
    ]


def test_load_refuses_an_alias_bomb_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    assert errors(bomb)[0].startswith("f.yaml:1:4: error: YAML anchors (&a)")


def test_load_rejects_tags() -> None:
    assert errors("a: !!python/object:os.system x\n") == [
        "f.yaml:1:4: error: YAML tags (tag:yaml.org,2002:python/object:os.system) aren't "
        "supported; remove the tag and put text in quotes if needed"
    ]


def test_load_rejects_a_second_document() -> None:
    assert errors("a: 1\n---\nb: 2\n") == [
        "f.yaml:2:1: error: a second YAML document starts here; a file holds one entry, so "
        "remove this `---` and what follows or move it to a file of its own"
    ]


def test_load_rejects_too_deep_nesting() -> None:
    text = "a: " + "[" * 40 + "]" * 40 + "\n"
    assert errors(text)[0].endswith(
        "nesting is deeper than 32 levels; content files are never nested this deeply"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "summary: Meet: weekly\n",
            "f.yaml:1:14: error: YAML syntax: a colon followed by a space "
            "starts a new field here; if it is part of the text, put the whole value in quotes",
        ),
        (
            "a:\n\tb: 1\n",
            "f.yaml:2:1: error: YAML syntax: a tab character is used for indentation "
            "here; YAML needs spaces",
        ),
        (
            "name: x\n  kind: y\n",
            "f.yaml:2:3: error: YAML syntax: this field is indented more than "
            "the one above it; line it up with the fields around it",
        ),
        (
            "a:\n  - x\n - y\n",
            "f.yaml:3:2: error: YAML syntax: this line is indented differently "
            "from the fields around it; line it up with them",
        ),
        (
            'a: "open\n',
            "f.yaml:2:1: error: YAML syntax: the file ends inside a quoted text or a "
            "bracket; add the closing quote or bracket",
        ),
        (
            "a: [x, y\n",
            "f.yaml:2:1: error: YAML syntax: a list in brackets is not closed; separate "
            "items with commas and end it with ]",
        ),
        (
            "a: @handle\n",
            "f.yaml:1:4: error: YAML syntax: text cannot start with '@' unless it is in "
            "quotes; put the whole value in quotes",
        ),
        (
            "a: b\x07\n",
            "f.yaml:1:5: error: the file contains an invisible control character "
            "(U+0007) here; delete it",
        ),
    ],
)
def test_load_explains_syntax_mistakes(text: str, expected: str) -> None:
    assert errors(text) == [expected]


def test_read_text_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: x\n")
    assert read_text(path, "a.yaml") == ("name: x\n", [])


def test_read_text_reports_wrong_encoding_position(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"name: x\nsummary: caf\xe9\n")
    text, problems = read_text(path, "a.yaml")
    assert text is None
    assert [p.format() for p in problems] == [
        "a.yaml:2:13: error: this file is not UTF-8 text (byte 0xe9 here); save it with UTF-8 "
        "encoding"
    ]


def test_read_text_refuses_binary_and_huge_files(tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    huge = tmp_path / "h.yaml"
    huge.write_bytes(b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    assert read_text(binary, "b.yaml")[1][0].message.startswith("this is not a text file")
    assert read_text(huge, "h.yaml")[1][0].format() == (
        "h.yaml:1:1: error: file is 1,000,004 bytes; a content file may be at most 1,000,000 bytes"
    )


def test_front_matter_positions_count_from_the_file_start() -> None:
    md, problems = parse_markdown("---\ntitle: Hi\nsummary: [x\n---\nBody\n", "g.md")
    assert md is None
    assert [p.format() for p in problems] == [
        "g.md:4:1: error: YAML syntax: a list in brackets is not closed; separate items with "
        "commas and end it with ]"
    ]
    md, problems = parse_markdown("---\ntitle: Hi\n---\n# Body\n", "g.md")
    assert md is not None and problems == []
    assert md.front.position(("title",)) == (2, 8)
    assert md.body == "# Body\n"
    assert md.body_line == 4


def test_front_matter_must_open_and_close() -> None:
    assert [p.message for p in parse_markdown("# Title\n", "g.md")[1]] == [
        "a guide starts with front matter: a line `---`, fields such as `title:` and `summary:`, "
        "then another `---`"
    ]
    assert [p.message for p in parse_markdown("---\ntitle: x\n", "g.md")[1]] == [
        "the front matter is never closed; add a line `---` after its last field"
    ]
