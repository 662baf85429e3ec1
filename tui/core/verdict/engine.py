"""Answers in, recommendation out: pure functions over the bank's weights, no I/O.

The arithmetic (points, facts counted once, log-odds, thresholds) is in
``tui.core.verdict.evidence``; what could still flip the verdict in ``tui.core.verdict.swing``.
This module puts them together with the wording, the required skills and the reasons.
docs/recommendation.md explains it all for someone checking a verdict by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Literal

from tui.core.bank.models import ROLE_IDS, Bank, Level, Question
from tui.core.session.answering import visible_questions
from tui.core.session.models import Answer
from tui.core.verdict.counting import Conflict, Uncounted, framework_not_flask
from tui.core.verdict.evidence import FLASK, GENERALIST, Item, Verdict, answered_items
from tui.core.verdict.skills_needed import RequiredSkill, required_skills
from tui.core.verdict.swing import Settled, State, Swing, evaluate, open_swing, settled

__all__ = [
    "FLASK",
    "GENERALIST",
    "Conflict",
    "Recommendation",
    "Settled",
    "Swing",
    "Verdict",
    "recommend",
]

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
    """The one number users see: the strength of the counted points (|2p - 1|) discounted
    for what is not known yet (x n / (n + unknown)), within 1% to 99%."""
    p_flask: float
    """P(the Flask specialist fits better) from the counted points alone, before the
    unknown is counted: the model's arithmetic, not shown as a verdict."""
    scores: dict[str, float]
    """Points counted toward each role."""
    skills: list[RequiredSkill]
    reasons: list[Reason]
    counter: list[Reason]
    """Counted evidence against the verdict (both sides' weakest when it names no role)."""
    uncounted: list[Uncounted]
    """Answers with points that do not count, and why."""
    neither: list[str]
    """Answers that count for neither role but shape the skills, with the skills they add."""
    open_criteria: list[str]
    """Criteria with no answer looked at yet (names): no 'Recommend' until there are none."""
    work_points: float
    """Net points of the work (Flask minus generalist)."""
    setting_points: float
    """Net points of the setting, before its share."""
    setting_counted: float
    """Net points of the setting that count."""
    not_flask: bool
    """A counted answer says the framework is not Flask: no Flask points or skills."""
    answered: int
    total: int
    message: str
    names: dict[str, str]
    """Display names of every verdict, from the bank."""
    contradictions: list[Conflict]
    swing_of: Callable[[], list[Swing]] = field(repr=False, compare=False)
    """Works out ``open_swing``."""
    settled_of: Callable[[], Settled] = field(repr=False, compare=False)
    """Works out ``settled``."""

    @cached_property
    def open_swing(self) -> list[Swing]:
        """Open questions, those that could change the verdict on their own first, by swing."""
        return self.swing_of()

    @cached_property
    def settled(self) -> Settled:
        """Whether any combination of open answers could change the verdict, and how many
        open questions take part."""
        return self.settled_of()

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
    state = evaluate(bank, answered_items(questions, answers))
    return _recommendation(bank, state, questions)


def _recommendation(bank: Bank, state: State, questions: list[Question]) -> Recommendation:
    counted, judged = state.tally, state.judgement
    settings = bank.meta.engine
    role = judged.role
    open_criteria = [
        c.title for c in bank.criteria if not any(bank.criterion_of(q) is c for q in state.looked)
    ]
    strength: Strength = (
        "none"
        if role is None
        else "either"
        if role == "either"
        else "strong"
        if judged.confidence >= settings.recommend - 1e-12 and not open_criteria
        else "moderate"
    )
    names = role_names(bank)
    evidence = state.evidence
    open_questions = [q for q in questions if q.id not in evidence]
    not_flask = framework_not_flask(bank, state.kept)
    reasons, counter = _reasons(counted.counted, role, settings.reasons, names, counted.about)
    return Recommendation(
        role=role,
        strength=strength,
        confidence=round(judged.confidence, 3),
        p_flask=round(judged.p, 4),
        scores={FLASK: round(counted.flask, 2), GENERALIST: round(counted.generalist, 2)},
        skills=required_skills(bank, state.kept, role, names, not_flask) if evidence else [],
        reasons=reasons,
        counter=counter,
        uncounted=counted.uncounted,
        neither=_neither(bank, state.kept, settings.reasons),
        open_criteria=open_criteria,
        work_points=round(counted.work, 2),
        setting_points=round(counted.setting, 2),
        setting_counted=round(counted.setting_counted, 2),
        not_flask=not_flask,
        answered=len(evidence),
        total=len(questions),
        message=_message(
            names,
            role,
            strength,
            len(evidence),
            len(questions),
            state.conflicts,
            open_criteria,
            not_flask,
        ),
        names=names,
        contradictions=state.conflicts,
        swing_of=partial(open_swing, bank, open_questions, state),
        settled_of=partial(settled, bank, open_questions, state),
    )


def _message(
    names: dict[str, str],
    role: Verdict | None,
    strength: Strength,
    answered: int,
    total: int,
    conflicts: list[Conflict],
    open_criteria: list[str],
    not_flask: bool,
) -> str:
    basis = f"{answered} of {total} answered"
    if not answered:
        return "No answers yet: answer a few questions to get a recommendation."
    if strength == "strong":
        text = f"The evidence points clearly to the {names[role or '']} ({basis})."
    elif strength == "moderate":
        text = f"The evidence leans to the {names[role or '']} ({basis})."
        if open_criteria:
            text += " Not a recommendation until every criterion is looked at: " + (
                ", ".join(open_criteria) + " still open."
            )
        else:
            text += " More answers would firm it up."
    elif role == "either":
        text = f"The work needs both strengths: either profile, chosen on the candidates ({basis})."
    else:
        text = f"The answers so far do not point clearly either way ({basis})."
    if not_flask:
        text += (
            " The framework is not Flask: Flask points, Flask skills and the Flask work sample "
            "are left out (a backend generalist's strength may centre on other frameworks)."
        )
    if conflicts:
        count = len(conflicts)
        text += (
            f" {count} contradiction{'s' if count != 1 else ''} to settle: "
            "the answers involved are set aside until one changes."
        )
    return text


def _neither(bank: Bank, kept: list[Item], limit: int) -> list[str]:
    """'Slow or flaky upstream services: for neither role; adds Timeouts, retries...'."""
    lines = []
    for item in kept:
        if item.points or not item.skills:
            continue
        strongest = sorted(item.skills, key=lambda s: -item.skills[s])[:2]
        names = [skill.name for s in strongest if (skill := bank.skill(s)) is not None]
        lines.append(f"{item.label}: for neither role; adds {', '.join(names)}")
    return lines[:limit]


def _reasons(
    counted: list[Item],
    role: Verdict | None,
    limit: int,
    names: dict[str, str],
    about: Mapping[str, str],
) -> tuple[list[Reason], list[Reason]]:
    """The counted evidence that pushed hardest toward the verdict, and the strongest against
    it; with no role named, the strongest on each side. Setting evidence says so: it counts
    only up to a share of the work's."""

    def toward(item: Item) -> str:
        return FLASK if item.points > 0 else GENERALIST

    def reason(i: Item) -> Reason:
        return Reason(
            question_id=i.question_id,
            answer=i.label,
            toward=toward(i),
            weight=round(abs(i.points), 2),
            text=f"{i.label} ({i.prompt}) \u2192 {names[toward(i)]} +{abs(i.points):g}"
            + (" (setting)" if about.get(i.fact or "") == "setting" else ""),
        )

    ranked = sorted(counted, key=lambda i: -abs(i.points))
    if role in ROLE_IDS:
        sign = 1 if role == FLASK else -1
        return (
            [reason(i) for i in ranked if i.points * sign > 0][:limit],
            [reason(i) for i in ranked if i.points * sign < 0][:limit],
        )
    return [reason(i) for i in ranked[:limit]], []
