"""`build.py new`: write a commented entry file that passes `check` once its marked places are
filled. Each kind gets the fields that kind usually needs (a warmline a phone line and hours, a
support group a place and a weekly meeting, an online community a link)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.model.models import ATTENDANCE, KINDS
from generator.text.urls import slugify

FILL = "# <- fill in"
ONLINE_KINDS = {"warmline", "online-community"}
DEFAULT_ZONES = {
    "US": "America/Chicago",
    "CA": "America/Toronto",
    "GB": "Europe/London",
    "IE": "Europe/Dublin",
    "FR": "Europe/Paris",
    "ES": "Europe/Madrid",
    "AU": "Australia/Sydney",
}


def default_attendance(kind: str) -> str:
    """Return the attendance a kind usually has."""
    return "online" if kind in ONLINE_KINDS else "in-person"


def entry_text(kind: str, attendance: str, name: str, country: str, today: date, depth: int) -> str:
    """Return the commented YAML of a new entry; places to fill hold an empty "" value."""
    if kind not in KINDS or attendance not in ATTENDANCE:
        raise ValueError(f"unknown kind or attendance: {kind}, {attendance}")
    schema = "../" * depth + "schema/group.schema.json"
    name_value = f'"{name}"' if name else f'""  {FILL}: the name people know it by'
    lines = [
        f"# yaml-language-server: $schema={schema}",
        "# A new entry. Fill every place marked '<- fill in', delete what does not apply, then",
        "# run: python build.py check   (see CONTRIBUTING.md for what each field means)",
        f"name: {name_value}",
        f"kind: {kind}",
        f'summary: ""  {FILL}: one or two plain sentences, at most 200 characters',
        f'description: ""  {FILL}: what happens, who leads it, what to expect the first time',
        f"attendance: {attendance}",
        "joining: open  # open, register, contact-first, referral or members-only",
        "facilitation: peer-led  # peer-led, co-facilitated or professional",
        f'topics: [""]  {FILL}: terms from content/vocabularies.yaml, e.g. [depression, anxiety]',
        "languages: [en]  # the languages it is held in",
        "cost: free  # free, donation, sliding-scale or fee",
    ]
    if attendance in ("in-person", "hybrid"):
        lines += [
            "location:",
            f'  venue: ""  {FILL}: the building, e.g. Riverside Community Center',
            f'  address: ""  {FILL}: street and number (delete the line for a private address)',
            f'  city: ""  {FILL}',
            f"  country: {country}",
        ]
    if attendance in ("online", "hybrid"):
        if kind == "warmline":
            lines += [
                "online:",
                "  platform: phone",
                f'  phone: ""  {FILL}: the number to call',
                f"  countries: [{country}]",
            ]
        else:
            lines += [
                "online:",
                f'  url: ""  {FILL}: a sign-up or information page, https:// (never the '
                "meeting room itself)",
                "  platform: zoom  # zoom, google-meet, jitsi, forum, app, phone, other",
            ]
    if kind == "warmline":
        lines += ['schedule: "24/7"  # or a timezone and meetings, like a support group']
    elif kind == "one-to-one":
        lines += ["schedule: by-appointment"]
    elif kind == "online-community":
        lines += ['schedule: "24/7"  # an always-open forum; or a timezone and meetings']
    else:
        lines += [
            "schedule:",
            f"  timezone: {DEFAULT_ZONES.get(country, 'America/Chicago')}  # IANA name",
            "  meetings:",
            "    - day: tuesday  # monday to sunday, or daily",
            '      start: "18:30"  # 24-hour time, in quotes',
            '      end: "20:00"',
        ]
    lines += [
        "contact:",
        f'  email: ""  {FILL}: a public address for the group (never a member\'s own)',
        "verified:",
        f"  date: {today.isoformat()}  # the day someone confirmed it runs as described",
        f'  source: ""  {FILL}: how it was confirmed, e.g. Phone call with the facilitator',
        f"added: {today.isoformat()}",
    ]
    return "\n".join(lines) + "\n"


def new_entry(
    content: Path,
    kind: str,
    attendance: str | None,
    name: str,
    country: str,
    slug: str | None,
    today: date,
) -> Path:
    """Write the new entry under content/groups/<country>/ and return its path."""
    chosen = attendance or default_attendance(kind)
    file_slug = slug or (slugify(name) if name else "new-entry")
    folder = content / "groups" / country.lower()
    path = folder / f"{file_slug}.yaml"
    if path.exists():
        raise FileExistsError(path)
    # from content/groups/<country>/ up to the folder that holds content/ and schema/
    depth = len(path.parent.relative_to(content).parts) + 1
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(entry_text(kind, chosen, name, country, today, depth), encoding="utf-8")
    return path
