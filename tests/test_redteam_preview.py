"""A forged preview artifact, tried as an attacker would: whatever the pull request's job
writes into preview.json, the comment pings nobody, links nowhere and fits in one comment."""

from __future__ import annotations

import itertools
import string

from generator.tools import preview

RUN_URL = "https://github.com/o/r/actions/runs/77"


def _one(name: str, **more: object) -> dict[str, object]:
    entry = {"slug": "a", "name": name, "status": "changed", "pages": {}, "diff": []}
    return {"version": 1, "commit": "abcdef0", "entries": [{**entry, **more}]}


def _row(text: str) -> str:
    return next(line for line in text.splitlines() if line.endswith("| changed | — |"))


def test_a_name_written_as_html_entities_does_not_become_a_mention() -> None:
    # GitHub decodes &#64; to @ before it looks for mentions, so the & itself must be escaped
    row = _row(preview.render(_one("&#64;team &commat;team &#x40;team"), RUN_URL, None))
    assert row == "| \\&\\#64;team \\&commat;team \\&\\#x40;team (`a`) | changed | — |"


def test_a_name_that_is_a_www_address_is_not_turned_into_a_link() -> None:
    row = _row(preview.render(_one("Visit www.evil.example or WWW.evil.example"), RUN_URL, None))
    assert row == ("| Visit www\u200b.evil.example or WWW\u200b.evil.example (`a`) | changed | — |")


def test_a_forged_artifact_with_thousands_of_pages_still_fits_in_one_comment() -> None:
    letters = ("".join(p) for p in itertools.product(string.ascii_lowercase, repeat=3))
    pages = {lang: "en/groups/a/" + "x" * 250 for lang in itertools.islice(letters, 5000)}
    data = {
        "version": 1,
        "entries": [
            {"slug": f"s{n}", "name": "N", "status": "added", "pages": pages, "diff": []}
            for n in range(50)
        ],
    }
    text = preview.render(data, RUN_URL, None)
    assert len(text) <= preview.MAX_COMMENT
    assert "| N (`s0`) | added | aaa: `en/groups/a/" in text
