"""Hostile pull requests, code: nothing under content/ can become code or markup.

The theme (templates run at build time) is the maintainer's, chosen with --theme among the
folders under themes/, never in site.yaml; templates run in Jinja's sandbox; and a translation
catalog is text like any other: whatever a translator's pull request puts in a `.po` file is
escaped where it lands.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ENTRY, ROOT, TODAY, build_args, build_py
from jinja2.exceptions import SecurityError

from generator.build.site import build_site
from generator.catalog.catalog import build_catalog
from generator.cli import run_check
from generator.reading.load import load_content
from generator.reading.validate import validate
from generator.rendering.render import Renderer
from generator.theme.assets import collect_assets, fingerprint
from generator.theme.folders import DEFAULT_THEME


def test_a_theme_in_site_yaml_is_refused_and_nothing_from_it_is_used(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site(
        {
            "groups/good.yaml": ENTRY,
            "evil/templates/base.html": "{{ cycler.__init__.__globals__.os.system('touch pwned') }}",
        }
    )
    settings = root / "site.yaml"
    settings.write_text(settings.read_text() + "theme: evil\n", encoding="utf-8")
    found = [p.format().replace(root.as_posix() + "/", "") for p in run_check(root, TODAY).problems]
    line = settings.read_text().count("\n")
    assert (
        f"site.yaml:{line}:1: error: theme: a theme is code, so it is no longer chosen in "
        "site.yaml, where a pull request could change it; remove this line (a maintainer builds "
        "with --theme NAME, NAME being a folder under themes/)"
    ) in found
    result = build_site(root, tmp_path / "out", TODAY)
    assert not result.published
    assert not (tmp_path / "out").exists()
    assert not Path("pwned").exists()


def test_the_theme_option_takes_only_folders_under_themes(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({"groups/good.yaml": ENTRY})
    for name in ("../content", "/etc", "nonexistent", str(root)):
        done = build_py(*build_args(root, tmp_path / "out"), "--theme", name)
        assert done.returncode == 2
        assert (
            f"build.py build: error: argument --theme: '{name}' is not a folder under themes/ "
            "(there: default)"
        ) in done.stderr
    assert not (tmp_path / "out").exists()


def test_the_default_theme_can_be_named(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site({"groups/good.yaml": ENTRY})
    done = build_py(*build_args(root, tmp_path / "out"), "--theme", "default")
    assert done.returncode == 0, done.stdout + done.stderr


def renderer_for(content: Path, translations: dict[str, gettext.NullTranslations]) -> Renderer:
    validated = validate(load_content(content), TODAY)
    catalog = build_catalog(validated)
    assets = fingerprint(collect_assets([DEFAULT_THEME / "static"]))[0]
    return Renderer(catalog, [DEFAULT_THEME / "templates"], translations, assets)


UNSAFE = [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ page.__class__.__init__.__globals__ }}",
    "{{ once.__globals__ }}",
    "{{ text_dir.__code__ }}",
    "{% set x = [].append.__self__ %}{{ x.__class__ }}",
    # internals without an underscore: a type's `mro`, a generator's frame
    "{{ cycler.mro() }}",
    "{{ (['a']|map('upper')).gi_frame }}",
]


@pytest.mark.parametrize("template", UNSAFE)
def test_templates_run_sandboxed(site: Callable[..., Path], template: str) -> None:
    root = site({"groups/good.yaml": ENTRY})
    translations = {lang: gettext.NullTranslations() for lang in ("en", "es", "fr", "ar")}
    renderer = renderer_for(root, translations)
    env = renderer.envs["en"]
    with pytest.raises(SecurityError):
        env.from_string(template).render(page=None)


def test_the_sandbox_refuses_as_often_as_it_is_asked(site: Callable[..., Path]) -> None:
    # the sandbox keeps its answers per type and attribute: asked again, after safe attributes
    # of the same types, it refuses again
    root = site({"groups/good.yaml": ENTRY})
    translations = {lang: gettext.NullTranslations() for lang in ("en", "es", "fr", "ar")}
    env = renderer_for(root, translations).envs["en"]
    safe = "{{ ['a']|map('upper')|list }} {{ 'x'.upper() }} {{ cycler('a').next() }} {{ page }}"
    for _ in range(2):
        assert env.from_string(safe).render(page=None) == "[&#39;A&#39;] X a None"
        for template in UNSAFE:
            with pytest.raises(SecurityError):
                env.from_string(template).render(page=None)


CATALOG = """\
msgid ""
msgstr ""
"Language: es\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Skip to main content"
msgstr "<script>alert(1)</script><img src=x onerror=alert(2)>"

msgid "Guides"
msgstr "Guías\\" onmouseover=\\"alert(3)"

msgid "%(num)d entry in the directory."
msgid_plural "%(num)d entries in the directory."
msgstr[0] "<b>%(num)d</b> entrada & <i>más</i>"
msgstr[1] "<b>%(num)d</b> entradas & <i>más</i>"
"""


def test_a_translation_catalog_cannot_inject_markup(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({"groups/good.yaml": ENTRY})
    themes = tmp_path / "themes"
    po = themes / "translated" / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(CATALOG, encoding="utf-8")
    out = tmp_path / "out"
    assert build_site(root, out, TODAY, theme="translated", themes=themes).published
    about = (out / "es/about/index.html").read_text(encoding="utf-8")
    browse = (out / "es/browse/index.html").read_text(encoding="utf-8")
    assert (
        '<a class="skip-link" href="#main">&lt;script&gt;alert(1)&lt;/script&gt;'
        "&lt;img src=x onerror=alert(2)&gt;</a>"
    ) in about
    assert "Guías&#34; onmouseover=&#34;alert(3)" in about
    assert "&lt;b&gt;1&lt;/b&gt; entrada &amp; &lt;i&gt;más&lt;/i&gt;" in browse
    for page in (about, browse):
        assert "<script>alert" not in page and "<img" not in page and "<b>" not in page
        assert '" onmouseover' not in page


def test_translations_keep_the_markup_a_template_passes_in(sample_build: Path) -> None:
    # markup a template means (a link, a <time>) goes in as a variable, not through the catalog
    page = (sample_build / "fr/data/index.html").read_text(encoding="utf-8")
    assert 'rel="license noopener noreferrer">' in page
    guide = next((sample_build / "es/guides").glob("*/index.html")).read_text(encoding="utf-8")
    assert '<time datetime="' in guide


def test_the_project_theme_quotes_every_attribute_with_double_quotes() -> None:
    # translations are escaped for text and double-quoted attributes (an apostrophe stays as it
    # is): a single-quoted attribute holding a value would let an apostrophe end it
    import re

    for template in (ROOT / "themes").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"=\s*'[^']*\{[{%]", text), template
