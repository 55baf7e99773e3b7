"""The benchmark's anchor, the same directory as a Hugo site, really is the same directory:
every entry in every language, with the lists the directory browses by."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from hugo import TAXONOMIES, hugo_site  # noqa: E402


def test_the_hugo_site_has_every_entry_in_every_language_and_every_list(tmp_path):
    project = hugo_site(ROOT / "content", tmp_path)
    config = json.loads((project / "config.json").read_text(encoding="utf-8"))
    languages = list(config["languages"])
    assert languages == ["en", "es", "fr", "ar"]
    assert config["languages"]["ar"]["languageDirection"] == "rtl"
    assert config["paginate"] == 20
    assert set(config["taxonomies"].values()) == set(TAXONOMIES.values())
    entries = sorted(p.stem for p in (ROOT / "content" / "groups").rglob("*.yaml"))
    for lang in languages:
        written = sorted(p.stem for p in (project / "content" / lang / "groups").glob("*.md"))
        assert written == entries
    lyon = (project / "content" / "fr" / "groups" / "cercle-entraide-croix-rousse.md").read_text()
    matter = json.loads(lyon.split("\n\n", 1)[0])
    assert matter["countries"] == ["FR"] and matter["kind"] == "support-group"
    assert matter["place"]["town"] == "Lyon"
    assert (project / "layouts" / "_default" / "single.html").is_file()


def test_the_synthetic_directory_is_published_to_no_particular_host(tmp_path: Path) -> None:
    # GitHub Pages' 1 GB, the sample's host, would stop the 10,000-entry build being measured
    from generate import generate

    content = generate(tmp_path / "content", 3)
    settings = yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))
    sample = yaml.safe_load((ROOT / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert settings["host"] == "generic"
    assert {k: v for k, v in settings.items() if k != "host"} == {
        k: v for k, v in sample.items() if k != "host"
    }
