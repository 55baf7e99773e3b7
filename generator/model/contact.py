"""Field types for how people are reached: web addresses, emails and phone numbers, each
checked as volunteers write them and stored in one canonical form."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any
from urllib.parse import urlsplit

import phonenumbers
from pydantic import BeforeValidator, WithJsonSchema

from generator.model.fields import _text, fail

# --- contact details ---------------------------------------------------------------------------


def _invisible(value: str) -> str | None:
    """Return a message for the first invisible or spacing character in an address, if any."""
    for index, char in enumerate(value):
        if char.isspace():
            return "contains spaces; an address has none"
        if unicodedata.category(char) in ("Cf", "Cc", "Co", "Cn", "Cs"):
            name = unicodedata.name(char, "unnamed character")
            return (
                f"contains an invisible character (U+{ord(char):04X} {name}) at character "
                f"{index + 1}; delete it"
            )
    return None


def _url(raw: Any) -> str:
    value = _text(raw)
    invisible = _invisible(value)
    if invisible:
        if invisible.startswith("contains spaces"):
            raise fail(f"'{value}' contains spaces; a web address has none")
        raise fail(f"the address {invisible}")
    if "\\" in value:
        raise fail(f"'{value}' contains a backslash (\\); web addresses use forward slashes /")
    if value.startswith("//"):
        raise fail(f"'{value}' has no scheme; write the full address starting with https://")
    try:
        parts = urlsplit(value)
    except ValueError:  # an unclosed [ of an IPv6 address
        raise fail(f"'{value}' has no valid host name") from None
    if parts.scheme.lower() not in ("http", "https"):
        if not parts.scheme and "." in value.split("/")[0]:
            raise fail(f"'{value}' has no scheme; write the full address: https://{value}")
        raise fail(f"'{value}' is not a web address; only http:// and https:// links are allowed")
    try:
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        raise fail(f"'{value}' has a port that is not a number from 1 to 65535") from None
    if not hostname or "." not in hostname and hostname != "localhost":
        raise fail(f"'{value}' has no valid host name")
    if parts.username or parts.password or "@" in parts.netloc:
        raise fail(f"'{value}' contains a user name or password; remove them from the link")
    return value


Url = Annotated[
    str,
    BeforeValidator(_url),
    WithJsonSchema(
        {
            "type": "string",
            "format": "uri",
            "pattern": "^https?://",
            "examples": ["https://example.org"],
        }
    ),
]

# The part before @ in dot-atom form, without the characters that mean something in a mailto:
# link (? starts headers such as bcc, % encodes a line break, & and = separate headers, # ends
# the address, / and \\ are path characters): a mail program must see exactly this address.
_LOCAL = re.compile(r"^[\w'+-]+(?:\.[\w'+-]+)*$")
_DOMAIN = re.compile(
    r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_MAIL_HEADERS = {
    "?": "a question mark (?), which starts hidden extra mail headers such as cc or bcc",
    "%": "percent-encoding (%), which can hide a line break that adds mail headers",
    "&": "an ampersand (&), which separates mail headers in an email link",
    "=": "an equals sign (=), which sets mail headers in an email link",
}


def email_problem(value: str) -> str | None:
    """Return why `value` is not a plain email address safe in a mailto: link, or None."""
    if "\n" in value or "\r" in value:
        return "contains a line break, which can add mail headers; write only the address"
    for char, why in _MAIL_HEADERS.items():
        if char in value:
            return f"'{value}' contains {why}; write only the address, such as group@example.org"
    if value.count("@") > 1:
        return f"'{value}' contains more than one @; write one address, such as group@example.org"
    local, _, domain = value.partition("@")
    if not _LOCAL.match(local) or not _DOMAIN.match(domain) or len(value) > 254:
        return f"'{value}' is not an email address such as group@example.org"
    return None


def _email(raw: Any) -> str:
    value = _text(raw)
    if value.lower().startswith("mailto:"):
        raise fail(f"'{value}' starts with mailto:; write only the address")
    problem = email_problem(value)
    if problem:
        raise fail(problem)
    return value


Email = Annotated[
    str,
    BeforeValidator(_email),
    WithJsonSchema({"type": "string", "format": "email", "examples": ["group@example.org"]}),
]

_PHONE = re.compile(r"^\+?[0-9 ()./-]{3,25}$")


def looks_like_phone(value: str) -> bool:
    """Return whether text is written like a phone number (digits, spaces, + ( ) . / -)."""
    return bool(_PHONE.match(value.strip())) and sum(c.isdigit() for c in value) >= 2


def _phone(raw: Any) -> str:
    value = _text(raw)
    if not looks_like_phone(value):
        raise fail(
            f"'{value}' is not a phone number; write digits with spaces, such as "
            '"+1 217 555 0142" or "(217) 555-0142", in quotes'
        )
    return value


# Numbers that charge the caller more than an ordinary call, or reach no one who can talk. People
# in crisis must never pay to reach help, and a premium number is how a scam earns from a call.
# UAN (e.g. UK 03) and VOIP numbers cost what an ordinary call costs, so they stay allowed.
_CHARGED = {
    phonenumbers.PhoneNumberType.PREMIUM_RATE: "a premium-rate number",
    phonenumbers.PhoneNumberType.SHARED_COST: "a shared-cost number",
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER: "a personal number (charged like premium rate)",
    phonenumbers.PhoneNumberType.PAGER: "a pager number",
}


def charged_number(number: phonenumbers.PhoneNumber, shared_cost: bool = False) -> str | None:
    """Return what kind of charged number `number` is (premium rate...), or None for a normal one.

    With `shared_cost`, shared-cost numbers pass: some national crisis lines use one.
    """
    kind = phonenumbers.number_type(number)
    if shared_cost and kind == phonenumbers.PhoneNumberType.SHARED_COST:
        return None
    return _CHARGED.get(kind)


def charged_message(text: str, kind: str) -> str:
    """Return the message for a charged number: why it is refused and what to do."""
    return (
        f"'{text}' is {kind}: calling it costs more than an ordinary call, and people in crisis "
        "must never pay to reach help; give a free or ordinary number"
    )


Phone = Annotated[
    str,
    BeforeValidator(_phone),
    WithJsonSchema({"type": "string", "examples": ["+1 217 555 0142", "(217) 555-0142"]}),
]
