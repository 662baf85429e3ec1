"""From answers to evidence and from evidence to a verdict: the arithmetic, no wording.

Every option chosen (or scale end leaned towards) is one piece of evidence carrying points:
positive toward the Flask specialist, negative toward the backend generalist. Pieces resting
on the same article fact count once, at the strongest. Two answers the bank declares
contradictory both stop counting. The points that remain add up as log-odds, so a little
evidence stays near a coin toss however much of the form is filled. docs/recommendation.md
works examples by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from tui.core.answering import answer_fits
from tui.core.bank import (
    ROLE_IDS,
    Bank,
    ChoiceQuestion,
    EngineSettings,
    Option,
    Question,
    ScaleQuestion,
)
from tui.core.session import Answer

FLASK, GENERALIST = ROLE_IDS
Verdict = Literal["flask-specialist", "backend-generalist", "either"]


@dataclass(frozen=True, slots=True)
class Item:
    """One chosen option, or the scale end an answer leans to, and what it adds."""

    question_id: str
    key: str
    """The option id, or 'low'/'high' for a scale."""
    prompt: str
    label: str
    points: float
    fact: str | None
    skills: dict[str, float]
    priority: bool = False

    @property
    def cited(self) -> str:
        return f"{self.label} \u2014 {self.prompt}"


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two answers that cannot both be true; neither counts until one of them changes."""

    first: str
    """Question id of the first answer."""
    first_answer: str
    second: str
    second_answer: str
    why: str


@dataclass(slots=True)
class Tally:
    """The evidence that counts once facts are deduplicated."""

    strongest: dict[str, Item] = field(default_factory=dict)
    """Per article fact, the item that counts for it."""
    loose: list[Item] = field(default_factory=list)
    """Weighted items resting on no named fact: each counts."""
    flask: float = 0.0
    """Points toward the Flask specialist."""
    generalist: float = 0.0
    """Points toward the backend generalist (positive)."""

    @property
    def net(self) -> float:
        return self.flask - self.generalist

    @property
    def counted(self) -> list[Item]:
        return [*self.loose, *self.strongest.values()]

    def plus(self, weights: tuple[tuple[str | None, float], ...]) -> tuple[float, float]:
        """(flask, generalist) points if evidence of these (fact, points) were added, without
        building a new tally: what makes trying every answer of every open question cheap."""
        flask, generalist = self.flask, self.generalist
        best: dict[str, float] = {}
        for fact, points in weights:
            if fact is None:
                if points > 0:
                    flask += points
                else:
                    generalist -= points
                continue
            old = best.get(fact)
            if old is None:
                counted = self.strongest.get(fact)
                old = counted.points if counted is not None else 0.0
            if abs(points) > abs(old):
                best[fact] = points
        for fact, points in best.items():
            counted = self.strongest.get(fact)
            if counted is not None:  # same fact, same direction (the bank checks): replaced
                if counted.points > 0:
                    flask -= counted.points
                else:
                    generalist += counted.points
            if points > 0:
                flask += points
            else:
                generalist -= points
        return flask, generalist


def scale_label(question: Question, value: int) -> str:
    if value == 3:
        return "3/5 (in between)"
    return f"{value}/5 ({question.low if value < 3 else question.high})"  # type: ignore[union-attr]


def answer_label(question: Question, answer: Answer) -> str:
    """A fitting answer in the bank's words: the chosen labels, or 'n/5 (end)' for a scale."""
    if isinstance(question, ChoiceQuestion):
        chosen = [answer.choice] if answer.choice is not None else list(answer.choices or [])
        return ", ".join(o.label for o in question.options if o.id in chosen)
    return scale_label(question, answer.value or 3)


_ITEMS: dict[int, tuple[object, Item]] = {}
"""Each option's (or scale value's) item, built once: the bank is immutable, and the owner is
kept with it so its id is never reused."""
_SCALE_ITEMS: dict[tuple[int, int], tuple[object, Item]] = {}


def option_item(question: ChoiceQuestion, option: Option) -> Item:
    """The evidence of choosing ``option`` (built once per option)."""
    known = _ITEMS.get(id(option))
    if known is not None and known[0] is option:
        return known[1]
    item = Item(
        question.id,
        option.id,
        question.prompt,
        option.label,
        option.differential,
        option.fact,
        dict(option.skills),
        question.priority,
    )
    _ITEMS[id(option)] = (option, item)
    return item


def scale_item(question: ScaleQuestion, value: int) -> Item:
    """The evidence of ``value`` on a scale: its end's weights in proportion, none at 3."""
    if value == 3:
        return Item(question.id, "middle", question.prompt, scale_label(question, 3), 0.0, None, {})
    end = question.at_low if value < 3 else question.at_high
    factor = abs(value - 3) / 2
    return Item(
        question.id,
        "low" if value < 3 else "high",
        question.prompt,
        scale_label(question, value),
        end.differential * factor,
        end.fact,
        {s: w * factor for s, w in end.skills.items()},
    )


def items_of(question: Question, answer: Answer) -> list[Item]:
    """The evidence one fitting answer gives (one item per chosen option, or one for a scale)."""
    if isinstance(question, ChoiceQuestion):
        chosen = {answer.choice} if answer.choice is not None else set(answer.choices or [])
        return [option_item(question, o) for o in question.options if o.id in chosen]
    value = answer.value or 3
    known = _SCALE_ITEMS.get((id(question), value))
    if known is not None and known[0] is question:
        return [known[1]]
    item = scale_item(question, value)
    _SCALE_ITEMS[(id(question), value)] = (question, item)
    return [item]


def answered_items(questions: list[Question], answers: dict[str, Answer]) -> dict[str, list[Item]]:
    """Evidence per answered question, for the visible questions whose answer still fits."""
    found = {}
    for question in questions:
        answer = answers.get(question.id)
        if answer is not None and answer.is_answered and answer_fits(question, answer):
            found[question.id] = items_of(question, answer)
    return found


def set_aside(bank: Bank, evidence: dict[str, list[Item]]) -> tuple[list[Item], list[Conflict]]:
    """Every item, except those caught in a contradiction; and the contradictions found."""
    found: list[Conflict] = []
    blocked: set[tuple[str, str]] = set()
    for pair in bank.meta.contradictions:
        one = [i for i in evidence.get(pair.first.question, ()) if i.key in pair.first.any_of]
        two = [i for i in evidence.get(pair.second.question, ()) if i.key in pair.second.any_of]
        if one and two:
            found.append(
                Conflict(
                    pair.first.question, one[0].label, pair.second.question, two[0].label, pair.why
                )
            )
            blocked.update((i.question_id, i.key) for i in (*one, *two))
    return [
        i
        for items in evidence.values()
        for i in items
        if not blocked or (i.question_id, i.key) not in blocked
    ], found


def tally(items: list[Item]) -> Tally:
    """Each fact once, at its strongest (the first, on a tie); items without a fact each count."""
    result = Tally()
    strongest = result.strongest
    for item in items:
        if not item.points:
            continue
        if item.fact is None:
            result.loose.append(item)
        else:
            best = strongest.get(item.fact)
            if best is None or abs(item.points) > abs(best.points):
                strongest[item.fact] = item
    for item in result.counted:
        if item.points > 0:
            result.flask += item.points
        else:
            result.generalist -= item.points
    return result


def probability(settings: EngineSettings, net: float) -> float:
    """P(the Flask specialist fits better), from the net points as log-odds."""
    return 1.0 / (1.0 + math.exp(-settings.log_odds_per_point * net))


def verdict(
    settings: EngineSettings, flask: float, generalist: float
) -> tuple[Verdict | None, float, float]:
    """The verdict, its confidence (2p - 1 for the leading role) and P(Flask specialist).

    A role below ``leans`` confidence is a guess; 'either' needs strong evidence on both
    sides; otherwise there is no verdict yet.
    """
    net = flask - generalist
    p = probability(settings, net)
    confidence = abs(2 * p - 1)
    role: Verdict | None
    if confidence >= settings.leans - 1e-12:
        role = FLASK if net > 0 else GENERALIST
    elif min(flask, generalist) >= settings.either_points - 1e-9:
        role = "either"
    else:
        role = None
    return role, confidence, p
