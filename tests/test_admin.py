"""The opt-in forms editor under /admin/: its Decap CMS configuration covers every field of the
entry schema, and the editor is published only when site.yaml asks for it, with its own policy."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, ROOT, build_args, catalog_of

from generator.catalog.catalog import Catalog
from generator.cli import main, run_check
from generator.model.models import Guide
from generator.model.schema import entry_schema
from generator.publishing.admin import (
    ADMIN_CSP,
    DECAP_SCRIPT,
    DECAP_SRI,
    admin_config,
    admin_files,
    admin_headers,
    config_text,
)
from generator.publishing.output import headers_file

LANGUAGES = ["en", "es", "fr", "ar"]
# the widgets Decap CMS 3 ships (decap-cms-app registers them), as its docs list them
WIDGETS = {
    "boolean",
    "code",
    "color",
    "datetime",
    "hidden",
    "file",
    "image",
    "list",
    "map",
    "markdown",
    "number",
    "object",
    "relation",
    "select",
    "string",
    "text",
    "uuid",
}


def _with_admin(catalog: Catalog) -> Any:
    features = catalog.site.features.model_copy(update={"admin": True})
    return catalog.site.model_copy(update={"features": features})


@pytest.fixture(scope="module")
def sample() -> Catalog:
    return catalog_of(ROOT / "content")


@pytest.fixture(scope="module")
def config(sample: Catalog) -> dict[str, Any]:
    # through the YAML text, as Decap reads it
    text = config_text(admin_config(_with_admin(sample), sample.vocabularies))
    loaded = yaml.safe_load(text)
    assert isinstance(loaded, dict)
    return loaded


def _collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    (collection,) = [c for c in config["collections"] if c["name"] == name]
    return collection


def _by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {field["name"]: field for field in fields}


def _resolve(spec: dict[str, Any], defs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    nullable = False
    if "anyOf" in spec and any(o.get("type") == "null" for o in spec["anyOf"]):
        nullable = True
        spec = next(o for o in spec["anyOf"] if o.get("type") != "null")
    if "$ref" in spec:
        spec = defs[spec["$ref"].rsplit("/", 1)[-1]]
    return spec, nullable


def _assert_covers(
    properties: dict[str, Any],
    required: list[str],
    fields: list[dict[str, Any]],
    defs: dict[str, Any],
    path: str,
    vocabularies: dict[str, list[str]],
) -> int:
    """Walk the schema beside the fields; return how many properties were compared."""
    by_name = _by_name(fields)
    assert sorted(by_name) == sorted(properties), path
    seen = 0
    for name, raw in properties.items():
        where = f"{path}{name}"
        field = by_name[name]
        seen += 1
        assert field["label"], where
        assert field["widget"] in WIDGETS, where
        if raw.get("description"):
            assert field["hint"] == " ".join(raw["description"].split()), where
        spec, nullable = _resolve(raw, defs)
        assert field["required"] is (name in required and not nullable), where
        if "default" in raw and raw["default"] not in (None, [], {}):
            assert field["default"] == raw["default"], where
        options = spec.get("anyOf") or []
        if len(options) == 2 and "additionalProperties" in options[1]:  # translatable text
            assert field["widget"] == "object", where
            # the entry's own language (plain text), then one box per site language
            assert [f["name"] for f in field["fields"]] == ["text", *LANGUAGES], where
            continue
        if name == "schedule":  # the shorthand strings are the `hours` field's values
            assert options[0]["enum"] == ["24/7", "by-appointment"]
            spec = defs["Schedule"]
            hours = _by_name(field["fields"])["hours"]
            assert hours["options"] == options[0]["enum"]
        if "enum" in spec:
            assert field["widget"] == "select", where
            assert field["options"] == spec["enum"], where
        elif name in vocabularies:
            assert field["widget"] == "select" and field["multiple"] is True, where
            assert [o["value"] for o in field["options"]] == vocabularies[name], where
        elif spec.get("type") == "boolean":
            assert field["widget"] == "boolean", where
        elif spec.get("format") == "date":
            assert field["widget"] == "datetime", where
            assert field["format"] == "YYYY-MM-DD" and field["time_format"] is False, where
        elif spec.get("type") == "object":
            assert field["widget"] == "object", where
            seen += _assert_covers(
                spec["properties"],
                spec.get("required", []),
                field["fields"],
                defs,
                f"{where}.",
                vocabularies,
            )
        elif spec.get("type") == "array":
            items, _ = _resolve(spec.get("items", {}), defs)
            assert field["widget"] in ("list", "select"), where
            if "minItems" in spec:
                assert field["min"] == spec["minItems"], where
            if "maxItems" in spec:
                assert field["max"] == spec["maxItems"], where
            if items.get("type") == "object":
                seen += _assert_covers(
                    items["properties"],
                    items.get("required", []),
                    field["fields"],
                    defs,
                    f"{where}[].",
                    vocabularies,
                )
        elif "pattern" in spec and name not in ("country",):
            assert field["pattern"][0] == spec["pattern"], where
    return seen


def test_editor_config_covers_every_field_of_the_entry_schema(
    config: dict[str, Any], sample: Catalog
) -> None:
    schema = entry_schema()
    vocabularies = {
        name: list(getattr(sample.vocabularies, name))
        for name in ("topics", "audiences", "accessibility", "practices")
    }
    groups = _collection(config, "groups")
    compared = _assert_covers(
        schema["properties"],
        schema["required"],
        groups["fields"],
        schema["$defs"],
        "",
        vocabularies,
    )
    # every property of the entry and of its parts, nested ones included
    nested = sum(len(d["properties"]) for d in schema["$defs"].values())
    assert compared == len(schema["properties"]) + nested


def test_editor_config_covers_every_field_of_a_guide(config: dict[str, Any]) -> None:
    guides = _collection(config, "guides")
    names = [field["name"] for field in guides["fields"]]
    assert names == [*Guide.model_json_schema()["properties"], "body"]
    assert guides["folder"] == "content/resources" and guides["format"] == "frontmatter"


def test_vocabulary_terms_are_offered_with_their_labels(config: dict[str, Any]) -> None:
    topics = _by_name(_collection(config, "groups")["fields"])["topics"]
    assert {"label": "Grief and loss (grief)", "value": "grief"} in topics["options"]


def test_times_dates_countries_and_zones_are_checked_in_the_form(config: dict[str, Any]) -> None:
    fields = _by_name(_collection(config, "groups")["fields"])
    meetings = _by_name(_by_name(fields["schedule"]["fields"])["meetings"]["fields"])
    pattern = re.compile(meetings["start"]["pattern"][0])
    assert pattern.match("18:30") and not pattern.match("6:30 PM")
    assert meetings["day"]["options"][-1] == "daily"
    zones = _by_name(fields["schedule"]["fields"])["timezone"]["options"]
    assert "America/Chicago" in zones and "Europe/Paris" in zones
    country = _by_name(fields["location"]["fields"])["country"]
    assert {"label": "France (FR)", "value": "FR"} in country["options"]
    assert fields["verified"]["required"] is True


def test_editor_config_has_decaps_documented_shape(config: dict[str, Any]) -> None:
    assert config["backend"] == {
        "name": "github",
        "repo": "example/peer-support-directory",
        "branch": "main",
        "open_authoring": True,
        "squash_merges": True,
    }
    assert config["publish_mode"] == "editorial_workflow"
    assert isinstance(config["media_folder"], str)  # Decap refuses a config without it
    groups = _collection(config, "groups")
    assert groups["folder"] == "content/groups" and groups["extension"] == "yaml"
    # the file name is the slug, as `new` writes it; new entries wait in groups/new/
    assert groups["path"] == "new/{{slug}}"
    assert groups["slug"] == "{{name.en}}"

    def walk(fields: list[dict[str, Any]]) -> None:
        for field in fields:
            assert set(field) >= {"name", "label", "widget"}
            if field["widget"] == "select":
                assert field["options"]
            if field["widget"] in ("object", "list") and "fields" in field:
                walk(field["fields"])
            if "field" in field:
                walk([field["field"]])

    for collection in config["collections"]:
        walk(collection["fields"])


def test_editor_page_loads_only_the_pinned_script_under_its_own_policy(sample: Catalog) -> None:
    files = admin_files(_with_admin(sample), sample.vocabularies)
    assert sorted(files) == ["admin/config.yml", "admin/fields.js", "admin/index.html"]
    page = files["admin/index.html"].decode()
    assert f'<script src="{DECAP_SCRIPT}" integrity="{DECAP_SRI}" crossorigin="anonymous">' in page
    assert DECAP_SCRIPT.startswith("https://unpkg.com/decap-cms@3.16.3/")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy and policy.group(1).replace("&#x27;", "'") == ADMIN_CSP
    sources = re.findall(r"https?://[^ ;]+", ADMIN_CSP)
    assert sorted(set(sources)) == [
        "https://api.github.com",
        "https://avatars.githubusercontent.com",
        "https://unpkg.com/decap-cms@3.16.3/dist/",
    ]
    assert '<script src="fields.js" data-default="en" data-languages="en es fr ar"' in page
    assert "<script>" not in page  # no inline script: the policy allows none


def test_editor_headers_replace_the_site_policy_under_admin_only(sample: Catalog) -> None:
    site = _with_admin(sample)
    netlify = admin_headers(site, "netlify")
    assert netlify.startswith("/admin/*\n  Content-Security-Policy: default-src 'none'; script-src")
    assert "  X-Robots-Tag: noindex, nofollow\n" in netlify and "!" not in netlify
    cloudflare = admin_headers(site, "cloudflare-pages")
    assert "  ! Content-Security-Policy\n" in cloudflare
    assert admin_headers(sample.site, "netlify") == ""
    # the public pages' policy is the same with or without the editor
    assert "unpkg" not in headers_file()
    assert "'unsafe-eval'" not in headers_file()


def _content_with(tmp_path: Path, features: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", content)
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + features, encoding="utf-8")
    return content


@pytest.mark.slow
def test_site_is_built_without_an_editor_by_default(tmp_path: Path) -> None:
    content = _content_with(tmp_path, "")
    out = tmp_path / "site"
    assert main(build_args(content, out)) == 0
    assert not (out / "admin").exists()
    assert "/admin/" not in (out / "_headers").read_text(encoding="utf-8")


@pytest.mark.slow
def test_site_with_the_editor_publishes_it_under_admin_only(tmp_path: Path) -> None:
    content = _content_with(tmp_path, "features:\n  admin: true\n")
    out = tmp_path / "site"
    assert main(build_args(content, out)) == 0
    config = yaml.safe_load((out / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["repo"] == "example/peers"
    assert "Content-Security-Policy" in (out / "admin" / "index.html").read_text(encoding="utf-8")
    headers = (out / "_headers").read_text(encoding="utf-8")
    assert headers.count("Content-Security-Policy:") == 2 and "/admin/*\n" in headers
    assert "admin" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    pages = [p for p in out.rglob("*.html") if "admin" not in p.parts]
    assert pages and not any("unpkg" in p.read_text(encoding="utf-8") for p in pages)
    assert not any("admin" in p.parts for p in (out / "pagefind").rglob("*"))


@pytest.mark.parametrize(
    ("repository", "message"),
    [
        (
            None,
            "admin: true needs the repository the editor saves to; add repository: url: "
            "https://github.com/OWNER/NAME, or set admin: false",
        ),
        (
            "https://gitlab.com/example/peers",
            "admin: true needs a repository on github.com such as https://github.com/OWNER/NAME "
            "(the editor saves through GitHub), found 'https://gitlab.com/example/peers'; set "
            "admin: false for another host",
        ),
        (
            "https://github.com/example",
            "admin: true needs a repository on github.com such as https://github.com/OWNER/NAME "
            "(the editor saves through GitHub), found 'https://github.com/example'; set admin: "
            "false for another host",
        ),
    ],
)
def test_editor_without_a_github_repository_is_refused(
    tmp_path: Path, repository: str | None, message: str
) -> None:
    content = _content_with(tmp_path, "features:\n  admin: true\n")
    site_yaml = content / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    replacement = "" if repository is None else f"repository:\n  url: {repository}\n"
    text = text.replace("repository:\n  url: https://github.com/example/peers\n", replacement)
    site_yaml.write_text(text, encoding="utf-8")
    problems = [p.message for p in run_check(content).problems]
    assert any(message in p for p in problems), problems


def test_local_trial_loads_decap_from_npm_and_saves_through_decap_server(
    tmp_path: Path, sample: Catalog
) -> None:
    from generator.tools.admin import local_trial

    site = tmp_path / "site"
    for name, data in admin_files(_with_admin(sample), sample.vocabularies).items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "decap-cms.js").write_text("/* decap */", encoding="utf-8")
    local_trial(site, dist)
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["local_backend"] is True
    page = (site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap/decap-cms.js" integrity="sha384-' in page
    assert "connect-src http://localhost:8081 https://api.github.com" in page
    assert (site / "admin" / "decap" / "decap-cms.js").is_file()


def test_editor_speaks_the_sites_language_only_where_decap_has_it(sample: Catalog) -> None:
    site = _with_admin(sample)
    assert admin_config(site, sample.vocabularies)["locale"] == "en"
    arabic = site.model_copy(update={"default_language": "ar"})
    # Decap 3.16 has no Arabic interface (it shows English then): the config names none
    assert "locale" not in admin_config(arabic, sample.vocabularies)
    french = site.model_copy(update={"default_language": "fr"})
    assert admin_config(french, sample.vocabularies)["locale"] == "fr"
