"""The command-line side of syncing: ``sync``, ``merge-driver`` and ``history``.

Kept apart from ``tui.cli.main``, which only adds these subcommands and dispatches to them.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

TYPE_CHECKING = False  # for type checkers only: a plain sync never loads typing (spawn.py)
if TYPE_CHECKING:
    import argparse
    from typing import NoReturn

    from tui.core.cpython_compat import SubCommands
    from tui.sync.spawn import Running

OFFLINE = 1
"""Exit code when the changes were committed here but the remote could not be reached."""


def add_commands(commands: SubCommands) -> None:
    sync = commands.add_parser(
        "sync", help="share assessments through git: commit, fetch, merge per answer, push"
    )
    sync.add_argument(
        "--init",
        metavar="REMOTE",
        help="make the sessions folder a git clone of REMOTE first "
        "(an empty repository or one a colleague already syncs with)",
    )
    driver = commands.add_parser(
        "merge-driver", help="git's merge driver for session files (see .gitattributes)"
    )
    for name, letter in (("base", "O"), ("mine", "A"), ("theirs", "B")):
        driver.add_argument(name, type=Path, help=f"%%{letter} from git")
    driver.add_argument(
        "name", nargs="?", default="", help="%%P from git: the file's path in the repository"
    )
    history = commands.add_parser("history", help="who changed which answer and note, and when")
    history.add_argument("session", help="a session file path or id")
    history.add_argument(
        "--assessor",
        default="",
        help="who you are: a linked copy still sealed shows only to its own assessor",
    )


def cmd_sync(args: argparse.Namespace, sessions_dir: Path) -> int:
    return run_sync(sessions_dir, args.init)


def sync_and_exit(started: tuple[Running, Running] | None) -> NoReturn:
    """``hiring-clarity sync`` as typed on most days, with nothing after it: git was started
    first thing (``start_sync``), no command-line parser is built, and the process ends as soon
    as the sync has (Python's own shutdown frees what the exit frees anyway). See "Speed
    work-arounds" in ``docs/architecture.md``."""
    from tui.core.storage.paths import default_sessions_dir
    from tui.exits import guarded

    try:
        code = guarded(lambda: run_sync(default_sessions_dir(), started=started))
    finally:
        for running in started or ():
            with contextlib.suppress(OSError, KeyboardInterrupt):
                running.stop()  # nothing to stop once the sync has waited for it
    with contextlib.suppress(OSError):  # all was flushed but what a closed pipe refused
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def run_sync(
    sessions_dir: Path, remote: str | None = None, started: tuple[Running, Running] | None = None
) -> int:
    from tui.sync.engine import init, sync

    result = init(sessions_dir, remote) if remote else sync(sessions_dir, started=started)
    for path, why in result.unreadable.items():
        print(f"hiring-clarity: not synced: {path}: {why}", file=sys.stderr)
    print(f"{sessions_dir}: {result.summary()}")
    if result.offline:
        print(f"hiring-clarity: {result.offline}", file=sys.stderr)
        return OFFLINE
    return 0


def cmd_merge_driver(args: argparse.Namespace, sessions_dir: Path) -> int:
    from tui.sync.merge import run_driver

    return run_driver(args.base, args.mine, args.theirs, args.name or str(args.mine))


def cmd_history(args: argparse.Namespace, sessions_dir: Path) -> int:
    from tui.core.errors import HiringClarityError
    from tui.core.linked.copies import check_not_sealed_from
    from tui.core.pairing.identity import author_name
    from tui.core.storage.listing import find_session
    from tui.core.storage.reading import read_session
    from tui.sync.history import answers_history, format_history, history

    path = find_session(args.session, sessions_dir)
    synced = (path.resolve().parent / ".git").exists()
    try:
        session = read_session(path)
    except HiringClarityError:
        if not synced:
            raise
    else:  # a damaged file's sealing cannot be known: its earlier versions are still shown
        check_not_sealed_from(sessions_dir, session, author_name(args.assessor))
        if not synced:  # no sync: the answers' own records
            print(answers_history(session))
            return 0
    print(format_history(history(path)))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "sync": cmd_sync,
    "merge-driver": cmd_merge_driver,
    "history": cmd_history,
}
