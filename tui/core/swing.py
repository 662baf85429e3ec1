"""What could still flip it: for each open question, what answering it could do.

Every answer the app would accept is tried on top of the answers given (follow-up questions it
would reveal stay unanswered), and the verdict recomputed exactly as the engine does. The swing
is the largest change of P(Flask specialist) any of them causes, in probability points.
"""

from __future__ import annotations

from dataclasses import dataclass
from tui.core.bank import Bank, ChoiceQuestion, Question
from tui.core.evidence import FLASK, GENERALIST, Item, Verdict, items_of, set_aside, tally, verdict
from tui.core.session import Answer
from tui.core.weights import possible_answers

NO_VERDICT_ID = "none"
"""What ``flip_to`` says when an answer would leave no verdict."""


@dataclass(frozen=True, slots=True)
class Swing:
    question_id: str
    prompt: str
    swing: float
    """The largest change of P(Flask specialist) answering it can cause, 0 to 1."""
    flip_to: str | None
    """The verdict some answer would give instead ('none': no verdict), or None if it cannot."""

    @property
    def could_flip(self) -> bool:
        return self.flip_to is not None


_CANDIDATES: dict[int, tuple[Question, tuple[tuple[Item, ...], ...]]] = {}


def _candidates(question: Question) -> tuple[tuple[Item, ...], ...]:
    """The evidence of every answer the question accepts, worked out once per question
    (questions are immutable; the question is kept so its id is never reused)."""
    known = _CANDIDATES.get(id(question))
    if known is not None and known[0] is question:
        return known[1]
    if isinstance(question, ChoiceQuestion):
        answers = [
            Answer(choices=[o.id for o in picked]) if question.kind == "multi"
            else Answer(choice=picked[0].id)
            for picked in possible_answers(question)
        ]
    else:
        answers = [Answer(value=v) for v in (1, 2, 3, 4, 5)]
    found = tuple(tuple(items_of(question, a)) for a in answers)
    _CANDIDATES[id(question)] = (question, found)
    return found


_PREFERENCE = {FLASK: 0, GENERALIST: 0, "either": 1, None: 2}
"""Which flip to report when several answers change the verdict: another role first."""


def open_swing(
    bank: Bank,
    open_questions: list[Question],
    evidence: dict[str, list[Item]],
    current: Verdict | None,
    p_flask: float,
) -> list[Swing]:
    """Each open question's swing and the verdict it could flip to, largest swing first."""
    settings = bank.meta.engine
    involved = {side.question for pair in bank.meta.contradictions
                for side in (pair.first, pair.second)}
    base_items, _ = set_aside(bank, evidence)
    found = []
    for question in open_questions:
        largest, flip = 0.0, None
        best: tuple[int, float] | None = None
        for candidate in _candidates(question):
            if question.id in involved:
                items, _ = set_aside(bank, {**evidence, question.id: list(candidate)})
            else:
                items = [*base_items, *candidate]
            role, _, p = verdict(settings, tally(items))
            size = abs(p - p_flask)
            largest = max(largest, size)
            if role != current:
                rank = (_PREFERENCE[role], -size)
                if best is None or rank < best:
                    best, flip = rank, role if role is not None else NO_VERDICT_ID
        found.append(Swing(question.id, question.prompt, round(largest, 4), flip))
    found.sort(key=lambda s: (not s.could_flip, -s.swing))
    return found
