"""The site settings model: content/site.yaml."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import unquote, urlsplit

import phonenumbers
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from generator.model.contact import Phone, Url, charged_message, charged_number
from generator.model.fields import (
    Boolean,
    CountryCode,
    LanguageTag,
    TermId,
    Text,
    UniqueList,
    choice,
    fail,
    integer,
    localized,
    one_or_many,
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class CrisisLine(_Model):
    """A national crisis line, shown on every page and on the crisis page."""

    name: localized(120)  # type: ignore[valid-type]
    """The line's name per site language, e.g. {en: 988 Suicide & Crisis Lifeline}."""
    phone: Phone | None = None
    """The number to call exactly as dialled locally, in quotes, e.g. "988" or "116 123"."""
    sms: Phone | None = None
    """A number to text, in quotes, when the line takes text messages."""
    url: Url | None = None
    """The line's official web page."""
    hours: localized(80) | None = None  # type: ignore[valid-type]
    """When it answers, e.g. 24/7."""
    description: localized(300) | None = None  # type: ignore[valid-type]
    """One sentence on who it is for, per site language."""
    entry: TermId | None = None
    """The slug of the directory entry that is this line's own listing, e.g. samaritans for
    groups/samaritans.yaml: only that entry may use the line's name, number or website. Set by
    a maintainer; an entry that takes a crisis line's name without it is refused."""

    @model_validator(mode="after")
    def _reachable(self) -> CrisisLine:
        if not (self.phone or self.sms or self.url):
            raise fail("a crisis line needs a phone, sms or url so people can reach it")
        return self


class Repository(_Model):
    """Where the content lives, for "Suggest an edit" and "Report a problem" links."""

    url: Url
    """The repository's web address, e.g. https://github.com/example/peer-support-directory."""
    branch: Text = "main"
    """The branch that holds the published content."""
    content_path: Text = "content"
    """The content folder inside the repository."""


class License(_Model):
    """The licence of the directory's open data."""

    name: Text
    """The licence name, e.g. CC BY 4.0."""
    url: Url
    """The licence's web page."""


class Features(_Model):
    """Switches for optional parts of the site."""

    search: Boolean = True
    """Full-text search with filters."""
    quick_exit: Boolean = True
    """The quick exit button and the triple-Shift shortcut."""
    near_me: Boolean = True
    """Ordering by distance from a place the visitor chooses, computed on their device."""
    suggest_edit: Boolean = True
    """A "Suggest an edit" link on every entry page (needs repository)."""
    report_problem: Boolean = True
    """A "Report a problem" link on every entry page (needs repository)."""
    admin: Boolean = False
    """The forms editor (Decap CMS) at /admin/, which saves entries as pull requests to the
    GitHub repository (needs repository on github.com, and a GitHub OAuth app: see README)."""


def _languages(value: list[str]) -> list[str]:
    if not value:
        raise fail("needs at least one language, e.g. [en]")
    return value


def _base_url(value: str) -> str:
    """Return the site address as an origin and a clean folder path ending in /."""
    parts = urlsplit(value)
    path = parts.path
    if "?" in value or "#" in value:
        raise fail(
            f"'{value}' has a query (?) or fragment (#); the site address is a plain folder "
            "address such as https://example.org/peers/"
        )
    segments = unquote(path).split("/")[1:]
    if "//" in path or "" in segments[:-1]:
        raise fail(f"'{value}' has an empty folder (//) in its path; write each folder once")
    if any(segment in (".", "..") for segment in segments):
        raise fail(
            f"'{value}' has a . or .. folder in its path; write the site's real folder, such "
            "as https://example.org/peers/"
        )
    if "%" in path:
        raise fail(f"'{value}' has percent-escapes (%) in its path; write the folder plainly")
    return value if value.endswith("/") else value + "/"


BaseUrl = Annotated[Url, AfterValidator(_base_url)]


def check_base_url(value: str) -> str:
    """Return a site address given outside site.yaml (--base-url) checked as base_url is, or
    raise ValueError with the same message."""
    from pydantic import TypeAdapter, ValidationError

    try:
        return str(TypeAdapter(BaseUrl).validate_python(value))
    except ValidationError as exc:
        raise ValueError(exc.errors()[0]["msg"]) from None


def _crisis_numbers(value: Any) -> Any:
    """Refuse a charged number in a crisis line, read for the line's own country."""
    if not isinstance(value, dict):
        return value
    for country, lines in value.items():
        if not isinstance(lines, list):
            continue
        for index, line in enumerate(lines):
            for key in ("phone", "sms"):
                text = line.get(key) if isinstance(line, dict) else None
                if not isinstance(text, str) or not isinstance(country, str):
                    continue
                try:
                    number = phonenumbers.parse(text, country.strip().upper())
                except phonenumbers.NumberParseException:
                    continue
                # a national line may be shared-cost (Australia's Lifeline is 13 11 14)
                charged = charged_number(number, shared_cost=True)
                if charged is not None:
                    raise fail(charged_message(text, charged), subloc=(country, index, key))
    return value


HOSTS = ("github-pages", "cloudflare-pages", "netlify", "s3", "generic")
"""Where a site can say it is published; `publishing.hosts` holds each one's limits."""
Host = Annotated[Literal[HOSTS], choice(*HOSTS)]  # type: ignore[valid-type]


class SiteConfig(_Model):
    """The site's settings: content/site.yaml."""

    title: localized(80)  # type: ignore[valid-type]
    """The site title per language, e.g. {en: Peer Support Directory, es: ...}."""
    tagline: localized(160) | None = None  # type: ignore[valid-type]
    """A one-line description per language, shown under the title."""
    base_url: BaseUrl
    """The public address of the site, with any sub-path, e.g. https://example.org/peers/."""
    languages: Annotated[
        list[LanguageTag], BeforeValidator(one_or_many), UniqueList, AfterValidator(_languages)
    ]
    """The site's languages, e.g. [en, es, fr, ar]; each gets its own /<lang>/ pages."""
    default_language: LanguageTag
    """The language of x-default links and of entries that don't say otherwise, e.g. en."""
    default_country: CountryCode
    """The country whose crisis line pages about no particular country show, e.g. US; an
    entry's page and a place's lists show their own country's line when `crisis_lines` has
    one."""
    crisis_lines: Annotated[
        dict[CountryCode, Annotated[list[CrisisLine], Field(min_length=1)]],
        BeforeValidator(_crisis_numbers),
    ]
    """Crisis lines per country code, e.g. US: [{name: ..., phone: "988"}]."""
    stale_after_days: Annotated[int, integer(30, 3650, "a number of days from 30 to 3650")] = 365
    """After how many days without verification an entry is flagged as stale."""
    quick_exit_url: Url = "https://www.wikipedia.org/"
    """The neutral page the quick exit leads to."""
    repository: Repository | None = None
    """The content repository, for edit and report links."""
    data_license: License | None = None
    """The licence of the open data exports."""
    features: Features = Field(default_factory=Features)
    """Switches for optional parts of the site."""
    host: Host = "generic"
    """Where the site is published: github-pages, cloudflare-pages, netlify, s3 or generic. The
    build checks its output against that host's limits (size, files, largest file) and fails
    past them; with generic it only warns. On github-pages and s3, which send no headers of
    the site's own, each page carries its security policy in a <meta> tag."""

    @model_validator(mode="after")
    def _consistent(self) -> SiteConfig:
        if self.default_language not in self.languages:
            raise fail(
                f"default_language '{self.default_language}' is not in languages "
                f"({', '.join(self.languages)}); add it there or pick one of them",
                subloc=("default_language",),
            )
        missing = [lang for lang in self.languages if lang not in self.title]
        if missing:
            raise fail(
                f"title has no text for {', '.join(missing)}; give a title in every site language",
                subloc=("title",),
            )
        if self.default_country not in self.crisis_lines:
            raise fail(
                f"default_country {self.default_country} has no crisis_lines; add the "
                f"country's crisis line under crisis_lines: {self.default_country}:",
                subloc=("default_country",),
            )
        if self.features.admin:
            problem = _admin_repository(self.repository)
            if problem:
                raise fail(problem, subloc=("features", "admin"))
        return self


def _admin_repository(repository: Repository | None) -> str | None:
    """Return why the forms editor can't save to `repository`, or None when it can."""
    if repository is None:
        return (
            "admin: true needs the repository the editor saves to; add repository: url: "
            "https://github.com/OWNER/NAME, or set admin: false"
        )
    parts = urlsplit(str(repository.url))
    segments = [s for s in parts.path.split("/") if s]
    if parts.hostname != "github.com" or len(segments) != 2:
        return (
            f"admin: true needs a repository on github.com such as "
            f"https://github.com/OWNER/NAME (the editor saves through GitHub), found "
            f"'{repository.url}'; set admin: false for another host"
        )
    return None


def site_context(data: Any) -> list[str] | None:
    """Return the site languages from raw site.yaml data when they look usable, else None."""
    if isinstance(data, dict) and isinstance(data.get("languages"), list):
        languages = [x for x in data["languages"] if isinstance(x, str)]
        return languages or None
    return None
