"""The forms editor under /admin/: a Decap CMS configuration generated from the entry schema,
its page, and the headers that give it a policy of its own.

Opt-in (`features.admin` in site.yaml). The public pages load nothing from another host; only
`/admin/` loads the editor's script, pinned to one release by Subresource Integrity, and only
its policy allows that script's folder and the GitHub API.
"""

from __future__ import annotations

import zoneinfo
from functools import cache
from html import escape
from typing import Any
from urllib.parse import urlsplit

import yaml
from babel import Locale

from generator.model.config import SiteConfig
from generator.model.models import Guide, Vocabularies
from generator.model.schema import entry_schema

DECAP_VERSION = "3.16.3"
"""The Decap CMS release the page loads; a new one needs its `DECAP_SRI` from its npm tarball."""
DECAP_FOLDER = f"https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/"
DECAP_SCRIPT = f"{DECAP_FOLDER}decap-cms.js"
DECAP_SRI = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
"""sha384 of dist/decap-cms.js in the decap-cms 3.16.3 npm tarball (what unpkg serves)."""

DECAP_LOCALES = frozenset(
    "bg ca cs da de en es fa fr gr he hr hu it ja ko lt mk nb_no nl nn_no pl pt ro ru sk sl "
    "sr_Cyrl sv th tr ua uk vi zh_Hans zh_Hant".split()
)
"""The languages of Decap's own interface in 3.16.3 (decap-cms-locales); Arabic is not one."""

GITHUB_API = "https://api.github.com"
ADMIN_CSP = (
    "default-src 'none'; "
    # Decap validates its configuration with ajv, which compiles code at run time
    # (decaporg/decap-cms#2138): 'unsafe-eval' is allowed on this page only
    f"script-src 'self' {DECAP_FOLDER} 'unsafe-eval' 'wasm-unsafe-eval'; "
    # its components inject their styles as <style> elements
    "style-src 'unsafe-inline'; "
    "img-src 'self' data: blob: https://avatars.githubusercontent.com; "
    f"connect-src {GITHUB_API} {DECAP_FOLDER}; "
    "font-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'; "
    "form-action 'none'; base-uri 'none'"
)
"""The editor page's policy: its script's release folder, the GitHub API, nothing else."""

_ADMIN_PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{title}</title>
</head>
<body>
<script src="{script}" integrity="{sri}" crossorigin="anonymous"></script>
<script src="fields.js" data-default="{lang}" data-languages="{languages}"
 data-name-first="{name_first}"></script>
</body>
</html>
"""

_FIELDS_JS = """\
// Entries write translatable text either plainly (name: Circle) or per language
// (name: {en: Circle, es: Circulo}), and a schedule either as "24/7" or as a mapping. Decap's
// object fields read only mappings, so a plain text is shown in the "text" box (the entry's own
// language) and "24/7" in hours; on saving the text box goes back to plain text,
// or into the box of the entry's language when other languages are filled, and empty boxes are
// dropped, since check refuses empty values.
(function () {
  "use strict";
  var script = document.currentScript;
  var LANGUAGES = script.dataset.languages.split(" ");
  var DEFAULT = script.dataset.default;
  var HOURS = ["24/7", "by-appointment"];
  var empty = window.CMS.getEditorComponents().clear(); // an Immutable Map; Decap exports none

  // Arabic (or any right-to-left) text runs and aligns right to left in its own box
  var style = document.createElement("style");
  style.textContent = "input, textarea { unicode-bidi: plaintext; text-align: start; }";
  document.head.appendChild(style);

  // Decap's object control hands a plain value to every box inside it: show it in the right box
  var object = window.CMS.getWidget("object");
  var Control = object.control;
  var Shaped = window.createClass({
    getWrappedInstance: function () { return this.inner; },
    render: function () {
      var self = this;
      var props = Object.assign({}, this.props, {
        ref: function (control) { self.inner = control; },
      });
      if (typeof props.value === "string") {
        var shorthand = props.field.get("name") === "schedule" && HOURS.indexOf(props.value) >= 0;
        var shaped = empty.set(shorthand ? "hours" : "text", props.value);
        var outer = props.field.get("name");
        props.value = shaped;
        props.onChangeObject = function (field, value, metadata) {
          var meta = {};
          meta[outer] = metadata;
          return self.props.onChange(shaped.set(field.get("name"), value), metadata && meta);
        };
      }
      return window.h(Control, props);
    },
  });
  window.CMS.registerWidget({
    name: "object",
    controlComponent: Shaped,
    previewComponent: object.preview,
    schema: object.schema,
    globalStyles: object.globalStyles,
    allowMapValue: object.allowMapValue,
  });

  function blank(value) {
    if (value === undefined || value === null) return true;
    if (typeof value === "string") return value.trim() === "";
    return typeof value.size === "number" && value.size === 0;
  }

  function isText(map) {
    var keys = map.keySeq().toArray();
    return keys.indexOf("text") >= 0 && keys.every(function (key) {
      return key === "text" || LANGUAGES.indexOf(key) >= 0;
    });
  }

  function clean(value, own) {
    if (value === null || typeof value !== "object" || !value.map) return value;
    var result = value.map(function (item) { return clean(item, own); });
    result = result.filter ? result.filter(function (item) { return !blank(item); }) : result;
    if (result.keySeq && isText(result)) {
      var text = result.get("text");
      if (result.size === 1) return text;
      result = result.remove("text");
      if (!result.has(own)) result = result.set(own, text);
      else if (result.get(own) !== text) result = result.set("text", text); // check names it
    }
    return result;
  }

  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      var own = data.get("text_language") || DEFAULT;
      var cleaned = clean(data, own);
      var schedule = cleaned.get("schedule");
      if (schedule && schedule.keySeq && schedule.size === 1 && schedule.has("hours")) {
        cleaned = cleaned.set("schedule", schedule.get("hours"));
      }
      var name = cleaned.get("name");
      if (event.entry.get("newRecord") && !(name && name.get && name.get(DEFAULT))) {
        // the file name (the page's address) is made from the name in the default language
        throw new Error(script.dataset.nameFirst);
      }
      return cleaned;
    },
  });
})();
"""


def admin_enabled(site: SiteConfig) -> bool:
    """Return whether the site publishes the forms editor."""
    return bool(site.features.admin)


def admin_files(site: SiteConfig, vocabularies: Vocabularies) -> dict[str, bytes]:
    """Return the editor's files (admin/index.html, admin/config.yml), or none when it is off."""
    if not admin_enabled(site):
        return {}
    title = f"{site.title.get(site.default_language) or next(iter(site.title.values()))}: editor"
    page = _ADMIN_PAGE.format(
        lang=site.default_language,
        csp=escape(ADMIN_CSP),
        title=escape(title),
        script=DECAP_SCRIPT,
        sri=DECAP_SRI,
        languages=escape(" ".join(site.languages)),
        name_first=escape(_name_first(site)),
    )
    return {
        "admin/index.html": page.encode(),
        "admin/config.yml": config_text(admin_config(site, vocabularies)).encode(),
        "admin/fields.js": _FIELDS_JS.encode(),
    }


def _name_first(site: SiteConfig) -> str:
    lang = site.default_language
    language = _language_names((lang,), lang)[lang]
    return (
        f"Write the name in the box {language} ({lang}) under Name: a new entry's file name, "
        "and so its page's address, is made from it."
    )


def admin_headers(site: SiteConfig, host: str) -> str:
    """Return the `_headers` block for /admin/*: its own policy in place of the site's."""
    if not admin_enabled(site):
        return ""
    # Netlify serves the last matching rule's value of a header; Cloudflare Pages joins every
    # matching rule's values with commas (two policies, both enforced) unless the broader
    # rule's header is detached with `!`, which Netlify refuses as a syntax error
    detach = (
        "  ! Content-Security-Policy\n  ! Cross-Origin-Opener-Policy\n  ! X-Frame-Options\n"
        if host == "cloudflare-pages"
        else ""
    )
    return (
        "/admin/*\n"
        f"{detach}"
        f"  Content-Security-Policy: {ADMIN_CSP}; frame-ancestors 'none'\n"
        # GitHub's sign-in opens in a window that must be able to answer this page
        "  Cross-Origin-Opener-Policy: same-origin-allow-popups\n"
        "  X-Frame-Options: DENY\n"
        "  X-Robots-Tag: noindex, nofollow\n"
        "  Cache-Control: no-cache\n"
    )


def github_repo(url: str) -> str | None:
    """Return "owner/name" of a github.com repository address, or None for any other."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if parts.hostname != "github.com" or len(segments) < 2:
        return None
    return f"{segments[0]}/{segments[1].removesuffix('.git')}"


def config_text(config: dict[str, Any]) -> str:
    """Return the configuration as the YAML file Decap reads."""
    header = (
        "# Generated by the build from the entry schema, site.yaml and vocabularies.yaml;\n"
        "# do not edit (see README, 'The forms editor').\n"
    )
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)


def admin_config(site: SiteConfig, vocabularies: Vocabularies) -> dict[str, Any]:
    """Return the Decap CMS configuration: the GitHub backend with open authoring, and one
    collection per kind of content file with every field of its schema."""
    repository = site.repository
    repo = github_repo(str(repository.url)) if repository else None
    content = repository.content_path.strip("/") if repository else "content"
    branch = repository.branch if repository else "main"
    default = site.default_language
    schema = entry_schema()
    context = _Context(schema.get("$defs", {}), list(site.languages), default, vocabularies)
    entry_fields = [
        _field(name, spec, name in schema.get("required", []), context)
        for name, spec in schema["properties"].items()
    ]
    return {
        "backend": {
            "name": "github",
            "repo": repo or "",
            "branch": branch,
            "open_authoring": True,
            "squash_merges": True,
        },
        "publish_mode": "editorial_workflow",
        "site_url": str(site.base_url),
        "display_url": str(site.base_url),
        # the editor's own words: in the site's language when Decap has it, else English
        **({"locale": default} if default in DECAP_LOCALES else {}),
        # the editor has no image fields; an upload would land here, for a reviewer to see
        "media_folder": f"{content}/media",
        "collections": [
            {
                "name": "groups",
                "label": "Entries",
                "label_singular": "Entry",
                "description": (
                    "Groups, lines, programmes and communities: one file per entry. Saving "
                    "opens a pull request that a maintainer reviews; `python build.py check` "
                    "runs on it."
                ),
                "folder": f"{content}/groups",
                "extension": "yaml",
                "format": "yaml",
                "create": True,
                # the file name is the page address, as with `new`. Decap's path templates
                # turn dots into dashes and drop quotes, so a nested field (location.country)
                # can't choose the folder: new entries go to groups/new/, existing ones stay
                # where they are (any folder up to two levels deep is listed)
                "identifier_field": "name",
                "slug": f"{{{{name.{default}}}}}",
                "path": "new/{{slug}}",
                # a name written as plain text has no {{name.en}}: the file always names it
                "summary": "{{name.LANG}} ({{dirname}}/{{filename}}, {{kind}})".replace(
                    "LANG", default
                ),
                "sortable_fields": ["kind", "attendance", "verified.date"],
                # the preview would be the fields again, unstyled: the site's pages are the preview
                "editor": {"preview": False},
                "fields": entry_fields,
            },
            _guides_collection(content, context),
        ],
    }


class _Context:
    """What turning a schema into fields needs besides the schema."""

    def __init__(
        self,
        defs: dict[str, Any],
        languages: list[str],
        default: str,
        vocabularies: Vocabularies,
    ) -> None:
        self.defs = defs
        self.languages = languages
        self.default = default
        self.vocabularies = vocabularies


def _guides_collection(content: str, context: _Context) -> dict[str, Any]:
    schema = Guide.model_json_schema()
    fields = [
        _field(name, spec, name in schema.get("required", []), context)
        for name, spec in schema["properties"].items()
    ]
    body = {
        "name": "body",
        "label": "Text",
        "widget": "markdown",
        "hint": "The guide itself, in Markdown.",
    }
    return {
        "name": "guides",
        "label": "Guides",
        "label_singular": "Guide",
        "folder": f"{content}/resources",
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "identifier_field": "title",
        "slug": "{{slug}}",
        "fields": [*fields, body],
    }


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _unwrap(spec: dict[str, Any], context: _Context) -> tuple[dict[str, Any], bool]:
    """Return the spec without its `null` alternative and $ref, and whether null was allowed."""
    nullable = False
    options = spec.get("anyOf")
    if options and any(option.get("type") == "null" for option in options):
        rest = [option for option in options if option.get("type") != "null"]
        nullable = True
        spec = {**{k: v for k, v in spec.items() if k != "anyOf"}, **rest[0]}
    if "$ref" in spec:
        target = context.defs[spec["$ref"].rsplit("/", 1)[-1]]
        spec = {**target, **{k: v for k, v in spec.items() if k != "$ref"}}
    return spec, nullable


def _is_localized(spec: dict[str, Any]) -> bool:
    options = spec.get("anyOf") or []
    return (
        len(options) == 2
        and options[0].get("type") == "string"
        and "additionalProperties" in (options[1])
    )


def _field(name: str, spec: dict[str, Any], required: bool, context: _Context) -> dict[str, Any]:
    """Return the Decap field of one schema property."""
    description = spec.get("description", "")
    spec, nullable = _unwrap(spec, context)
    field: dict[str, Any] = {"name": name, "label": _label(name)}
    hint = " ".join(description.split())
    if hint:
        field["hint"] = hint
    field["required"] = required and not nullable
    field.update(_widget(name, spec, context))
    if "default" in spec and spec["default"] not in (None, [], {}):
        field["default"] = spec["default"]
    return field


def _widget(name: str, spec: dict[str, Any], context: _Context) -> dict[str, Any]:
    """Return the widget part of a field: its type, options and nested fields."""
    if _is_localized(spec):
        return _localized(name, spec, context)
    if name == "schedule" and "anyOf" in spec:
        # "24/7" and "by-appointment" are shorthands for `hours:`; the editor writes the mapping
        _shorthand, mapping = spec["anyOf"]
        spec, _ = _unwrap(mapping, context)
    kind = spec.get("type")
    if "enum" in spec:
        return {"widget": "select", "options": list(spec["enum"])}
    if kind == "boolean":
        return {"widget": "boolean"}
    if kind == "integer":
        return {"widget": "number", "value_type": "int"}
    if kind == "number":
        return {"widget": "number", "value_type": "float"}
    if kind == "string" and spec.get("format") == "date":
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
            "picker_utc": True,
        }
    if kind == "array":
        return _list(name, spec, context)
    if kind == "object":
        required = spec.get("required", [])
        return {
            "widget": "object",
            "collapsed": False,
            "fields": [
                _field(sub, subspec, sub in required, context)
                for sub, subspec in spec.get("properties", {}).items()
            ],
        }
    return _string(name, spec)


def _string(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    if name == "timezone":
        return {"widget": "select", "options": _zones()}
    if name == "country" or spec.get("examples") == ["US", "GB", "FR"]:
        return {"widget": "select", "options": _countries()}
    widget: dict[str, Any] = {"widget": "string"}
    if "pattern" in spec:
        example = (spec.get("examples") or [""])[0]
        widget["pattern"] = [spec["pattern"], _pattern_message(name, example)]
    return widget


def _pattern_message(name: str, example: str) -> str:
    if name in ("start", "end"):
        return 'Write a 24-hour time such as 18:30 ("24:00" only ends a meeting at midnight).'
    if name in ("url", "website"):
        return "Write the whole address, starting with https://"
    if example:
        return f"Write it like {example}."
    return "Use lowercase letters, digits and hyphens."


def _list(name: str, spec: dict[str, Any], context: _Context) -> dict[str, Any]:
    items, _ = _unwrap(spec.get("items", {}), context)
    bounds = {k: spec[k] for k in ("minItems", "maxItems") if k in spec}
    limits = {"min": bounds["minItems"]} if "minItems" in bounds else {}
    if "maxItems" in bounds:
        limits["max"] = bounds["maxItems"]
    vocabulary = name if name in ("topics", "audiences", "accessibility", "practices") else None
    if vocabulary is not None:
        return {
            "widget": "select",
            "multiple": True,
            "options": _terms(context, vocabulary),
            **limits,
        }
    if name == "countries":
        return {"widget": "select", "multiple": True, "options": _countries(), **limits}
    if items.get("type") == "object":
        required = items.get("required", [])
        return {
            "widget": "list",
            "summary": "{{fields.day}} {{fields.start}}–{{fields.end}}"
            if name == "meetings"
            else "",
            "fields": [
                _field(sub, subspec, sub in required, context)
                for sub, subspec in items.get("properties", {}).items()
            ],
            **limits,
        }
    if "prefixItems" in spec:  # coordinates: latitude, then longitude
        return {
            "widget": "list",
            "field": {
                "name": "degrees",
                "label": "Degrees",
                "widget": "number",
                "value_type": "float",
            },
            "min": 2,
            "max": 2,
        }
    inner = _widget(name, items, context)
    return {
        "widget": "list",
        "field": {"name": name.rstrip("s") or name, "label": _label(name), **inner},
        **limits,
    }


_MARKDOWN_HINT = (
    # Decap renders hints as Markdown: the example link is code, so it shows as written
    "Markdown: a blank line starts a new paragraph, - starts a list item, "
    "`[words](https://...)` makes a link; no HTML."
)


def _localized(name: str, spec: dict[str, Any], context: _Context) -> dict[str, Any]:
    """Return an object with one box per site language, the shape {en: ..., es: ...}."""
    text = spec["anyOf"][0]
    markdown = str(spec.get("description", "")).startswith("Markdown")
    limit = int(text.get("maxLength", 5_000))
    # Decap's markdown widget rewrites text it did not change (single line breaks become
    # paragraphs, measured on the sample's descriptions): a plain text box keeps it as written
    widget = "string" if limit <= 160 and not markdown else "text"
    names = _language_names(tuple(context.languages), context.default)
    fields: list[dict[str, Any]] = [
        {
            "name": "text",
            "label": "Text in the entry's own language",
            "widget": widget,
            "required": False,
            "hint": (
                f"Written in the entry's text language ({names[context.default]} unless Text "
                "language says otherwise); or fill the boxes below, one per language."
            ),
        }
    ]
    for lang in context.languages:
        box: dict[str, Any] = {
            "name": lang,
            "label": f"{names[lang]} ({lang})",
            "widget": widget,
            "required": False,
        }
        fields.append(box)
    for box in fields:
        box["pattern"] = [f"^[\\s\\S]{{1,{limit}}}$", f"At most {limit} characters."]
        if markdown:
            box["hint"] = box.get("hint", "") + (" " if "hint" in box else "") + _MARKDOWN_HINT
    return {"widget": "object", "collapsed": False, "fields": fields}


@cache
def _language_names(languages: tuple[str, ...], default: str) -> dict[str, str]:
    locale = Locale.parse(default)
    result = {}
    for lang in languages:
        try:
            result[lang] = Locale.parse(lang).get_display_name(locale) or lang
        except (ValueError, TypeError):
            result[lang] = lang
    return result


def _terms(context: _Context, vocabulary: str) -> list[dict[str, str]]:
    terms = getattr(context.vocabularies, vocabulary)
    options = []
    for term_id, term in terms.items():
        label = term.label.get(context.default) or next(iter(term.label.values()), term_id)
        options.append({"label": f"{label} ({term_id})", "value": term_id})
    return options


@cache
def _zones() -> list[str]:
    return sorted(
        zone
        for zone in zoneinfo.available_timezones()
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    ) + ["UTC"]


@cache
def _countries() -> list[dict[str, str]]:
    names = Locale("en").territories
    return [
        {"label": f"{names[code]} ({code})", "value": code}
        for code in sorted(names, key=lambda code: names[code])
        if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "QO", "XA", "XB")
    ]
