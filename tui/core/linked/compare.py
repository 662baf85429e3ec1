"""Two assessments of one hire side by side (linked copies, or two made on their own), and
the agreed one settled from them.

A difference matters as much as it moves the result: each is weighed by recomputing both
recommendations with that one answer swapped for the other assessor's (the engine, unchanged),
so the pair discusses first what would change the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from tui.core.assessment import Assessment, blank_session
from tui.core.bank.models import Bank
from tui.core.errors import HiringClarityError
from tui.core.reports.scorecard import shown_answer
from tui.core.session.answering import answer_fits, describe_answer, is_visible
from tui.core.session.models import Answer, Link, Session
from tui.core.verdict.engine import Recommendation, recommend

Side = Literal["a", "b"]


def _same(one: Answer | None, other: Answer | None) -> bool:
    def key(answer: Answer | None) -> tuple[object, ...]:
        if answer is None or not answer.is_answered:
            return (None, None, None)
        return (answer.choice, tuple(answer.choices or ()), answer.value)

    return key(one) == key(other)


def _lean(rec: Recommendation) -> float:
    """Where the evidence stands, in percentage points of P(the Flask specialist fits)."""
    return rec.p_flask * 100


@dataclass(frozen=True, slots=True)
class Difference:
    """One question the two assessors answered differently."""

    question_id: str
    prompt: str
    section: str
    answer_a: str
    answer_b: str
    note_a: str
    note_b: str
    flips: int
    """How many of the two verdicts change when this answer is swapped (0-2)."""
    moves: float
    """How far P(Flask specialist fits) moves, in percentage points, both swaps added."""

    @property
    def impact(self) -> str:
        flip = "changes a verdict; " if self.flips else ""
        if self.moves < 0.5:
            return f"{flip}hardly moves the odds"
        return f"{flip}shifts the odds by {self.moves:g} points"


@dataclass(frozen=True, slots=True)
class Comparison:
    a: Session
    b: Session
    rec_a: Recommendation
    rec_b: Recommendation
    differences: list[Difference]
    agreed: int
    """Questions both answered the same way."""


def _label(bank: Bank, question_id: str, answer: Answer | None) -> str:
    """The answer in the bank's words; ticked labels joined with ';' (labels hold commas)."""
    question = bank.question(question_id)
    if answer is None or not answer.is_answered:
        return "(not answered)"
    if question is None or not answer_fits(question, answer):
        return f"{describe_answer(answer)} (retired)"
    return shown_answer(question, answer)


def _swapped(
    answers: dict[str, Answer], question_id: str, other: Answer | None
) -> dict[str, Answer]:
    changed = dict(answers)
    if other is None or not other.is_answered:
        changed.pop(question_id, None)
    else:
        changed[question_id] = other
    return changed


def compare(bank: Bank, a: Session, b: Session) -> Comparison:
    """Both verdicts, and every differing question, most decisive first."""
    rec_a, rec_b = recommend(bank, a.answers), recommend(bank, b.answers)
    differences = []
    agreed = 0
    for question in bank.questions:
        qa, qb = a.answers.get(question.id), b.answers.get(question.id)
        if not (is_visible(question, a.answers) or is_visible(question, b.answers)):
            continue
        if _same(qa, qb):
            agreed += bool(qa is not None and qa.is_answered)
            continue
        flips, moves = 0, 0.0
        for rec, mine, theirs in ((rec_a, a.answers, qb), (rec_b, b.answers, qa)):
            after = recommend(bank, _swapped(mine, question.id, theirs))
            flips += after.role != rec.role
            moves += abs(_lean(after) - _lean(rec))
        criterion = bank.criterion_of(question.id)
        differences.append(
            Difference(
                question_id=question.id,
                prompt=question.prompt,
                section=criterion.title if criterion else "",
                answer_a=_label(bank, question.id, qa),
                answer_b=_label(bank, question.id, qb),
                note_a=(qa.note or "") if qa else "",
                note_b=(qb.note or "") if qb else "",
                flips=flips,
                moves=round(moves, 1),
            )
        )
    differences.sort(key=lambda d: (-d.flips, -d.moves))
    return Comparison(a, b, rec_a, rec_b, differences, agreed)


def _who(session: Session) -> str:
    return session.assessor or session.id


def _joined(a: Session, b: Session, one: str, other: str, between: str = " / ") -> str:
    """Both assessors' text, each with its author's name: a note alone keeps its name too, or
    under the other assessor's answer it would read as theirs. Answer notes are edited in a
    one-line field, so they are joined on one line."""
    if not one and not other:
        return ""
    if one == other:
        return f"{_who(a)} and {_who(b)}: {one}"
    if not other:
        return f"{_who(a)}: {one}"
    if not one:
        return f"{_who(b)}: {other}"
    return f"{_who(a)}: {one}{between}{_who(b)}: {other}"


def agreed_session(bank: Bank, a: Session, b: Session, picks: dict[str, Side]) -> Session:
    """What settling would write, not saved anywhere: shared answers as they are, each
    difference as picked, every note of both with its author. Every difference needs a pick."""
    comparison = compare(bank, a, b)
    open_ids = [d.question_id for d in comparison.differences if d.question_id not in picks]
    if open_ids:
        raise HiringClarityError(
            f"{len(open_ids)} difference(s) not settled yet: {', '.join(open_ids)}"
        )
    names = [n for n in dict.fromkeys([a.assessor, b.assessor]) if n]
    session = blank_session(bank, a.title, a.role_title, ", ".join(names))
    for qid in dict.fromkeys([*a.answers, *b.answers]):
        qa, qb = a.answers.get(qid), b.answers.get(qid)
        chosen = (qb if picks.get(qid) == "b" else qa) if qid in picks else (qa or qb)
        note = _joined(a, b, (qa.note or "") if qa else "", (qb.note or "") if qb else "")
        base = chosen if chosen is not None and chosen.is_answered else Answer()
        # The names are in the note's text: no one person is its writer.
        answer = replace(base, note=note or None, note_by=None)
        if not answer.is_empty:
            session.answers[qid] = answer
    session.notes = _joined(a, b, a.notes, b.notes, "\n")
    session.link = Link(
        group=a.link.group if a.link else a.id,
        blind=False,
        agreed_from=[a.id, b.id],
        assessors=names,
    )
    return session


def created_contradictions(bank: Bank, a: Session, b: Session, agreed: Session) -> list[str]:
    """Contradictions the picks make that neither assessment had: one's answer beside the
    other's, which cannot both be true. Named before anything is written."""

    def pairs(session: Session) -> set[tuple[str, str]]:
        return {(c.first, c.second) for c in recommend(bank, session.answers).contradictions}

    before = pairs(a) | pairs(b)
    return [
        f"{c.first_answer} / {c.second_answer}: {c.why}"
        for c in recommend(bank, agreed.answers).contradictions
        if (c.first, c.second) not in before
    ]


def earlier_agreed(directory: Path, a: Session, b: Session) -> list[Session]:
    """Agreed assessments already settled from this same pair (either order)."""
    from tui.core.storage.listing import list_sessions

    pair = {a.id, b.id}
    return [
        row.session
        for row in list_sessions(directory, header_only=True)
        if row.session is not None
        and row.session.link is not None
        and set(row.session.link.agreed_from) == pair
    ]


def settle(
    bank: Bank, a: Session, b: Session, picks: dict[str, Side], directory: Path
) -> Assessment:
    """A new agreed assessment (``agreed_session``), saved. Both originals are only read.

    The whole session is built (and checked) before anything is written: a settle that
    cannot be saved whole (notes too long together) leaves no file behind. Asking about an
    earlier agreed assessment and about contradictions created is the caller's.
    """
    return Assessment.create(bank, directory, agreed_session(bank, a, b, picks))
