"""The rules of answering: which questions show, whether an answer fits its question, progress,
and recording an answer or a note in a session (checked against the bank).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tui.core.bank.models import Bank, ChoiceQuestion, Question, ScaleQuestion, ShowIf
from tui.core.pairing.writers import is_writer
from tui.core.session.models import Answer, Session, utc_now


def is_visible(question: Question, answers: dict[str, Answer]) -> bool:
    """A question without show_if is always shown; else its condition on an earlier answer."""
    if question.show_if is None:
        return True
    return condition_holds(question.show_if, answers.get(question.show_if.question))


def condition_holds(show_if: ShowIf, answer: Answer | None) -> bool:
    if answer is None or not answer.is_answered:
        return False
    if show_if.any_of is not None:
        chosen = [answer.choice] if answer.choice is not None else (answer.choices or [])
        return any(c in show_if.any_of for c in chosen)
    if answer.value is None:
        return False
    low = show_if.at_least if show_if.at_least is not None else 1
    high = show_if.at_most if show_if.at_most is not None else 5
    return low <= answer.value <= high


def visible_questions(bank: Bank, answers: dict[str, Answer]) -> list[Question]:
    return [q for q in bank.questions if is_visible(q, answers)]


def answer_fits(question: Question, answer: Answer) -> bool:
    """Whether an answer still matches its question (a bank edit may have retired options)."""
    if isinstance(question, ScaleQuestion):
        return answer.value is not None and answer.choice is None and not answer.choices
    if answer.value is not None:
        return False
    if question.kind == "single":
        return answer.choice is not None and question.option(answer.choice) is not None
    chosen = answer.choices or []
    options = [question.option(c) for c in chosen]
    if not chosen or any(o is None for o in options):
        return False
    if question.max_choices is not None and len(set(chosen)) > question.max_choices:
        return False  # 'pick up to three' with four picked
    return len(chosen) == 1 or not any(o.exclusive for o in options if o is not None)


def is_complete(question: Question, answer: Answer | None) -> bool:
    """Answered, and in a way the current bank still understands."""
    return answer is not None and answer.is_answered and answer_fits(question, answer)


def describe_answer(answer: Answer) -> str:
    """An answer's raw value (option ids or n/5), for answers the bank can no longer label."""
    if answer.value is not None:
        return f"{answer.value}/5"
    return answer.choice or ", ".join(answer.choices or [])


def retired_answers(bank: Bank, session: Session) -> dict[str, Answer]:
    """Answers kept from an older bank that no longer fit: shown as retired, never dropped."""
    retired = {}
    for qid, answer in session.answers.items():
        question = bank.question(qid)
        if answer.is_answered and (question is None or not answer_fits(question, answer)):
            retired[qid] = answer
    return retired


@dataclass(frozen=True, slots=True)
class Progress:
    answered: int
    total: int


def progress(bank: Bank, answers: dict[str, Answer], criterion_id: str | None = None) -> Progress:
    """Answered out of visible questions, for the whole bank or one criterion."""
    questions = visible_questions(bank, answers)
    if criterion_id is not None:
        criterion = next((c for c in bank.criteria if c.id == criterion_id), None)
        ids = {q.id for q in criterion.questions} if criterion else set()
        questions = [q for q in questions if q.id in ids]
    answered = sum(
        1
        for q in questions
        if (a := answers.get(q.id)) is not None and a.is_answered and answer_fits(q, a)
    )
    return Progress(answered=answered, total=len(questions))


def unanswered(bank: Bank, answers: dict[str, Answer]) -> list[Question]:
    return [
        q
        for q in visible_questions(bank, answers)
        if not ((a := answers.get(q.id)) and a.is_answered and answer_fits(q, a))
    ]


def set_answer(
    bank: Bank,
    session: Session,
    question_id: str,
    answer: Answer,
    author: str = "",
    writer: str = "",
) -> None:
    """Record an answer (checked against the bank) and who gave it (``author``, the person's
    name, and ``writer``, the running app), keeping any note."""
    question = bank.question(question_id)
    if question is None:
        raise KeyError(f"no question {question_id!r} in bank {bank.version}")
    if answer.is_answered and not answer_fits(question, answer):
        raise ValueError(f"answer does not fit question {question_id!r}")
    if isinstance(question, ChoiceQuestion) and answer.choices is not None:
        order = [o.id for o in question.options]
        answer = replace(answer, choices=sorted(set(answer.choices), key=order.index))
    previous = session.answers.get(question_id) or Answer()
    if answer.note is None:
        answer = replace(
            answer,
            note=previous.note,
            note_by=previous.note_by,
            note_at=previous.note_at,
            note_writer=previous.note_writer,
        )
    same = (previous.by, previous.writer) == (author or None, writer or None)
    if answer.pick != previous.pick or (author and not same):
        # Who and when are recorded when the instance has an author (the app always does).
        answer = replace(
            answer,
            by=author or None,
            at=utc_now() if author else None,
            writer=(writer or None) if author else None,
        )
    else:
        answer = replace(answer, by=previous.by, at=previous.at, writer=previous.writer)
    alternatives = session.conflicts.get(question_id, [])
    if len({a.answer.pick for a in alternatives}) > 1 or len(alternatives) < 2:
        # Answering again is choosing: a conflict over the answer is over (one over the
        # note alone stays until it is settled).
        session.conflicts = {k: v for k, v in session.conflicts.items() if k != question_id}
    store_answer(session, question_id, answer)


def set_note(
    session: Session, question_id: str, note: str, author: str = "", writer: str = ""
) -> None:
    """Set (or clear, with an empty string) the free-text note of a question, and who wrote it
    (the person's name and the running app).

    Raises FieldError (a ValueError) for a note that is too long or cannot be saved."""
    previous = session.answers.get(question_id, Answer())
    if (note or None) == previous.note:
        return
    store_answer(
        session,
        question_id,
        replace(
            previous,
            note=note or None,
            note_by=author or None,
            note_at=utc_now() if author else None,
            note_writer=(writer or None) if author else None,
        ),
    )
    _follow_in_conflict(session, question_id, author, writer)


def _follow_in_conflict(session: Session, question_id: str, author: str, writer: str) -> None:
    """Typing on in a note that is in conflict: this person's side of it is what they now
    have, so 'keep mine' keeps the latest text, not the text when the conflict began."""
    alternatives = session.conflicts.get(question_id)
    if not alternatives or not author:
        return
    current = session.answers.get(question_id)
    note = current.note if current is not None else None
    updated = [
        replace(a, note=note, at=utc_now()) if is_writer(a.author, a.writer, author, writer) else a
        for a in alternatives
    ]
    session.conflicts = {**session.conflicts, question_id: updated}


def store_answer(session: Session, question_id: str, answer: Answer) -> None:
    """Put an answer in place (an empty one is removed); answers check themselves when built."""
    answers = dict(session.answers)
    if answer.is_empty:
        answers.pop(question_id, None)
    else:
        answers[question_id] = answer
    session.answers = answers
