"""An entry's printed sheet: its address written out and as a QR code, made at build time.

The code is drawn as a small inline SVG (one path) that the page shows only in print, so a
handout needs no image request and no script, and a printed entry page carries it too.
"""

from __future__ import annotations

import re

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
# a run of dark modules in a row of segno's matrix (1 dark, 0 light)
_DARK_RUN = re.compile(b"\x01+")


def qr_code(address: str) -> segno.QRCode:
    """Return the QR code of `address`, as every printed sheet draws it."""
    return segno.make_qr(address, error=_ERROR, mask=_MASK)


def qr_svg(address: str) -> str:
    """Return the QR code of `address` as an inline SVG element, black on white.

    The path is drawn here rather than by segno's SVG writer, in the same form (one stroke per
    run of dark modules, relative moves): its general writer took more time than making the
    code, about 1.5 ms of each page's 2.6 (4,000 of them at 1,000 entries in four languages).
    """
    matrix = qr_code(address).matrix
    size = len(matrix) + 2 * _BORDER
    steps: list[str] = []
    x, y = 0, 0.0
    row_y = _BORDER + 0.5
    for row in matrix:
        for run in _DARK_RUN.finditer(bytes(row)):
            start, end = _BORDER + run.start(), _BORDER + run.end()
            down = row_y - y  # 4.5 to the first row, then whole rows
            shown = int(down) if down.is_integer() else down
            steps.append(f"{'m' if steps else 'M'}{start - x} {shown}h{end - start}")
            x, y = end, row_y
        row_y += 1
    # a picture of the address written beside it: nothing for a screen reader to read twice
    return (
        f'<svg aria-hidden="true" viewBox="0 0 {size} {size}" class="qr">'
        f'<path stroke="#000" d="{"".join(steps)}"/></svg>'
    )


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
