"""Translation catalogs of the default theme: extract UI strings and update every .po file.

`python build.py messages` runs this; translators then fill the new `msgstr` lines.
"""

from __future__ import annotations

import copy
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "themes" / "default" / "locales"
SOURCE_LANGUAGE = "en"
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [
    ("generator/**.py", "python"),
    ("themes/default/templates/**.html", "jinja2"),
    ("themes/default/templates/**.xml", "jinja2"),
]
_JINJA = {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}
OPTIONS = {
    "themes/default/templates/**.html": _JINJA,
    "themes/default/templates/**.xml": _JINJA,
}


def extract() -> Catalog:
    """Return a catalog of every translatable string in the generator and default templates."""
    catalog = Catalog(
        project="peer-support-directory",
        version="1",
        charset="utf-8",
        msgid_bugs_address="",
        copyright_holder="Peer support directory contributors",
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT,
        METHODS,
        options_map=OPTIONS,
        keywords=KEYWORDS,
        directory_filter=lambda path: ".venv" not in path and "site" != Path(path).name,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def update(languages: list[str]) -> list[Path]:
    """Write messages.pot and bring every language's messages.po up to date with it."""
    template = extract()
    LOCALES.mkdir(parents=True, exist_ok=True)
    with (LOCALES / "messages.pot").open("wb") as handle:
        write_po(handle, template, width=100, no_location=True, sort_output=True, omit_header=True)
    written = []
    for lang in languages:
        path = LOCALES / lang / "LC_MESSAGES" / "messages.po"
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=lang, project="peer-support-directory", version="1")
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if lang == SOURCE_LANGUAGE:
            for message in catalog:
                if (
                    message.id
                    and not message.string
                    or (isinstance(message.string, tuple) and not any(message.string))
                ):
                    message.string = message.id
        catalog.fuzzy = False
        catalog.last_translator = "Peer support directory contributors"
        catalog.language_team = f"{lang} <https://github.com/>"
        with path.open("wb") as handle:
            write_po(
                handle, catalog, width=100, no_location=True, sort_output=True, omit_header=False
            )
        written.append(path)
    return written
