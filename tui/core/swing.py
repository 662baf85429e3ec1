"""What could still flip it: for each open question, what answering it could do.

Every answer the app would accept is tried on top of the answers given (follow-up questions it
would reveal stay unanswered), and the verdict recomputed exactly as the engine does. The swing
is the largest change of P(Flask specialist) any of them causes, in probability points.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.bank import Bank, ChoiceQuestion, Question
from tui.core.evidence import (
    FLASK,
    GENERALIST,
    Item,
    Tally,
    Verdict,
    option_item,
    scale_item,
    tally,
    verdict,
)
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


@dataclass(frozen=True, slots=True)
class Candidate:
    """One answer an open question accepts, as the swing needs it."""

    items: tuple[Item, ...]
    weights: tuple[tuple[str | None, float], ...]
    """(fact, points) of the items that carry points."""
    keys: frozenset[str]
    """The options (or scale end) it picks, for contradictions."""


_CANDIDATES: dict[tuple[int, bool], tuple[Question, tuple[Candidate, ...]]] = {}


def _candidates(question: Question, in_pairs: bool) -> tuple[Candidate, ...]:
    """The evidence of every answer the question accepts, worked out once per question
    (questions are immutable; the question is kept so its id is never reused).

    Answers that weigh the same (same facts and points and, for a question in a contradiction
    pair, the same options) do the same to the verdict: one of each is tried.
    """
    known = _CANDIDATES.get((id(question), in_pairs))
    if known is not None and known[0] is question:
        return known[1]
    if isinstance(question, ChoiceQuestion):
        answers = [
            tuple(option_item(question, o) for o in picked) for picked in possible_answers(question)
        ]
    else:
        answers = [(scale_item(question, v),) for v in (1, 2, 3, 4, 5)]
    unique: dict[tuple[object, ...], Candidate] = {}
    for items in answers:
        weights = tuple(
            sorted(
                ((i.fact, i.points) for i in items if i.points), key=lambda w: (w[0] or "", w[1])
            )
        )
        keys = frozenset(i.key for i in items)
        signature = (weights, keys if in_pairs else None)
        unique.setdefault(signature, Candidate(items, weights, keys))
    found = tuple(unique.values())
    _CANDIDATES[(id(question), in_pairs)] = (question, found)
    return found


def _pair_rules(
    bank: Bank, question_id: str, evidence: dict[str, list[Item]]
) -> list[tuple[frozenset[str], list[Item]]]:
    """For each contradiction pair whose other side these answers already hold: the options
    of ``question_id`` that would complete it, and the answers it would set aside."""
    rules = []
    for pair in bank.meta.contradictions:
        for side, other in ((pair.first, pair.second), (pair.second, pair.first)):
            if side.question != question_id:
                continue
            theirs = [i for i in evidence.get(other.question, ()) if i.key in other.any_of]
            if theirs:
                rules.append((frozenset(side.any_of), theirs))
    return rules


def _blocked(
    rules: list[tuple[frozenset[str], list[Item]]], candidate: Candidate
) -> set[tuple[str, str]]:
    """The answers (question, option) this candidate would set aside, its own included."""
    blocked: set[tuple[str, str]] = set()
    for any_of, theirs in rules:
        mine = [i for i in candidate.items if i.key in any_of]
        if mine:
            blocked.update((i.question_id, i.key) for i in (*mine, *theirs))
    return blocked


_PREFERENCE = {FLASK: 0, GENERALIST: 0, "either": 1, None: 2}
"""Which flip to report when several answers change the verdict: another role first."""


def open_swing(
    bank: Bank,
    open_questions: list[Question],
    evidence: dict[str, list[Item]],
    kept: list[Item],
    counted: Tally,
    current: Verdict | None,
    p_flask: float,
) -> list[Swing]:
    """Each open question's swing and the verdict it could flip to, largest swing first.

    ``kept`` is ``evidence`` less the contradicting answers, ``counted`` its tally. An answer
    that would complete a contradiction is recounted in full; any other is added to ``counted``.
    """
    settings = bank.meta.engine
    involved = {
        side.question for pair in bank.meta.contradictions for side in (pair.first, pair.second)
    }
    found = []
    for question in open_questions:
        largest, flip = 0.0, None
        best: tuple[int, float] | None = None
        rules = _pair_rules(bank, question.id, evidence) if question.id in involved else []
        for candidate in _candidates(question, bool(rules)):
            blocked = _blocked(rules, candidate) if rules else None
            if blocked:
                recount = tally(
                    [i for i in (*kept, *candidate.items) if (i.question_id, i.key) not in blocked]
                )
                flask, generalist = recount.flask, recount.generalist
            else:
                flask, generalist = counted.plus(candidate.weights)
            role, _, p = verdict(settings, flask, generalist)
            size = abs(p - p_flask)
            largest = max(largest, size)
            if role != current:
                rank = (_PREFERENCE[role], -size)
                if best is None or rank < best:
                    best, flip = rank, role if role is not None else NO_VERDICT_ID
        found.append(Swing(question.id, question.prompt, round(largest, 4), flip))
    found.sort(key=lambda s: (not s.could_flip, -s.swing))
    return found
