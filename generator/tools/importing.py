"""`build.py import FORMAT SOURCE`: read a source with its format's reader, then write the
entries it gives (or, with --dry-run, say what would change)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from generator.tools import import_csv, import_hsds, import_meeting_guide
from generator.tools.importer import (
    Checker,
    Draft,
    Notice,
    SourceError,
    apply,
    read_source,
    read_vocabularies,
    site_languages,
    summary,
    vocabulary_terms,
)

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def _drafts(form: str, source: Path, checker: Checker, today: date) -> list[Draft]:
    """Return the draft entries of a source, read by its format's reader."""
    name = source.name
    if form == "meeting-guide":
        return import_meeting_guide.drafts_from(read_source(source), name, checker, today)
    if form == "csv":
        return import_csv.drafts_from(read_source(source), name, checker, today)
    return import_hsds.drafts_from(source, checker, today)


def run_import(args: argparse.Namespace, today: date | None = None) -> int:
    """Run `build.py import` and return its exit code."""
    if args.template:
        if args.format != "csv":
            print(f"build.py: error: --template is for csv, not {args.format}", file=sys.stderr)
            return EXIT_USAGE
        sys.stdout.write(import_csv.template(site_languages(args.content)[0]))
        return EXIT_OK
    if args.source is None:
        print("build.py: error: import needs a SOURCE file to read", file=sys.stderr)
        return EXIT_USAGE
    if not args.content.is_dir():
        print(f"build.py: error: content folder '{args.content}' does not exist", file=sys.stderr)
        return EXIT_USAGE
    notices: list[Notice] = []
    name = args.source.as_posix()
    terms = vocabulary_terms(read_vocabularies(args.content))
    checker = Checker(name, notices, terms, site_languages(args.content))
    try:
        drafts = _drafts(args.format, args.source, checker, today or date.today())
    except SourceError as exc:
        print(f"{name}: error: {exc}; nothing was written", file=sys.stderr)
        return EXIT_PROBLEM
    for notice in sorted(notices, key=lambda n: n.row):
        print(notice.format())
    into = args.into or args.content / "groups"
    schema = args.content.resolve().parent / "schema" / "group.schema.json"
    try:
        outcome = apply(drafts, into, args.format, args.source.name, args.dry_run, schema)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"import: cannot write: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_PROBLEM
    for line in summary(outcome, notices, args.dry_run):
        print(line)
    if drafts and not args.dry_run and (outcome.created or outcome.updated):
        print("Check every place marked '<- fill in', then run: python build.py check")
    return EXIT_PROBLEM if outcome.conflicts else EXIT_OK
