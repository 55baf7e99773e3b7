"""What of an entry is public: the fields the site never shows, places shown only as a town,
and contact addresses that look like one person's own.

The pages and every export (JSON, CSV, HSDS, Meeting Guide, JSON-LD, calendars, search data)
ask here, so that a field is public or not in one place: a field whose docstring in
`generator.model.models` says "Not published" is left out of all of them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from generator.model.models import Entry, Location

UNPUBLISHED = "Not published"
"""The words that open the sentence of a field's docstring that keeps it off the site."""

TOWN_DECIMALS = 2
"""Decimals kept of the coordinates of a place without a public street address. Two decimals
are a cell of 0.01 degree: 1.1 km north to south, at most 1.1 km east to west (less away from
the equator), about the size of a small town or a city's district. That is enough to sort
groups by distance from a visitor, and no more precise than the town the page names, so it
cannot lead anyone to a private home. One decimal (11 km) would put towns in the wrong order."""


# --- fields -----------------------------------------------------------------------------------


@cache
def unpublished_fields() -> tuple[tuple[str, ...], ...]:
    """Return the paths of the entry fields no page or export shows, e.g. (verified, source)."""
    return tuple(_unpublished(Entry, ()))


def _unpublished(model: type[BaseModel], at: tuple[str, ...]) -> list[tuple[str, ...]]:
    found = []
    for name, info in model.model_fields.items():
        path = (*at, name)
        if UNPUBLISHED in (info.description or ""):
            found.append(path)
            continue
        for inner in _models(info.annotation):
            found.extend(_unpublished(inner, path))
    return found


def _models(annotation: Any) -> list[type[BaseModel]]:
    """Return the models a field's type holds (through `X | None` and `Annotated`)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models(arg)]


def unpublished_exclude() -> dict[str, Any]:
    """Return the unpublished fields as pydantic's `model_dump(exclude=...)` wants them."""
    exclude: dict[str, Any] = {}
    for path in unpublished_fields():
        node = exclude
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = True
    return exclude


# --- places -----------------------------------------------------------------------------------


def address_is_public(location: Location) -> bool:
    """Whether the entry gives a street address (a volunteer leaves it out for a private one)."""
    return bool(location.address)


def is_approximate(location: Location) -> bool:
    """Whether the published coordinates are only the town's, not the venue's."""
    return location.approximate or not address_is_public(location)


def public_coordinates(location: Location | None) -> tuple[float, float] | None:
    """Return the coordinates as they may be published: exact where the street address is
    public and the coordinates are the venue's, else rounded to the town (`TOWN_DECIMALS`)."""
    if location is None or location.coordinates is None:
        return None
    if not is_approximate(location):
        return location.coordinates
    latitude, longitude = (round(value, TOWN_DECIMALS) + 0.0 for value in location.coordinates)
    return latitude, longitude  # + 0.0: no "-0.0" for a town on the equator or meridian


def venue_coordinates(location: Location | None) -> tuple[float, float] | None:
    """Return the coordinates only when they are a public venue's own: formats without a way
    to say "approximate" (a map pin, a calendar's GEO) get none rather than a town's."""
    if location is None or location.coordinates is None or is_approximate(location):
        return None
    return location.coordinates


# --- contact ----------------------------------------------------------------------------------

# Webmail services where people keep their own address. A group's address there is possible,
# but more often it is a volunteer's own, which stays published after they step back.
_FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "ymail.com",
        "rocketmail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "proton.me",
        "protonmail.com",
        "protonmail.ch",
        "pm.me",
        "aol.com",
        "gmx.com",
        "gmx.net",
        "gmx.de",
        "web.de",
        "t-online.de",
        "mail.com",
        "mail.ru",
        "yandex.com",
        "yandex.ru",
        "ya.ru",
        "zoho.com",
        "tutanota.com",
        "tuta.io",
        "fastmail.com",
        "hey.com",
        "qq.com",
        "163.com",
        "126.com",
        "naver.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "laposte.net",
        "sfr.fr",
        "libero.it",
        "comcast.net",
        "btinternet.com",
        "sky.com",
        "bigpond.com",
        "shaw.ca",
        "rogers.com",
        "rediffmail.com",
        "seznam.cz",
        "wp.pl",
        "o2.pl",
        "interia.pl",
    }
)
# the same services under a country's domain: yahoo.co.uk, hotmail.fr, outlook.es, gmx.at...
_FREE_MAIL_ABROAD = re.compile(
    r"^(?:yahoo|hotmail|outlook|live|gmx|yandex|aol)\.(?:com?\.)?[a-z]{2}$"
)
# words that name a role or a group, not a person: "peer.support" is a shared address
_ROLE_WORDS = frozenset(
    """
    admin administrator alliance association board bookings care center centre chair circle
    clinic club coordinator coordination committee community contact contacts council desk
    enquiries enquiry events facilitator facilitators family families forum friends group
    groups hello help helpline hub info information inquiries inquiry intake line mail members
    membership mentoring mentors network news noreply no-reply office outreach peer peers
    programme program project recovery referrals secretary service services support team
    veterans volunteer volunteers warmline welcome youth
    """.split()
)
_PERSON = re.compile(r"^(?P<first>[^\W\d_]+)[._](?:[^\W\d_][._])?(?P<last>[^\W\d_]{2,})\d{0,4}$")


def check_personal_email(email: str, field: str = "contact.email") -> str | None:
    """Return a warning when a published email address looks like one person's own, else None.

    An address at a free webmail service, or one shaped like firstname.lastname, is likely a
    volunteer's: it is published on the page and in the open data, and stays there after they
    step back. A shared role address (group@, contact@ at the organisation's own domain) is
    read by whoever runs the group.
    """
    local, at, domain = email.strip().rpartition("@")
    if not at:
        return None
    domain = domain.lower().rstrip(".")
    local = local.lower()
    advice = (
        "it is published on the page and in the open data, and stays there after its owner "
        "steps back; use a shared address for the group's role instead, such as "
        "contact@ or group@ at the organisation's own domain"
    )
    if domain in _FREE_MAIL or _FREE_MAIL_ABROAD.match(domain):
        return (
            f"{field}: '{email}' is at {domain}, where people keep their own email, so it looks "
            f"like a personal address; {advice}"
        )
    person = _PERSON.match(local.split("+")[0])
    if person and not {person["first"], person["last"]} & _ROLE_WORDS:
        return (
            f"{field}: '{email}' looks like one person's own address (firstname.lastname); {advice}"
        )
    return None
