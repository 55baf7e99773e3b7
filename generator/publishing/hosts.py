"""Where the site is published: each static host's limits, the output measured against them.

Each limit is the host's documented one, with the page it comes from. Where a host's free plan
allows less than its paid plans, the build fails past the paid limit (no plan can publish
that) and warns past the free one (a paid plan can). `generic` is the smallest paid-plan limit
of the named hosts, the size a site must keep to be publishable on any of them, and past it
the build only warns: nobody said where the site goes.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.config import HOSTS
from generator.reading.problems import Problem, Severity

GB = 1_000_000_000
MB = 1_000_000
MIB = 1024 * 1024
OFFENDERS = 3
"""How many of the largest files (or fullest folders) a message names."""


@dataclass(frozen=True)
class Cap:
    """One limit: the most a host takes on any plan, and on its free plan when that is less."""

    paid: int
    free: int | None = None
    unit: int = 1
    """What the limit is written in (GB, MiB, or 1 for a count), for the messages."""
    unit_name: str = ""


@dataclass(frozen=True)
class HostProfile:
    """A static host's limits, as its documentation gives them."""

    name: str
    label: str
    """The host as people call it, e.g. GitHub Pages."""
    total_bytes: Cap | None
    files: Cap | None
    file_bytes: Cap | None
    headers: bool
    """Whether the host sends the site's own response headers (from `_headers`)."""
    deploy_minutes: int | None
    """How long a deploy may take before the host gives up on it."""
    strict: bool = True
    """Whether exceeding a limit is an error (False: a warning)."""


def _gb(paid: float, free: float | None = None) -> Cap:
    return Cap(int(paid * GB), None if free is None else int(free * GB), GB, "GB")


def _mib(paid: int) -> Cap:
    return Cap(paid * MIB, None, MIB, "MiB")


PROFILES: dict[str, HostProfile] = {
    # https://docs.github.com/en/pages/getting-started-with-github-pages/github-pages-limits
    # "Published GitHub Pages sites may be no larger than 1 GB", "deployments will timeout if
    # they take longer than 10 minutes"; no count of files nor size of one file is documented
    # for a site deployed from an Actions artifact; no custom headers at all (`_headers` is
    # served as a file).
    "github-pages": HostProfile("github-pages", "GitHub Pages", _gb(1), None, None, False, 10),
    # https://developers.cloudflare.com/pages/platform/limits/
    # 20,000 files per site on the Free plan, 100,000 on paid plans (since January 2026, with
    # PAGES_WRANGLER_MAJOR_VERSION=4); no file over 25 MiB; builds time out after 20 minutes.
    # https://developers.cloudflare.com/pages/configuration/headers/ : `_headers` is honoured.
    "cloudflare-pages": HostProfile(
        "cloudflare-pages",
        "Cloudflare Pages",
        None,
        Cap(100_000, 20_000),
        _mib(25),
        True,
        20,
    ),
    # https://docs.netlify.com/configure-builds/overview/#build-limits : builds time out after
    # 15 minutes; https://docs.netlify.com/routing/headers/ : `_headers` is honoured. Netlify
    # documents no limit on a site's size, file count or file size.
    "netlify": HostProfile("netlify", "Netlify", None, None, None, True, 15),
    # https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html : one PUT takes
    # up to 5 GB (the CLI's multipart uploads, 5 TB); no limit on a bucket's size or objects.
    # A website endpoint sends only the metadata headers S3 knows (Content-Type,
    # Cache-Control...), not a security policy: that takes CloudFront's response headers
    # policies (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/
    # modifying-response-headers.html), which this build cannot see.
    "s3": HostProfile("s3", "Amazon S3", None, None, _gb(5), False, None),
    # The smallest paid-plan limit of the hosts above: GitHub Pages' 1 GB, Cloudflare Pages'
    # 100,000 files and 25 MiB. Headers may or may not be sent: the pages carry the policy.
    "generic": HostProfile(
        "generic",
        "some static hosts",
        _gb(1),
        Cap(100_000),
        _mib(25),
        False,
        None,
        strict=False,
    ),
}
assert set(PROFILES) == set(HOSTS), "every host site.yaml can name has a profile"


@dataclass(frozen=True)
class OutputSize:
    """What a host is asked to take: the output folder's bytes and files."""

    total_bytes: int = 0
    files: int = 0
    sizes: list[tuple[int, str]] = field(default_factory=list)
    """Every file, largest first: (bytes, path inside the folder)."""
    folders: Counter[str] = field(default_factory=Counter)
    """Files under each folder two levels deep, e.g. en/groups ("" for the top's own files)."""

    @property
    def largest(self) -> list[tuple[int, str]]:
        """Return the largest files, largest first."""
        return self.sizes[:OFFENDERS]


def measure(folder: Path) -> OutputSize:
    """Return the bytes, file count, largest files and fullest folders of `folder`."""
    total = count = 0
    sizes: list[tuple[int, str]] = []
    folders: Counter[str] = Counter()
    for path, size in _files(folder, ""):
        total += size
        count += 1
        # a page is a folder of its own: count by the two top folders, such as en/groups
        folders["/".join(path.split("/")[:-1][:2])] += 1
        sizes.append((size, path))
    # the largest first, and the same order for files of equal size
    sizes.sort(key=lambda item: (-item[0], item[1]))
    return OutputSize(total, count, sizes, folders)


def _files(folder: Path, prefix: str) -> Iterator[tuple[str, int]]:
    with os.scandir(folder) as found:
        for item in found:
            name = prefix + item.name
            if item.is_dir(follow_symlinks=False):
                yield from _files(Path(item.path), name + "/")
            else:
                yield name, item.stat(follow_symlinks=False).st_size


def _count(value: int) -> str:
    return f"{value:,}"


def _size(value: int, cap: Cap | None = None) -> str:
    """Return bytes in the unit of the limit they are compared with (else GB, MB or kB)."""
    if cap is not None and cap.unit > 1:
        amount, unit = value / cap.unit, cap.unit_name
    elif value >= GB:
        amount, unit = value / GB, "GB"
    elif value >= MB:
        amount, unit = value / MB, "MB"
    else:
        return f"{value / 1000:.1f} kB"
    return f"{amount:.2f} {unit}" if amount < 10 else f"{amount:.1f} {unit}"


def _limit(value: int, cap: Cap) -> str:
    if cap.unit == 1:
        return _count(value)
    whole = value / cap.unit
    return f"{whole:g} {cap.unit_name}"


def check_output(profile: HostProfile, size: OutputSize, path: str, line: int = 1) -> list[Problem]:
    """Return the problems of publishing `size` on `profile`'s host, reported at `path` and
    `line` (the site.yaml line that names the host)."""
    problems: list[Problem] = []
    label = profile.label
    whose = f"{label}'" if label.endswith("s") else f"{label}'s"

    def check(cap: Cap | None, value: int, found: str, what: str, smaller: str, other: str) -> None:
        """Add a problem when `value` is past `cap`: `found` says what was measured, `what`
        which limit, `smaller` and `other` the two ways out."""
        if cap is None:
            return
        if value > cap.paid:
            severity: Severity = "error" if profile.strict else "warning"
            plan = " on paid plans" if cap.free is not None else ""
            limit, fix = cap.paid, f"{smaller} or choose a host that takes {other}"
        elif cap.free is not None and value > cap.free:
            severity, plan, limit = "warning", " on the free plan", cap.free
            fix = f"publish it on a paid plan (up to {_limit(cap.paid, cap)}{what}) or {smaller}"
        else:
            return
        message = (
            f"{found}, over {whose} limit of {_limit(limit, cap)}{what}{plan} "
            f"(host: {profile.name} in site.yaml); {fix}"
        )
        problems.append(Problem(path, line, 1, severity, message))

    check(
        profile.total_bytes,
        size.total_bytes,
        f"the site is {_size(size.total_bytes, profile.total_bytes)} (the largest files: "
        f"{_offenders(size.largest)})",
        "",
        "make the output smaller (fewer languages, or the data exports published elsewhere)",
        "a larger site",
    )
    fullest = sorted(size.folders.items(), key=lambda item: (-item[1], item[0]))[:OFFENDERS]
    check(
        profile.files,
        size.files,
        f"the site has {_count(size.files)} files (the most in "
        + ", ".join(f"{folder or 'the top folder'}: {_count(n)}" for folder, n in fullest)
        + ")",
        " files",
        "make fewer pages",
        "more files",
    )
    cap = profile.file_bytes
    if cap is not None and size.sizes:
        limit = cap.free if cap.free is not None else cap.paid
        too_big = [item for item in size.sizes if item[0] > limit]
        more = len(too_big) - OFFENDERS
        named = _offenders(too_big[:OFFENDERS], cap) + (
            f" and {_count(more)} more" if more > 0 else ""
        )
        check(
            cap,
            size.sizes[0][0],
            f"{named} {'is' if len(too_big) == 1 else 'are'} larger than one file may be",
            "",
            "split or compress the file",
            "larger files",
        )
    return problems


def _offenders(files: list[tuple[int, str]], cap: Cap | None = None) -> str:
    return ", ".join(f"{name} ({_size(n, cap)})" for n, name in files)


def size_summary(profile: HostProfile, size: OutputSize) -> str:
    """Return one line on the output's size, against the host's limits."""
    largest = f", largest {_offenders(size.largest[:1])}" if size.largest else ""
    limits = []
    if profile.total_bytes is not None:
        limits.append(f"up to {_limit(profile.total_bytes.paid, profile.total_bytes)}")
    if profile.files is not None:
        limits.append(f"{_count(profile.files.paid)} files")
    if profile.file_bytes is not None:
        limits.append(f"{_limit(profile.file_bytes.paid, profile.file_bytes)} a file")
    if profile.name == "generic":
        against = "every named host's paid plan takes " + ", ".join(limits)
    elif limits:
        against = f"{profile.label} takes " + ", ".join(limits)
    else:
        against = f"{profile.label} documents no size limit"
    if profile.deploy_minutes is not None:
        against += f" and stops a deploy after {profile.deploy_minutes} min"
    return f"{_size(size.total_bytes)} in {_count(size.files)} files{largest}; {against}"
