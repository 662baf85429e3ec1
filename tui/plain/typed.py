"""What a line typed in plain mode means for a question: an answer, or what to ask again."""

from __future__ import annotations

from tui.core.bank.models import ChoiceQuestion, Question, ScaleQuestion
from tui.core.session.answering import is_complete
from tui.core.session.models import Answer
from tui.core.text import one_line


def parse_answer(question: Question, line: str) -> Answer | str:
    """The answer a typed line gives, or the message to re-ask with."""
    count = 5 if isinstance(question, ScaleQuestion) else len(question.options)
    multi = isinstance(question, ChoiceQuestion) and question.kind == "multi"
    parts = line.replace(",", " ").split()
    want = (
        f"Type numbers from 1 to {count}, separated by spaces (e.g. 1 3)"
        if multi
        else f"Type a number from 1 to {count}"
    )
    if len(parts) > 1 and not multi:
        return f"This question takes one answer. {want}, or a command (h for help)."
    if not parts or not all(p.isdigit() and 1 <= int(p) <= count for p in parts):
        return f"{want}, or a command (h for help)."
    numbers = [int(p) for p in parts]
    if isinstance(question, ScaleQuestion):
        return Answer(value=numbers[0])
    ids = [question.options[n - 1].id for n in numbers]
    return Answer(choices=ids) if multi else Answer(choice=ids[0])


def numbered_list(visible: list[Question], answers: dict[str, Answer]) -> list[str]:
    """The section's questions as ``g`` lists them: a number, the prompt, answered or open."""
    return [
        f"  {number}. {one_line(q.prompt)} "
        f"({'answered' if is_complete(q, answers.get(q.id)) else 'open'})"
        for number, q in enumerate(visible, 1)
    ]


def chosen_question(visible: list[Question], typed: str) -> str | None:
    """The question ``g`` was given, by its number or its id; None when there is no such one."""
    if typed.isdigit() and 1 <= int(typed) <= len(visible):
        return visible[int(typed) - 1].id
    return typed if typed in {q.id for q in visible} else None
