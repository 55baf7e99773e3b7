"""An entry's printed sheet: its address written out and as a QR code, made at build time.

The code is a small PNG inside the page (a `data:` address) that the page shows only in print,
so a handout needs no image request and no script, and a printed entry page carries it too.
"""

from __future__ import annotations

import base64
import struct
import zlib

import zxingcpp

from generator.model.models import Entry
from generator.planning.wording import phone
from generator.text import urls

# Low error correction keeps an address of about 80 characters at version 4 (33 modules, about
# 440 bytes compressed), which matters on every entry page. A printed code isn't scuffed like a
# poster. zxing-cpp (its writer is Zint's, in C) makes a code in a fifth of the time segno took
# in Python, with the mask a scanner reads best: segno's, even with its mask fixed, was 40 s of
# a clean build at 10,000 entries in 4 languages.
_QR = zxingcpp.BarcodeFormat.QRCode
_OPTIONS = "ecLevel=L"
# the quiet zone the standard asks for, so nothing printed beside the code touches it
_BORDER = 4


def qr_modules(address: str) -> list[bytes]:
    """Return the QR code of `address`, as every printed sheet draws it: its rows of modules,
    one byte a module, 0x00 dark and 0xFF light, without the quiet zone."""
    image = zxingcpp.create_barcode(address, _QR, options=_OPTIONS).to_image(
        scale=1, add_quiet_zones=False
    )
    height, width = image.shape
    data = bytes(memoryview(image))  # type: ignore[arg-type]  # a buffer; its stubs omit it
    return [data[row * width : (row + 1) * width] for row in range(height)]


def qr_image(address: str) -> str:
    """Return the QR code of `address` as an inline image, black on white, for print only.

    A PNG in the page (a `data:` address, which the pages' Content-Security-Policy allows for
    images) weighs about 700 bytes; the same code drawn as an SVG path weighed 2,000 to
    2,300, on every entry page in every language (90 MB of a 10,000-entry directory in
    four languages). Eight pixels a module keep its edges sharp however paper scales it.
    """
    png = base64.b64encode(_png(qr_modules(address))).decode("ascii")
    # a picture of the address written beside it: nothing for a screen reader to read twice
    return f'<img class="qr" alt="" src="data:image/png;base64,{png}">'


def _png(modules: list[bytes]) -> bytes:
    """Return a QR code's rows of modules (`qr_modules`) as a 1-bit greyscale PNG (0 black,
    1 white) with its quiet zone, eight pixels a module.

    At eight pixels a module, each module is one byte of a PNG row, the byte `qr_modules`
    already gives it (0x00 dark, 0xFF light), and each row of modules is drawn eight times.
    """
    margin = b"\xff" * _BORDER
    blank = b"\0" + b"\xff" * (len(modules) + 2 * _BORDER)  # each row starts with filter 0
    rows = [blank] * (_BORDER * 8)
    for row in modules:
        rows += [b"\0" + margin + row + margin] * 8
    rows += [blank] * (_BORDER * 8)
    width = (len(modules) + 2 * _BORDER) * 8
    header = struct.pack(">IIBBBBB", width, width, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        _chunk(kind, data)
        for kind, data in (
            (b"IHDR", header),
            (b"IDAT", zlib.compress(b"".join(rows), 6)),
            (b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def entry_sheet(base_url: str, lang: str, slug: str) -> dict[str, str]:
    """Return what an entry's printed sheet adds to its page: its address and QR code."""
    address = urls.entry_url(base_url, lang, slug)
    return {"url": address, "qr": qr_image(address)}


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
