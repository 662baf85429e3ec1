"""The bank's checks on weights: what the engine's promises rest on, checked when it loads.

The engine promises that one answer never carries more than ``max_answer_points``, that an
article fact points one way only, and that 'none' or 'not sure' options are neutral. These
checks make a bank that breaks a promise fail to load, naming the question and the field.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from tui.core.bank.models import (
    BankMeta,
    ChoiceQuestion,
    Contradiction,
    Effect,
    Option,
    Question,
    ScaleQuestion,
)


def answer_points(options: list[Option]) -> float:
    """The points a set of options carries as one answer: each fact once, at its strongest."""
    strongest: dict[str, float] = {}
    loose = 0.0
    for option in options:
        d = option.differential
        if not d:
            continue
        if option.fact is None:
            loose += d
        elif abs(d) > abs(strongest.get(option.fact, 0.0)):
            strongest[option.fact] = d
    return loose + sum(strongest.values())


def possible_answers(question: ChoiceQuestion) -> list[list[Option]]:
    """Every answer the app accepts: one option, or for multiple choice any set of up to
    ``max_choices`` options in which an exclusive option stands alone."""
    if question.kind == "single":
        return [[o] for o in question.options]
    alone = [[o] for o in question.options if o.exclusive]
    mixable = [o for o in question.options if not o.exclusive]
    most = min(question.max_choices or len(mixable), len(mixable))
    return alone + [list(c) for n in range(1, most + 1) for c in combinations(mixable, n)]


def _effects(question: Question) -> list[tuple[str, Effect]]:
    if isinstance(question, ScaleQuestion):
        return [("at_low", question.at_low), ("at_high", question.at_high)]
    return [(f"options.{o.id}", o) for o in question.options]


def check_weights(
    where: str, question: Question, most: float, facts: dict[str, tuple[float, str]]
) -> list[str]:
    """Sources, facts, exclusive options and the points one answer can carry."""
    problems: list[str] = []
    for name, effect in _effects(question):
        d = effect.differential
        if (effect.roles or effect.skills) and not effect.source.strip():
            problems.append(
                f"{where}, field {name}.source: weights need the article phrase they rest on"
            )
        if d and effect.fact is None:
            problems.append(f"{where}, field {name}.fact: role weights need the fact they rest on")
        if d and effect.fact is not None:
            sign, first = facts.setdefault(effect.fact, (d, f"{question.id}.{name}"))
            if sign * d < 0:
                problems.append(
                    f"{where}, field {name}.fact: fact {effect.fact!r} points the "
                    f"other way in {first}"
                )
        if abs(d) > most + 1e-9:
            problems.append(
                f"{where}, field {name}.roles: one answer carries at most {most:g} "
                f"points, this one {abs(d):g}"
            )
    if isinstance(question, ScaleQuestion):
        return problems
    options = question.options
    for option in options:
        if option.exclusive and option.roles:
            problems.append(
                f"{where}, field options.{option.id}.roles: an exclusive option "
                "('none', 'not sure') is neutral"
            )
    limit = question.max_choices
    if limit is not None and (question.kind != "multi" or limit > len(options)):
        problems.append(
            f"{where}, field max_choices: only for multiple choice, at most the "
            f"number of options ({len(options)})"
        )
        return problems
    if question.kind == "multi":
        widest = max(abs(answer_points(a)) for a in possible_answers(question))
        if widest > most + 1e-9:
            problems.append(
                f"{where}, field options: one answer can carry {widest:g} points, "
                f"more than {most:g} (lower weights or set max_choices)"
            )
    return problems


def check_contradictions(
    meta_path: Path, contradictions: list[Contradiction], questions: dict[str, Question]
) -> list[str]:
    """Each side names a choice question and its options."""
    problems = []
    for index, pair in enumerate(contradictions):
        for side in ("first", "second"):
            picked = getattr(pair, side)
            where = f"{meta_path}: contradictions[{index}].{side}"
            target = questions.get(picked.question)
            if not isinstance(target, ChoiceQuestion):
                problems.append(f"{where}: {picked.question!r} is not a choice question")
                continue
            problems += [
                f"{where}: {o!r} is not an option of {picked.question!r}"
                for o in picked.any_of
                if target.option(o) is None
            ]
    return problems


def check_facts_and_states(
    meta_path: Path, meta: BankMeta, questions: dict[str, Question]
) -> list[str]:
    """Every fact an answer rests on is declared (work or setting), and every state names a
    declared dimension; one dimension at most says which framework."""
    facts = {f.id for f in meta.facts}
    dimensions = {d.id for d in meta.dimensions}
    problems = []
    if sum(d.framework for d in meta.dimensions) > 1:
        problems.append(f"{meta_path}: field dimensions: only one may be the framework")
    for question in questions.values():
        for name, effect in _effects(question):
            where = f"question {question.id!r}, field {name}"
            if effect.fact is not None and effect.fact not in facts:
                problems.append(f"{meta_path}: {where}.fact: {effect.fact!r} is not in [[facts]]")
            problems += [
                f"{meta_path}: {where}.states: {d!r} is not in [[dimensions]]"
                for d in effect.states
                if d not in dimensions
            ]
    return problems
