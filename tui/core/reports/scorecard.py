"""What a hiring committee's scorecard adds to the verdict: the interview plan for the
must-have skills, every question with its answer and note, and who contributed.

Plain data, shared by the JSON report, the markdown scorecard and the summary screen, so
they can never disagree. The steps and what to look for are the bank's (questions/skills.toml).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.core.bank.models import Bank, ChoiceQuestion, Question
from tui.core.bank.types import InterviewStep
from tui.core.session.answering import answer_fits, describe_answer, visible_questions
from tui.core.session.models import Answer, Session
from tui.core.verdict.engine import Recommendation
from tui.core.verdict.evidence import answer_label

STEP_NAMES: dict[InterviewStep, str] = {
    "work-sample": "Work sample",
    "architecture-review": "Architecture review",
    "environment-discussion": "Discussion of your environment",
}
"""The interview steps of the article's FAQ, in the order a loop usually runs them."""
NO_STEP = "Not planned: add a step for it in questions/skills.toml"
NOT_ANSWERED = "(not answered)"


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One must-have skill, the interview step that tests it and what to look for there."""

    skill_id: str
    skill: str
    step: InterviewStep | None
    look_for: str

    @property
    def step_name(self) -> str:
        return STEP_NAMES[self.step] if self.step else NO_STEP


def interview_plan(bank: Bank, rec: Recommendation) -> list[PlanItem]:
    """The must-have skills ordered by step (work sample first), each with what to look for:
    the skill's own step and words, else its group's."""
    plan = []
    for required in rec.skills_at("must"):
        skill, group = bank.skill(required.id), bank.group_of(required.id)
        step = (skill.step if skill else None) or (group.step if group else None)
        look_for = (skill.look_for if skill else "") or (group.look_for if group else "")
        plan.append(PlanItem(required.id, required.name, step, look_for))
    order = list(STEP_NAMES)
    return sorted(plan, key=lambda p: order.index(p.step) if p.step else len(order))


def shown_answer(question: Question, answer: Answer | None) -> str:
    """An answer in the bank's words, '(not answered)', or the raw value of a retired one."""
    if answer is None or not answer.is_answered:
        return NOT_ANSWERED
    if not answer_fits(question, answer):
        return f"{describe_answer(answer)} (retired: kept from an older question bank)"
    if isinstance(question, ChoiceQuestion) and answer.choices:  # labels may hold commas
        return "; ".join(o.label for o in question.options if o.id in answer.choices)
    return answer_label(question, answer)


def answers_data(bank: Bank, session: Session) -> list[dict[str, Any]]:
    """Every question the assessment shows, in bank order, with its answer and note; then
    answers to questions the bank no longer has (kept, never dropped)."""
    rows = []
    for question in visible_questions(bank, session.answers):
        answer = session.answers.get(question.id)
        criterion = bank.criterion_of(question.id)
        rows.append(
            {
                "question": question.id,
                "criterion": criterion.title if criterion else "",
                "prompt": question.prompt,
                "answer": shown_answer(question, answer),
                "answered": answer is not None and answer.is_answered,
                "note": (answer.note or "") if answer else "",
            }
        )
    for qid, answer in session.answers.items():
        if bank.question(qid) is None and not answer.is_empty:
            rows.append(
                {
                    "question": qid,
                    "criterion": "",
                    "prompt": qid,
                    "answer": f"{describe_answer(answer)} (retired)",
                    "answered": answer.is_answered,
                    "note": answer.note or "",
                }
            )
    return rows


def not_kept_data(bank: Bank, session: Session) -> list[dict[str, Any]]:
    """Every value a settled conflict did not keep, in full: whose it was, who chose the other
    value and when. A committee sees what was weighed, not only what won."""
    rows = []
    for qid, entries in session.not_kept.items():
        question = bank.question(qid)
        for entry in entries:
            answer = entry.answer
            rows.append(
                {
                    "question": qid,
                    "prompt": question.prompt if question else qid,
                    "answer": shown_answer(question, answer)
                    if question and answer.is_answered
                    else "",
                    "note": answer.note or "",
                    "author": entry.author,
                    "written": entry.at.isoformat(),
                    "settled_by": entry.settled_by,
                    "settled": entry.settled_at.isoformat(),
                }
            )
    return rows


def contributors(session: Session) -> list[str]:
    """Everyone whose judgement is in this assessment: the assessor, the independent assessors
    an agreed session was settled from, whoever last changed an answer or a note (a pairing
    session), and the authors of answers in conflict or not kept when one was settled."""
    names = [session.assessor]
    if session.link is not None:
        if session.assessor == ", ".join(session.link.assessors):
            names = []  # settled: its assessor is the assessors' names, listed one by one next
        names += session.link.assessors
    names += [
        name for answer in session.answers.values() for name in (answer.by, answer.note_by) if name
    ]
    names += [a.author for sides in session.conflicts.values() for a in sides]
    names += [a.author for entries in session.not_kept.values() for a in entries]
    return list(dict.fromkeys(n for n in names if n.strip()))


def role_summaries(bank: Bank, rec: Recommendation) -> list[tuple[str, str]]:
    """(name, summary) of the recommended role; both roles when the verdict names neither."""
    roles = [r for r in bank.meta.roles if r.id == rec.role] or bank.meta.roles
    return [(r.name, r.summary) for r in roles]
