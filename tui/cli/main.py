"""The command line: parse, then either print (list, report, validate) or run the app.

Printing commands never import Textual, so they start fast and work without a terminal.
How each command ends (one line per error, never a traceback) is ``tui.exits``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from tui.core.errors import BankError
from tui.core.storage.paths import ASSESSOR_ENV, READ_ONLY_ENV
from tui.exits import CHECK_FAILED, USAGE_ERROR, fail, guarded, say


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: {message} (see --help)\n")


class _PrintVersion(argparse.Action):
    """``--version``: the installed package's version, looked up only when asked (loading
    ``importlib.metadata`` would slow every start)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        from importlib.metadata import PackageNotFoundError, version

        try:
            installed = version("hiring-clarity")
        except PackageNotFoundError:
            installed = "(not installed: run from a source tree without metadata)"
        say(f"hiring-clarity {installed}")
        parser.exit(0)


APP_COMMANDS = ("new", "resume")
"""The commands that open the app (as does no command at all)."""
VALUED_OPTIONS = ("--questions-dir", "--sessions-dir")
"""The top-level options followed by a value (skipped when looking for the command)."""


def opens_the_app(argv: list[str]) -> bool:
    """True when ``argv`` opens the app: no command, or ``new`` or ``resume`` (no help
    asked). Only those commands' parsers are then built: the others (sync, serve, invite,
    the linked copies) would import their modules and cost the app's start several ms."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help", "--version"):
            return False
        if word in VALUED_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word in APP_COMMANDS
    return True


def build_parser(everything: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; without ``everything``, only the app's own commands."""
    parser = _Parser(
        prog="hiring-clarity",
        description="Decide whether to hire a Flask specialist or a backend generalist, "
        "and which Python backend skills they need. With no command, opens the app.",
    )
    parser.add_argument("--version", action=_PrintVersion, help="print the version and exit")
    parser.add_argument(
        "--questions-dir",
        type=Path,
        metavar="DIR",
        help="question bank folder (default: the shipped bank, or $HIRING_CLARITY_QUESTIONS)",
    )
    parser.add_argument(
        "--sessions-dir",
        type=Path,
        metavar="DIR",
        help="where assessments are saved (or $HIRING_CLARITY_SESSIONS)",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line prompts instead of the full-screen app (screen readers, "
        "Braille displays, dumb terminals); also when $ACCESSIBLE is set",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    new = commands.add_parser("new", help="start a new assessment in the app")
    new.add_argument("title", help="a name for the assessment, e.g. 'Payments API hire'")
    new.add_argument("--role", default="", help="the role being hired for")
    new.add_argument("--assessor", default="", help=f"who is assessing (default ${ASSESSOR_ENV})")
    resume = commands.add_parser("resume", help="open a saved assessment where it was left")
    resume.add_argument("session", help="a session file path or id")
    resume.add_argument("--read-only", action="store_true", help="look without saving")
    resume.add_argument(
        "--watch",
        action="store_true",
        help="open read-only and follow whoever is answering (pairing)",
    )
    resume.add_argument(
        "--assessor",
        default="",
        help=f"who you are, shown to others with it open (default ${ASSESSOR_ENV}, else user@host)",
    )
    if everything:
        _add_other_commands(commands)
    for command in commands.choices.values():  # `resume ID --plain` as well as `--plain resume`
        command.add_argument(
            "--plain", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
    return parser


def _add_other_commands(commands: Any) -> None:
    """Every command that prints, syncs or serves instead of opening the app."""
    commands.add_parser("list", help="list saved assessments")
    report = commands.add_parser("report", help="print an assessment's recommendation")
    report.add_argument("session", help="a session file path or id")
    report.add_argument(
        "--format",
        choices=("text", "json", "markdown", "brief", "job"),
        default="text",
        help="text (default), json, markdown (the full role scorecard), brief (one page for "
        "the hiring committee) or job (a job description draft)",
    )
    report.add_argument(
        "--assessor",
        default="",
        help="who you are: a linked copy still sealed is reported only to its own assessor",
    )
    report.add_argument(
        "--output",
        type=Path,
        metavar="PATH",
        help="write the report to this file (or into this folder)",
    )
    validate = commands.add_parser("validate", help="check a question bank")
    validate.add_argument("directory", nargs="?", type=Path, help="bank folder to check")
    from tui.serve.command import add_parser as add_serve_parser
    from tui.sync.commands import add_commands as add_sync_commands

    add_sync_commands(commands)
    add_serve_parser(commands)  # and invite's
    from tui.cli.linked import add_commands

    add_commands(commands)


def _sessions_dir(args: argparse.Namespace) -> Path:
    from tui.core.storage.paths import default_sessions_dir

    return args.sessions_dir or default_sessions_dir()


def _questions_dir(args: argparse.Namespace) -> Path:
    from tui.core.bank.loading import default_questions_dir

    return args.questions_dir or default_questions_dir()


def cmd_validate(args: argparse.Namespace) -> int:
    from tui.core.bank.loading import load_bank
    from tui.core.reports.handouts.job import load_job_topics

    directory = args.directory or _questions_dir(args)
    try:
        bank = load_bank(directory)
        load_job_topics(bank)
    except BankError as exc:
        say(str(exc), error=True)
        say(f"hiring-clarity: {directory}: question bank is not valid", error=True)
        return CHECK_FAILED
    skills = sum(len(g.skills) for g in bank.catalogue.groups)
    say(
        f"{directory}: bank {bank.version} is valid: {len(bank.criteria)} criteria, "
        f"{len(bank.questions)} questions, {skills} skills"
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from tui.core.reports.list_table import format_table
    from tui.core.storage.listing import list_sessions

    directory = _sessions_dir(args)
    rows = list_sessions(directory)
    if not rows:
        say(f"No saved assessments in {directory}. Start one with: hiring-clarity new TITLE")
        return 0
    say(format_table(rows))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from tui.core.bank.loading import load_bank_cached
    from tui.core.linked.copies import check_not_sealed_from
    from tui.core.pairing.identity import author_name
    from tui.core.reports.report import render
    from tui.core.storage.listing import find_session
    from tui.core.storage.reading import read_session

    sessions_dir = _sessions_dir(args)
    path = find_session(args.session, sessions_dir)
    session = read_session(path)
    check_not_sealed_from(sessions_dir, session, author_name(args.assessor))
    bank = load_bank_cached(str(_questions_dir(args)))
    text = render(bank, session, args.format)
    if args.output is None:
        say(text)
        return 0
    from tui.core.assessment import EXPORT_SUFFIXES
    from tui.core.reports.output import write_output

    target = args.output
    if target.is_dir():
        target = target / (path.stem + EXPORT_SUFFIXES[args.format])
    say(f"Report ({args.format}) written to {write_output(target, text)}")
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    from tui.core.bank.loading import load_bank_cached
    from tui.core.storage.listing import find_session
    from tui.core.storage.reading import read_session

    load_bank_cached(str(_questions_dir(args)))  # a broken bank stops here, before the screen
    sessions_dir = _sessions_dir(args)
    assessor = os.environ.get(ASSESSOR_ENV, "").strip()
    watch_only = os.environ.get(READ_ONLY_ENV, "").strip() not in ("", "0")
    start: dict[str, Any] = {"assessor": assessor, "watch_only": watch_only}
    from tui.guest import only_assessment

    start["scope"] = only_assessment(args, sessions_dir)
    if args.command == "new":
        from tui.core.session.models import Session

        if watch_only:
            return fail(
                f"{READ_ONLY_ENV} is set: this login can only look, not start an assessment"
            )
    from tui.core.pairing.identity import author_name

    start["author"] = who = author_name(getattr(args, "assessor", ""))
    if args.command == "new":
        Session(title=args.title, role_title=args.role, assessor=who)
        start["new"] = (args.title, args.role, who)
    elif args.command == "resume":
        from tui.core.linked.copies import check_not_sealed_from

        path = find_session(args.session, sessions_dir)
        check_not_sealed_from(sessions_dir, read_session(path), who)
        start.update(
            resume=path, read_only=args.read_only or args.watch or watch_only, watching=args.watch
        )
    read_only = watch_only or getattr(args, "read_only", False) or getattr(args, "watch", False)
    if getattr(args, "assessor", "") and not read_only:
        from tui.core.pairing.remembered import remember_name

        remember_name(args.assessor)  # who is at this keyboard, until they say otherwise
    from tui.terminal import plain_wanted, terminal_problem

    if plain_wanted(args.plain):
        from tui.plain.start import run_plain

        bank = load_bank_cached(str(_questions_dir(args)))
        plain = {k: v for k, v in start.items() if k in ("new", "resume", "read_only", "author")}
        if watch_only:
            plain["read_only"] = True
        return run_plain(bank, sessions_dir, **plain)
    # Textual draws at most 60 frames a second by default; an answer that lands just after a
    # frame then waits up to two frames for the panel. 120 halves that wait
    # (``docs/architecture.md``).
    os.environ.setdefault("TEXTUAL_FPS", "120")

    problem = terminal_problem()
    if problem:
        return fail(problem)
    if "new" in start:
        from tui.core.storage.atomic import locked
        from tui.core.storage.folders import ensure_dir

        # Creating the session takes the folder lock: wait for it here, where a stopped or hung
        # holder ends in one line (WriterBusy), not in a screen that never appears.
        with locked(ensure_dir(sessions_dir)):
            pass
    from tui.app import make_app
    from tui.startup import freeze_imports

    app = make_app(_questions_dir(args), sessions_dir, **start)
    freeze_imports()  # modules, the bank and the app live for good; widgets come after
    app.run()
    if app.print_on_exit:
        print(app.print_on_exit)
    return app.return_code or 0


def cmd_serve(args: argparse.Namespace) -> int:
    from tui.serve.command import run

    return run(args, _sessions_dir(args), _questions_dir(args))


COMMANDS = {"validate": cmd_validate, "list": cmd_list, "report": cmd_report}
COMMANDS.update(serve=cmd_serve, invite=cmd_serve)
LINKED = ("copy", "compare", "settle", "done")


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    args = build_parser(not opens_the_app(words)).parse_args(words)
    return guarded(lambda: _dispatch(args))


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None or args.command in APP_COMMANDS:
        return cmd_app(args)
    from tui.sync.commands import COMMANDS as SYNC_COMMANDS

    if args.command in SYNC_COMMANDS:
        from tui.core.storage.paths import default_sessions_dir

        directory = args.sessions_dir or default_sessions_dir()  # without the models
        return SYNC_COMMANDS[args.command](args, directory)
    if args.command in LINKED:
        import tui.cli.linked

        linked = getattr(tui.cli.linked, f"cmd_{args.command}")
        return int(linked(args, _sessions_dir(args), _questions_dir(args)))
    return COMMANDS.get(args.command or "", cmd_app)(args)
