"""The bank's building blocks: field types (plain ``Annotated`` aliases,
``tui.core.bank.constraints``), the base class that refuses unknown keys, and the two bank-wide
tables the answers refer to: the article facts and the dimensions of the situation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from tui.core.bank.constraints import Rule

RoleWeight = Annotated[float, Rule(ge=-3.0, le=3.0)]
SkillWeight = Annotated[float, Rule(ge=0.0, le=3.0)]
Id = Annotated[str, Rule(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Prompt = Annotated[str, Rule(min_length=1, max_length=200)]
Label = Annotated[str, Rule(min_length=1, max_length=120)]
Name = Annotated[str, Rule(min_length=1, max_length=80)]
HelpText = Annotated[str, Rule(max_length=400)]
Source = Annotated[str, Rule(max_length=300)]
InterviewStep = Literal["work-sample", "architecture-review", "environment-discussion"]
"""The interview steps the article's FAQ names as establishing hiring clarity."""
LookFor = Annotated[str, Rule(max_length=300)]


class Strict:
    """Base for everything a person writes by hand: unknown keys are typos, not extensions."""

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact(Strict):
    """One article statement that role weights rest on; answers resting on it count once."""

    id: Id
    about: Literal["work", "setting"]
    """What the hire will do ('work') or what surrounds them ('setting')."""
    text: Source = ""
    """The article's statement, in short."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Dimension(Strict):
    """Something about the situation that has one value: how long it must last, how many
    services, where it runs. Answers stating two different values cannot both be true."""

    id: Id
    name: Name
    """Read as 'they disagree on {name}'."""
    framework: bool = False
    """The dimension that says which web framework the hire's work is in."""
