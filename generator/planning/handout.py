"""An entry's printed sheet: its address written out and as a QR code, made at build time.

The code is drawn as a small inline SVG (one path) that the page shows only in print, so a
handout needs no image request and no script, and a printed entry page carries it too.
"""

from __future__ import annotations

import io

import segno

from generator.model.models import Entry
from generator.planning.wording import phone
from generator.text import urls

# Low error correction keeps an address of about 80 characters at version 4 (33 modules, about
# 440 bytes compressed), which matters on every entry page; segno raises the level for free
# when the address leaves room in the same version. A printed code isn't scuffed like a poster.
# The mask is fixed: choosing the best of eight took 4.8 ms a code against 1.1 ms, 150 s of a
# clean build at 10,000 entries in 4 languages, and every mask reads the same to a scanner.
_ERROR = "l"
_MASK = 0
# the quiet zone the standard asks for, so nothing printed beside the code touches it
_BORDER = 4


def qr_code(address: str) -> segno.QRCode:
    """Return the QR code of `address`, as every printed sheet draws it."""
    return segno.make_qr(address, error=_ERROR, mask=_MASK)


def qr_svg(address: str) -> str:
    """Return the QR code of `address` as an inline SVG element, black on white."""
    out = io.BytesIO()
    qr_code(address).save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=False,
        nl=False,
        omitsize=True,
        border=_BORDER,
        svgclass="qr",
        lineclass=None,
    )
    # a picture of the address written beside it: nothing for a screen reader to read twice
    return out.getvalue().decode("ascii").replace("<svg ", '<svg aria-hidden="true" ', 1)


def entry_sheet(base_url: str, lang: str, slug: str) -> dict[str, str]:
    """Return what an entry's printed sheet adds to its page: its address and QR code."""
    address = urls.entry_url(base_url, lang, slug)
    return {"url": address, "qr": qr_svg(address)}


def card_contact(entry: Entry) -> tuple[str, str]:
    """Return the phone number and website a list's card prints, or "" for either it lacks.

    A printed list is read away from the site: the way to reach a group has to be on the paper.
    The group's own contact comes first, else how to join it online.
    """
    contact, online = entry.contact, entry.online
    number = (contact.phone if contact else None) or (online.phone if online else None)
    website = (contact.website if contact else None) or (online.url if online else None)
    # "https://" and a closing "/" are what a reader would not type from paper
    shown = (website or "").removeprefix("https://")
    return (phone(number).display if number else "", shown.removesuffix("/"))
