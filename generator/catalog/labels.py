"""The words the site shows for the values volunteers choose and for the ways to browse.

Each is an English message id, marked with `N_` where it is defined and translated (through the
theme's .po files) where it is shown: on pages, in the search filters and in the HSDS export.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; it is translated where it is shown."""
    return message


KIND_LABELS = {
    "support-group": (N_("Support group"), N_("Support groups")),
    "one-to-one": (N_("One-to-one peer mentoring"), N_("One-to-one peer mentoring")),
    "warmline": (N_("Peer-run warmline"), N_("Peer-run warmlines")),
    "online-community": (N_("Online community"), N_("Online communities")),
    "veteran-network": (N_("Veteran peer network"), N_("Veteran peer networks")),
    "workplace-program": (N_("Workplace peer program"), N_("Workplace peer programs")),
}
ATTENDANCE_LABELS = {
    "in-person": N_("In person"),
    "online": N_("Online"),
    "hybrid": N_("In person and online"),
}
JOINING_LABELS = {
    "open": N_("Open to all: you can just come"),
    "register": N_("Register before your first time"),
    "contact-first": N_("Contact the organizers first"),
    "referral": N_("By referral"),
    "members-only": N_("For members only"),
}
FACILITATION_LABELS = {
    "peer-led": N_("Peers"),
    "co-facilitated": N_("A peer and a professional together"),
    "professional": N_("A professional"),
}
COST_LABELS = {
    "free": N_("Free"),
    "donation": N_("Donation welcome"),
    "sliding-scale": N_("Sliding scale"),
    "fee": N_("Fee"),
}
PLATFORM_LABELS = {
    "zoom": "Zoom",
    "google-meet": "Google Meet",
    "microsoft-teams": "Microsoft Teams",
    "jitsi": "Jitsi",
    "discord": "Discord",
    "whatsapp": "WhatsApp",
    "signal": "Signal",
    "forum": N_("Online forum"),
    "app": N_("App"),
    "phone": N_("Phone"),
    "other": N_("Other"),
}
FACET_LABELS = {
    "kind": N_("Kind of support"),
    "attendance": N_("How to attend"),
    "topics": N_("Topics"),
    "audiences": N_("Who it is for"),
    "places": N_("Places"),
    "languages": N_("Languages spoken"),
    "day": N_("Day of the week"),
    "time": N_("Time of day"),
}
SEARCH_FILTERS = {
    "kind": N_("Kind of support"),
    "attendance": N_("How to attend"),
    "topics": N_("Topics"),
    "audiences": N_("Who it is for"),
    "languages": N_("Languages spoken"),
    "country": N_("Country"),
    "region": N_("Region"),
    "cost": N_("Cost"),
    "joining": N_("Joining"),
    "day": N_("Day of the week"),
    "time": N_("Time of day"),
}
# A weekly meeting's day, as "Tuesdays" says it; a translation may say "every Tuesday".
WEEKLY = {
    "monday": N_("Mondays"),
    "tuesday": N_("Tuesdays"),
    "wednesday": N_("Wednesdays"),
    "thursday": N_("Thursdays"),
    "friday": N_("Fridays"),
    "saturday": N_("Saturdays"),
    "sunday": N_("Sundays"),
}
# Parts of the day in the group's own time, as minutes from midnight [from, to): a meeting
# belongs to every part it overlaps, so 16:00-18:00 is both afternoon and evening.
PARTS_OF_DAY = {
    "morning": (N_("Morning"), 0, 12 * 60),
    "afternoon": (N_("Afternoon"), 12 * 60, 17 * 60),
    "evening": (N_("Evening"), 17 * 60, 24 * 60),
}
ORDINALS = {
    1: N_("first"),
    2: N_("second"),
    3: N_("third"),
    4: N_("fourth"),
    5: N_("fifth"),
    -1: N_("last"),
}
STATEMENTS = {
    "about": N_("About this directory"),
    "privacy": N_("Privacy"),
    "accessibility": N_("Accessibility"),
    "crisis": N_("Urgent help"),
    "safety": N_("Browsing safely"),
}
"""The statement pages (each at `urls.info(lang, name)`, from its own template `name.html`),
in the order the footer links them, with their titles."""
PAGE_TITLES = {
    "all": N_("All entries"),
    "browse": N_("Browse the directory"),
    "guides": N_("Guides"),
    "search": N_("Search"),
    "data": N_("Open data"),
    "feed": N_("New and re-checked entries"),
}
"""The titles of the site-wide pages that are not statements."""
