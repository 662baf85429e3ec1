"""Realistic data for the runs: fully answered sessions, notes, a folder of 1,000 assessments."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.core.assessment import summarize
from tui.core.bank.models import Bank, ChoiceQuestion, ScaleQuestion
from tui.core.session.answering import visible_questions
from tui.core.session.models import Answer, Position, Session
from tui.core.storage.session_file import dumps, session_path
from tui.core.verdict.engine import recommend

NOTE_BYTES = 10 * 1024
NEWEST_TITLE = "Newest bench hire"
NOTE_TEXT = (
    "Talked to the team lead: the checkout service runs on Flask with SQLAlchemy, deploys "
    "twice a week through GitHub Actions, and the on-call rota is two people. Budget is fixed "
    "until Q3; a contractor covers front-end work. Open question for the CTO: who owns the "
    "Kafka topics once the data team is hired? "
)


def _unlocking_answer(question: ChoiceQuestion | ScaleQuestion, bank: Bank) -> Answer:
    """The answer that shows the most follow-up questions (so 'full bank' really is full)."""
    wanted = [q.show_if for q in bank.questions if q.show_if and q.show_if.question == question.id]
    if isinstance(question, ScaleQuestion):

        def shown(value: int) -> int:
            return sum(
                (w.at_least or 1) <= value <= (w.at_most or 5) for w in wanted if w is not None
            )

        return Answer(value=max((4, 5, 3, 2, 1), key=shown))
    unlocks = Counter(o for w in wanted if w is not None for o in (w.any_of or []))
    ids = [o.id for o in question.options]
    if question.kind == "multi":
        chosen = [i for i in ids if unlocks[i]] or ids[:2]
        return Answer(choices=chosen)
    return Answer(choice=max(ids, key=lambda i: unlocks[i]))


def full_answers(bank: Bank, overrides: dict[str, Answer] | None = None) -> dict[str, Answer]:
    """An answer for every visible question, chosen to make as many questions visible as can be."""
    answers = {q.id: _unlocking_answer(q, bank) for q in bank.questions}
    answers.update(overrides or {})
    visible = {q.id for q in visible_questions(bank, answers)}
    return {qid: a for qid, a in answers.items() if qid in visible}


def with_notes(answers: dict[str, Answer], total: int = NOTE_BYTES) -> dict[str, Answer]:
    """The same answers carrying ``total`` characters of notes, spread evenly."""
    each = total // max(1, len(answers))
    if each == 0:
        return dict(answers)
    note = (NOTE_TEXT * (each // len(NOTE_TEXT) + 1))[:each]
    return {qid: replace(a, note=note) for qid, a in answers.items()}


def make_session(
    bank: Bank, title: str, answers: dict[str, Answer], updated: datetime | None = None
) -> Session:
    """A session as the app would have saved it, positioned on the first question."""
    first = bank.criteria[0]
    when = updated or datetime.now(UTC).replace(microsecond=0)
    return Session(
        title=title,
        role_title="Senior Python engineer, payments",
        assessor="Bench assessor",
        created=when - timedelta(days=3),
        updated=when,
        bank_version=bank.version,
        revision=len(answers),
        position=Position(criterion=first.id, question=first.questions[0].id),
        summary=summarize(recommend(bank, answers)),
        answers=answers,
    )


def write_session(directory: Path, session: Session) -> Path:
    """Write a session file the way the store lays it out (0600), without the save's fsyncs."""
    path = session_path(directory, session)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(dumps(session))
    stamp = session.updated.timestamp()
    os.utime(path, (stamp, stamp))
    return path


def many_sessions(bank: Bank, directory: Path, count: int = 1000) -> str:
    """``count`` assessments at every stage of completion; returns the newest one's title."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    full = full_answers(bank)
    order = list(full)
    now = datetime.now(UTC).replace(microsecond=0)
    for index in range(count):
        done = order[: (index * 7) % (len(order) + 1)]
        answers = with_notes({q: full[q] for q in done}, total=(index % 5) * 300)
        title = NEWEST_TITLE if index == 0 else f"Backend hire {index:04d}"
        write_session(directory, make_session(bank, title, answers, now - timedelta(hours=index)))
    return NEWEST_TITLE
