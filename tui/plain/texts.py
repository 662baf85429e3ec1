"""What plain mode prints: a question with its numbered options, an answer, the status, help."""

from __future__ import annotations

from tui.core.assessment import Assessment
from tui.core.bank.models import Bank, Question, ScaleQuestion
from tui.core.session.answering import describe_answer, is_complete, progress, unanswered
from tui.core.session.models import Answer
from tui.core.text import one_line
from tui.core.verdict.evidence import answer_label
from tui.core.verdict.wording import confidence_text, flip_summary, why_sections

HELP = (
    "At a question:",
    "  a number        choose that option (several, e.g. 1 3, where more than one may be ticked)",
    "  Enter or n      keep the answer and go to the next question",
    "  p               previous question",
    "  g [NUMBER]      go to a question (g alone lists them)",
    "  note [TEXT]     a note on the question just answered, else the one shown (- clears it)",
    "  clear           clear this question's answer",
    "  r or again      show the question again",
    "Any time:",
    "  s               status: verdict, confidence, must-have skills, what is open",
    "  notes [TEXT]    overall notes on the whole assessment (- clears them)",
    "  done            mark the assessment done (or open again)",
    "  h or ?          this help",
    "  q               quit (everything is already saved; end of input quits too)",
)


def answer_text(question: Question, answer: Answer | None) -> str:
    """An answer as the options are numbered: '2. Label' (or several), '4/5 (high end)'."""
    if answer is None or not answer.is_answered:
        return "none yet"
    if not is_complete(question, answer):
        return f"{describe_answer(answer)} (retired: kept from an older question bank)"
    if isinstance(question, ScaleQuestion):
        return answer_label(question, answer)
    chosen = [answer.choice] if answer.choice is not None else list(answer.choices or [])
    return "; ".join(
        f"{n}. {one_line(o.label)}" for n, o in enumerate(question.options, 1) if o.id in chosen
    )


def question_lines(
    bank: Bank, question: Question, number: int, total: int, answers: dict[str, Answer]
) -> list[str]:
    criterion = bank.criterion_of(question.id)
    section = bank.criteria.index(criterion) + 1 if criterion else 0
    done = progress(bank, answers, criterion.id if criterion else None)
    lines = [
        f"Section {section} of {len(bank.criteria)}: "
        f"{one_line(criterion.title if criterion else '')}"
        f" ({done.answered} of {done.total} answered)",
        f"Question {number} of {total}: {one_line(question.prompt)}",
    ]
    if question.help:
        lines.append(f"  {one_line(question.help)}")
    if isinstance(question, ScaleQuestion):
        lines.append(f"  Scale 1 to 5: 1 = {one_line(question.low)}, 5 = {one_line(question.high)}")
    else:
        if question.kind == "multi":
            lines.append("  Choose any number of these (e.g. 1 3):")
        lines += [f"  {n}. {one_line(o.label)}" for n, o in enumerate(question.options, 1)]
    answer = answers.get(question.id)
    lines.append(f"Current answer: {answer_text(question, answer)}")
    if answer is not None and answer.note:
        lines.append(f"Note: {one_line(answer.note)}")
    return lines


def status_lines(assessment: Assessment) -> list[str]:
    rec = assessment.recommendation
    bank, session = assessment.bank, assessment.session
    lines = [
        f"Verdict: {rec.headline}, {confidence_text(rec)}",
        flip_summary(rec),
        one_line(rec.message),
        f"Answered {rec.answered} of {rec.total}; "
        + ("marked done." if session.done else "not marked done."),
    ]
    must = [one_line(s.name) for s in rec.skills_at("must")]
    if must:
        lines.append("Must have: " + "; ".join(must))
    for title, texts in why_sections(rec):
        if texts:
            lines.append(f"{'Why' if title == 'For' else title}: " + "; ".join(texts[:3]))
    left = unanswered(bank, session.answers)
    if left:
        lines.append(
            f"Still open ({len(left)}): "
            + "; ".join(one_line(q.prompt, 60) for q in left[:3])
            + ("; ..." if len(left) > 3 else "")
        )
    if session.notes:
        lines.append(f"Overall notes: {one_line(session.notes)}")
    return lines


def question_place(bank: Bank, qid: str, visible: list[Question]) -> str:
    """'question 3: What is ...': where a note goes, said back to the person who typed it."""
    question = bank.question(qid)
    if question is None or question not in visible:
        return one_line(qid, 70)
    return f"question {visible.index(question) + 1}: {one_line(question.prompt, 70)}"
