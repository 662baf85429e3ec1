"""Reports of an assessment: JSON for tools, plain text for the terminal, a markdown scorecard.

All three are built from the same ``report_data`` so they can never disagree.
"""

from __future__ import annotations

from typing import Any

from tui.core.bank.models import LEVELS, Bank
from tui.core.linked.agreed import agreed_line
from tui.core.reports.scorecard import (
    answers_data,
    contributors,
    interview_plan,
    not_kept_data,
    role_summaries,
)
from tui.core.reports.scorecard_md import scorecard_markdown
from tui.core.session.answering import retired_answers, unanswered
from tui.core.session.models import Session
from tui.core.text import one_line
from tui.core.verdict.engine import Recommendation, recommend
from tui.core.verdict.wording import (
    LEVEL_TITLES,
    STRENGTH_WORDS,
    flip_name,
    flip_summary,
    percent,
    why_sections,
)


def report_data(bank: Bank, session: Session, rec: Recommendation | None = None) -> dict[str, Any]:
    rec = rec or recommend(bank, session.answers)
    descriptions = {s.id: d.description for s in rec.skills if (d := bank.skill(s.id))}
    return {
        "title": session.title,
        "role_title": session.role_title,
        "assessor": session.assessor,
        "updated": session.updated.isoformat(),
        "bank_version": bank.version,
        "role": rec.role,
        "role_name": rec.role_name,
        "verdict": rec.headline,
        "strength": rec.strength,
        "confidence": rec.confidence,
        "probabilities": {r: round(p, 4) for r, p in rec.probabilities.items()},
        "message": rec.message,
        "could_change": flip_summary(rec),
        "settled": rec.settled.settled,
        "open_criteria": rec.open_criteria,
        "scores": rec.scores,
        "work_points": rec.work_points,
        "setting_points": rec.setting_points,
        "setting_counted": rec.setting_counted,
        "framework_not_flask": rec.not_flask,
        "role_names": rec.names,
        "role_summaries": [{"name": n, "summary": s} for n, s in role_summaries(bank, rec)],
        "skills": [
            {
                "id": s.id,
                "name": s.name,
                "group": s.group,
                "level": s.level,
                "because": s.because,
                "priority": s.priority,
                "description": descriptions.get(s.id, ""),
            }
            for s in rec.skills
        ],
        "interview_plan": [
            {
                "skill": p.skill_id,
                "name": p.skill,
                "step": p.step,
                "step_name": p.step_name,
                "look_for": p.look_for,
            }
            for p in interview_plan(bank, rec)
        ],
        "open_swing": [
            {"question": s.question_id, "prompt": s.prompt, "flip_to": s.flip_to, "swing": s.swing}
            for s in rec.open_swing
        ],
        "contradictions": [
            {
                "first": c.first,
                "first_answer": c.first_answer,
                "second": c.second,
                "second_answer": c.second_answer,
                "why": c.why,
            }
            for c in rec.contradictions
        ],
        "reasons": [
            {
                "question": r.question_id,
                "answer": r.answer,
                "toward": r.toward,
                "weight": r.weight,
                "text": r.text,
            }
            for r in rec.reasons
        ],
        "counter": [
            {"question": r.question_id, "answer": r.answer, "toward": r.toward, "weight": r.weight}
            for r in rec.counter
        ],
        "uncounted": [
            {"question": u.item.question_id, "answer": u.item.label, "why": u.why}
            for u in rec.uncounted
        ],
        "why": [{"title": t, "lines": lines} for t, lines in why_sections(rec)],
        "answered": rec.answered,
        "total": rec.total,
        "unanswered": [q.id for q in unanswered(bank, session.answers)],
        "retired": sorted(retired_answers(bank, session)),
        "answers": answers_data(bank, session),
        "not_kept": not_kept_data(bank, session),
        "notes": session.notes,
        "done": session.done,
        "contributors": contributors(session),
        "agreed_from": session.link.agreed_from if session.link else [],
        "agreed": agreed_line(session),
    }


def render_json(bank: Bank, session: Session) -> str:
    import json  # here, not at the top: the app imports this module at start

    # ASCII escapes keep control characters in user text from reaching a terminal raw; DEL is
    # the one json leaves as it is.
    text = json.dumps(report_data(bank, session), indent=2, ensure_ascii=True)
    return text.replace("\x7f", "\\u007f")


def render_text(bank: Bank, session: Session) -> str:
    data = report_data(bank, session)
    lines = [
        one_line(session.title),
        f"Recommendation: {data['verdict']} ({STRENGTH_WORDS[data['strength']]}, "
        f"confidence {percent(data['confidence'])})",
        data["message"],
        data["could_change"],
        "Scores: " + ", ".join(f"{data['role_names'][r]} {v:g}" for r, v in data["scores"].items()),
        f"Answered: {data['answered']} of {data['total']}",
    ]
    if data["agreed"]:
        lines.append(data["agreed"])
    if session.notes:
        lines.append(f"Overall notes: {one_line(session.notes)}")
    for level in LEVELS:
        names = [one_line(s["name"]) for s in data["skills"] if s["level"] == level]
        if names:
            lines.append(f"{LEVEL_TITLES[level]}: " + "; ".join(names))
    if data["interview_plan"]:
        lines.append("Interview plan:")
        lines += [
            f"  - {p['step_name']}: {one_line(p['name'])} \u2014 {one_line(p['look_for'])}"
            for p in data["interview_plan"]
        ]
    if data["reasons"] or data["counter"] or data["uncounted"]:
        lines.append("Why:")
        for section in data["why"]:
            if section["lines"]:
                lines.append(f"  {section['title']}:")
                lines += [f"  - {line}" for line in section["lines"]]
    flips = [s for s in data["open_swing"] if s["flip_to"]]
    if flips:
        lines.append("Could still flip it:")
        lines += [f"  - {flip_line(s, data['role_names'])}" for s in flips]
    if data["contradictions"]:
        lines.append("Contradictions (set aside until one answer changes):")
        lines += [f"  - {one_line(c['why'])}" for c in data["contradictions"]]
    if data["not_kept"]:
        lines.append("Not kept when a conflict was settled:")
        lines += [f"  - {not_kept_line(row)}" for row in data["not_kept"]]
    return "\n".join(lines)


def not_kept_line(row: dict[str, Any]) -> str:
    """One value a settle did not keep, whole: the question, whose, what, who kept another."""
    value = "; ".join(
        part for part in (row["answer"], row["note"] and f"note: {row['note']}") if part
    )
    return (
        f"{one_line(row['prompt'])}: {one_line(row['author'] or 'someone')}'s {one_line(value)} "
        f"(not kept by {one_line(row['settled_by'] or 'someone')}, {row['settled'][:16]} UTC)"
    )


def flip_line(swing: dict[str, Any], names: dict[str, str]) -> str:
    target = flip_name(swing["flip_to"], names)
    return f"{one_line(swing['prompt'])} (one answer could make it: {target})"


def render_markdown(bank: Bank, session: Session) -> str:
    """The role scorecard a hiring committee reads (``tui.core.reports.scorecard_md``)."""
    return scorecard_markdown(bank, session, report_data(bank, session))


def render_brief(bank: Bank, session: Session) -> str:
    """The one-page brief for a hiring committee (``tui.core.reports.handouts.brief``)."""
    from tui.core.reports.handouts.brief import brief_markdown

    return brief_markdown(bank, session, report_data(bank, session))


def render_job(bank: Bank, session: Session) -> str:
    """A job description draft for a recruiter (``tui.core.reports.handouts.job``)."""
    from tui.core.reports.handouts.job import job_markdown

    return job_markdown(bank, session, report_data(bank, session))


RENDERERS = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "brief": render_brief,
    "job": render_job,
}
"""Every format ``report --format`` and the app's export offer."""


def render(bank: Bank, session: Session, fmt: str) -> str:
    return RENDERERS[fmt](bank, session)
