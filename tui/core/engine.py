"""Answers in, recommendation out: pure functions over the bank's weights, no I/O.

Each visible answered question adds its option's (or scale end's) weights to the role scores and
skill totals. The lean is how one-sided the answers are: |sum of (flask - generalist)| over the
sum of their sizes, so ten agreeing answers are surer than ten that cancel out. Unanswered
questions add nothing: they are unknown, not zero, and lower the confidence through coverage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tui.core.bank import LEVELS, ROLE_IDS, Bank, ChoiceQuestion, Effect, Level, Question
from tui.core.session import Answer, answer_fits, visible_questions

Verdict = Literal["flask-specialist", "backend-generalist", "either"]
FLASK, GENERALIST = ROLE_IDS
EITHER_NAME = "Either profile"
NO_VERDICT = "Not enough answers yet"


def role_names(bank: Bank) -> dict[str, str]:
    """Display names of the verdicts: the two roles as the bank names them, and 'either'."""
    return {**{role.id: role.name for role in bank.meta.roles}, "either": EITHER_NAME}


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one answer did: the evidence behind reasons and skills."""

    question_id: str
    prompt: str
    answer: str
    """The chosen label(s), or 'n/5 (label)' for a scale."""
    roles: dict[str, float]
    skills: dict[str, float]

    @property
    def differential(self) -> float:
        return self.roles.get(FLASK, 0.0) - self.roles.get(GENERALIST, 0.0)

    @property
    def cited(self) -> str:
        return f"{self.answer} \u2014 {self.prompt}"


@dataclass(frozen=True, slots=True)
class Reason:
    question_id: str
    answer: str
    toward: str
    """The role this answer pushes toward."""
    weight: float
    text: str


@dataclass(frozen=True, slots=True)
class RequiredSkill:
    id: str
    name: str
    group: str
    level: Level
    score: float
    because: list[str]
    """The answers ('answer \u2014 question') or role baseline that made this skill necessary."""


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The engine's answer. Plain dataclasses: built on every keystroke, never validated."""

    role: Verdict | None
    """None when nothing is answered: the engine does not guess."""
    confidence: float
    lean: float
    """How one-sided the answers are, 0 (balanced) to 1 (all agree)."""
    scores: dict[str, float]
    skills: list[RequiredSkill]
    reasons: list[Reason]
    answered: int
    total: int
    message: str
    names: dict[str, str]
    """Display names of every verdict, from the bank."""

    @property
    def role_name(self) -> str:
        return self.names.get(self.role or "", NO_VERDICT)

    def skills_at(self, level: Level) -> list[RequiredSkill]:
        return [s for s in self.skills if s.level == level]


def _scaled(effect: Effect, factor: float) -> tuple[dict[str, float], dict[str, float]]:
    return (
        {r: w * factor for r, w in effect.roles.items()},
        {s: w * factor for s, w in effect.skills.items()},
    )


def contribution(question: Question, answer: Answer) -> Contribution | None:
    """The evidence one answer gives, or None when it is unanswered or no longer fits."""
    if not answer.is_answered or not answer_fits(question, answer):
        return None
    roles: dict[str, float] = {}
    skills: dict[str, float] = {}
    if isinstance(question, ChoiceQuestion):
        chosen = [answer.choice] if answer.choice is not None else list(answer.choices or [])
        options = [o for o in question.options if o.id in chosen]
        for option in options:
            for role, weight in option.roles.items():
                roles[role] = roles.get(role, 0.0) + weight
            for skill, weight in option.skills.items():
                skills[skill] = skills.get(skill, 0.0) + weight
        label = ", ".join(o.label for o in options)
    else:
        value = answer.value or 3
        end = question.at_low if value < 3 else question.at_high
        roles, skills = _scaled(end, abs(value - 3) / 2)
        label = f"{value}/5 ({question.low if value < 3 else question.high})"
        if value == 3:
            label = "3/5 (in between)"
    return Contribution(
        question_id=question.id, prompt=question.prompt, answer=label, roles=roles, skills=skills
    )


def contributions(bank: Bank, answers: dict[str, Answer]) -> list[Contribution]:
    found = []
    for question in visible_questions(bank, answers):
        answer = answers.get(question.id)
        if answer is not None and (c := contribution(question, answer)) is not None:
            found.append(c)
    return found


def recommend(bank: Bank, answers: dict[str, Answer]) -> Recommendation:
    """The recommended role, its confidence, the required skills and the reasons behind them."""
    evidence = contributions(bank, answers)
    total = len(visible_questions(bank, answers))
    scores: dict[str, float] = {
        role: round(sum(c.roles.get(role, 0.0) for c in evidence), 2) for role in ROLE_IDS
    }
    names = role_names(bank)
    if not evidence:
        return Recommendation(
            role=None, confidence=0.0, lean=0.0, scores=scores, skills=[], reasons=[],
            answered=0, total=total,
            message="No answers yet: answer a few questions to get a recommendation.",
            names=names,
        )
    settings = bank.meta.engine
    net = sum(c.differential for c in evidence)
    size = sum(abs(c.differential) for c in evidence)
    lean = abs(net) / size if size else 0.0
    coverage = len(evidence) / total if total else 1.0
    role: Verdict
    if lean < settings.either_margin:
        role = "either"
        sureness = 1.0 - lean / settings.either_margin if settings.either_margin else 1.0
    else:
        role = FLASK if net > 0 else GENERALIST
        sureness = lean
    confidence = round(sureness * (0.4 + 0.6 * coverage), 3)
    return Recommendation(
        role=role,
        confidence=confidence,
        lean=round(lean, 3),
        scores=scores,
        skills=_required_skills(bank, evidence, role, names),
        reasons=_reasons(evidence, role, settings.reasons, names),
        answered=len(evidence),
        total=total,
        message=_message(names[role], role, len(evidence), total),
        names=names,
    )


def _message(name: str, role: Verdict, answered: int, total: int) -> str:
    basis = f"based on {answered} of {total} answers"
    if role == "either":
        return f"The answers pull both ways ({basis}): either profile can work."
    return f"Leans {name} ({basis})."


def _required_skills(
    bank: Bank, evidence: list[Contribution], role: Verdict, names: dict[str, str]
) -> list[RequiredSkill]:
    totals: dict[str, float] = {}
    because: dict[str, list[tuple[float, str]]] = {}
    for c in evidence:
        for skill, weight in c.skills.items():
            if weight > 0:
                totals[skill] = totals.get(skill, 0.0) + weight
                because.setdefault(skill, []).append((weight, c.cited))
    baseline_roles = ROLE_IDS if role == "either" else (role,)
    for role_id in baseline_roles:
        share = 0.5 if role == "either" else 1.0
        for skill, weight in bank.role(role_id).skills.items():
            totals[skill] = totals.get(skill, 0.0) + weight * share
            core = f"core of a {names[role_id]}"
            because.setdefault(skill, []).append((weight * share, core))
    settings = bank.meta.engine
    thresholds = dict(zip(LEVELS, (settings.must, settings.should, settings.nice), strict=True))
    required = []
    for skill_id, score in totals.items():
        level = next((lv for lv in LEVELS if score >= thresholds[lv] - 1e-9), None)
        found, group = bank.skill(skill_id), bank.group_of(skill_id)
        if level is None or found is None or group is None:
            continue
        required.append(
            RequiredSkill(
                id=skill_id, name=found.name, group=group.name, level=level,
                score=round(score, 2),
                because=[text for _, text in sorted(because[skill_id], key=lambda b: -b[0])],
            )
        )
    required.sort(key=lambda s: (LEVELS.index(s.level), -s.score, s.name))
    return required


def _reasons(
    evidence: list[Contribution], role: Verdict, limit: int, names: dict[str, str]
) -> list[Reason]:
    """The answers that pushed hardest toward the verdict (both ways when it is 'either')."""
    def toward(c: Contribution) -> str:
        return FLASK if c.differential > 0 else GENERALIST

    if role == "either":
        ranked = sorted(evidence, key=lambda c: -abs(c.differential))
    else:
        sign = 1 if role == FLASK else -1
        agreeing = [c for c in evidence if c.differential * sign > 0]
        ranked = sorted(agreeing, key=lambda c: -abs(c.differential))
    return [
        Reason(
            question_id=c.question_id,
            answer=c.answer,
            toward=toward(c),
            weight=round(abs(c.differential), 2),
            text=f"{c.answer} ({c.prompt}) \u2192 {names[toward(c)]} +{abs(c.differential):g}",
        )
        for c in ranked[:limit]
        if c.differential
    ]
