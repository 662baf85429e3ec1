"""From evidence to a verdict: the arithmetic, no wording.

Pieces of evidence resting on the same article fact count once, at the strongest. Answers
that state different values of one dimension of the situation contradict each other and both
stop counting. Where the framework is known not to be Flask, no Flask points count. Each fact
is about the hire's work or about the setting around it, and the setting's points count only
up to a share of the work's: the setting modulates what the work says, never outvotes it.
What remains adds up as log-odds; the confidence shown discounts that strength by how little
has been answered. docs/recommendation.md works examples by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from tui.core.bank.models import Bank, EngineSettings
from tui.core.verdict.evidence import FLASK, GENERALIST, Item, Verdict

About = Literal["work", "setting"]
NOT_FLASK = "the framework is not Flask"


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
