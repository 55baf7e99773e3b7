"""Bounded work: what `check` passes, `build` renders, in time that grows with the text."""

from __future__ import annotations

import contextlib
import functools
import inspect
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from conftest import ENTRY, TODAY, entry
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from generator.build.workers import markdown_mapper
from generator.cli import run_check
from generator.model.fields import LanguageTag
from generator.text import markup
from generator.text.markup import MarkdownRefused, render_markdown

Check = Callable[..., list[str]]
COUNTRIES = "AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW".split()
COUNTRIES += "BY BZ CA CD CF CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ".split()


def refusal(text: str) -> tuple[int, int, str]:
    """Return where and why `render_markdown` refuses `text` (the test fails if it renders)."""
    with pytest.raises(MarkdownRefused) as refused:
        render_markdown(text)
    return refused.value.line, refused.value.column, refused.value.message


# --- any Markdown: rendered, or refused with a place; never an exception or deep recursion ----

STRUCTURE = [
    *"> *_[]()`#-+19 \n<&!\\\"'.:a\t",
    *("\n\n", "    ", "- ", "1. ", "> ", "](", "<a", "<!--", "-->", "**", "``", "[x]: "),
]


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(STRUCTURE), max_size=60).map("".join),
    st.lists(st.sampled_from(STRUCTURE), min_size=1, max_size=6).map("".join),
    st.integers(min_value=1, max_value=900),
)
def test_any_markdown_renders_or_is_refused_with_a_place(
    text: str, motif: str, repeat: int
) -> None:
    # a piece repeated is what turns a shape's cost from linear into quadratic, or its depth
    # into a RecursionError
    sample = text + motif * repeat
    try:
        with shallow_stack():
            html = render_markdown(sample)
    except MarkdownRefused as refused:
        assert 1 <= refused.line <= sample.count("\n") + sample.count("\r") + 1
        assert refused.column >= 1
        # the structural checks, not the guard, must be what refuses: the converter never ran
        # out of stack or failed
        assert not refused.message.startswith(("this text is nested too deeply", "this text could"))
    else:
        assert isinstance(html, str)


@contextlib.contextmanager
def shallow_stack(frames: int = 250) -> Iterator[None]:
    """Allow only `frames` more Python frames: Python-Markdown recurses once per level."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


def test_the_deepest_markdown_the_limits_allow_renders_in_a_shallow_stack() -> None:
    # 4 quotes each holding a list item, then 8 brackets: what the limits still allow renders
    # with room to spare, even when the build calls it from deep in its own stack
    deepest = "> - " * 4 + "[" * 8 + "x" + "]" * 8 + "\n"
    with shallow_stack():
        assert markup._render(deepest, 2).count("<blockquote>") == 4


# --- each costly shape, refused where it is ----------------------------------------------------


def test_deeply_nested_quotes_are_refused_at_the_first_quote_too_many() -> None:
    assert refusal("Intro\n\n" + ">" * 40 + " deep\n") == (
        3,
        9,
        "this quote is nested 40 levels deep; at most 8 are allowed: remove some of the > at "
        "the start of the line",
    )


def test_deeply_nested_lists_are_refused_on_the_line_too_deep() -> None:
    text = "".join("    " * level + "- item\n" for level in range(12))
    assert refusal(text) == (
        9,
        33,
        "this line is nested 9 levels deep in lists, quotes and indentation; at most 8 are "
        "allowed: indent it less",
    )


def test_list_markers_nested_on_one_line_are_refused() -> None:
    # 800 of them crash Python-Markdown with a RecursionError
    assert refusal("- " * 800 + "x") == (
        1,
        17,
        "this line is nested 800 levels deep in lists, quotes and indentation; at most 8 are "
        "allowed: indent it less",
    )


def test_lists_nested_after_raw_html_that_ends_mid_line_are_refused() -> None:
    # the rest of a line after a closed HTML comment is read as a new line
    assert refusal("<!--\n\n<a[-->" + "1. " * 500) == (
        3,
        29,
        "this line is nested 501 levels deep in lists, quotes and indentation; at most 8 are "
        "allowed: indent it less",
    )


def test_a_horizontal_rule_of_many_marks_is_not_nesting() -> None:
    assert render_markdown("Before\n\n- - - - - - - - - - - -\n\nAfter") == (
        "<p>Before</p>\n<hr>\n<p>After</p>"
    )
    assert render_markdown("*" * 300) == "<hr>"


def test_a_flood_of_opening_brackets_is_refused_at_the_ninth() -> None:
    assert refusal("See " + "[" * 3000) == (
        1,
        13,
        "this '[' makes 9 brackets open at once; at most 8 are allowed: close each [ with ], or "
        "write \\[ for a bracket that is only text",
    )


def test_brackets_closed_only_inside_code_count_as_open() -> None:
    # Python-Markdown can't see a ] inside code, so each [ scans to the paragraph's end
    assert refusal("[`]` " * 11) == (
        1,
        1,
        "this paragraph has 11 '[' never closed with a ']' outside code; at most 10 are "
        "allowed: close each [ with ], or write \\[ for a bracket that is only text",
    )


def test_links_whose_address_is_never_closed_are_refused() -> None:
    assert refusal("Read [this](" * 11) == (
        1,
        12,
        "this paragraph has 11 links whose '(' is not closed with ')' on the same line; at most "
        "10 are allowed: end each link's address with ) on its line",
    )


def test_links_closed_in_the_next_list_item_count_as_open() -> None:
    assert refusal("- " + "[x](" * 1600 + "\n- " + ")" * 1600)[2].startswith(
        "this paragraph has 1600 links whose '(' is not closed with ')' on the same line"
    )


def test_links_with_quotes_in_their_address_are_refused() -> None:
    assert refusal('[x]("a) ' * 11) == (
        1,
        4,
        "this paragraph has 11 links with a quote (\" or ') between their '(' and ')'; at most "
        "10 are allowed: remove the quotes from the addresses",
    )


def test_a_paragraph_of_many_backticks_is_refused_at_the_one_too_many() -> None:
    assert refusal("``x`" * 20) == (
        1,
        54,
        "this paragraph has more than 40 backticks (`); at most 40 are allowed in one "
        "paragraph: split it with a blank line, or mark less of it as code",
    )


def test_unclosed_html_tags_are_refused_past_twenty() -> None:
    assert refusal("Hello\n" + "<a\n\n" * 21) == (
        2,
        1,
        "this text has 21 '<' that start an HTML tag never closed with '>'; at most 20 are "
        "allowed: write &lt; for a < that is only text",
    )


def test_cdata_sections_are_refused() -> None:
    assert refusal("Text <![CDATA[x]]>") == (
        1,
        6,
        "'<![' starts an HTML CDATA section, which can't be shown here: remove it, or write "
        "&lt; for a < that is only text",
    )


def test_a_link_definition_full_of_quotes_is_refused() -> None:
    # each quote in the address is tried as the start of a title, read to the end of the line
    assert refusal("[x]: &</'" + "'" * 5000 + "=a1.") == (
        1,
        3,
        "this link definition has 5001 quotes and parentheses on its lines; at most 10 are "
        "allowed: write the address without them",
    )
    assert render_markdown('See [it][g].\n\n[g]: https://example.org "Title"') == (
        '<p>See <a href="https://example.org" title="Title" rel="noopener noreferrer">it</a>.</p>'
    )


def test_a_long_row_of_emphasis_marks_is_refused() -> None:
    assert refusal("_" + "*" * 150 + "x") == (
        1,
        2,
        "this row of 150 '*' is too long; at most 100 are allowed together: shorten it",
    )


def test_a_paragraph_of_more_than_a_hundred_lines_is_refused() -> None:
    assert refusal("\n-" * 150) == (
        102,
        1,
        "this paragraph, list or quote runs more than 100 lines without a blank line; put a "
        "blank line between its parts",
    )


def test_normal_writing_within_the_limits_renders() -> None:
    text = (
        "## What to expect\n\n> A quote\n> > in a quote\n\n- one\n    - two\n        - three\n\n"
        "See [the guide](https://example.org/a_(b)) and `code` or ``a ` tick``.\n\n"
        "Ages < 18 & over: <https://example.org>\n\n" + "***bold italic*** " * 30
    )
    assert render_markdown(text).startswith("<h2>What to expect</h2>")


def test_a_converter_that_recurses_or_fails_is_a_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def __init__(self, error: Exception) -> None:
            self.error = error

        def reset(self) -> Broken:
            return self

        def convert(self, text: str) -> str:
            raise self.error

    monkeypatch.setattr(markup, "_converter", functools.cache(lambda: Broken(RecursionError())))
    assert refusal("*odd* text 1") == (
        1,
        1,
        "this text is nested too deeply to read; use fewer quotes, lists or brackets inside "
        "each other",
    )
    monkeypatch.setattr(markup, "_converter", functools.cache(lambda: Broken(IndexError("x"))))
    assert refusal("*odd* text 2") == (
        1,
        1,
        "this text could not be read as Markdown (IndexError); simplify its formatting",
    )


# --- check renders every Markdown text, so the build can't fail on one ------------------------


def test_check_refuses_a_description_at_its_field(check_entry: Check) -> None:
    text = ENTRY + "description: |\n  Welcome.\n\n  " + ">" * 12 + " deep\n"
    assert check_entry(text) == [
        "16:14: error: description (line 3, column 9 of the text): this quote is nested 12 "
        "levels deep; at most 8 are allowed: remove some of the > at the start of the line"
    ]


def test_check_refuses_a_translation_at_its_language(check_entry: Check) -> None:
    text = ENTRY + 'how_to_join:\n  en: Email us.\n  es: "' + "[" * 9 + '"\n'
    assert check_entry(text) == [
        "18:7: error: how_to_join.es (line 1, column 9 of the text): this '[' makes 9 brackets "
        "open at once; at most 8 are allowed: close each [ with ], or write \\[ for a bracket "
        "that is only text"
    ]


def test_check_refuses_a_guide_body_at_its_line(site: Callable[..., Path]) -> None:
    guide = (
        "---\ntitle: Deep\nsummary: A guide.\nupdated: 2026-09-14\n---\n"
        "## Start\n\nText.\n\n" + "- " * 20 + "x\n"
    )
    root = site({"resources/deep.md": guide})
    problems = [p.format() for p in run_check(root, TODAY).problems]
    assert problems == [
        f"{(root / 'resources/deep.md').as_posix()}:10:17: error: this line is nested 20 levels "
        "deep in lists, quotes and indentation; at most 8 are allowed: indent it less"
    ]


def test_check_refuses_a_guide_body_longer_than_fifty_thousand_characters(
    site: Callable[..., Path],
) -> None:
    body = ("A sentence of plain words. " * 20 + "\n\n") * 95
    guide = "---\ntitle: Long\nsummary: A guide.\nupdated: 2026-09-14\n---\n" + body
    root = site({"resources/long.md": guide})
    problems = [p.format() for p in run_check(root, TODAY).problems]
    assert problems == [
        f"{(root / 'resources/long.md').as_posix()}:6:1: error: the guide's text has "
        f"{len(body)} characters; at most 50000 are allowed: split it into two guides"
    ]


def test_check_renders_what_the_build_renders(check_entry: Check) -> None:
    text = ENTRY + "description: Come *early*.\n"
    markup.forget_rendered()
    assert not markup.rendered("Come *early*.", top=3)
    assert check_entry(text) == []
    # the build asks for the same conversion, and finds it made
    assert markup.rendered("Come *early*.", top=3)


@pytest.mark.slow  # forks a pool of processes
def test_a_pool_renders_what_one_process_would_and_refuses_the_same(
    site: Callable[..., Path],
) -> None:
    texts = [f"Meet at *{n}* on [the map](https://example.org/{n})." for n in range(1200)]
    refused = "[" * 40 + "x" + "]" * 40
    markup.forget_rendered()
    alone = {text: markup.render_outcome(text, 3) for text in [*texts, refused]}
    markup.forget_rendered()
    with markdown_mapper(2) as mapper:
        refusals = markup.render_many([*texts, refused, texts[0]], 3, mapper)
    assert refusals == {refused: alone[refused]}
    assert isinstance(alone[refused], tuple)
    assert all(markup.render_markdown(text, 3) == alone[text] for text in texts)
    assert all(markup.rendered(text, 3) for text in texts)


# --- caps on text and lists ------------------------------------------------------------------


def test_a_description_is_at_most_five_thousand_characters(check_entry: Check) -> None:
    assert check_entry(entry(description="x" * 5001)) == [
        "16:14: error: description: has 5001 characters; keep it to 5000 or fewer"
    ]
    assert check_entry(entry(description="x" * 5000)) == []


def test_how_to_join_is_at_most_two_thousand_characters(check_entry: Check) -> None:
    assert check_entry(entry(how_to_join="x" * 2001)) == [
        "16:14: error: how_to_join: has 2001 characters; keep it to 2000 or fewer"
    ]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (
            "languages",
            "[en, es, fr, ar, de, it, pt, nl, pl, ru, uk]",
            "8:12: error: languages: has too many items (at most 10)",
        ),
        (
            "online",
            "\n  url: https://example.org/join\n  countries: ["
            + ", ".join(sorted(COUNTRIES)[:31])
            + "]",
            "12:14: error: online.countries: has too many items (at most 30)",
        ),
        (
            "schedule",
            "\n  timezone: Europe/London\n  meetings:\n"
            + '    - {day: monday, start: "10:00", end: "11:00"}\n' * 22,
            "15:5: error: schedule.meetings: has too many items (at most 21)",
        ),
        (
            "schedule",
            "\n  timezone: Europe/London\n  meetings:\n"
            '    - {day: monday, weeks: [1, 2, 3, 4, 5, -1], start: "10:00", end: "11:00"}',
            "15:28: error: schedule.meetings[0].weeks (the first meeting): has too many items (at most 5)",
        ),
    ],
)
def test_lists_are_capped(check_entry: Check, field: str, value: str, expected: str) -> None:
    problems = check_entry(entry(**{field: value}))
    assert expected in problems, problems


def test_vocabulary_lists_are_capped(site: Callable[..., Path]) -> None:
    topics = [f"topic-{n}" for n in range(11)]
    vocabulary = "topics:\n" + "".join(f"  {t}:\n    label: {t}\n" for t in topics)
    vocabulary += "audiences: {}\naccessibility: {}\npractices: {}\n"
    keywords = ", ".join(f"word {n}" for n in range(21))
    vocabulary = vocabulary.replace(
        "    label: topic-0\n", f"    label: topic-0\n    keywords: {{en: [{keywords}]}}\n"
    )
    root = site(
        {
            "vocabularies.yaml": vocabulary,
            "groups/test-group.yaml": entry(topics="[" + ", ".join(topics) + "]"),
        }
    )
    problems = [p.format().split("/")[-1] for p in run_check(root, TODAY).problems]
    assert "test-group.yaml:7:9: error: topics: has too many items (at most 10)" in problems
    assert (
        "vocabularies.yaml:4:20: error: topics.topic-0.keywords.en: has too many items "
        "(at most 20)" in problems
    )


# --- language tags: those CLDR knows, sign languages and the site's own ------------------------


@pytest.mark.parametrize("tag", ["en", "es-419", "fr-CA", "zh-Hant", "ase", "bfi", "nv"])
def test_language_tags_cldr_knows_are_accepted(check_entry: Check, tag: str) -> None:
    assert check_entry(entry(languages=f"[{tag}]")) == []


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        (
            "fr-US",
            "'fr-US' is not a language tag that CLDR knows, such as en, es, fr-CA or ase; did you "
            "mean 'fr'?",
        ),
        (
            "fr-CA-x1234",
            "'fr-CA-x1234' is not a language tag that CLDR knows, such as en, es, fr-CA or ase; "
            "did you mean 'fr-CA'?",
        ),
        ("qqq", "'qqq' is not a language tag that CLDR knows, such as en, es, fr-CA or ase"),
    ],
)
def test_language_tags_cldr_does_not_know_are_refused(
    check_entry: Check, tag: str, expected: str
) -> None:
    assert check_entry(entry(languages=f"[{tag}]")) == [
        f"8:13: error: languages[0] (the first language): {expected}"
    ]


def test_a_language_the_site_lists_is_accepted_though_cldr_does_not_know_it() -> None:
    tag = TypeAdapter(LanguageTag)
    assert tag.validate_python("qqq", context={"languages": ["en", "qqq"]}) == "qqq"
    with pytest.raises(ValidationError):
        tag.validate_python("qqq", context={"languages": ["en"]})
    # the site's own settings name its languages: any well-formed tag
    assert tag.validate_python("qqq") == "qqq"


def test_distinct_language_tags_no_longer_make_a_page_each(check_entry: Check) -> None:
    # each tag spoken is a browse page in every site language, listing the entry with all its
    # tags: private variants of one language made pages without end, and bytes by the square
    problems = check_entry(entry(languages="[en-aaaaa, en-aaaab]"))
    assert problems[0].endswith(
        "'en-aaaaa' is not a language tag that CLDR knows, such as en, "
        "es, fr-CA or ase; did you mean 'en'?"
    )


def test_a_rebuild_checks_the_markdown_of_changed_entries_only(
    site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.build.site import build_site
    from generator.reading import validate as checker

    texts = {
        "groups/one.yaml": entry(name="One", description='"Some **bold** words."'),
        "groups/two.yaml": entry(name="Two", description='"Other *leaning* words."'),
    }
    root = site(texts)
    out = tmp_path / "out"
    assert build_site(root, out, TODAY).published
    checked: list[str] = []

    def counting(texts: Iterable[str], top: int, mapper: markup.Mapper = map) -> object:
        texts = list(texts)
        checked.extend(texts)
        return markup.render_many(texts, top, mapper)

    monkeypatch.setattr(checker, "render_many", counting)
    (root / "groups/two.yaml").write_text(
        entry(name="Two", description='"Other *new* words."'), "utf-8"
    )
    assert build_site(root, out, TODAY).published
    # the guides are checked again (they are few); of the entries, only the changed one
    assert [text for text in checked if text.endswith("words.")] == ["Other *new* words."]
    # a broken text in a changed entry is still refused before anything is written
    (root / "groups/two.yaml").write_text(entry(name="Two", description='"<![CDATA[x"'), "utf-8")
    result = build_site(root, out, TODAY)
    assert not result.published
    assert any("CDATA" in p.message for p in result.problems)
