"""Pages -> HTML strings with Jinja2 (autoescape, StrictUndefined); writes nothing."""

from __future__ import annotations

import gettext
import hashlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.runtime import Macro
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from generator.catalog.catalog import Catalog, pick
from generator.catalog.labels import SEARCH_FILTERS, STATEMENTS
from generator.planning.views import Link, Page
from generator.planning.wording import crisis_anchor, dial
from generator.text import i18n, urls
from generator.text.markup import GROUPED_NUMBER
from generator.theme.assets import CSP, Assets


class ConstantGettext(Extension):
    """Translate `_("literal")` once, when a template is compiled, not on every render.

    Each language has an environment of its own, so each compiles its own templates. A call
    with variables, or one whose text isn't a plain translation, is left to Jinja's i18n
    extension. The result is what that extension gives: the translation, escaped like any
    other text (a catalog is data, and may come from a translator's pull request), then
    formatted with no variables (so "%%" becomes "%").
    """

    VERSION = "2"  # part of the compiled templates' folder name: change it with the folding

    translations: gettext.NullTranslations = gettext.NullTranslations()

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        tokens = list(stream)
        folded: list[Token] = []
        i = 0
        while i < len(tokens):
            name = tokens[i]
            text = self._constant(tokens, i) if not folded or folded[-1].type != "dot" else None
            if text is None:
                folded.append(name)
                i += 1
                continue
            line = name.lineno
            # `("text"|safe)`: Jinja folds a filter of a constant into the compiled template
            folded += [
                Token(line, "lparen", "("),
                Token(line, "string", text),
                Token(line, "pipe", "|"),
                Token(line, "name", "safe"),
                Token(line, "rparen", ")"),
            ]
            i += 4
        return folded

    def _constant(self, tokens: list[Token], i: int) -> str | None:
        """Return the translated text if `tokens[i:i + 4]` is `_("text")`, else None."""
        call = tokens[i : i + 4]
        shape = [token.type for token in call]
        if shape != ["name", "lparen", "string", "rparen"] or call[0].value not in ("_", "gettext"):
            return None
        try:
            return str(Markup(escape_text(self.translations.gettext(call[2].value))) % {})
        except (KeyError, TypeError, ValueError):
            return None  # let the render raise what it would have raised

    @staticmethod
    def digest(translations: gettext.NullTranslations) -> str:
        """Return a short hash of every message in `translations` and its fallbacks."""
        digest = hashlib.sha256(ConstantGettext.VERSION.encode())
        current: gettext.NullTranslations | None = translations
        while current is not None:
            catalog = getattr(current, "_catalog", {})
            for item in sorted(map(repr, catalog.items())):
                digest.update(item.encode("utf-8"))
            digest.update(b"\0")
            current = getattr(current, "_fallback", None)
        return digest.hexdigest()[:16]


def escape_text(text: str) -> str:
    """Return `text` escaped for HTML text and double-quoted attributes.

    Unlike markupsafe's escape, an apostrophe stays as it is: the theme quotes every attribute
    with double quotes (a test holds it), and French and English copy is full of apostrophes.
    """
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
    )


def escaped_gettext(
    translations: gettext.NullTranslations,
) -> tuple[Callable[[str], str], Callable[[str, str, int], str]]:
    """Return gettext and ngettext whose translations come back escaped.

    Jinja's i18n extension marks whatever a catalog says as safe markup under autoescape; a
    translated string is text like any other, so `<b>` in a catalog shows as `<b>`. Markup a
    template means to put inside a translation is passed in as a (safe) variable instead.
    """

    def text(message: str) -> str:
        return escape_text(translations.gettext(message))

    def plural(singular: str, plural: str, n: int) -> str:
        return escape_text(translations.ngettext(singular, plural, n))

    return text, plural


def phone_number(number: str) -> Markup:
    """Return a phone number isolated left to right, so it is drawn as it is dialled.

    In a right-to-left page the spaces and hyphens between digit groups take the page's
    direction, and "116 123" is drawn "123 116": a number read off the screen is then dialled
    wrong. Search still indexes it (a number is something people search for), and the search
    page isolates numbers in the results it draws from the index's plain text.
    """
    return Markup('<span class="phone" dir="ltr">%s</span>') % number


def phone_numbers_in(text: str) -> Markup:
    """Return `text` escaped, with each number of several digit groups isolated as a phone
    number is: a crisis line's own words ("call or text 9-8-8") are read off and dialled."""
    parts: list[str] = []
    last = 0
    for match in GROUPED_NUMBER.finditer(text):
        parts += [escape(text[last : match.start()]), phone_number(match.group())]
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def _once(made: dict[tuple[Hashable, ...], Markup]) -> Callable[..., Markup]:
    """Return `once(macro, *args)`: the macro's output, made once per language, macro name and
    arguments (and kept in `made`). By name: a template's imported macros are made anew for
    every page it renders.

    For a macro whose output depends only on its arguments and the page's language, used on
    many pages: an entry's card is on about a dozen lists of its language, mostly with the
    same link. Arguments must be hashable.
    """

    def once(macro: Macro, *args: Hashable) -> Markup:
        key = (macro.name, *args)
        found = made.get(key)
        if found is None:
            found = made[key] = Markup(macro(*args))
        return found

    return once


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, with each answer to "is this attribute safe?" kept.

    The sandbox's answer depends only on the object's type and the attribute's name (a name
    with an underscore, or a function's, method's, type's, code's or generator's internals),
    never on the object itself, so it is worked out once per type and name: the check was
    4 of 60 CPU-seconds of a 1,000-entry build, for the same few hundred answers.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe


class Renderer:
    """Renders planned pages into HTML, one Jinja environment per language."""

    def __init__(
        self,
        catalog: Catalog,
        template_dirs: list[Path],
        translations: Mapping[str, gettext.NullTranslations],
        assets: Assets,
        compiled: Path | None = None,
    ) -> None:
        """With `compiled`, templates compiled once are kept there for later builds (Jinja
        checks each against its source)."""
        self.catalog = catalog
        self.site = catalog.site
        self.assets = assets
        loader = ChoiceLoader([FileSystemLoader(str(d)) for d in template_dirs])
        self.envs: dict[str, _Sandbox] = {}
        self._made: dict[str, dict[tuple[Hashable, ...], Markup]] = {}
        for lang in self.site.languages:
            bytecode: BytecodeCache | None = None
            if compiled is not None:
                # the translations are compiled in: one folder per language and catalog
                folder = compiled / f"{lang}-{ConstantGettext.digest(translations[lang])}"
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                    bytecode = FileSystemBytecodeCache(str(folder))
                except OSError:
                    bytecode = None  # a cache that can't be kept only makes the build slower
            # templates run sandboxed: no attribute or call reaches past the data they are given
            env = _Sandbox(
                loader=loader,
                autoescape=select_autoescape(default=True, default_for_string=True),
                undefined=StrictUndefined,
                extensions=["jinja2.ext.i18n", ConstantGettext],
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
                bytecode_cache=bytecode,
                # a renderer lives for one build: templates are read once, never checked again
                auto_reload=False,
            )
            text, plural = escaped_gettext(translations[lang])
            env.install_gettext_callables(text, plural, newstyle=True)  # type: ignore[attr-defined]
            folding = env.extensions[ConstantGettext.identifier]
            assert isinstance(folding, ConstantGettext)
            folding.translations = translations[lang]
            env.globals["text_dir"] = i18n.direction
            # structured data as compact UTF-8: Arabic as its letters, not six-byte escapes
            # (`tojson` still escapes <, >, & and ' for the page)
            env.policies["json.dumps_kwargs"] = {
                "sort_keys": True,
                "ensure_ascii": False,
                "separators": (",", ":"),
            }
            # the search page isolates numbers in results with the very pattern pages use
            env.globals["number_pattern"] = GROUPED_NUMBER.pattern
            env.filters["phone"] = phone_number
            env.filters["phones"] = phone_numbers_in
            env.globals["once"] = _once(self._made.setdefault(lang, {}))
            env.globals["search_filter_labels"] = {
                key: translations[lang].gettext(label) for key, label in SEARCH_FILTERS.items()
            }
            self.envs[lang] = env

    def forget(self) -> None:
        """Drop the macro output kept by `once` (a worker does, after each share of pages)."""
        for made in self._made.values():
            made.clear()

    def render(self, page: Page) -> str:
        """Return the HTML of one page."""
        env = self.envs[page.lang]
        template = env.get_template(page.template)
        return template.render(page=page, chrome=self.chrome(page), **page.context)

    def chrome(self, page: Page) -> dict[str, Any]:
        """Return what every page's layout shows: language, navigation, crisis line, links."""
        site = self.site
        lang = page.lang
        default = site.default_language
        path = page.path
        base = urls.root(site.base_url)

        def rel(target: str) -> str:
            if page.path == urls.NOT_FOUND:
                # served in place of any missing address, so its links can't be relative
                return urls.absolute(site.base_url, target)
            return urls.relative(path, target)

        section = urls.section(path)
        nav = [
            Link(rel(urls.home(lang)), "home", current=path == urls.home(lang)),
            Link(rel(urls.browse(lang)), "browse", current=section in (urls.BROWSE, urls.ENTRIES)),
            Link(rel(urls.guides(lang)), "guides", current=section == urls.GUIDES),
            Link(rel(urls.info(lang, "about")), "about", current=section == "about"),
        ]
        switcher = [
            Link(rel(target), i18n.autonym(other), other, current=other == lang)
            for other, target in page.alternates.items()
        ]
        # the planner names the country a page is about (an entry's, a place's) when it has
        # crisis lines; any other page offers the site's own country
        country = page.context.get("crisis_country") or site.default_country
        lines = site.crisis_lines[country]
        # the bar offers a number to call, else one to text, else the line's name
        crisis = next((line for line in lines if line.phone), None) or next(
            (line for line in lines if line.sms), lines[0]
        )
        crisis_href = rel(urls.info(lang, "crisis"))
        if page.context.get("crisis_country"):
            crisis_href += "#" + crisis_anchor(country)
        return {
            "lang": lang,
            "dir": i18n.direction(lang),
            "title": pick(site.title, lang, default, default),
            "tagline": pick(site.tagline, lang, default, default) if site.tagline else None,
            "home": rel(urls.home(lang)),
            "nav": nav,
            "switcher": switcher if len(switcher) > 1 else [],
            "crisis": {
                "name": pick(crisis.name, lang, default, default),
                "phone": crisis.phone,
                "tel": dial(crisis.phone or ""),
                "sms": crisis.sms,
                "sms_uri": dial(crisis.sms or ""),
                "country": i18n.country_name(country, lang),
                "href": crisis_href,
            },
            "footer": {
                **{name: rel(urls.info(lang, name)) for name in STATEMENTS},
                "data": rel(urls.data(lang)),
            },
            "feed": base + urls.feed(lang),
            "quick_exit": {
                "url": site.quick_exit_url,
                "safety": rel(urls.info(lang, "safety")),
                "js": rel(self.assets.path("quick-exit.js")),
            }
            if site.features.quick_exit
            else None,
            "canonical": base + path,
            "css": rel(self.assets.path("style.css")),
            "icon": rel(self.assets.path("icon.svg")),
            "search": rel(urls.search(lang)) if site.features.search else "",
            "search_js": rel(self.assets.path("search.js")),
            "nearme_js": rel(self.assets.path("nearme.js")),
            "query_js": rel(self.assets.path("query.js")),
            "when_js": rel(self.assets.path("when.js")),
            "when_narrow_js": rel(self.assets.path("when-narrow.js")),
            "handout_js": rel(self.assets.path("handout.js")),
            "handout_css": rel(self.assets.path("handout.css")),
            "csp": CSP,  # a <meta> policy ignores frame-ancestors: _headers adds it
        }
