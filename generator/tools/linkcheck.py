"""Check the entries' web links politely, and say in plain words which ones are broken.

Polite means what a site's owner would ask of a weekly robot: one request at a time to any one
host, a pause between two requests to the same host, a HEAD first (a GET only when HEAD is
refused), a timeout (and a limit on each request in all), a User-Agent that names the project,
redirects followed only so far, and a link left alone when the site's robots.txt asks robots to
stay away. Hosts are checked side by side, so a slow host delays only its own links.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

USER_AGENT = (
    "peer-support-directory-linkcheck/1.0 (a weekly check that the links of a volunteer-run "
    "directory of peer support groups still work; one request at a time per site)"
)
DELAY = 2.0
"""Seconds between two requests to the same host."""
TIMEOUT = 15.0
"""Seconds a site has to answer before its link is reported as not answering."""
MAX_SECONDS = 40.0
"""Seconds one request may take in all, however steadily the site trickles its answer."""
MAX_REDIRECTS = 5
_GET_BYTES = 16_384
"""A GET reads no more than this: the status is all the check needs."""
_ROBOTS_BYTES = 200_000

State = Literal["ok", "broken", "unchecked"]


@dataclass(frozen=True)
class Result:
    """What checking one address found."""

    url: str
    state: State
    problem: str = ""
    """Plain words for a broken or unchecked link; empty when it works."""
    status: int | None = None


class _Hosts:
    """One request at a time per host, each at least `delay` seconds after the one before."""

    def __init__(self, delay: float, clock: Callable[[], float], sleep: Callable[[float], None]):
        self.delay, self.clock, self.sleep = delay, clock, sleep
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._guard = threading.Lock()

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            last = self._last.get(host)
            if last is not None:
                wait = last + self.delay - self.clock()
                if wait > 0:
                    self.sleep(wait)
            try:
                yield
            finally:
                self._last[host] = self.clock()


class _PrivateAddress(OSError):
    """A name that resolved to a private address when the request itself looked it up."""


def _public_connection(
    address: tuple[str, int], timeout: Any = None, source_address: Any = None, **_: Any
) -> socket.socket:
    """Connect like socket.create_connection, but only when every address the name resolves to
    now is public: the check's own earlier lookup can't be trusted, as a name's owner can answer
    that one with a public address and this one with 127.0.0.1 (DNS rebinding)."""
    host, port = address
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if any(not ipaddress.ip_address(str(a[4][0]).split("%")[0]).is_global for a in found):
        raise _PrivateAddress(f"{host} points inside a private network")
    error: OSError | None = None
    for family, kind, proto, _name, target in found:
        sock = socket.socket(family, kind, proto)
        try:
            if isinstance(timeout, int | float):
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(target)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error or OSError(f"{host} has no address")


class _Cut:
    """Cuts a connection that is still open `seconds` after it was made: a site that sends its
    answer a byte at a time, each within the timeout, would otherwise hold the check for hours."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False

    def watch(self, connection: http.client.HTTPConnection) -> None:
        timer = threading.Timer(self.seconds, self._cut, (connection.sock,))
        timer.daemon = True
        timer.start()

    def _cut(self, sock: socket.socket | None) -> None:
        if sock is None or sock.fileno() < 0:
            return  # already answered and closed
        self.fired = True
        try:
            sock.shutdown(socket.SHUT_RDWR)  # the reading thread then stops at once
        except OSError:
            pass


def _connections(
    base: type[http.client.HTTPConnection], public: bool, cut: Callable[[], _Cut]
) -> Callable[..., http.client.HTTPConnection]:
    """Return what urllib calls to make a connection: to a public address only (unless told
    otherwise), and cut off when it takes too long in all."""

    def make(host: str, **kwargs: Any) -> http.client.HTTPConnection:
        connection = base(host, **kwargs)
        if public:
            connection._create_connection = _public_connection  # type: ignore[attr-defined]
        connect, watch = connection.connect, cut().watch

        def connect_and_watch() -> None:
            connect()
            watch(connection)

        connection.connect = connect_and_watch  # type: ignore[method-assign]
        return connection

    return make


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, public: bool, cut: Callable[[], _Cut]) -> None:
        super().__init__()
        self._make = _connections(http.client.HTTPConnection, public, cut)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._make, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, public: bool, cut: Callable[[], _Cut]) -> None:
        super().__init__()
        self._make = _connections(http.client.HTTPSConnection, public, cut)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._make, req)


class _Stop(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # every redirect is followed by hand, to count it and space it


@dataclass
class Checker:
    """Checks addresses; one Checker keeps the spacing between all the requests it sends."""

    delay: float = DELAY
    timeout: float = TIMEOUT
    max_redirects: int = MAX_REDIRECTS
    max_seconds: float = MAX_SECONDS
    workers: int = 4
    user_agent: str = USER_AGENT
    robots: bool = True
    allow_private: bool = False
    """Check addresses on this machine or a private network (only tests do)."""
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self._hosts = _Hosts(self.delay, self.clock, self.sleep)
        self._cuts = threading.local()
        public = not self.allow_private
        self._opener = urllib.request.build_opener(
            _Stop, _HTTPHandler(public, self._new_cut), _HTTPSHandler(public, self._new_cut)
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def _new_cut(self) -> _Cut:
        """Return the watch on the connection this thread is making (its request's own)."""
        self._cuts.last = _Cut(self.max_seconds)
        return self._cuts.last  # type: ignore[no-any-return]

    def _was_cut(self) -> bool:
        cut = getattr(self._cuts, "last", None)
        return cut is not None and cut.fired

    def check(self, urls: list[str]) -> dict[str, Result]:
        """Return what each address gives, each address checked once."""
        by_host: dict[str, list[str]] = {}
        for url in dict.fromkeys(urls):
            by_host.setdefault(_host(url), []).append(url)
        results: dict[str, Result] = {}
        with ThreadPoolExecutor(max_workers=max(1, self.workers)) as pool:
            for found in pool.map(self._check_host, by_host.values()):
                results.update(found)
        return {url: results[url] for url in dict.fromkeys(urls)}

    def _check_host(self, urls: list[str]) -> dict[str, Result]:
        return {url: self._guarded(url) for url in urls}

    def _guarded(self, url: str) -> Result:
        try:
            return self.check_one(url)
        except Exception as exc:  # one odd address must not stop the week's check
            return Result(url, "unchecked", f"not checked: the check failed ({type(exc).__name__})")

    def check_one(self, url: str) -> Result:
        """Return what one address gives."""
        seen = [url]
        current = _ascii(url)
        for _ in range(self.max_redirects + 1):
            refused = self._refused(current)
            if refused:
                return Result(url, "unchecked", refused)
            status, location = self._status(current)
            if isinstance(status, str):
                # a failure of our own lookup says nothing about the link
                state: State = "unchecked" if status.startswith("not checked") else "broken"
                return Result(url, state, status)
            if 300 <= status < 400 and location:
                target = _ascii(urllib.parse.urljoin(current, location))
                if urllib.parse.urlsplit(target).scheme not in ("http", "https"):
                    words = f"the site redirects to {target[:80]}, not a web page"
                    return Result(url, "broken", words, status)
                if target in seen:
                    return Result(url, "broken", "the site redirects in a loop", status)
                seen.append(target)
                current = target
                continue
            return _judged(url, status)
        return Result(url, "broken", f"the site redirects more than {self.max_redirects} times", 0)

    def _refused(self, url: str) -> str:
        """Return why an address is not checked at all, or "" to check it."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return "not checked: not a web address"
        if not self.allow_private and _private(parts.hostname, parts.port):
            return "not checked: the address points inside a private network"
        if self.robots and not self._allowed(url):
            return "not checked: the site's robots.txt asks robots like this one to stay away"
        return ""

    def _allowed(self, url: str) -> bool:
        parts = urllib.parse.urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            rules: urllib.robotparser.RobotFileParser | None = None
            request = self._request(origin + "/robots.txt", "GET")
            try:
                with self._hosts.turn(_host(url)):
                    with self._opener.open(request, timeout=self.timeout) as response:
                        text = response.read(_ROBOTS_BYTES).decode("utf-8", "replace")
                rules = urllib.robotparser.RobotFileParser()
                rules.parse(text.splitlines())
            except (OSError, ValueError, http.client.HTTPException):
                rules = None  # no readable robots.txt: nothing asked of robots
            self._robots[origin] = rules
        found = self._robots[origin]
        return found is None or found.can_fetch(self.user_agent, url)

    def _request(self, url: str, method: str) -> urllib.request.Request:
        request = urllib.request.Request(url, method=method)
        request.add_header("User-Agent", self.user_agent)
        request.add_header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        return request

    def _status(self, url: str) -> tuple[int | str, str]:
        """Return the status (or plain words for what failed) and any redirect target."""
        status, location = self._send(url, "HEAD")
        if isinstance(status, int) and status >= 400 and status != 429:
            status, location = self._send(url, "GET")  # many servers refuse or break HEAD
        return status, location

    def _send(self, url: str, method: str) -> tuple[int | str, str]:
        request = self._request(url, method)
        with self._hosts.turn(_host(url)):
            self._cuts.last = None
            found = self._sent(request, method)
        if self._was_cut():  # what a cut-off answer seemed to say is not the site's answer
            return f"the site did not finish answering within {self.max_seconds:g} seconds", ""
        return found

    def _sent(self, request: urllib.request.Request, method: str) -> tuple[int | str, str]:
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                if method == "GET":
                    response.read(_GET_BYTES)
                return int(response.status), ""
        except urllib.error.HTTPError as exc:
            location = exc.headers.get("Location", "") if exc.headers else ""
            exc.close()
            return int(exc.code), location
        except (OSError, ValueError, http.client.HTTPException) as exc:
            return _failure(exc, self.timeout), ""


def _ascii(url: str) -> str:
    """Return an address as it goes on the wire: the host in IDNA, the rest percent-encoded,
    no fragment, and no user name or password (a link's credentials are never sent)."""
    parts = urllib.parse.urlsplit(url.strip())
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return url  # left as written: the request reports it
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    path = urllib.parse.quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
    query = urllib.parse.quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return urllib.parse.urlunsplit((parts.scheme, netloc, path or "/", query, ""))


def _host(url: str) -> str:
    try:
        return (urllib.parse.urlsplit(url).hostname or "").lower()
    except ValueError:
        return url  # an address urllib can't read: its own queue, reported by the check


def _private(host: str, port: int | None) -> bool:
    try:
        found = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False  # the request itself reports the name that doesn't resolve
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%")[0])
        if not ip.is_global:
            return True
    return False


def _judged(url: str, status: int) -> Result:
    if status < 300:
        return Result(url, "ok", "", status)
    if status == 404:
        words = "the page is not there (HTTP 404, not found)"
    elif status == 410:
        words = "the page has been removed for good (HTTP 410, gone)"
    elif status in (401, 403):
        words = (
            f"the site refused the check (HTTP {status}); it may only turn robots away, "
            "so open the link in a browser to be sure"
        )
    elif status == 429:
        return Result(url, "unchecked", "not checked: the site asked us to slow down (HTTP 429)")
    elif status >= 500:
        words = f"the site's server failed (HTTP {status})"
    elif 300 <= status < 400:
        words = f"the site redirects without saying where to (HTTP {status})"
    else:
        words = f"the site answered with an error (HTTP {status})"
    return Result(url, "broken", words, status)


def _failure(exc: BaseException, timeout: float) -> str:
    """Return what went wrong with a request, in plain words."""
    reason: Any = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, _PrivateAddress):
        return "not checked: the address points inside a private network"
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"the site did not answer within {timeout:g} seconds"
    if isinstance(reason, socket.gaierror):
        if reason.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
            return "the site's name does not exist (no such host)"
        return "not checked: the site's name could not be looked up just now"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"the site's security certificate is not valid ({reason.verify_message})"
    if isinstance(reason, ssl.SSLError):
        return "the secure connection to the site failed"
    if isinstance(reason, ConnectionRefusedError):
        return "nothing answers at the site's address (connection refused)"
    if isinstance(reason, ConnectionError):
        return "the site closed the connection before answering"
    return f"the site could not be reached ({type(reason).__name__})"
