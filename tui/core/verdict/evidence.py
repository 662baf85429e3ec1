"""From answers to evidence: each chosen option (or scale end leaned towards) is one piece of
evidence carrying points (positive toward the Flask specialist, negative toward the backend
generalist), skills and what it states about the situation; and answers in the bank's words.
What the evidence adds up to is ``tui.core.verdict.counting``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tui.core.bank.models import ROLE_IDS, ChoiceQuestion, Option, Question, ScaleQuestion
from tui.core.session.answering import answer_fits
from tui.core.session.models import Answer

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
    states: tuple[tuple[str, str], ...] = ()
    """(dimension, value) pairs this answer states about the situation."""

    @property
    def cited(self) -> str:
        return f"{self.label} \u2014 {self.prompt}"


def scale_label(question: Question, value: int) -> str:
    """'2/5 (1 = Very tight, 5 = Comfortable)': the value and both ends, never one end's
    label for a value short of it."""
    low, high = question.low, question.high  # type: ignore[union-attr]
    return f"{value}/5 (1 = {low}, 5 = {high})"


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
        tuple(option.states.items()),
    )
    _ITEMS[id(option)] = (option, item)
    return item


def scale_item(question: ScaleQuestion, value: int) -> Item:
    """The evidence of ``value`` on a scale: its end's weights in proportion, none at 3; an
    end's ``states`` only at that end (1 or 5)."""
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
        states=tuple(end.states.items()) if value in (1, 5) else (),
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
