"""The question bank and skills catalogue: the models and their lookups.

The bank is data (``questions/*.toml``); this module only knows its shape. The models are
frozen dataclasses whose constraints (``tui.core.bank.constraints``) pydantic applies when a bank is
read (``tui.core.bank.loading``); a bank from the per-user cache never needs pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from tui.core.bank.constraints import Rule, Tagged
from tui.core.bank.types import (
    Dimension,
    Fact,
    HelpText,
    Id,
    InterviewStep,
    Label,
    LookFor,
    Name,
    Prompt,
    RoleWeight,
    SkillWeight,
    Source,
    Strict,
)

RoleId = Literal["flask-specialist", "backend-generalist"]
ROLE_IDS: tuple[RoleId, ...] = ("flask-specialist", "backend-generalist")
Level = Literal["must", "should", "nice"]
LEVELS: tuple[Level, ...] = ("must", "should", "nice")


@dataclass(frozen=True, slots=True, kw_only=True)
class Effect(Strict):
    """What one answer adds to the role scores and the skill totals."""

    roles: dict[RoleId, RoleWeight] = field(default_factory=dict)
    """Points toward each role; negative points count against it."""
    skills: dict[str, SkillWeight] = field(default_factory=dict)
    """How much this answer makes each skill (by id) necessary."""
    fact: Id | None = None
    """The article fact the role weights rest on. Answers resting on one fact count once:
    the strongest of them (so one article sentence is never summed three times)."""
    source: Source = ""
    """The article phrase the weights rest on, quoted: required wherever there are weights."""
    states: dict[Id, Id] = field(default_factory=dict)
    """What this answer says about the situation, as dimension = value (``[[dimensions]]`` in
    bank.toml): two answers stating different values of one dimension contradict each other."""

    @property
    def differential(self) -> float:
        """Points toward the Flask specialist (negative: toward the backend generalist)."""
        return self.roles.get("flask-specialist", 0.0) - self.roles.get("backend-generalist", 0.0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Option(Effect):
    """One choice of a single- or multiple-choice question."""

    id: Id
    label: Label
    exclusive: bool = False
    """'None of these' or 'not sure': picked alone, never with other options, and neutral."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowIf(Strict):
    """Show a question only when an earlier answer matches."""

    question: Id
    any_of: list[Id] | None = None
    """For choice questions: shown when any of these options is chosen."""
    at_least: Annotated[int, Rule(ge=1, le=5)] | None = None
    """For scale questions: shown when the value is at least this."""
    at_most: Annotated[int, Rule(ge=1, le=5)] | None = None
    """For scale questions: shown when the value is at most this."""


@dataclass(frozen=True, slots=True, kw_only=True)
class QuestionBase(Strict):
    id: Id
    prompt: Prompt
    help: HelpText = ""
    show_if: ShowIf | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceQuestion(QuestionBase):
    """Pick exactly one option (``single``) or several (``multi``, up to ``max_choices``)."""

    kind: Literal["single", "multi"]
    options: Annotated[list[Option], Rule(min_length=2)]
    max_choices: Annotated[int, Rule(ge=1)] | None = None
    """Multiple choice: at most this many options ('pick up to three')."""
    priority: bool = False
    """The assessor ranks skills here: the chosen options' skills land at 'must'."""

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScaleQuestion(QuestionBase):
    """A 1-5 scale: 1 applies ``at_low`` fully, 5 applies ``at_high`` fully, 3 is neutral."""

    kind: Literal["scale"]
    low: Name
    high: Name
    at_low: Effect = field(default_factory=Effect)
    at_high: Effect = field(default_factory=Effect)


Question = Annotated[ChoiceQuestion | ScaleQuestion, Tagged("kind")]


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion(Strict):
    """One hiring-clarity criterion of the article: one file, one screen."""

    id: Id
    title: Name
    summary: str = ""
    questions: Annotated[list[Question], Rule(min_length=1)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Skill(Strict):
    id: Id
    name: Name
    description: str = ""
    step: InterviewStep | None = None
    """The interview step that tests this skill; unset: its group's."""
    look_for: LookFor = ""
    """What a convincing candidate shows in that step; unset: its group's."""
    flask_only: bool = False
    """A Flask skill: listed only where Flask is (or will be) the framework."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SkillGroup(Strict):
    id: Id
    name: Name
    scope: Literal["essential", "platform"]
    summary: str = ""
    step: InterviewStep | None = None
    """The interview step that tests the group's skills (the scorecard's interview plan)."""
    look_for: LookFor = ""
    skills: Annotated[list[Skill], Rule(min_length=1)]


@dataclass(frozen=True, slots=True, kw_only=True)
class SkillsCatalogue(Strict):
    groups: Annotated[list[SkillGroup], Rule(min_length=1)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Role(Strict):
    id: RoleId
    name: str
    summary: str = ""
    skills: dict[str, SkillWeight] = field(default_factory=dict)
    """Skills this role needs whatever the answers, added when it is the recommendation."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineSettings(Strict):
    """The engine's parameters: data, so tuning them is a TOML edit (docs/recommendation.md)."""

    log_odds_per_point: Annotated[float, Rule(gt=0, le=2.0)] = 0.25
    """How much one point of role weight moves the log-odds between the two roles."""
    max_answer_points: Annotated[float, Rule(gt=0)] = 3.0
    """The most points one answer may carry (checked when the bank loads)."""
    leans: Annotated[float, Rule(gt=0, lt=1)] = 0.3
    """Confidence (2p - 1) from which the engine names a role: 'Leans'."""
    recommend: Annotated[float, Rule(gt=0, lt=1)] = 0.6
    """Confidence from which it says 'Recommend'."""
    either_points: Annotated[float, Rule(gt=0)] = 5.0
    """Below 'leans', 'either' needs at least this many points on each side; else no verdict."""
    must: Annotated[float, Rule(gt=0)] = 4.0
    should: Annotated[float, Rule(gt=0)] = 2.0
    nice: Annotated[float, Rule(gt=0)] = 1.0
    max_must: Annotated[int, Rule(ge=1, le=20)] = 6
    """At most this many skills at 'must'; the rest of them are listed at 'should'."""
    max_skills: Annotated[int, Rule(ge=1, le=60)] = 15
    """Nice-to-have skills fill the list up to this many: a scorecard, not a catalogue."""
    reasons: Annotated[int, Rule(ge=1, le=20)] = 5
    setting_share: Annotated[float, Rule(ge=0, lt=1)] = 0.5
    """Points about the setting count at most this share of the work's points (plus
    ``setting_alone`` when they agree with the work): the setting modulates, the work decides."""
    setting_alone: Annotated[float, Rule(ge=0)] = 2.0
    """The most setting points that count beyond that share, when they agree with the work or
    when there is no work evidence at all."""
    unknown: Annotated[float, Rule(gt=0)] = 4.0
    """How many answers' worth the unknown weighs: confidence = strength x n / (n + unknown)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Picked(Strict):
    """Some options of one question, as a contradiction names them."""

    question: Id
    any_of: Annotated[list[Id], Rule(min_length=1)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Contradiction(Strict):
    """Two answers that cannot both be true: flagged, and neither counts until one changes."""

    first: Picked
    second: Picked
    why: Annotated[str, Rule(min_length=1, max_length=200)]


@dataclass(frozen=True, slots=True, kw_only=True)
class BankMeta(Strict):
    version: Annotated[str, Rule(min_length=1)]
    title: str = ""
    engine: EngineSettings = field(default_factory=EngineSettings)
    roles: Annotated[list[Role], Rule(min_length=2, max_length=2)]
    contradictions: list[Contradiction] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    dimensions: list[Dimension] = field(default_factory=list)


class _Index:
    """Lookup tables, so the engine never scans lists on the keystroke path."""

    def __init__(self, bank: Bank) -> None:
        self.questions = {q.id: q for q in bank.questions}
        self.criterion_of = {q.id: c for c in bank.criteria for q in c.questions}
        self.skills = {s.id: s for g in bank.catalogue.groups for s in g.skills}
        self.group_of = {s.id: g for g in bank.catalogue.groups for s in g.skills}
        self.facts = {f.id: f for f in bank.meta.facts}
        self.dimensions = {d.id: d for d in bank.meta.dimensions}


@dataclass(frozen=True, slots=True, kw_only=True)
class Bank:
    """The whole validated bank, with lookup tables built once (and pickled with it)."""

    meta: BankMeta
    criteria: list[Criterion]
    catalogue: SkillsCatalogue
    source: str = ""
    _index: _Index = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", _Index(self))

    @property
    def version(self) -> str:
        return self.meta.version

    @property
    def questions(self) -> list[ChoiceQuestion | ScaleQuestion]:
        return [q for c in self.criteria for q in c.questions]

    def question(self, question_id: str) -> ChoiceQuestion | ScaleQuestion | None:
        return self._index.questions.get(question_id)

    def criterion_of(self, question_id: str) -> Criterion | None:
        return self._index.criterion_of.get(question_id)

    def skill(self, skill_id: str) -> Skill | None:
        return self._index.skills.get(skill_id)

    def group_of(self, skill_id: str) -> SkillGroup | None:
        return self._index.group_of.get(skill_id)

    def fact(self, fact_id: str) -> Fact | None:
        return self._index.facts.get(fact_id)

    def dimension(self, dimension_id: str) -> Dimension | None:
        return self._index.dimensions.get(dimension_id)

    def role(self, role_id: str) -> Role:
        return next(r for r in self.meta.roles if r.id == role_id)
