"""From answers to evidence and from evidence to a verdict: the arithmetic, no wording.

Every option chosen (or scale end leaned towards) is one piece of evidence carrying points:
positive toward the Flask specialist, negative toward the backend generalist. Each rests on an
article fact that is about the hire's work or about the setting around it. Pieces resting on
the same fact count once, at the strongest; answers that state different values of one
dimension of the situation contradict each other and both stop counting; where the framework
is known not to be Flask, no Flask points count. The setting's points count only up to a share
of the work's, so the setting modulates what the work says without outvoting it. What remains
adds up as log-odds; the confidence shown discounts that strength by how little has been
answered. docs/recommendation.md works examples by hand.
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
About = Literal["work", "setting"]
NOT_FLASK = "the framework is not Flask"


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


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two answers that cannot both be true; neither counts until one of them changes."""

    first: str
    """Question id of the first answer."""
    first_answer: str
    second: str
    second_answer: str
    why: str


@dataclass(frozen=True, slots=True)
class Uncounted:
    """An answer with points that does not count, and why (shown under 'Why')."""

    item: Item
    why: str


@dataclass(slots=True)
class Tally:
    """The evidence that counts: each fact once, the framework gate and the setting's share."""

    strongest: dict[str, Item] = field(default_factory=dict)
    """Per article fact, the item that counts for it."""
    loose: list[Item] = field(default_factory=list)
    """Weighted items resting on no named fact: each counts."""
    about: dict[str, About] = field(default_factory=dict)
    """Per fact, whether it is about the work or the setting (a fact the bank does not
    declare: the work, so that a bank without ``[[facts]]`` counts every point in full)."""
    uncounted: list[Uncounted] = field(default_factory=list)
    work: float = 0.0
    """Net points of the work (Flask minus generalist)."""
    setting: float = 0.0
    """Net points of the setting, before its share is applied."""
    setting_counted: float = 0.0
    """Net points of the setting that count."""
    flask: float = 0.0
    """Points counted toward the Flask specialist (the setting's at its share)."""
    generalist: float = 0.0
    """Points counted toward the backend generalist (positive)."""

    @property
    def net(self) -> float:
        return self.work + self.setting_counted

    @property
    def counted(self) -> list[Item]:
        return [*self.loose, *self.strongest.values()]


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


def set_aside(bank: Bank, evidence: dict[str, list[Item]]) -> tuple[list[Item], list[Conflict]]:
    """Every item, except those caught in a contradiction; and the contradictions found.

    Two answers to different questions contradict when they state different values of one
    dimension (their options' ``states``), or when the bank declares the pair.
    """
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
    stated: dict[str, list[tuple[str, Item]]] = {}
    for items in evidence.values():
        for item in items:
            for dimension, value in item.states:
                stated.setdefault(dimension, []).append((value, item))
    for dimension, said in stated.items():
        for index, (value, item) in enumerate(said):
            for other_value, other in said[index + 1 :]:
                if other_value == value or other.question_id == item.question_id:
                    continue
                both = {(item.question_id, item.key), (other.question_id, other.key)}
                if both <= blocked:
                    continue
                blocked |= both
                found.append(
                    Conflict(
                        item.question_id,
                        item.label,
                        other.question_id,
                        other.label,
                        f"\u201c{item.label}\u201d and \u201c{other.label}\u201d say different "
                        f"things about {_dimension_name(bank, dimension)}: settle which is true.",
                    )
                )
    return [
        i
        for items in evidence.values()
        for i in items
        if not blocked or (i.question_id, i.key) not in blocked
    ], found


def _dimension_name(bank: Bank, dimension_id: str) -> str:
    dimension = bank.dimension(dimension_id)
    return dimension.name if dimension is not None else dimension_id


def framework_not_flask(bank: Bank, items: list[Item]) -> bool:
    """Whether a counted answer says the hire's framework is something other than Flask."""
    framework = next((d.id for d in bank.meta.dimensions if d.framework), None)
    return framework is not None and any(
        d == framework and v != "flask" for i in items for d, v in i.states
    )


def tally(bank: Bank, items: list[Item]) -> Tally:
    """Each fact once, at its strongest (the first, on a tie); items without a fact each count.

    Where the framework is not Flask, Flask points do not count. The setting's net points
    count up to ``setting_share`` of the work's net points, plus ``setting_alone`` when they
    point the same way as the work (or when the work says nothing yet).
    """
    settings = bank.meta.engine
    result = Tally()
    strongest = result.strongest
    gate = framework_not_flask(bank, items)
    for item in items:
        if not item.points:
            continue
        if gate and item.points > 0:
            result.uncounted.append(Uncounted(item, NOT_FLASK))
            continue
        if item.fact is None:
            result.loose.append(item)
            continue
        best = strongest.get(item.fact)
        if best is None or abs(item.points) > abs(best.points):
            if best is not None:
                result.uncounted.append(Uncounted(best, f"same fact as \u201c{item.label}\u201d"))
            strongest[item.fact] = item
        else:
            result.uncounted.append(Uncounted(item, f"same fact as \u201c{best.label}\u201d"))
    flask = {"work": 0.0, "setting": 0.0}
    generalist = {"work": 0.0, "setting": 0.0}
    for item in result.counted:
        fact = bank.fact(item.fact) if item.fact is not None else None
        about: About = fact.about if fact is not None else "work"
        if item.fact is not None:
            result.about[item.fact] = about
        if item.points > 0:
            flask[about] += item.points
        else:
            generalist[about] -= item.points
    result.work = flask["work"] - generalist["work"]
    result.setting = flask["setting"] - generalist["setting"]
    result.setting_counted = setting_share(settings, result.work, result.setting)
    share = result.setting_counted / result.setting if result.setting else 1.0
    result.flask = flask["work"] + share * flask["setting"]
    result.generalist = generalist["work"] + share * generalist["setting"]
    return result


def setting_share(settings: EngineSettings, work: float, setting: float) -> float:
    """The setting's net points that count, given the work's: at most ``setting_share`` of
    the work's, plus ``setting_alone`` if they agree with the work or the work is silent."""
    agrees = work == 0 or (work > 0) == (setting > 0)
    most = settings.setting_share * abs(work) + (settings.setting_alone if agrees else 0.0)
    return max(-most, min(most, setting))


def probability(settings: EngineSettings, net: float) -> float:
    """P(the Flask specialist fits better), from the net points as log-odds."""
    return 1.0 / (1.0 + math.exp(-settings.log_odds_per_point * net))


def looked_at(evidence: dict[str, list[Item]], net: float) -> list[str]:
    """The answered questions that do not argue against the leading role (all of them when
    neither leads): what the confidence and 'every criterion looked at' count."""
    if not net:
        return list(evidence)
    sign = 1 if net > 0 else -1
    return [q for q, items in evidence.items() if not any(i.points * sign < 0 for i in items)]


@dataclass(frozen=True, slots=True)
class Judgement:
    role: Verdict | None
    strength: float
    """|2p - 1|: how far the counted points are from a coin toss, 0 to 1."""
    confidence: float
    """strength x n / (n + unknown), n the answers looked at, kept within 1% to 99%."""
    p: float
    """P(the Flask specialist fits better), from the counted points alone."""


def judge(settings: EngineSettings, counted: Tally, looked: int) -> Judgement:
    """The verdict: a role from ``leans`` confidence on; below that 'either' when both sides
    carry at least ``either_points``; otherwise no verdict."""
    p = probability(settings, counted.net)
    strength = abs(2 * p - 1)
    confidence = min(0.99, max(0.01, strength * looked / (looked + settings.unknown)))
    role: Verdict | None
    if confidence >= settings.leans - 1e-12 and counted.net:
        role = FLASK if counted.net > 0 else GENERALIST
    elif min(counted.flask, counted.generalist) >= settings.either_points - 1e-9:
        role = "either"
    else:
        role = None
    return Judgement(role, strength, confidence, p)
