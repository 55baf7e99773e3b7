"""Entries that stay true: one issue per entry that needs a look, and a one-step confirmation.

`scan` (weekly, from .github/workflows/upkeep.yml) finds the entries whose `verified.date` is
older than the site's `stale_after_days` and, unless told not to, checks their website and
online links politely (see `linkcheck`). Each entry that needs a look gets one issue, found
again on the next run by a hidden marker, the `upkeep` label and its author (the workflow's own
bot), so a run updates it instead of opening another; an issue whose entry no longer needs a
look is closed with a note. The issue carries a ready-made message to the group in its own
language and says how to confirm it.

`confirm` answers that confirmation: ticking the issue's "still running as described" box
(editing an issue someone else opened takes write access, and the tool checks the editor's
permission again), or adding the maintainer label `still-running`. It opens (or updates) one
pull request that moves the entry's `verified.date` to today; merging it closes the issue.
A comment command would need the `issue_comment` trigger, which zizmor rightly counts as
dangerous; the box is one click and needs nothing that anyone can write.

Run as `python -m generator.tools.upkeep scan|confirm ...` with GITHUB_TOKEN and
GITHUB_REPOSITORY set; `scan --dry-run` prints what it would do and needs neither.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.model.models import Entry
from generator.reading.checked import Validated
from generator.reading.load import load_content, parse_yaml
from generator.reading.validate import validate
from generator.text import i18n, urls
from generator.tools.correction import find_entry
from generator.tools.github_api import BOT, WRITERS, GitHub, GitHubError
from generator.tools.linkcheck import Checker, Result
from generator.tools.upkeep_letters import LANGUAGES, letter

LABEL = "upkeep"
"""Every issue this tool opens carries it, for people filtering the issue list."""
CONFIRM_LABEL = "still-running"
"""The maintainer label that confirms an entry, like ticking the box."""
BOX = "Still running as described: confirmed with the group (opens a pull request)"
_TICKED = re.compile(r"^- \[[xX]\] " + re.escape(BOX) + r"[ \t]*$", re.MULTILINE)
_MARKER = re.compile(r"<!-- upkeep:entry=([a-z0-9][a-z0-9-]*) -->")
_LINKS_START, _LINKS_END = "<!-- upkeep:links -->", "<!-- /upkeep:links -->"
_DATE = re.compile(r"""(["']?)\d{4}-\d{1,2}-\d{1,2}\1""")
NOT_ALLOWED = "the person who ticked the box has no write access"


@dataclass
class Finding:
    """One entry that needs a look, and why."""

    slug: str
    path: str
    """The entry file from the repository's root, e.g. content/groups/us/riverside.yaml."""
    entry: Entry
    stale_days: int | None = None
    """Days since verified.date when that is more than stale_after_days, else None."""
    broken: list[tuple[str, Result]] = field(default_factory=list)
    """(field, result) for each link that doesn't work."""


@dataclass
class Plan:
    """What a scan does on GitHub, as it would be sent."""

    create: list[tuple[str, str]] = field(default_factory=list)
    update: list[tuple[int, str, str]] = field(default_factory=list)
    close: list[tuple[int, str]] = field(default_factory=list)


# --- finding the entries that need a look ---------------------------------------------------


def load(content: Path, today: date) -> Validated:
    """Load and validate the content; upkeep works on the entries that pass."""
    return validate(load_content(content), today)


def link_fields(entry: Entry) -> list[tuple[str, str]]:
    """Return (field, address) for each web link a visitor follows to reach the group."""
    found = []
    if entry.contact is not None and entry.contact.website:
        found.append(("contact.website", str(entry.contact.website)))
    if entry.online is not None and entry.online.url:
        found.append(("online.url", str(entry.online.url)))
    return found


def find(checked: Validated, content: Path, today: date, checker: Checker | None) -> list[Finding]:
    """Return the entries that are stale or (when `checker` is given) have a broken link."""
    site = checked.site
    if site is None:
        return []
    findings: dict[str, Finding] = {}
    live = [item for item in checked.entries if item.entry.status != "ended"]
    for item in live:
        days = (today - item.entry.verified.date).days
        if days > site.stale_after_days:
            findings[item.slug] = Finding(item.slug, _repo_path(content, item), item.entry)
            findings[item.slug].stale_days = days
    if checker is not None:
        addresses = [url for item in live for _f, url in link_fields(item.entry)]
        results = checker.check(addresses)
        for item in live:
            for name, url in link_fields(item.entry):
                result = results[url]
                if result.state == "broken":
                    path = _repo_path(content, item)
                    finding = findings.setdefault(item.slug, Finding(item.slug, path, item.entry))
                    finding.broken.append((name, result))
    return [findings[slug] for slug in sorted(findings)]


def _repo_path(content: Path, item: Any) -> str:
    return _from_repository(content, content / (item.doc.relative or f"groups/{item.slug}.yaml"))


def _from_repository(content: Path, path: Path) -> str:
    """Return a path as GitHub names it: from the repository's root, which is where the
    workflow runs (else the content folder's parent, as in a checkout)."""
    full = path.resolve()
    for top in (Path.cwd().resolve(), content.resolve().parent):
        if full.is_relative_to(top):
            return full.relative_to(top).as_posix()
    return path.as_posix()


# --- the issue ------------------------------------------------------------------------------


def _text(value: Any, lang: str, default: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and value:
        return str(value.get(lang) or value.get(default) or next(iter(value.values())))
    return ""


def _inline(text: str) -> str:
    """Return text safe inside a Markdown line: no markup, mention, link or HTML from it."""
    text = " ".join(text.split())
    # & too: GitHub decodes an entity such as &commat; before it looks for mentions
    text = re.sub(r"([\\`*_{}\[\]()<>#!|~&])", r"\\\1", text)
    # a zero-width space after www stops the www.example.org links GitHub makes without ://
    text = re.sub(r"(?i)\b(www)\.", "\\1\u200b.", text)
    return text.replace("@", "@\u200b")


def _words(text: str) -> str:
    """Return the check's plain words safe in Markdown: they quote what a site sent (where it
    redirects to), so that can't ping, link or mark up; their parentheses stay as written."""
    text = " ".join(text.split())
    text = re.sub(r"([\\`*_{}\[\]<>#!|~&:])", r"\\\1", text)
    text = re.sub(r"(?i)\b(www)\.", "\\1\u200b.", text)
    return text.replace("@", "@\u200b")


def _code(text: str) -> str:
    """Return text as a Markdown code span (no markup or mention inside it works)."""
    ticks = "`" * (1 + max((len(m) for m in re.findall(r"`+", text)), default=0))
    return (
        f"{ticks} {text} {ticks}"
        if text.startswith("`") or text.endswith("`")
        else (f"{ticks}{text}{ticks}")
    )


def _fenced(text: str) -> str:
    fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", text)), default=0))
    return f"{fence}text\n{text}\n{fence}"


def title(finding: Finding, checked: Validated) -> str:
    """Return the issue's title."""
    site = checked.site
    assert site is not None
    name = _text(finding.entry.name, site.default_language, site.default_language)
    return f"Upkeep: is “{' '.join(name.split())[:120]}” still running as described?"


def issue_body(finding: Finding, checked: Validated, today: date, links: str | None = None) -> str:
    """Return the issue's text; `links` keeps an earlier run's links section when unchecked."""
    site = checked.site
    assert site is not None
    entry, default = finding.entry, site.default_language
    own = entry.text_language or default
    page_lang = own if own in site.languages else default
    page = urls.entry_url(site.base_url, page_lang, finding.slug)
    name = _text(entry.name, own, default)
    verified = entry.verified.date
    shown = f"`{finding.path}`"
    if site.repository is not None:
        where = f"{str(site.repository.url).rstrip('/')}/blob/{site.repository.branch}"
        shown = f"[{shown}]({where}/{finding.path})"
    lines = [f"<!-- upkeep:entry={finding.slug} -->", f"Entry: {shown} · page: {page}", ""]
    if finding.stale_days is not None:
        lines += [
            "### Last confirmed",
            f"`verified.date` is {verified}, {i18n.age(finding.stale_days, 'en')} ago: more than "
            f"the {site.stale_after_days} days after which the site warns visitors it may be out "
            "of date. Please ask the group whether it still runs as described.",
            "",
        ]
    lines += [links if links is not None else _links_section(finding), ""]
    lines += _contact_section(finding, checked, name, page, own)
    lines += [
        "### Still running as described?",
        "When someone has confirmed it (a reply from the group, a phone call, a visit), a "
        f"maintainer ticks this box (or adds the label `{CONFIRM_LABEL}`):",
        "",
        f"- [ ] {BOX}",
        "",
        "A workflow then opens a pull request that moves `verified.date` in "
        f"`{finding.path}` to that day; merging it closes this issue. Only people with write "
        "access can confirm. Anyone else: reply here with what you found (who you spoke to, "
        "when) and a maintainer will take it from there.",
        "",
        "Has something changed? Edit the entry file instead (a link that moved, new times). "
        "Has the group ended? Set `status: ended` in it.",
        "",
        f"<sub>Opened by the weekly upkeep workflow on {today}; it updates this issue instead of "
        "opening another, and closes it once the entry no longer needs a look.</sub>",
    ]
    return "\n".join(lines) + "\n"


def _links_section(finding: Finding) -> str:
    lines = [_LINKS_START]
    if finding.broken:
        lines += ["### Links that don't work", ""]
        for name, result in finding.broken:
            lines.append(f"- `{name}` {_inline(result.url)}: {_words(result.problem)}")
        lines += ["", "Fix or remove them in the entry file."]
    lines.append(_LINKS_END)
    return "\n".join(lines)


def _contact_section(
    finding: Finding, checked: Validated, name: str, page: str, own: str
) -> list[str]:
    site = checked.site
    assert site is not None
    entry = finding.entry
    if finding.stale_days is None:
        return []
    lang = own if own in LANGUAGES else "en"
    # on one line, as in the title: a name's own line could read as the issue's box, ticked
    name = " ".join(name.split())
    message = letter(
        lang,
        name,
        _text(site.title, lang, site.default_language),
        page,
        i18n.long_date(entry.verified.date, lang),
    )
    contact = entry.contact
    email = contact.email if contact is not None else None
    lines = ["### A message to send the group", ""]
    if email:
        lines.append(
            f"[Open this message to {_code(str(email))} in your mail program]"
            f"({message.mailto(str(email))}), or copy it:"
        )
    else:
        ways = [
            f"{label} {_inline(str(value))}"
            for label, value in (
                ("phone", contact.phone if contact else None),
                ("website", contact.website if contact else None),
                ("online", entry.online.url if entry.online else None),
            )
            if value
        ]
        reach = "; ".join(ways) if ways else "the details on its page"
        lines.append(f"The entry gives no email address; reach the group through {reach}.")
    lines += ["", f"Subject: {_inline(message.subject)}", "", _fenced(message.body), ""]
    if lang != "en":  # for a maintainer who doesn't read the group's language
        english = letter(
            "en",
            " ".join(_text(entry.name, "en", site.default_language).split()),
            _text(site.title, "en", site.default_language),
            page,
            i18n.long_date(entry.verified.date, "en"),
        )
        lines += [
            "<details><summary>The same message in English</summary>",
            "",
            f"Subject: {_inline(english.subject)}",
            "",
            _fenced(english.body),
            "",
            "</details>",
            "",
        ]
    return lines


# --- syncing the issues ---------------------------------------------------------------------


def slug_of(issue: dict[str, Any]) -> str | None:
    """Return the entry an issue is about, when this tool opened it; otherwise None."""
    # its author, not its label: anyone's issue form can apply a label, nobody else can post
    # as the workflow's bot (the label is for people filtering the issue list)
    if (issue.get("user") or {}).get("login") != BOT:
        return None
    found = _MARKER.search(issue.get("body") or "")
    return found.group(1) if found else None


def plan(
    findings: list[Finding],
    checked: Validated,
    today: date,
    issues: list[dict[str, Any]],
    links_checked: bool,
    content: Path | None = None,
) -> Plan:
    """Return which issues to open, update and close so each finding has exactly one."""
    ours: dict[str, dict[str, Any]] = {}
    for issue in sorted(issues, key=lambda found: int(found["number"])):
        slug = slug_of(issue)
        if slug is not None:
            ours.setdefault(slug, issue)  # the oldest one wins; a duplicate is left alone
    result = Plan()
    wanted = {finding.slug for finding in findings}
    for finding in findings:
        known_issue = ours.get(finding.slug)
        old = "" if known_issue is None else str(known_issue.get("body") or "")
        kept = None if links_checked or known_issue is None else _kept_links(old)
        body = issue_body(finding, checked, today, kept)
        name = title(finding, checked)
        if known_issue is None:
            result.create.append((name, body))
        elif _comparable(old) != _comparable(body) or known_issue.get("title") != name:
            result.update.append((int(known_issue["number"]), name, body))
    known = {item.slug: item.entry for item in checked.entries}
    for slug, issue in sorted(ours.items()):
        if slug in wanted:
            continue
        entry = known.get(slug)
        if entry is None and content is not None and _entry_path(content, slug) is not None:
            continue  # the file is there but doesn't pass the check: not a reason to close
        if entry is None:
            why = "The entry is no longer in the directory, so there is nothing left to check."
        elif entry.status == "ended":
            why = "The entry is marked as ended, so there is nothing left to check."
        elif not links_checked and _kept_links(issue.get("body") or "") != _empty_links():
            continue  # its links were not checked this time: leave it as it is
        else:
            why = (
                f"The entry was confirmed on {entry.verified.date} and its links work, so it "
                "no longer needs a look. Thank you!"
            )
        result.close.append((int(issue["number"]), why))
    return result


def _comparable(body: str) -> str:
    # the date a run writes in the footer alone is no reason to edit an issue
    return re.sub(r"workflow on \d{4}-\d{2}-\d{2}", "workflow on", body)


def _kept_links(body: str) -> str:
    start, end = body.find(_LINKS_START), body.find(_LINKS_END)
    if start < 0 or end < start:
        return _empty_links()
    return body[start : end + len(_LINKS_END)]


def _empty_links() -> str:
    return f"{_LINKS_START}\n{_LINKS_END}"


def apply(api: GitHub, todo: Plan) -> None:
    """Open, update and close the issues a plan names."""
    for name, body in todo.create:
        api.create_issue(name, body, [LABEL])
    for number, name, body in todo.update:
        api.edit_issue(number, title=name, body=body)
    for number, why in todo.close:
        api.comment(number, why)
        api.edit_issue(number, state="closed", state_reason="completed")


# --- confirming an entry --------------------------------------------------------------------


@dataclass(frozen=True)
class Confirmation:
    """Who confirmed which entry, and how."""

    issue: int
    slug: str
    login: str
    source: str


def confirmation(event_name: str, event: dict[str, Any], api: GitHub) -> Confirmation | str:
    """Return the confirmation an event asks for, or why the event asks for none."""
    issue = event.get("issue") or {}
    if event_name != "issues" or "pull_request" in issue:
        return "not an issue event"
    slug = slug_of(issue)
    if slug is None:
        return "not an issue the upkeep workflow opened"
    login = str((event.get("sender") or {}).get("login") or "")
    number = int(issue["number"])
    how = f"Confirmed by @{login} on issue #{number}"
    if event.get("action") == "labeled":
        if (event.get("label") or {}).get("name") != CONFIRM_LABEL:
            return f"not the {CONFIRM_LABEL} label"
        return Confirmation(number, slug, login, how)  # adding a label takes triage access
    if event.get("action") != "edited":
        return "neither a label nor an edit"
    before = str(((event.get("changes") or {}).get("body") or {}).get("from") or "")
    if not _TICKED.search(str(issue.get("body") or "")) or _TICKED.search(before):
        return "the box was not ticked by this edit"
    if api.permission(login) not in WRITERS:
        return NOT_ALLOWED
    return Confirmation(number, slug, login, how)


def confirmed_text(text: str, today: date, source: str) -> str | None:
    """Return the entry file with verified.date set to today and verified.source to `source`,
    or None when the file can't be changed without touching anything else."""
    doc, _problems = parse_yaml(text, "entry")
    if doc is None or not isinstance(doc.data, dict):
        return None
    verified = doc.data.get("verified")
    if not isinstance(verified, dict) or "date" not in verified:
        return None
    lines = text.split("\n")
    line, column = doc.position(("verified", "date"))
    found = _DATE.match(lines[line - 1], column - 1)
    if found is None:
        return None
    quote = found.group(1)
    lines[line - 1] = (
        lines[line - 1][: found.start()] + f"{quote}{today}{quote}" + lines[line - 1][found.end() :]
    )
    if (
        "source" in verified
        and doc.keys.get(("verified", "source"), (0, 0))[0]
        == (doc.position(("verified", "source"))[0])
    ):
        s_line, s_column = doc.position(("verified", "source"))
        ending = "\r" if lines[s_line - 1].endswith("\r") else ""
        written_source = json.dumps(source, ensure_ascii=False)
        lines[s_line - 1] = lines[s_line - 1][: s_column - 1] + written_source + ending
    changed = "\n".join(lines)
    after, _problems = parse_yaml(changed, "entry")
    written = today.isoformat() if isinstance(verified["date"], str) else today
    expected = {**doc.data, "verified": {**verified, "date": written, "source": source}}
    if after is None or after.data != expected:
        return None
    return changed


def confirm(api: GitHub, event_name: str, event: dict[str, Any], content: Path, today: date) -> str:
    """Act on a confirmation event; return what was done, in a sentence for the log."""
    found = confirmation(event_name, event, api)
    issue_number = int((event.get("issue") or {}).get("number") or 0)
    if found == NOT_ALLOWED:
        api.comment(
            issue_number,
            "Thanks! Only people with write access to this repository can confirm an entry "
            "this way; please write what you found in a comment and a maintainer will confirm it.",
        )
        return f"nothing to do: {NOT_ALLOWED}"
    if isinstance(found, str):
        return f"nothing to do: {found}"
    if event.get("action") == "labeled":
        api.remove_label(found.issue, CONFIRM_LABEL)  # so it can be added again later
    path = _entry_path(content, found.slug)
    if path is None:
        api.comment(found.issue, f"There is no entry `{found.slug}` any more; nothing to confirm.")
        return "no such entry"
    base = api.default_branch()
    head = api.branch_head(base)
    current = api.file(path, base)
    if head is None or current is None:
        return "the entry file is not on the default branch"
    changed = confirmed_text(current[0], today, found.source)
    if changed is None:
        api.comment(
            found.issue,
            f"I couldn't move `verified.date` in `{path}` without touching anything else; "
            f"please set it to {today} by hand.",
        )
        return "could not edit the file safely"
    branch = f"upkeep/still-running/{found.slug}"
    pulls = api.open_pulls(branch)
    on_branch = api.file(path, branch) if pulls else None
    if pulls and on_branch is not None and on_branch[0] == changed:
        return f"already proposed in #{pulls[0]['number']}"
    api.point_branch(branch, head)
    message = f"Confirm {found.slug} still runs as described ({today}, issue #{found.issue})"
    api.put_file(path, branch, changed, current[1], message)
    if pulls:
        api.comment(found.issue, f"Updated #{pulls[0]['number']} to verified.date {today}.")
        return f"updated #{pulls[0]['number']}"
    body = (
        f"Closes #{found.issue}.\n\n{found.source}.\n\n"
        f"Moves `verified.date` in `{path}` to {today} and records how it was confirmed in "
        "`verified.source` (not published).\n\nOpened by the upkeep workflow with its own "
        "token, so the pull request's checks don't start by themselves: close and reopen it "
        "to run them."
    )
    pull = api.create_pull(f"Confirm {found.slug} still runs as described", body, branch, base)
    api.comment(found.issue, f"Opened #{pull['number']} to move verified.date to {today}.")
    return f"opened #{pull['number']}"


def _entry_path(content: Path, slug: str) -> str | None:
    path, _ = find_entry(slug, content)  # None unless exactly one entry has the slug
    return None if path is None else _from_repository(content, path)


# --- command line ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run `scan` or `confirm` and return an exit code."""
    parser = argparse.ArgumentParser(prog="python -m generator.tools.upkeep")
    commands = parser.add_subparsers(dest="command", required=True)
    scan = commands.add_parser("scan", help="open, update or close one issue per entry")
    scan.add_argument("--content", type=Path, default=Path("content"))
    scan.add_argument("--today", type=date.fromisoformat, default=None)
    scan.add_argument("--no-links", action="store_true", help="don't check the links")
    scan.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    confirm_ = commands.add_parser("confirm", help="act on a ticked box or the label")
    confirm_.add_argument("--content", type=Path, default=Path("content"))
    confirm_.add_argument("--event", type=Path, required=True, help="GITHUB_EVENT_PATH")
    confirm_.add_argument("--event-name", required=True, help="GITHUB_EVENT_NAME")
    confirm_.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    today = args.today or date.today()
    try:
        if args.command == "confirm":
            event = json.loads(args.event.read_text(encoding="utf-8"))
            print(confirm(GitHub.from_environment(), args.event_name, event, args.content, today))
            return 0
        return _scan(args, today)
    except GitHubError as exc:
        print(f"upkeep: {exc}", file=sys.stderr)
        return 1


def _scan(args: argparse.Namespace, today: date) -> int:
    checked = load(args.content, today)
    if checked.site is None:
        print("upkeep: the site settings don't load; run `python build.py check`", file=sys.stderr)
        return 1
    findings = find(checked, args.content, today, None if args.no_links else Checker())
    api = None if args.dry_run else GitHub.from_environment()
    issues = api.open_issues() if api is not None else []
    todo = plan(findings, checked, today, issues, not args.no_links, args.content)
    for name, _body in todo.create:
        print(f"open: {name}")
    for number, name, _body in todo.update:
        print(f"update #{number}: {name}")
    for number, _why in todo.close:
        print(f"close #{number}")
    if api is not None:
        apply(api, todo)
    return 0


if __name__ == "__main__":
    sys.exit(main())
