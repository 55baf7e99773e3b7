"""Links that open a private meeting room or chat group warn, in every spelling and every field;
pages about those services don't."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import ENTRY, entry

Check = Callable[..., list[str]]
ROOM = (
    "opens the meeting room itself, so anyone who finds this page can walk into the meeting "
    "unannounced; link to a sign-up or information page instead, or remove the link and set "
    "joining: contact-first"
)

ROOMS = [
    # Zoom, its vanity and regional subdomains, the web client and short links
    "https://zoom.us/j/81234567890",
    "https://us02web.zoom.us/j/81234567890?pwd=abc",
    "https://ZOOM.US./j/123",
    "https://zoom.us:443/j/123",
    "http://zoom.us:80/j/123",
    "https://ｚｏｏｍ.ｕｓ/j/123",
    "https://zoom.us/J/123",
    "https://zoom.us/%6A/123",
    "https://zoom.us//j/123",
    "https://zoom.us/info/../j/123",
    "https://acme.zoom.us/my/circle",
    "https://zoom.com/j/123",
    "https://acme.zoom.com/w/123?tk=x",
    "https://zoom.us/s/123",
    "https://zoom.us/wc/123/join",
    "https://zoom.us/wc/join/123",
    "https://app.zoom.us/wc/123/start",
    # Google Meet
    "https://meet.google.com/abc-defg-hij",
    "https://MEET.GOOGLE.COM/ABC-DEFG-HIJ",
    "https://meet.google.com/lookup/circle",
    "https://g.co/meet/circle",
    # Microsoft Teams
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0",
    "https://teams.live.com/meet/9312345678",
    "https://teams.microsoft.com/meet/2345678?p=abc",
    # Webex
    "https://acme.webex.com/meet/circle",
    "https://acme.webex.com/join/circle",
    "https://acme.webex.com/acme/j.php?MTID=m123",
    # Jitsi, Whereby, GoTo, BlueJeans, Skype, FaceTime
    "https://meet.jit.si/OurCircle",
    "https://8x8.vc/vpaas-magic/OurCircle",
    "https://whereby.com/our-circle",
    "https://acme.whereby.com/circle",
    "https://meet.goto.com/123456789",
    "https://www.gotomeeting.com/join/123456789",
    "https://global.gotomeeting.com/join/123456789",
    "https://bluejeans.com/123456789",
    "https://join.skype.com/AbCdEf",
    "https://facetime.apple.com/join#v=1&p=abc",
    # chat groups and direct chats
    "https://chat.whatsapp.com/AbCdEf",
    "https://wa.me/15551234567",
    "https://api.whatsapp.com/send?phone=15551234567",
    "https://signal.group/#CjQKIA",
    "https://signal.me/#p/+15551234567",
    "https://t.me/joinchat/AbCd",
    "https://t.me/+AbCd",
    "https://telegram.me/+AbCd",
    "https://discord.gg/peer-support",
    "https://discord.com/invite/peer-support",
    "https://discordapp.com/invite/peer-support",
    "https://join.slack.com/t/peers/shared_invite/zt-abc",
    "https://m.me/j/AbCd",
    "https://matrix.to/#/!room:matrix.org",
    "https://matrix.to/#/#peer-circle:matrix.org",
    "https://app.element.io/#/room/#peer-circle:matrix.org",
    # a redirect wrapper carrying a room
    "https://www.google.com/url?q=https://zoom.us/j/123",
]

PAGES = [
    "https://example.org/join",
    "https://zoom.us/",
    "https://zoom.us/pricing",
    "https://zoom.us/meetings",
    "https://zoom.us/join",
    "https://zoom.us/meeting/register/tJ0abc",
    "https://zoom.us.example.org/j/123",
    "https://example.org/zoom.us/j/123",
    "https://notzoom.us/j/123",
    "https://meet.google.com/",
    "https://workspace.google.com/products/meet/",
    "https://teams.microsoft.com/",
    "https://www.webex.com/pricing/",
    "https://jitsi.org/",
    "https://whereby.com/information/about/",
    "https://www.whatsapp.com/",
    "https://signal.org/",
    "https://t.me/peersupportnews",
    "https://telegram.org/",
    "https://discord.com/safety",
    "https://discord.com/",
    "https://slack.com/",
    "https://matrix.to/#/@volunteer:matrix.org",
    "https://element.io/",
]


@pytest.mark.parametrize("url", ROOMS)
def test_room_links_warn_in_every_url_field(check_entry: Check, url: str) -> None:
    text = ENTRY.replace("https://example.org/join", f'"{url}"')
    assert check_entry(text) == [f"11:8: warning: online.url {ROOM}"]
    text = ENTRY + f'contact:\n  website: "{url}"\n'
    assert check_entry(text) == [f"17:12: warning: contact.website {ROOM}"]


@pytest.mark.parametrize("url", PAGES)
def test_information_pages_do_not_warn(check_entry: Check, url: str) -> None:
    assert check_entry(ENTRY.replace("https://example.org/join", f'"{url}"')) == []
    description = f'"See {url} and [the page]({url})."'
    assert check_entry(entry(description=description)) == []


@pytest.mark.parametrize(
    ("written", "link"),
    [
        ("Join at https://ZOOM.US./j/123.", "https://ZOOM.US./j/123"),
        ("Join at [our room](https://zoom.us:443/j/123 'Zoom').", "https://zoom.us:443/j/123"),
        ("Join at <https://meet.google.com/abc-defg-hij>.", "https://meet.google.com/abc-defg-hij"),
        ("Join at www.zoom.us/j/123, weekly.", "www.zoom.us/j/123"),
        ("Join at zoom.us/j/123 (password on request).", "zoom.us/j/123"),
        ("Chat at discord.gg/peers!", "discord.gg/peers"),
        ("Room: https://guest:pw@zoom.us/j/123", "https://guest:pw@zoom.us/j/123"),
        ("Room: https://zoom.us\\j\\123", "https://zoom.us\\j\\123"),
        ("Group: https://chat.whatsapp.com/AbCd)", "https://chat.whatsapp.com/AbCd"),
    ],
)
def test_room_links_inside_text_warn_at_the_field(
    check_entry: Check, written: str, link: str
) -> None:
    quoted = '"' + written.replace("\\", "\\\\").replace('"', '\\"') + '"'
    assert check_entry(entry(description=quoted)) == [
        f"16:14: warning: description: the link '{link}' {ROOM}"
    ]


def test_room_links_in_a_block_are_placed_on_their_line(check_entry: Check) -> None:
    text = entry(
        description="|\n  We meet weekly.\n\n  Join [here](https://zoom.us/j/1) or at\n"
        "  https://t.me/+AbCd when it suits you.\n",
        how_to_join="Ask for the link at https://meet.jit.si/Circle",
        cost_note="{en: Free, es: 'Gratis; chat https://wa.me/34600000000'}",
    )
    assert check_entry(text) == [
        f"19:15: warning: description: the link 'https://zoom.us/j/1' {ROOM}",
        f"20:3: warning: description: the link 'https://t.me/+AbCd' {ROOM}",
        f"22:14: warning: how_to_join: the link 'https://meet.jit.si/Circle' {ROOM}",
        f"23:27: warning: cost_note.es: the link 'https://wa.me/34600000000' {ROOM}",
    ]
