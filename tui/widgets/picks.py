"""What a question offers to pick, and how ticking one option changes a multi-choice answer."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.bank.models import ChoiceQuestion, Question, ScaleQuestion

SCALE_VALUES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Pick:
    """One choosable thing: an option id, or a scale value as text, and its label."""

    key: str
    label: str


def picks_of(question: Question) -> list[Pick]:
    if isinstance(question, ScaleQuestion):
        return [Pick(str(v), str(v)) for v in SCALE_VALUES]
    return [Pick(o.id, o.label) for o in question.options]


def multi_pick(
    question: ChoiceQuestion, chosen: tuple[str, ...], key: str
) -> tuple[str, ...] | None:
    """The options chosen after toggling ``key``, or None when that would pass max_choices.

    An exclusive option ('none of these', 'not sure') stands alone: ticking it clears the
    others, and ticking another option clears it.
    """
    if key in chosen:
        return tuple(k for k in chosen if k != key)
    option = question.option(key)
    if option is not None and option.exclusive:
        return (key,)
    kept = [k for k in chosen if not ((o := question.option(k)) is not None and o.exclusive)]
    if question.max_choices is not None and len(kept) >= question.max_choices:
        return None
    return tuple(o.id for o in question.options if o.id in {*kept, key})
