"""Where the site is published: the build measures its output against the host's limits before
publishing, splits the sitemap within the protocol's limits, carries the security policy in the
pages where the host sends no headers, and the deploy settings for each host agree with it."""

from __future__ import annotations

import dataclasses
import gzip
import re
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import ENTRY, ROOT, TODAY, build_py, tree

from generator.build.site import build_site
from generator.build.terminal import summary_line
from generator.cli import main
from generator.publishing.hosts import (
    MB,
    PROFILES,
    Cap,
    HostProfile,
    check_output,
    measure,
    size_summary,
)
from generator.publishing.output import headers_file
from generator.publishing.sitemap import (
    DATA_HEADERS,
    SITEMAP_BYTES,
    PageOutline,
    sitemap,
    sitemap_files,
)
from generator.reading.problems import Problem
from generator.theme.assets import CSP

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
META_CSP = '<meta http-equiv="Content-Security-Policy"'
META_REFERRER = '<meta name="referrer" content="no-referrer">'


def _directory(site: Callable[..., Path], host: str | None, entries: int = 6) -> Path:
    """Write a small directory of `entries` online groups published on `host`."""
    groups = {
        f"groups/group-{n:03}.yaml": ENTRY.replace("Test Group", f"Test Group {n}")
        for n in range(entries)
    }
    root = site(groups)
    with (root / "site.yaml").open("a", encoding="utf-8") as file:
        # no search bundle: the counts below are the pages' and the exports' alone
        file.write("features: {search: false}\n")
        if host is not None:
            file.write(f"host: {host}\n")
    return root


def _lowered(name: str, **limits: Cap | None) -> dict[str, HostProfile]:
    """Return the host profiles with `name`'s limits lowered, as a small site can cross them."""
    return {**PROFILES, name: dataclasses.replace(PROFILES[name], **limits)}


def _messages(problems: list[Problem]) -> list[str]:
    return [problem.format() for problem in problems]


# --- the host's limits ---------------------------------------------------------------------------


def test_build_past_a_hosts_file_limit_fails_and_leaves_the_site_as_it_was(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = _directory(site, "netlify")
    out = tmp_path / "site"
    assert build_site(root, out, TODAY).published
    before = tree(out)
    (root / "site.yaml").write_text(
        (root / "site.yaml").read_text(encoding="utf-8").replace("netlify", "cloudflare-pages"),
        encoding="utf-8",
    )
    (root / "groups" / "group-new.yaml").write_text(ENTRY, encoding="utf-8")
    result = build_site(root, out, TODAY, hosts=_lowered("cloudflare-pages", files=Cap(100, 50)))
    assert not result.published
    assert result.output is not None and result.output.files > 100
    assert _messages(result.problems) == [
        f"{root}/site.yaml:22:1: error: the site has {result.output.files} files (the most in "
        "data/hsds: 34, ar/browse: 13, "
        "en/browse: 13), over Cloudflare Pages' limit of 100 files on paid "
        "plans (host: cloudflare-pages in site.yaml); make fewer pages or choose a host that "
        "takes more files"
    ]
    assert tree(out) == before
    assert not list(tmp_path.glob(".site.new-*")), "the staged folder is cleaned up"


def test_build_past_a_free_plan_publishes_with_a_warning(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = _directory(site, "cloudflare-pages")
    out = tmp_path / "site"
    result = build_site(root, out, TODAY, hosts=_lowered("cloudflare-pages", files=Cap(200, 100)))
    assert result.published
    files = len(tree(out))
    assert 100 < files < 200
    assert _messages(result.problems) == [
        f"{root}/site.yaml:22:1: warning: the site has {files} files (the most in data/hsds: 34, "
        "ar/browse: 13, "
        "en/browse: 13), over Cloudflare Pages' limit of 100 files on the free "
        "plan (host: cloudflare-pages in site.yaml); publish it on a paid plan (up to 200 "
        "files) or make fewer pages"
    ]
    assert re.fullmatch(
        rf"build: [0-9.]+ kB in {files} files, largest sitemap\.xml \([0-9.]+ kB\); Cloudflare "
        r"Pages takes 200 files, 25 MiB a file and stops a deploy after 20 min",
        summary_line(result, out).splitlines()[0],
    )


def _folder(tmp_path: Path, files: dict[str, int]) -> Path:
    """Write files of the given sizes under tmp_path/out."""
    for name, size in files.items():
        path = tmp_path / "out" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    return tmp_path / "out"


NATIONAL = {
    "data/directory.json": 96_400_000,
    "data/hsds/services.json": 53_100_000,
    "data/groups.csv": 28_000_000,
    "data/meeting-guide.json": 27_000_000,
    "en/index.html": 18_000,
}


def test_site_past_the_total_size_fails_naming_the_largest_files(tmp_path: Path) -> None:
    size = measure(_folder(tmp_path, NATIONAL))
    small = Cap(150 * MB, unit=MB, unit_name="MB")
    profile = dataclasses.replace(PROFILES["github-pages"], total_bytes=small)
    assert _messages(check_output(profile, size, "content/site.yaml", 12)) == [
        "content/site.yaml:12:1: error: the site is 204.5 MB (the largest files: "
        "data/directory.json (96.4 MB), data/hsds/services.json (53.1 MB), data/groups.csv "
        "(28.0 MB)), over GitHub Pages' limit of 150 MB (host: github-pages in site.yaml); "
        "make the output smaller (fewer languages, or the data exports published elsewhere) "
        "or choose a host that takes a larger site"
    ]
    assert size_summary(PROFILES["github-pages"], size) == (
        "204.5 MB in 5 files, largest data/directory.json (96.4 MB); GitHub Pages takes up to "
        "1 GB and stops a deploy after 10 min"
    )


def test_files_past_the_file_size_are_named_with_how_many_more(tmp_path: Path) -> None:
    size = measure(_folder(tmp_path, NATIONAL))
    found = check_output(PROFILES["cloudflare-pages"], size, "content/site.yaml", 3)
    assert _messages(found) == [
        "content/site.yaml:3:1: error: data/directory.json (91.9 MiB), data/hsds/services.json "
        "(50.6 MiB), data/groups.csv (26.7 MiB) and 1 more are larger than one file may be, "
        "over Cloudflare Pages' limit of 25 MiB (host: cloudflare-pages in site.yaml); split "
        "or compress the file or choose a host that takes larger files"
    ]
    generic = check_output(PROFILES["generic"], size, "content/site.yaml")
    assert [(p.severity, p.message[:40]) for p in generic] == [
        ("warning", "data/directory.json (91.9 MiB), data/hsd")
    ]


def test_build_past_a_limit_under_generic_publishes_with_a_warning(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = _directory(site, None)
    out = tmp_path / "site"
    small = Cap(1000, unit=1000, unit_name="kB")
    result = build_site(root, out, TODAY, hosts=_lowered("generic", file_bytes=small))
    assert result.published
    assert [(p.path, p.line, p.severity) for p in result.problems] == [
        (f"{root}/site.yaml", 1, "warning")
    ]
    assert result.problems[0].message.endswith(
        "are larger than one file may be, over some static hosts' limit of 1 kB (host: generic "
        "in site.yaml); split or compress the file or choose a host that takes larger files"
    )


def test_measure_counts_every_file_and_names_the_largest(tmp_path: Path) -> None:
    for name, size in {
        "a.txt": 5,
        "en/groups/x/index.html": 30,
        "en/groups/y/index.html": 20,
    }.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    size = measure(tmp_path)
    assert (size.total_bytes, size.files) == (55, 3)
    assert size.largest == [
        (30, "en/groups/x/index.html"),
        (20, "en/groups/y/index.html"),
        (5, "a.txt"),
    ]
    assert dict(size.folders) == {"": 1, "en/groups": 2}


def test_every_host_profile_cites_its_documentation() -> None:
    source = (ROOT / "generator" / "publishing" / "hosts.py").read_text(encoding="utf-8")
    for name in PROFILES:
        before = source[: source.index(f'    "{name}": HostProfile(')]
        comment = before.rstrip().splitlines()[-1].strip()
        assert comment.startswith("#"), name
    assert source.count("# https://") >= 4


def test_site_yaml_refuses_an_unknown_host_with_a_did_you_mean(
    site: Callable[..., Path],
) -> None:
    root = _directory(site, "github-page", entries=0)
    result = build_py("check", "--content", str(root))
    assert result.returncode == 1
    assert (
        f"{root}/site.yaml:22:7: error: host: 'github-page' is not one of github-pages, "
        "cloudflare-pages, netlify, s3, generic; did you mean 'github-pages'?"
    ) in result.stdout.splitlines()


# --- sitemaps ------------------------------------------------------------------------------------


def _outlines(count: int) -> list[PageOutline]:
    pages = []
    for n in range(count):
        alternates = {"en": f"en/groups/g{n}/", "ar": f"ar/groups/g{n}/"}
        pages += [PageOutline(path, alternates) for path in alternates.values()]
    return sorted(pages)


def _urls(data: bytes) -> dict[str, list[tuple[str, str]]]:
    """Return a urlset's addresses with their alternates, parsed as XML."""
    root = ET.fromstring(data)
    assert root.tag == f"{SM}urlset"
    return {
        url.findtext(f"{SM}loc", ""): [
            (link.get("hreflang", ""), link.get("href", "")) for link in url.iter(f"{XHTML}link")
        ]
        for url in root.iter(f"{SM}url")
    }


def test_sitemap_that_fits_is_one_file_and_a_larger_one_splits_under_an_index() -> None:
    pages = _outlines(5)  # 10 URLs
    base = "https://peers.example.org/"
    assert sitemap_files(pages, base, "en") == {"sitemap.xml": sitemap(pages, base, "en").encode()}
    files = sitemap_files(pages, base, "en", max_urls=4)
    names = ["sitemap-1.xml.gz", "sitemap-2.xml.gz", "sitemap-3.xml.gz"]
    assert list(files) == ["sitemap.xml", *names]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{SM}sitemapindex"
    assert [s.findtext(f"{SM}loc") for s in index.iter(f"{SM}sitemap")] == [
        f"{base}{name}" for name in names
    ]
    parts = [_urls(gzip.decompress(files[name])) for name in names]
    assert [len(part) for part in parts] == [4, 4, 2]
    merged = {url: links for part in parts for url, links in part.items()}
    assert merged == _urls(sitemap(pages, base, "en").encode())
    assert merged[f"{base}ar/groups/g0/"] == [
        ("en", f"{base}en/groups/g0/"),
        ("ar", f"{base}ar/groups/g0/"),
        ("x-default", f"{base}en/groups/g0/"),
    ]


def test_a_sitemap_past_a_megabyte_is_published_as_gzip_parts_under_a_plain_index() -> None:
    # within the protocol's limits, but heavy to fetch and to host: compressed
    pages = _outlines(3_000)  # 6,000 URLs with their alternates, about 2.4 MB of XML
    base = "https://peers.example.org/"
    whole = sitemap(pages, base, "en").encode()
    assert len(whole) > 1024 * 1024
    files = sitemap_files(pages, base, "en")
    assert list(files) == ["sitemap.xml", "sitemap-1.xml.gz"]
    index = ET.fromstring(files["sitemap.xml"])
    assert [s.findtext(f"{SM}loc") for s in index.iter(f"{SM}sitemap")] == [
        f"{base}sitemap-1.xml.gz"
    ]
    assert gzip.decompress(files["sitemap-1.xml.gz"]) == whole
    assert len(files["sitemap-1.xml.gz"]) < len(whole) / 10
    # the same pages make the same bytes: a rebuild republishes nothing
    assert sitemap_files(pages, base, "en") == files


def test_a_sitemap_file_is_never_larger_than_any_host_takes() -> None:
    # the protocol allows 50 MB; a host's limit a file is the smaller one that counts
    smallest = min(p.file_bytes.paid for p in PROFILES.values() if p.file_bytes is not None)
    assert SITEMAP_BYTES <= smallest <= 50 * 1024 * 1024
    # 40,000 URLs (within the protocol's 50,000) of 30 MB with their alternates: split in two
    slug = "a-long-group-name-" * 10
    pages = sorted(
        PageOutline(path, alternates)
        for n in range(20_000)
        for alternates in [{"en": f"en/groups/{slug}{n}/", "ar": f"ar/groups/{slug}{n}/"}]
        for path in alternates.values()
    )
    files = sitemap_files(pages, "https://peers.example.org/", "en")
    assert list(files) == ["sitemap.xml", "sitemap-1.xml.gz", "sitemap-2.xml.gz"]
    parts = [gzip.decompress(files[name]) for name in ("sitemap-1.xml.gz", "sitemap-2.xml.gz")]
    assert sum(len(data) for data in parts) > 25 * 1024 * 1024
    assert all(len(data) <= SITEMAP_BYTES for data in [files["sitemap.xml"], *parts])


def test_sitemap_splits_before_a_file_passes_the_byte_limit() -> None:
    pages = _outlines(50)
    base = "https://peers.example.org/"
    limit = 5_000
    files = sitemap_files(pages, base, "en", max_bytes=limit)
    parts = [gzip.decompress(data) for name, data in files.items() if name != "sitemap.xml"]
    assert len(parts) > 1
    assert all(len(data) <= limit for data in parts)
    assert sum(len(_urls(data)) for data in parts) == 100


def test_built_site_splits_its_sitemap_and_robots_txt_points_at_the_index(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = _directory(site, "netlify")
    out = tmp_path / "site"
    assert build_site(root, out, TODAY, sitemap_limits=(40, 50 * 1024 * 1024)).published
    index = ET.fromstring((out / "sitemap.xml").read_bytes())
    names = [s.findtext(f"{SM}loc", "").rpartition("/")[2] for s in index.iter(f"{SM}sitemap")]
    assert names == [f"sitemap-{n}.xml.gz" for n in range(1, len(names) + 1)] and len(names) > 1
    urls = [_urls(gzip.decompress((out / name).read_bytes())) for name in names]
    assert all(len(part) <= 40 for part in urls)
    listed = {url for part in urls for url in part}
    assert "https://peers.example.org/fr/groups/group-003/" in listed
    assert "Sitemap: https://peers.example.org/sitemap.xml\n" in (out / "robots.txt").read_text()


# --- the policy in the pages where no headers are sent -----------------------------------------


def test_pages_carry_the_policy_only_where_the_host_sends_no_headers(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = _directory(site, "github-pages", entries=1)
    out = tmp_path / "site"
    assert build_site(root, out, TODAY).published
    page = (out / "en" / "groups" / "group-000" / "index.html").read_text(encoding="utf-8")
    assert META_CSP in page and META_REFERRER in page
    # the theme's constant policy, its quotes as they are (nothing in it to escape)
    assert not set(CSP) & set('"<>&')
    assert f'{META_CSP} content="{CSP}">' in page
    assert all(META_CSP in path.read_text(encoding="utf-8") for path in out.rglob("*.html"))
    site_yaml = root / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text(encoding="utf-8").replace("github-pages", "netlify"),
        encoding="utf-8",
    )
    assert build_site(root, out, TODAY).published  # the host changed: every page is made again
    pages = list(out.rglob("*.html"))
    assert out / "index.html" in pages and out / "404.html" in pages
    for page_file in pages:
        page = page_file.read_text(encoding="utf-8")
        assert META_CSP not in page and META_REFERRER not in page, page_file
    assert "Content-Security-Policy: " in (out / "_headers").read_text()


@pytest.mark.parametrize("host", ["s3", "generic"])
def test_s3_and_generic_are_taken_to_send_no_headers(host: str) -> None:
    assert not PROFILES[host].headers


# --- deploy settings, dry run ------------------------------------------------------------------


def test_content_names_the_host_deploy_yml_publishes_to() -> None:
    settings = yaml.safe_load((ROOT / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert settings["host"] == "github-pages"
    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    steps = deploy["jobs"]["build"]["steps"]
    assert any("build.py build" in step.get("run", "") for step in steps)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"


def test_netlify_toml_builds_into_site_and_leaves_headers_to_the_headers_file() -> None:
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    assert config["build"]["publish"] == "site"
    assert config["build"]["command"].endswith("python build.py build")
    assert config["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    # Netlify reads site/_headers; a [[headers]] rule here would be a second policy to keep
    assert "headers" not in config


def test_wrangler_toml_publishes_site_for_cloudflare_pages() -> None:
    config = tomllib.loads((ROOT / "wrangler.toml").read_text(encoding="utf-8"))
    assert config["pages_build_output_dir"] == "./site"
    assert "headers" not in config and "build" not in config


def test_the_headers_file_both_header_hosts_read_is_written_at_the_sites_top(
    sample_build: Path,
) -> None:
    written = (sample_build / "_headers").read_text(encoding="utf-8")
    assert written == headers_file() + DATA_HEADERS
    rules = written.split("\n/")
    assert rules[0].startswith("/*\n") and "frame-ancestors 'none'" in rules[0]


@pytest.mark.slow  # builds a site through main()
def test_build_command_past_a_limit_prints_the_problem_and_exits_1(
    site: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = _directory(site, "github-pages", entries=1)
    out = tmp_path / "site"
    small = dataclasses.replace(
        PROFILES["github-pages"], total_bytes=Cap(1000, unit=1000, unit_name="kB")
    )
    monkeypatch.setitem(PROFILES, "github-pages", small)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["build", "--content", str(root), "--out", str(out), "--today", str(TODAY)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{root}/site.yaml:22:1: error: the site is ")
    assert lines[0].endswith(
        "over GitHub Pages' limit of 1 kB (host: github-pages in site.yaml); make the output "
        "smaller (fewer languages, or the data exports published elsewhere) or choose a host "
        "that takes a larger site"
    )
    assert lines[1].startswith(f"::error file={root}/site.yaml,line=22,col=1::the site is ")
    assert lines[-1] == f"build: stopped before publishing; {out} is unchanged"
    assert not out.exists()
