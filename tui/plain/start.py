"""Plain mode's way in: a new assessment, one named on the command line, or one from a list."""

from __future__ import annotations

from pathlib import Path

from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.errors import HiringClarityError, explain
from tui.core.linked.copies import sealed_from, sealed_ids, sealed_owner
from tui.core.pairing.identity import writer_id
from tui.core.pairing.remembered import remember_name
from tui.core.reports.list_table import describe
from tui.core.storage.listing import list_sessions
from tui.plain.console import Console
from tui.plain.walk import Walk


def run_plain(
    bank: Bank,
    sessions_dir: Path,
    new: tuple[str, str, str] | None = None,
    resume: Path | None = None,
    read_only: bool = False,
    console: Console | None = None,
    author: str = "",
) -> int:
    """Open or start an assessment and walk it, as ``author`` (their own position); the exit
    code."""
    io = console or Console()
    try:
        if new is not None:
            assessment = Assessment.start(bank, sessions_dir, *new)
        elif resume is not None:
            assessment = Assessment.open(bank, resume, read_only)
        else:
            chosen = _choose(bank, sessions_dir, io, read_only, author)
            if chosen is None:
                return 0
            assessment, author = chosen
    except (HiringClarityError, OSError, ValueError) as exc:
        io.say(f"hiring-clarity: {explain(exc)}")
        return 2
    # Someone nobody named is taken to be the assessment's own assessor (never a login name).
    assessment.author = author or assessment.session.assessor
    assessment.writer = writer_id()  # this run: another app under the same name is another writer
    changes = assessment.bank_changes()
    if changes:
        io.say(changes)
    return Walk(assessment, io).run()


def _choose(
    bank: Bank, sessions_dir: Path, io: Console, read_only: bool = False, reader: str = ""
) -> tuple[Assessment, str] | None:
    """The saved assessments, numbered; a number resumes one, n starts one, q leaves. With
    the assessment, who is assessing: ``reader``, or the owner of a sealed one who said so."""
    rows = [row for row in list_sessions(sessions_dir, header_only=True)]
    sealed = sealed_ids(rows)
    io.say(
        "hiring-clarity, plain mode. Saved assessments:"
        if rows
        else "hiring-clarity, plain mode. No saved assessments yet."
    )
    for number, row in enumerate(rows, 1):
        title, updated, done, verdict = describe(
            row, row.session is not None and row.session.id in sealed
        )
        io.say(f"  {number}. {title}: {verdict}; {done} answered; updated {updated}")
    while True:
        line = io.ask("Type a number to resume, n for a new assessment, q to quit: ")
        if line is None or line.lower() in ("q", "quit"):
            return None
        if line.lower() in ("n", "new") and not read_only:
            started = _new(bank, sessions_dir, io, reader)
            return (started, started.session.assessor) if started else None
        if line.isdigit() and 1 <= int(line) <= len(rows):
            row = rows[int(line) - 1]
            if row.session is None:
                io.say(f"That one cannot be read: {row.error}")
                continue
            owner = sealed_owner(sessions_dir, row.session)
            who = reader
            if owner and reader:
                refused = sealed_from(sessions_dir, row.session, reader)
                if refused:
                    io.say(f"Not opened: {refused}.")
                    continue
            elif owner:
                io.say(
                    f"This is {owner}'s assessment, assessed blind: its answers stay sealed "
                    "until everyone assessing this hire is done."
                )
                if (
                    io.ask(f"Open it only if you are {owner}. Open it (y/n)? ") or ""
                ).lower() not in ("y", "yes"):
                    continue
                who = row.session.assessor
            try:
                return Assessment.open(bank, row.path, read_only), who
            except HiringClarityError as exc:
                io.say(str(exc))
                continue
        io.say(f"Type a number from 1 to {len(rows)}, n or q." if rows else "Type n or q.")


def _new(bank: Bank, sessions_dir: Path, io: Console, reader: str = "") -> Assessment | None:
    """A new assessment from three prompts; the name typed is remembered for the next start
    (Enter keeps the name already known)."""
    while True:
        title = io.ask("Title of the assessment (e.g. Payments API hire): ")
        if title is None:
            return None
        if title:
            break
        io.say("A title is needed.")
    role = io.ask("Role being hired for (Enter to skip): ") or ""
    known = f" (Enter for {reader})" if reader else " (Enter to skip)"
    assessor = " ".join((io.ask(f"Your name, as the assessor{known}: ") or "").split())
    if assessor:
        remember_name(assessor)
    return Assessment.start(bank, sessions_dir, title, role, assessor or reader)
