"""Answers in, recommendation out: pure functions over the bank's weights, no I/O.

The arithmetic (points, facts counted once, log-odds, thresholds) is in ``tui.core.evidence``;
what could still flip the verdict in ``tui.core.swing``. This module puts them together with
the wording, the required skills and the reasons. docs/recommendation.md explains it all for
someone checking a verdict by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Literal

from tui.core.answering import visible_questions
from tui.core.bank import LEVELS, ROLE_IDS, Bank, Level
from tui.core.evidence import (
    FLASK,
    GENERALIST,
    Conflict,
    Item,
    Verdict,
    answered_items,
    set_aside,
    tally,
    verdict,
)
from tui.core.session import Answer
from tui.core.swing import Swing, open_swing

__all__ = ["FLASK", "GENERALIST", "Conflict", "Recommendation", "Swing", "Verdict", "recommend"]

Strength = Literal["strong", "moderate", "either", "none"]
EITHER_NAME = "Either profile"
NO_VERDICT = "Not enough evidence yet"


def role_names(bank: Bank) -> dict[str, str]:
    """Display names of the verdicts: the two roles as the bank names them, and 'either'."""
    return {**{role.id: role.name for role in bank.meta.roles}, "either": EITHER_NAME}


@dataclass(frozen=True, slots=True)
class Reason:
    question_id: str
    answer: str
    toward: str
    """The role this answer pushes toward."""
    weight: float
    """The points it adds (each article fact once)."""
    text: str


@dataclass(frozen=True, slots=True)
class RequiredSkill:
    id: str
    name: str
    group: str
    level: Level
    score: float
    because: list[str]
    """The options ('answer \u2014 question') that added to it, or the role's baseline."""
    priority: bool = False
    """Ranked as a priority by the assessor: at 'must' whatever its score."""


@dataclass(frozen=True)
class Recommendation:
    """The engine's answer. Plain dataclasses: built on every keystroke, never validated.

    What could still flip it is worked out when first asked for (the panel and the reports
    ask; a save, which needs only the verdict, does not).
    """

    role: Verdict | None
    """None when the evidence is too weak to name a role: the engine does not guess."""
    strength: Strength
    confidence: float
    """How far from a coin toss: 2p - 1 for the leading role, 0 (no idea) to 1 (certain)."""
    p_flask: float
    """P(the Flask specialist fits better); the backend generalist's is 1 minus this."""
    scores: dict[str, float]
    """Points counted toward each role."""
    skills: list[RequiredSkill]
    reasons: list[Reason]
    answered: int
    total: int
    message: str
    names: dict[str, str]
    """Display names of every verdict, from the bank."""
    contradictions: list[Conflict]
    swing_of: Callable[[], list[Swing]] = field(repr=False, compare=False)
    """Works out ``open_swing``."""

    @cached_property
    def open_swing(self) -> list[Swing]:
        """Open questions, those that could change the verdict first, then by swing."""
        return self.swing_of()

    @property
    def role_name(self) -> str:
        return self.names.get(self.role or "", NO_VERDICT)

    @property
    def headline(self) -> str:
        """'Recommend X', 'Leans X', 'Either profile' or 'Not enough evidence yet'."""
        if self.strength == "strong":
            return f"Recommend {self.role_name}"
        if self.strength == "moderate":
            return f"Leans {self.role_name}"
        return self.role_name

    @property
    def probabilities(self) -> dict[str, float]:
        return {FLASK: self.p_flask, GENERALIST: 1.0 - self.p_flask}

    @property
    def could_flip(self) -> list[Swing]:
        return [s for s in self.open_swing if s.could_flip]

    def skills_at(self, level: Level) -> list[RequiredSkill]:
        return [s for s in self.skills if s.level == level]


def recommend(bank: Bank, answers: dict[str, Answer]) -> Recommendation:
    """The verdict, how sure it is, what could flip it, the skills and the reasons."""
    questions = visible_questions(bank, answers)
    evidence = answered_items(questions, answers)
    kept, found = set_aside(bank, evidence)
    counted = tally(kept)
    settings = bank.meta.engine
    role, confidence, p_flask = verdict(settings, counted.flask, counted.generalist)
    strength: Strength = (
        "none"
        if role is None
        else "either"
        if role == "either"
        else ("strong" if confidence >= settings.recommend - 1e-12 else "moderate")
    )
    names = role_names(bank)
    open_questions = [q for q in questions if q.id not in evidence]
    return Recommendation(
        role=role,
        strength=strength,
        confidence=round(confidence, 3),
        p_flask=round(p_flask, 4),
        scores={FLASK: round(counted.flask, 2), GENERALIST: round(counted.generalist, 2)},
        skills=_required_skills(bank, kept, role, names) if evidence else [],
        reasons=_reasons(counted.counted, role, settings.reasons, names),
        answered=len(evidence),
        total=len(questions),
        message=_message(names, role, strength, len(evidence), len(questions), bool(found)),
        names=names,
        contradictions=found,
        swing_of=partial(open_swing, bank, open_questions, evidence, kept, counted, role, p_flask),
    )


def _message(
    names: dict[str, str],
    role: Verdict | None,
    strength: Strength,
    answered: int,
    total: int,
    contradicted: bool,
) -> str:
    basis = f"{answered} of {total} answered"
    caveat = " Contradicting answers are set aside until one changes." if contradicted else ""
    if not answered:
        return "No answers yet: answer a few questions to get a recommendation."
    if strength == "strong":
        text = f"The evidence points clearly to the {names[role or '']} ({basis})."
    elif strength == "moderate":
        text = (
            f"The evidence leans to the {names[role or '']}; more answers would firm it up "
            f"({basis})."
        )
    elif role == "either":
        text = f"Strong evidence pulls both ways: either profile can work ({basis})."
    else:
        text = f"The answers so far do not point clearly either way ({basis})."
    return text + caveat


def _baseline(bank: Bank, role: Verdict | None) -> dict[str, float]:
    """The role's own skills; with 'either' or no verdict, what both roles need."""
    if role in ROLE_IDS:
        return dict(bank.role(role or "").skills)
    flask, generalist = (bank.role(r).skills for r in ROLE_IDS)
    return {s: min(w, generalist[s]) for s, w in flask.items() if s in generalist}


def _required_skills(
    bank: Bank, kept: list[Item], role: Verdict | None, names: dict[str, str]
) -> list[RequiredSkill]:
    totals: dict[str, float] = {}
    because: dict[str, list[tuple[float, str]]] = {}
    ranked: set[str] = set()
    for item in kept:
        for skill, weight in item.skills.items():
            if weight > 0:
                totals[skill] = totals.get(skill, 0.0) + weight
                because.setdefault(skill, []).append((weight, item.cited))
                if item.priority:
                    ranked.add(skill)
    core = f"core of a {names[role]}" if role in ROLE_IDS else "core of both roles"
    for skill, weight in _baseline(bank, role).items():
        totals[skill] = totals.get(skill, 0.0) + weight
        because.setdefault(skill, []).append((0.0, core))  # after the answers: they say more
    settings = bank.meta.engine
    thresholds = dict(zip(LEVELS, (settings.must, settings.should, settings.nice), strict=True))

    def level_of(skill_id: str) -> Level | None:
        if skill_id in ranked:
            return "must"
        return next((lv for lv in LEVELS if totals[skill_id] >= thresholds[lv] - 1e-9), None)

    listed = [(s, lv) for s in totals if (lv := level_of(s)) is not None]
    musts = sorted(
        (s for s, lv in listed if lv == "must"), key=lambda s: (s not in ranked, -totals[s], s)
    )
    demoted = set(musts[settings.max_must :])
    required = []
    for skill_id, level in listed:
        found, group = bank.skill(skill_id), bank.group_of(skill_id)
        if found is None or group is None:
            continue
        required.append(
            RequiredSkill(
                id=skill_id,
                name=found.name,
                group=group.name,
                level="should" if skill_id in demoted else level,
                score=round(totals[skill_id], 2),
                because=[text for _, text in sorted(because[skill_id], key=lambda b: -b[0])],
                priority=skill_id in ranked,
            )
        )
    required.sort(key=lambda s: (LEVELS.index(s.level), not s.priority, -s.score, s.name))
    room = max(0, settings.max_skills - sum(1 for s in required if s.level != "nice"))
    nice = [s for s in required if s.level == "nice"]
    return [s for s in required if s.level != "nice"] + nice[:room]


def _reasons(
    counted: list[Item], role: Verdict | None, limit: int, names: dict[str, str]
) -> list[Reason]:
    """The counted evidence that pushed hardest toward the verdict (both ways otherwise)."""

    def toward(item: Item) -> str:
        return FLASK if item.points > 0 else GENERALIST

    if role in ROLE_IDS:
        sign = 1 if role == FLASK else -1
        ranked = [i for i in counted if i.points * sign > 0]
    else:
        ranked = list(counted)
    ranked.sort(key=lambda i: -abs(i.points))
    return [
        Reason(
            question_id=i.question_id,
            answer=i.label,
            toward=toward(i),
            weight=round(abs(i.points), 2),
            text=f"{i.label} ({i.prompt}) \u2192 {names[toward(i)]} +{abs(i.points):g}",
        )
        for i in ranked[:limit]
    ]
