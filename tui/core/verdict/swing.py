"""What could still change the verdict: each open question on its own (its swing), and any
combination of open answers together (settled or not).

Each open question's every accepted answer is tried on top of the answers given (follow-up
questions it would reveal stay unanswered) and the verdict recomputed exactly as the engine
does. For combinations, trying them all is out of reach, but the points any answer can carry
are bounded: the worst case against the verdict (every open fact against it at its strongest,
every answer for it that an open answer could contradict set aside, the framework turned away
from Flask if it is open) is computed once. If even that leaves the verdict standing, no
combination can change it: 'Settled'.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.bank.models import ROLE_IDS, Bank, ChoiceQuestion, Effect, Question
from tui.core.bank.weights import possible_answers
from tui.core.verdict.counting import Conflict, Judgement, Tally, judge, looked_at, set_aside, tally
from tui.core.verdict.evidence import FLASK, Item, option_item, scale_item

NO_VERDICT_ID = "none"
"""What ``flip_to`` says when an answer would leave no verdict."""


@dataclass(frozen=True, slots=True)
class State:
    """Evidence and what the engine makes of it."""

    evidence: dict[str, list[Item]]
    kept: list[Item]
    """The evidence less the answers caught in a contradiction."""
    conflicts: list[Conflict]
    tally: Tally
    judgement: Judgement
    looked: list[str]
    """Answered questions that do not argue against the leading role."""


def evaluate(bank: Bank, evidence: dict[str, list[Item]]) -> State:
    kept, conflicts = set_aside(bank, evidence)
    counted = tally(bank, kept)
    looked = looked_at(evidence, counted.net)
    return State(
        evidence, kept, conflicts, counted, judge(bank.meta.engine, counted, len(looked)), looked
    )


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
class Settled:
    settled: bool
    """No combination of open answers could change the verdict (a named role)."""
    could: int
    """Open questions with an answer against the verdict (or one that would set aside
    evidence for it): those that could, together, change it."""


_CANDIDATES: dict[int, tuple[Question, tuple[tuple[Item, ...], ...]]] = {}


def _candidates(question: Question) -> tuple[tuple[Item, ...], ...]:
    """The evidence of every answer the question accepts, once per question; answers that
    weigh the same and state the same do the same to the verdict: one of each is tried."""
    known = _CANDIDATES.get(id(question))
    if known is not None and known[0] is question:
        return known[1]
    if isinstance(question, ChoiceQuestion):
        answers = [
            tuple(option_item(question, o) for o in picked) for picked in possible_answers(question)
        ]
    else:
        answers = [(scale_item(question, v),) for v in (1, 2, 3, 4, 5)]
    unique: dict[tuple[object, ...], tuple[Item, ...]] = {}
    for items in answers:
        signature = tuple(sorted((i.fact or "", i.points, i.states, i.key) for i in items))
        unique.setdefault(signature, items)
    found = tuple(unique.values())
    _CANDIDATES[id(question)] = (question, found)
    return found


_PREFERENCE = {FLASK: 0, ROLE_IDS[1]: 0, "either": 1, None: 2}
"""Which flip to report when several answers change the verdict: another role first."""


def open_swing(bank: Bank, open_questions: list[Question], state: State) -> list[Swing]:
    """Each open question's swing and the verdict it could flip to on its own."""
    current, p_now = state.judgement.role, state.judgement.p
    found = []
    for question in open_questions:
        largest, flip = 0.0, None
        best: tuple[int, float] | None = None
        for items in _candidates(question):
            after = evaluate(bank, {**state.evidence, question.id: list(items)}).judgement
            size = abs(after.p - p_now)
            largest = max(largest, size)
            if after.role != current:
                rank = (_PREFERENCE[after.role], -size)
                if best is None or rank < best:
                    best, flip = rank, after.role if after.role is not None else NO_VERDICT_ID
        found.append(Swing(question.id, question.prompt, round(largest, 4), flip))
    found.sort(key=lambda s: (not s.could_flip, -s.swing))
    return found


def _effects(question: Question) -> list[tuple[Effect, Item]]:
    if isinstance(question, ChoiceQuestion):
        return [(o, option_item(question, o)) for o in question.options]
    return [(question.at_low, scale_item(question, 1)), (question.at_high, scale_item(question, 5))]


def settled(bank: Bank, open_questions: list[Question], state: State) -> Settled:
    """Whether the worst case the open questions can bring leaves the verdict standing."""
    role = state.judgement.role
    if role not in ROLE_IDS:
        return Settled(False, sum(1 for q in open_questions if _carries(q)))
    sign = 1 if role == FLASK else -1
    framework = next((d.id for d in bank.meta.dimensions if d.framework), None)
    open_states: dict[str, set[tuple[str, str]]] = {}
    strongest: dict[str, Item] = {}
    takes_part: set[str] = set()
    for question in open_questions:
        for _, item in _effects(question):
            for dimension, value in item.states:
                open_states.setdefault(dimension, set()).add((value, question.id))
            if item.points * sign < 0:
                takes_part.add(question.id)
                if item.fact is not None:
                    best = strongest.get(item.fact)
                    if best is None or abs(item.points) > abs(best.points):
                        strongest[item.fact] = item
    worst: list[Item] = []
    for item in state.kept:
        # an open answer stating otherwise would set this one aside
        against = {
            q
            for dimension, value in item.states
            for other, q in open_states.get(dimension, ())
            if other != value and q != item.question_id
        }
        if against and (item.points * sign > 0 or _turns_framework(item, framework, role)):
            takes_part |= against
            continue
        worst.append(item)
    worst += [
        Item(item.question_id, item.key, item.prompt, item.label, item.points, item.fact, {})
        for item in strongest.values()
    ]
    if role == FLASK and framework is not None:
        away = {q for value, q in open_states.get(framework, ()) if value != "flask"}
        if away:
            takes_part |= away
            worst.append(Item("", "", "", "", 0.0, None, {}, states=((framework, "other"),)))
    counted = tally(bank, worst)
    after = judge(bank.meta.engine, counted, len(state.looked))
    return Settled(after.role == role, len(takes_part))


def _turns_framework(item: Item, framework: str | None, role: str) -> bool:
    """An answer saying the framework is not Flask, for a generalist verdict: setting it aside
    lets Flask points count again."""
    return role != FLASK and any(d == framework and v != "flask" for d, v in item.states)


def _carries(question: Question) -> bool:
    return any(item.points for _, item in _effects(question))
