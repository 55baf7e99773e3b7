"""The command line: `python build.py <command>`; see DESIGN.md for the contract."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from generator.build.terminal import report, summary_line, terminal_progress, today_for_build
from generator.model.models import ATTENDANCE, KINDS
from generator.reading.checked import Validated
from generator.reading.load import load_content
from generator.reading.validate import validate

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
IMPORT_FORMATS = ("meeting-guide", "csv", "hsds")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def _base_url(text: str) -> str:
    from generator.model.config import check_base_url

    try:
        return check_base_url(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _theme(name: str) -> str:
    from generator.theme.folders import THEMES

    available = sorted(p.name for p in THEMES.iterdir() if p.is_dir() and not p.is_symlink())
    if name not in available:
        raise argparse.ArgumentTypeError(
            f"'{name}' is not a folder under themes/ (there: {', '.join(available)})"
        )
    return name


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="build.py", description="Build a peer support directory site.")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    check = commands.add_parser("check", help="validate the content and report every problem")
    _content_options(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--since",
        metavar="REV",
        default=None,
        help="also list every file changed since git revision REV, grouped by what it can "
        "affect: entries, guides, site settings and vocabularies field by field, files in the "
        "content folder that aren't content, and files that need a maintainer (for reviewing "
        "a pull request)",
    )
    build = commands.add_parser("build", help="validate, render and publish the site")
    _content_options(build)
    _build_options(build)
    serve = commands.add_parser("serve", help="build, serve on localhost, rebuild on change")
    _content_options(serve)
    _build_options(serve)
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    new = commands.add_parser("new", help="write a commented entry file to fill in")
    _content_argument(new)
    new.add_argument("--kind", choices=KINDS, default=None, help="the kind of entry")
    new.add_argument(
        "--attendance",
        choices=ATTENDANCE,
        default=None,
        help="in-person, online or hybrid (default: what the kind usually is)",
    )
    new.add_argument("--name", default=None, help="the entry's name")
    new.add_argument("--country", default=None, help="ISO country code, e.g. US (default: US)")
    new.add_argument("--slug", default=None, help="the file name, without .yaml")
    messages = commands.add_parser(
        "messages", help="extract UI strings and update the theme's translation catalogs"
    )
    messages.add_argument(
        "languages",
        nargs="*",
        default=["en", "es", "fr", "ar"],
        help="languages to update (default: en es fr ar)",
    )
    _import_parser(commands)
    from_issue = commands.add_parser("from-issue", help="turn a submitted issue form into an entry")
    from_issue.add_argument("file", type=Path, help="the issue's body, saved as a file")
    _content_options(from_issue)
    from_issue.add_argument("--issue", type=int, default=None, help="the issue's number")
    schema = commands.add_parser("schema", help="write the JSON Schemas under schema/")
    schema.add_argument("--out", type=Path, default=Path("schema"), help="folder (default: schema)")
    return parser


def _import_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "import",
        help="turn a Meeting Guide feed, a CSV or an HSDS 3.0 dataset into entry files",
    )
    parser.add_argument("format", choices=IMPORT_FORMATS, help="the kind of source")
    parser.add_argument(
        "source",
        type=Path,
        nargs="?",
        default=None,
        help="the file (an HSDS tabular package: its folder or datapackage.json)",
    )
    _content_argument(parser)
    parser.add_argument(
        "--into",
        type=Path,
        default=None,
        help="where to write the entries (default: the content folder's groups/)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="write nothing; print what would change"
    )
    parser.add_argument(
        "--template",
        action="store_true",
        help="csv only: print the spreadsheet's header row (with the site's languages) and stop",
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")


def _content_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        help="the content folder (default: content)",
    )


def _content_options(parser: argparse.ArgumentParser) -> None:
    _content_argument(parser)
    parser.add_argument(
        "--today",
        type=_date,
        default=None,
        help="check as of this date, YYYY-MM-DD (default: today)",
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")


def _build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, default=Path("site"), help="the output folder (default: site)"
    )
    parser.add_argument(
        "--base-url",
        type=_base_url,
        default=None,
        help="the public address, overriding base_url in site.yaml",
    )
    parser.add_argument(
        "--theme",
        type=_theme,
        default=None,
        help="a theme folder under themes/ whose templates, assets and translations override "
        "the default theme's (chosen by the maintainer, never by content)",
    )
    parser.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="build everything again instead of reusing what is unchanged since the last build",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    commands = {"build", "check", "serve", "schema", "messages", "new", "import", "from-issue"}
    commands |= {"-h", "--help"}
    if not any(a in commands for a in arguments):
        arguments = ["build", *arguments]
    args = _parser().parse_args(arguments)
    try:
        if args.command == "schema":
            return _schema(args.out)
        if args.command == "new":
            return _new(args)
        if args.command == "import":
            from generator.tools.importing import run_import

            return run_import(args)
        if args.command == "from-issue":
            from generator.tools.from_issue import run_from_issue

            return run_from_issue(args.file, args.content, args.issue, args.today, run_check)
        if args.command == "messages":
            from generator.tools.messages import update

            for path in update(args.languages):
                print(f"updated {path}")
            return EXIT_OK
        if args.command == "build":
            return _build(args)
        if args.command == "serve":
            from generator.tools.serve import serve

            return serve(args)
        return _check(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in the generator, never a content problem
        if args.debug:
            traceback.print_exc()
        print(
            f"internal error (a bug in the generator, not in your content): {exc!r}; run again "
            "with --debug and report it",
            file=sys.stderr,
        )
        return EXIT_CONTENT


def run_check(content: Path, today: date | None = None, strict: bool = False) -> Validated:
    """Load and validate a content folder (a large one's Markdown on every core)."""
    from generator.build.choice_words import theme_words
    from generator.build.workers import markdown_mapper  # the pool only; check renders no page

    raw = load_content(content)
    with markdown_mapper(None) as mapper:
        return validate(
            raw, today or date.today(), strict=strict, mapper=mapper, choice_words=theme_words()
        )


def _check(args: argparse.Namespace) -> int:
    if not args.content.is_dir():
        print(f"build.py: error: content folder '{args.content}' does not exist", file=sys.stderr)
        return EXIT_USAGE
    changes = None
    if args.since:
        from generator.reading.problems import printable
        from generator.tools.review import ReviewError, changes_since

        try:
            changes = changes_since(args.content, args.since)
        except ReviewError as exc:
            print(f"build.py: error: --since {printable(args.since)}: {exc}", file=sys.stderr)
            return EXIT_USAGE
    result = run_check(args.content, args.today, args.strict)
    report(result.problems, result.files, "check")
    if changes is not None:
        print("\n".join(changes.summary()))
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for annotation in changes.annotations():
                print(annotation)
    return EXIT_OK if result.ok else EXIT_CONTENT


def _build(args: argparse.Namespace) -> int:
    from generator.build.site import build_site

    if not args.content.is_dir():
        print(f"build.py: error: content folder '{args.content}' does not exist", file=sys.stderr)
        return EXIT_USAGE
    progress = terminal_progress()
    try:
        result = build_site(
            args.content,
            args.out,
            today_for_build(args.today),
            args.base_url,
            progress,
            cache=args.cache,
            theme=args.theme,
        )
    except OSError as exc:  # disk full, permissions: the machine's problem, not the content's
        where = f" ({exc.filename})" if exc.filename else ""
        print(
            f"build: cannot write the site: {exc.strerror or exc}{where}; {args.out} is unchanged",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    finally:
        if progress:
            progress("")
    if not result.published:
        report(result.problems, result.files, "build")
        # measured against the host means written to a staged folder, then thrown away
        before = "publishing" if result.output is not None else "writing anything"
        print(f"build: stopped before {before}; {args.out} is unchanged")
        return EXIT_CONTENT
    for problem in result.problems:
        print(problem.format())
    print(summary_line(result, args.out))
    return EXIT_OK


def _ask(question: str, default: str, choices: Sequence[str] = ()) -> str:
    """Ask on a terminal; keep the default on Enter or when nobody is there to answer."""
    if not sys.stdin.isatty():
        return default
    shown = f" ({', '.join(choices)})" if choices else ""
    while True:
        answer = input(f"{question}{shown} [{default}]: ").strip() or default
        if not choices or answer in choices:
            return answer
        print(f"please answer one of: {', '.join(choices)}")


def _new(args: argparse.Namespace) -> int:
    from generator.tools.scaffold import default_attendance, new_entry

    kind = args.kind or _ask("Kind of entry", "support-group", KINDS)
    attendance = args.attendance or _ask(
        "How do people attend", default_attendance(kind), ATTENDANCE
    )
    name = args.name if args.name is not None else _ask("Name", "")
    country = (args.country or _ask("Country code", "US")).upper()
    if len(country) != 2 or not country.isalpha():
        print(
            f"build.py: error: '{country}' is not a two-letter country code such as US",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        path = new_entry(args.content, kind, attendance, name, country, args.slug, date.today())
    except FileExistsError as exc:
        print(
            f"build.py: error: {exc.args[0]} already exists; choose another --slug or --name",
            file=sys.stderr,
        )
        return EXIT_USAGE
    print(f"wrote {path}")
    print("Fill every place marked '<- fill in', then run: python build.py check")
    return EXIT_OK


def _schema(out: Path) -> int:
    from generator.model.schema import dump, schemas
    from generator.tools import contributing

    out.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas().items():
        (out / name).write_text(dump(schema), encoding="utf-8")
        print(f"wrote {out / name}")
    guide = out.parent / "CONTRIBUTING.md"
    if guide.is_file():
        guide.write_text(contributing.update(guide.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"updated the field reference in {guide}")
    forms = out.parent / ".github" / "ISSUE_TEMPLATE"
    if forms.is_dir():
        from generator.tools.forms import write_forms

        for path in write_forms(out.parent / "content", forms):
            print(f"wrote {path}")
    return EXIT_OK
