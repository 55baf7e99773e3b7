"""Site paths: where each page lives, and relative links between pages (for sub-paths and disk)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from urllib.parse import quote, unquote, urlsplit

NOT_FOUND = "404.html"
ENTRIES = "groups"
"""The section (a folder in each language) of the entry pages and the all-entries list."""
GUIDES = "guides"
"""The section of the guides and their index."""
BROWSE = "browse"
"""The section of the browse index and the facet pages."""
SEARCHABLE = (ENTRIES, GUIDES)
"""The sections whose pages one level down (an entry, a guide) are search results."""


def root(base_url: str) -> str:
    """Return the site's base URL with exactly one slash at the end, for absolute links."""
    return base_url.rstrip("/") + "/"


def absolute(base_url: str, target: str) -> str:
    """Return a root-relative link that includes the base URL's sub-path."""
    prefix = urlsplit(base_url).path or "/"
    return (prefix if prefix.endswith("/") else prefix + "/") + target


def page_file(path: str) -> str:
    """Return the file a page path is written to: "en/groups/x/" -> "en/groups/x/index.html".

    A path holds its non-ASCII parts percent-encoded, as every link, the sitemap and hreflang
    write it; the file has them as the letters they are, which is what a host looks up.
    """
    if "%" in path:
        path = unquote(path)
    return f"{path}index.html" if path == "" or path.endswith("/") else path


def file_key(path: str) -> str:
    """Return what a file path (as `page_file` gives it) is to a host that ignores case and
    Unicode normalization.

    macOS and Windows file systems (and the checkouts and hosts on them) take "Lyon/" and
    "lyon/", or "Québec/" composed and decomposed, for one folder: two outputs with the same
    key overwrite each other there. Full case folding is a little broader than theirs ("ß" is
    "ss"), which only errs on the safe side.
    """
    if path.isascii():
        return path.lower()  # all a host can fold in it, and most paths are ASCII
    decomposed = unicodedata.normalize("NFD", path)
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", decomposed.casefold()))


def relative(from_path: str, to_path: str) -> str:
    """Return a link from the page at `from_path` to `to_path`, both relative to the site root.

    Paths are clean (no "." or ".." parts), so this is plain list arithmetic; it runs for
    every link of every page, and posixpath.relpath was the build's single largest cost.
    """
    base = from_path.split("/")[:-1]  # the page's folder: "en/groups/x/" -> [en, groups, x]
    target = to_path.split("/")
    leaf = target.pop()  # "" for a folder, else a file name
    common = 0
    for here, there in zip(base, target, strict=False):
        if here != there:
            break
        common += 1
    parts = [".."] * (len(base) - common) + target[common:]
    if leaf:
        parts.append(leaf)
        return "/".join(parts)
    return "/".join(parts) + "/" if parts else "./"


def slugify(text: str) -> str:
    """Return an ASCII slug for a region name ("Île-de-France" -> "ile-de-france")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "region"


# Latin letters that don't decompose into a letter and an accent, as they are usually written
# in ASCII ("Łódź" -> "lodz", "Østfold" -> "ostfold", "Großbeeren" -> "grossbeeren")
_LATIN = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "h",
    }
)
_NAME_LIMIT = 60
"""Characters of a name kept in an address: a file name is at most 255 bytes, and 60
characters of any script are at most 240."""
# names Windows keeps for devices: a folder "con" or "aux" can't be checked out there
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))}
)


def name_slug(name: str) -> str:
    """Return the address part of a place name, readable in its own script.

    Latin letters lose their accents, as in `slugify` ("Île-de-France" -> "ile-de-france");
    other scripts keep their letters and marks ("Москва" -> "москва", "القاهرة" stays), to
    be percent-encoded where a URL is written (`path_part`). Anything else between words is
    one hyphen. A name with no letter or digit gets a stable one made from the name itself.
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_LATIN))
    kept: list[str] = []
    latin = False
    for char in decomposed:
        category = unicodedata.category(char)
        if category[0] == "M":
            # an accent on a Latin letter goes ("é" -> "e"); other scripts' marks are
            # their vowels and stay ("हिन्दी", "ক্")
            if not latin:
                kept.append(char)
            continue
        latin = char.isascii()
        kept.append(char if category[0] in "LN" else " ")
    text = unicodedata.normalize("NFC", "".join(kept).casefold())
    slug = "-".join(text.split())
    if not slug:
        return "place-" + _digest(name, 8)
    if len(slug) > _NAME_LIMIT:
        slug = slug[:_NAME_LIMIT].rstrip("-") + "-" + _digest(name, 6)
    if slug in _RESERVED:
        slug = f"{slug}-{_digest(name, 6)}"
    return slug


def _digest(name: str, size: int) -> str:
    return hashlib.sha256(unicodedata.normalize("NFC", name).encode("utf-8")).hexdigest()[:size]


def unique_slugs(names: Iterable[str]) -> dict[str, str]:
    """Return a distinct `name_slug` for each distinct name, the same from build to build.

    Names that would share an address ("Saint-Étienne" and "Saint Etienne") or differ only in
    case each get their own: the one that sorts first keeps the plain slug, the others add a
    short digest of their own name. Names that differ only in Unicode normalization are one.
    """
    by_key: dict[str, list[str]] = {}
    for name in names:
        by_key.setdefault(file_key(name_slug(name)), []).append(name)
    found: dict[str, str] = {}
    taken: set[str] = set(by_key)
    for group in by_key.values():
        spellings: dict[str, list[str]] = {}
        for name in group:
            spellings.setdefault(unicodedata.normalize("NFC", name), []).append(name)
        for number, (spelling, same) in enumerate(sorted(spellings.items())):
            slug = name_slug(spelling)
            size = 6
            while number and file_key(slug) in taken:
                slug = f"{name_slug(spelling)}-{_digest(spelling, size)}"
                size += 2
            taken.add(file_key(slug))
            found.update(dict.fromkeys(same, slug))
    return found


def path_part(slug: str) -> str:
    """Return a slug as one part of a site path: percent-encoded UTF-8 where not ASCII."""
    return slug if slug.isascii() else quote(slug, safe="")


def sort_key(text: str) -> str:
    """Return a key that sorts names alphabetically regardless of accents and case, in any
    script: the letters without their marks ("é" as "e", Arabic without its short vowels),
    in the order Unicode gives each script's letters, which for Latin and Arabic is the
    alphabet's. (Keeping only the ASCII letters sorted Arabic names by their spaces.)"""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.casefold() + ("\0" + text)


def other_words(lang: str) -> str:
    """Return the path of the search page's table of the other languages' words."""
    return f"{search(lang)}words.json"


def home(lang: str) -> str:
    """Return the path of a language's home page."""
    return f"{lang}/"


def x_default(alternates: Mapping[str, str], default: str, path: str) -> str:
    """Return the page for visitors in a language the site lacks (hreflang "x-default"): the
    root chooser for the home pages, which it lists and which must list it back; for any other
    page its version in the default language."""
    if alternates and all(target == home(lang) for lang, target in alternates.items()):
        return ""
    return alternates.get(default, path)


def entry(lang: str, slug: str) -> str:
    """Return the path of an entry page."""
    return f"{lang}/{ENTRIES}/{slug}/"


def entry_url(base_url: str, lang: str, slug: str) -> str:
    """Return the absolute address of an entry page, as feeds, exports and JSON-LD give it."""
    return root(base_url) + entry(lang, slug)


def entry_id(base_url: str, slug: str) -> str:
    """Return an entry's address without a language: one stable name for it in every language.

    Not a page (no language folder): open data makes its identifiers from it.
    """
    return f"{root(base_url)}{ENTRIES}/{slug}"


def all_entries(lang: str, page: int = 1) -> str:
    """Return the path of one page of the all-entries list."""
    return f"{lang}/{ENTRIES}/" if page == 1 else f"{lang}/{ENTRIES}/page/{page}/"


def browse(lang: str, facet: str = "", value: str = "", page: int = 1) -> str:
    """Return the path of the browse index, a facet's index, or one page of a facet value."""
    if not facet:
        return f"{lang}/{BROWSE}/"
    if not value:
        return f"{lang}/{BROWSE}/{facet}/"
    base = f"{lang}/{BROWSE}/{facet}/{value}/"
    return base if page == 1 else f"{base}page/{page}/"


def guides(lang: str) -> str:
    """Return the path of the guides index."""
    return f"{lang}/{GUIDES}/"


def guide(lang: str, slug: str) -> str:
    """Return the path of a guide."""
    return f"{lang}/{GUIDES}/{slug}/"


def section(path: str) -> str:
    """Return the section a page path is in ("en/groups/x/" -> "groups"), or "" for a home."""
    return path.split("/")[1] if path.count("/") >= 2 else ""


def searchable(path: str) -> bool:
    """Return whether the page at `path` is a search result: an entry or a guide page.

    The same pages as `search_glob` matches, for a page known by its path.
    """
    parts = path.split("/")
    return len(parts) == 4 and parts[1] in SEARCHABLE and parts[2] != "" and parts[3] == ""


def search_glob(lang: str) -> str:
    """Return the glob of a language's page files that the search index reads."""
    return f"{lang}/{{{','.join(SEARCHABLE)}}}/*/index.html"


def info(lang: str, name: str) -> str:
    """Return the path of a statement page (about, privacy, accessibility, crisis)."""
    return f"{lang}/{name}/"


def calendar(slug: str) -> str:
    """Return the path of an entry's iCalendar file (one per entry, in every language)."""
    return f"data/calendars/{slug}.ics"


def feed(lang: str) -> str:
    """Return the path of a language's Atom feed of new and re-checked entries."""
    return f"{lang}/feed.xml"


def data(lang: str) -> str:
    """Return the path of the page that documents the open data."""
    return f"{lang}/data/"


def search(lang: str) -> str:
    """Return the path of a language's search page."""
    return f"{lang}/search/"
