"""Command-line handlers for independent assessments (copy, compare, settle) and file output.

Kept apart from ``tui.cli.main`` so the parser stays one screen long; none of these import Textual.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.errors import HiringClarityError
from tui.core.verdict.wording import verdict_line

if TYPE_CHECKING:
    from tui.core.bank.models import Bank
    from tui.core.cpython_compat import SubCommands
    from tui.core.linked.compare import Side
    from tui.core.session.models import Session


def _say(text: str) -> None:
    """Print text that may hold what files or users typed: shown, never obeyed."""
    from tui.core.text import safe_text

    print(safe_text(text))


def add_commands(commands: SubCommands) -> None:
    copy = commands.add_parser(
        "copy",
        help="a blank, linked copy of an assessment for another assessor, to assess independently",
    )
    copy.add_argument("session", help="the assessment to copy (path or id)")
    copy.add_argument("--assessor", required=True, help="who assesses the copy")
    copy.add_argument(
        "--open-answers",
        action="store_true",
        help="not blind: linked answers may be compared before both are done",
    )
    compare = commands.add_parser(
        "compare", help="two assessments side by side (linked copies, or two made on their own)"
    )
    compare.add_argument("a", help="one assessment (path or id)")
    compare.add_argument("b", help="the other")
    compare.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    compare.add_argument("--output", type=Path, metavar="PATH", help="write to a file")
    settle = commands.add_parser(
        "settle", help="a new agreed assessment from two compared ones (both stay as they are)"
    )
    settle.add_argument("a", help="one assessment (path or id)")
    settle.add_argument("b", help="the other")
    settle.add_argument(
        "--take",
        action="append",
        default=[],
        metavar="QUESTION=a|b",
        help="whose answer to keep for a question that differs (repeatable)",
    )
    settle.add_argument(
        "--rest",
        choices=("a", "b"),
        help="whose answer to keep for every difference not named in --take",
    )
    settle.add_argument(
        "--again", action="store_true", help="settle a pair that was settled before, again"
    )
    settle.add_argument(
        "--keep-contradictions",
        action="store_true",
        help="write it even though the picks make answers that cannot both be true",
    )
    done = commands.add_parser("done", help="mark an assessment done (unseals blind ones)")
    done.add_argument("session", help="a session file path or id")
    done.add_argument("--undo", action="store_true", help="mark it not done again")


def cmd_copy(args: argparse.Namespace, sessions_dir: Path, questions_dir: Path) -> int:
    from tui.core.bank.loading import load_bank_cached
    from tui.core.linked.copies import copy_assessment
    from tui.core.storage.listing import find_session

    bank = load_bank_cached(str(questions_dir))
    copy = copy_assessment(
        bank, find_session(args.session, sessions_dir), args.assessor, blind=not args.open_answers
    )
    sealed = (
        "; answers stay sealed until both are marked done"
        if copy.session.link and copy.session.link.blind
        else ""
    )
    _say(f"Copy for {args.assessor}: {copy.path} (id {copy.session.id}){sealed}")
    _say(f"Open it with: hiring-clarity resume {copy.session.id}")
    return 0


def _pair(
    args: argparse.Namespace, sessions_dir: Path, questions_dir: Path
) -> tuple[Bank, Session, Session]:
    """The two assessments to compare: different and, when linked, no longer sealed. Two
    made on their own compare too: sealing is between linked copies only."""
    from tui.core.bank.loading import load_bank_cached
    from tui.core.linked.copies import check_unsealed, group_of, sealed_owner, sibling_sessions
    from tui.core.storage.listing import find_session
    from tui.core.storage.reading import read_session

    bank = load_bank_cached(str(questions_dir))
    a = read_session(find_session(args.a, sessions_dir))
    b = read_session(find_session(args.b, sessions_dir))
    if a.id == b.id:
        raise HiringClarityError("give two different assessments")
    if a.link is not None and b.link is not None and group_of(a) == group_of(b):
        check_unsealed([a, b])
    for one in (a, b):  # a sealed copy stays sealed beside an assessment of another group
        if sealed_owner(sessions_dir, one):
            check_unsealed([one, *sibling_sessions(sessions_dir, one)])
    return bank, a, b


def cmd_compare(args: argparse.Namespace, sessions_dir: Path, questions_dir: Path) -> int:
    from tui.core.linked.compare import compare
    from tui.core.reports.compare_report import render

    bank, a, b = _pair(args, sessions_dir, questions_dir)
    text = render(compare(bank, a, b), args.format)
    if args.output is not None:
        from tui.core.reports.output import write_output

        suffix = {"markdown": ".md", "json": ".json", "text": ".txt"}[args.format]
        name = f"compare-{a.id}-{b.id}{suffix}"
        target = args.output / name if args.output.is_dir() else args.output
        _say(f"Comparison written to {write_output(target, text)}")
    else:
        _say(text)
    return 0


def cmd_settle(args: argparse.Namespace, sessions_dir: Path, questions_dir: Path) -> int:
    from tui.core.linked.compare import (
        agreed_session,
        compare,
        created_contradictions,
        earlier_agreed,
        settle,
    )

    bank, a, b = _pair(args, sessions_dir, questions_dir)
    differing = {d.question_id for d in compare(bank, a, b).differences}
    picks: dict[str, Side] = {}
    for item in args.take:
        qid, _, side = item.partition("=")
        if side != "a" and side != "b":
            raise HiringClarityError(f"--take {item}: say QUESTION=a or QUESTION=b")
        if qid not in differing:
            raise HiringClarityError(f"--take {item}: {qid!r} is not a question that differs")
        picks[qid] = side
    if args.rest:
        picks = {qid: picks.get(qid, args.rest) for qid in differing}
    earlier = earlier_agreed(sessions_dir, a, b)
    if earlier and not args.again:
        made = ", ".join(f"id {s.id}, {s.created:%Y-%m-%d %H:%M} UTC" for s in earlier)
        raise HiringClarityError(
            f"these two were settled already ({made}); add --again for another agreed one"
        )
    created = created_contradictions(bank, a, b, agreed_session(bank, a, b, picks))
    if created and not args.keep_contradictions:
        raise HiringClarityError(
            "these picks make answers that cannot both be true: "
            + "; ".join(created)
            + ". Take the other side for one of them, or add --keep-contradictions"
        )
    agreed = settle(bank, a, b, picks, sessions_dir)
    rec = agreed.recommendation
    _say(
        f"Agreed assessment: {agreed.path} (id {agreed.session.id}); "
        f"{a.assessor or a.id} and {b.assessor or b.id} unchanged"
    )
    _say(f"Verdict: {verdict_line(rec)}")
    for contradiction in created:
        _say(f"Contradiction to settle in it: {contradiction}")
    return 0


def cmd_done(args: argparse.Namespace, sessions_dir: Path, questions_dir: Path) -> int:
    from tui.core.assessment import Assessment
    from tui.core.bank.loading import load_bank_cached
    from tui.core.storage.listing import find_session

    bank = load_bank_cached(str(questions_dir))
    assessment = Assessment.open(bank, find_session(args.session, sessions_dir))
    assessment.mark_done(not args.undo)
    _say(f"{assessment.path}: marked {'not done' if args.undo else 'done'}")
    return 0
