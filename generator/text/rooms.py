"""Whether a link opens a private meeting room or chat group itself, not a page about it.

A published link that opens the room lets anyone who finds the page walk into a support meeting
unannounced. The check works on the parsed, normalized address rather than on its spelling:
upper case, a trailing dot, a port, credentials, punycode or fullwidth letters, percent-encoded
or backslashed paths and redirect wrappers (google.com/url?q=...) all reach the same room.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import parse_qsl, unquote, urlsplit

import idna

# A room test sees the normalized host, the path (lower case, starting with /, no "." or ".."
# parts, no doubled slashes), the query and the fragment.
Test = Callable[[str, str, str, str], bool]


def _prefix(*prefixes: str) -> Test:
    return lambda host, path, query, fragment: path.startswith(prefixes)


def _any_path(*except_first: str) -> Test:
    """Any path of one segment or more, except pages whose first segment is in `except_first`."""

    def test(host: str, path: str, query: str, fragment: str) -> bool:
        first = path.strip("/").split("/")[0]
        return bool(first) and first not in except_first

    return test


def _zoom(host: str, path: str, query: str, fragment: str) -> bool:
    if path.startswith(("/j/", "/w/", "/my/", "/s/", "/wc/join/", "/join/", "/skype/")):
        return True
    # the join form filled in: /join?confno=<meeting id> opens that meeting
    if path.rstrip("/") == "/join" and "confno=" in query.lower():
        return True
    # the web client: /wc/<meeting id>/join or /wc/<meeting id>/start
    return re.match(r"^/wc/\d+/(?:join|start)", path) is not None


def _google_meet(host: str, path: str, query: str, fragment: str) -> bool:
    return re.match(r"^/(?:[a-z]{3}-[a-z]{4}-[a-z]{3}|lookup/|_meet/)", path) is not None


def _webex(host: str, path: str, query: str, fragment: str) -> bool:
    if path.startswith(("/meet/", "/join/", "/wbxmjs/joinservice/", "/webappng/sites/")):
        return True
    return re.search(r"/(?:j|m)\.php$", path) is not None


def _teams(host: str, path: str, query: str, fragment: str) -> bool:
    return (
        path.startswith(("/l/meetup-join/", "/meet/", "/l/meet/"))
        or "meetup-join" in query
        or "meetup-join" in fragment
    )


def _fragment_room(host: str, path: str, query: str, fragment: str) -> bool:
    return bool(fragment.strip("/")) or bool(path.strip("/"))


def _matrix(host: str, path: str, query: str, fragment: str) -> bool:
    # matrix.to/#/!roomid:server or #alias:server; #/@user is a person, not a room
    return re.match(r"^/?(?:!|#|%21|%23)", fragment) is not None


def _element(host: str, path: str, query: str, fragment: str) -> bool:
    return re.match(r"^/room/", fragment) is not None


def _bluejeans(host: str, path: str, query: str, fragment: str) -> bool:
    return re.match(r"^/(?:\d{5,}|invite/|[a-z0-9-]+/\d{5,})", path) is not None


def _goto(host: str, path: str, query: str, fragment: str) -> bool:
    return path.startswith("/join/") or "meetingid" in query.lower()


def _whereby(host: str, path: str, query: str, fragment: str) -> bool:
    return _any_path(*_WHEREBY_PAGES)(host, path, query, fragment)


_WHEREBY_PAGES = (
    "information",
    "pricing",
    "blog",
    "user",
    "login",
    "signup",
    "org",
    "legal",
    "support",
    "product",
    "solutions",
    "about",
    "careers",
    "developers",
    "embedded",
)

# (domain, whether its subdomains count too, test). Hosts are compared after normalization.
_ROOMS: tuple[tuple[str, bool, Test], ...] = (
    ("zoom.us", True, _zoom),
    ("zoom.com", True, _zoom),
    ("zoomgov.com", True, _zoom),
    ("meet.google.com", False, _google_meet),
    ("g.co", False, _prefix("/meet/")),
    ("hangouts.google.com", False, _prefix("/call/", "/hangouts/_/")),
    ("teams.microsoft.com", False, _teams),
    ("teams.live.com", False, _prefix("/meet/", "/l/meetup-join/")),
    ("webex.com", True, _webex),
    ("meet.jit.si", False, _any_path()),
    ("8x8.vc", False, _any_path()),
    ("whereby.com", True, _whereby),
    ("meet.goto.com", False, _any_path()),
    ("gotomeeting.com", True, _goto),
    ("gotomeet.me", False, _any_path()),
    ("bluejeans.com", True, _bluejeans),
    ("join.skype.com", False, _any_path()),
    ("facetime.apple.com", False, _prefix("/join")),
    ("chat.whatsapp.com", False, _any_path()),
    ("wa.me", False, _any_path()),
    ("api.whatsapp.com", False, _prefix("/send")),
    ("call.whatsapp.com", False, _any_path()),
    ("wa.link", False, _any_path()),
    ("line.me", False, _prefix("/ti/g/", "/r/ti/g/", "/ti/g2/", "/r/ti/g2/")),
    ("invite.viber.com", False, lambda host, path, query, fragment: bool(query)),
    ("groupme.com", True, _prefix("/join_group/")),
    ("signal.group", False, _fragment_room),
    ("signal.me", False, _fragment_room),
    ("t.me", False, _prefix("/joinchat/", "/+", "/%2b")),
    ("telegram.me", False, _prefix("/joinchat/", "/+", "/%2b")),
    ("telegram.dog", False, _prefix("/joinchat/", "/+", "/%2b")),
    ("discord.gg", False, _any_path()),
    ("discord.com", False, _prefix("/invite/")),
    ("discordapp.com", False, _prefix("/invite/")),
    ("join.slack.com", False, _prefix("/t/", "/share/")),
    ("slack.com", True, _prefix("/join/shared_invite/", "/join/signup")),
    ("m.me", False, _any_path()),
    ("messenger.com", False, _prefix("/j/", "/join/")),
    ("matrix.to", False, _matrix),
    ("app.element.io", False, _element),
    ("element.io", True, _element),
)


def normalize_host(netloc: str) -> str:
    """Return the host a browser would reach: no credentials or port, lower case, Unicode form.

    Percent-escapes, fullwidth letters (NFKC), punycode labels and a trailing dot are all
    resolved, so ZOOM.US., zoom.us:443, xn--... and ｚｏｏｍ.us compare equal to zoom.us.
    """
    host = netloc.rpartition("@")[2]
    if host.startswith("["):
        return host.partition("]")[0].lstrip("[").lower()
    host = unicodedata.normalize("NFKC", unquote(host.rpartition(":")[0] or host))
    if ":" in host:  # a colon that NFKC made, e.g. from a fullwidth one
        host = host.partition(":")[0]
    labels = []
    for label in host.casefold().replace("\u3002", ".").split("."):
        if label.startswith("xn--"):
            try:
                label = idna.decode(label)
            except (idna.IDNAError, UnicodeError):
                pass
        labels.append(unicodedata.normalize("NFKC", label).casefold())
    return ".".join(labels).strip(".")


def _clean_path(path: str) -> str:
    path = unquote(path.replace("\\", "/")).casefold()
    cleaned = posixpath.normpath("/" + path) if path.strip("/") else "/"
    cleaned = re.sub(r"/{2,}", "/", cleaned)
    return cleaned + ("/" if path.endswith("/") and cleaned != "/" else "")


def is_meeting_room(url: str, depth: int = 0) -> bool:
    """Return whether `url` (http(s), or www./host/path without a scheme) opens a room itself."""
    url = url.strip()
    # as a browser does: http:host, https:\\host and https:///host all reach that host
    url = re.sub(r"^(https?):[/\\]*", r"\1://", url, flags=re.IGNORECASE)
    if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        url = "https://" + url.lstrip("/")
    try:
        parts = urlsplit(url.replace("\\", "/"))
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https"):
        return False
    host = normalize_host(parts.netloc)
    path = _clean_path(parts.path)
    fragment = unquote(parts.fragment)
    for domain, subdomains, test in _ROOMS:
        if (host == domain or subdomains and host.endswith("." + domain)) and test(
            host, path, parts.query, fragment
        ):
            return True
    # a redirect or safe-link wrapper carries the real address in its query
    if depth < 2:
        for _, value in parse_qsl(parts.query):
            if re.match(r"^(?:https?://|www\.)", value.strip(), re.IGNORECASE):
                if is_meeting_room(value, depth + 1):
                    return True
    return False
