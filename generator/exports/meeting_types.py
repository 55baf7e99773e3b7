"""Meeting Guide's type codes (github.com/code4recovery/spec, README "Meeting Types") and what
they mean here: one table each way, written once.

The feed export writes a code for each term, joining rule and language whose meaning matches;
the importer reads a code back with the reverse of the same table. Where several of ours share
one code (Norwegian's three tags, "teens" and "young-adults"), `READ_AS` says which one a code
is read as, once.
"""

from __future__ import annotations

from collections.abc import Mapping

# audience terms -> type. Left out on purpose: newcomers (their BE means new to recovery), deaf
# (D-HOH is only proposed), step-free (X promises more), healthcare-workers (their P is
# professionals).
AUDIENCE_TYPES = {
    "lgbtq": "LGBTQ",
    "women": "W",
    "men": "M",
    "young-adults": "Y",
    "teens": "Y",
    "older-adults": "SEN",
}
# the spec's narrower identities, which this directory's lgbtq term covers (read, never written)
NARROWER_AUDIENCES = {"G": "lgbtq", "L": "lgbtq", "BI": "lgbtq", "T": "lgbtq", "NB": "lgbtq"}
VENUE_TYPES = {"wheelchair": "X", "accessible-toilet": "XB"}
ACCESSIBILITY_TYPES = {"asl": "ASL"}
JOINING_TYPES = {"open": "O", "members-only": "C"}
# every language the spec's type list names, by ISO 639 code
LANGUAGE_TYPES = {
    "af": "AF",
    "am": "AM",
    "ar": "AR",
    "ase": "ASL",
    "bg": "BG",
    "da": "DA",
    "de": "DE",
    "el": "EL",
    "en": "EN",
    "es": "S",
    "fa": "FA",
    "fi": "FI",
    "fr": "FR",
    "he": "HE",
    "hi": "HI",
    "hr": "HR",
    "hu": "HU",
    "is": "IS",
    "it": "ITA",
    "ja": "JA",
    "ka": "KA",
    "ko": "KOR",
    "lt": "LT",
    "ml": "ML",
    "mt": "MT",
    "nb": "NO",
    "ne": "NE",
    "nl": "NL",
    "nn": "NO",
    "no": "NO",
    "pa": "PUN",
    "pl": "POL",
    "pt": "POR",
    "ru": "RUS",
    "sk": "SK",
    "sl": "SL",
    "sv": "SV",
    "th": "TH",
    "tl": "TL",
    "fil": "TL",
    "tr": "TUR",
    "uk": "UK",
}
# a code several of ours share is read as this one
READ_AS = {"NO": "nb", "TL": "tl", "Y": "young-adults"}
# ASL is read as the accessibility term (the meeting is signed or interpreted), not as a
# language the whole meeting is held in
SIGNED = "ASL"


def reverse(table: Mapping[str, str], leave_out: frozenset[str] = frozenset()) -> dict[str, str]:
    """Return code -> our value for a value -> code table, shared codes read as `READ_AS` says."""
    found: dict[str, str] = {}
    for ours, code in table.items():
        if code in leave_out:
            continue
        if code in found and code not in READ_AS:
            raise ValueError(f"Meeting Guide type {code} is shared: say in READ_AS how to read it")
        found[code] = READ_AS.get(code, ours)
    return found


LANGUAGES = reverse(LANGUAGE_TYPES, leave_out=frozenset({SIGNED}))
AUDIENCES = {**reverse(AUDIENCE_TYPES), **NARROWER_AUDIENCES}
ACCESSIBILITY = reverse({**VENUE_TYPES, **ACCESSIBILITY_TYPES})
JOINING = reverse(JOINING_TYPES)
