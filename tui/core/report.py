"""Reports of an assessment: JSON for tools, plain text for the terminal, a markdown scorecard.

All three are built from the same ``report_data`` so they can never disagree.
"""

from __future__ import annotations

from typing import Any

from tui.core.agreed import agreed_line
from tui.core.bank import LEVELS, Bank
from tui.core.engine import Recommendation, recommend
from tui.core.session import Session, retired_answers, unanswered
from tui.core.text import one_line

LEVEL_TITLES = {"must": "Must have", "should": "Should have", "nice": "Nice to have"}
STRENGTH_WORDS = {
    "strong": "strong evidence",
    "moderate": "moderate evidence",
    "either": "strong evidence both ways",
    "none": "too little evidence to choose",
}


def report_data(bank: Bank, session: Session, rec: Recommendation | None = None) -> dict[str, Any]:
    rec = rec or recommend(bank, session.answers)
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
        "scores": rec.scores,
        "role_names": rec.names,
        "skills": [
            {"id": s.id, "name": s.name, "group": s.group, "level": s.level, "because": s.because,
             "priority": s.priority}
            for s in rec.skills
        ],
        "open_swing": [
            {"question": s.question_id, "prompt": s.prompt, "flip_to": s.flip_to,
             "swing": s.swing}
            for s in rec.open_swing
        ],
        "contradictions": [
            {"first": c.first, "first_answer": c.first_answer, "second": c.second,
             "second_answer": c.second_answer, "why": c.why}
            for c in rec.contradictions
        ],
        "reasons": [
            {"question": r.question_id, "answer": r.answer, "toward": r.toward,
             "weight": r.weight, "text": r.text}
            for r in rec.reasons
        ],
        "answered": rec.answered,
        "total": rec.total,
        "unanswered": [q.id for q in unanswered(bank, session.answers)],
        "retired": sorted(retired_answers(bank, session)),
        "notes": session.notes,
        "done": session.done,
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
        f"Recommendation: {data['role_name']} ({STRENGTH_WORDS[data['strength']]}, "
        f"confidence {data['confidence']:.0%})",
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
    if data["reasons"]:
        lines.append("Why:")
        lines += [f"  - {one_line(r['text'])}" for r in data["reasons"]]
    flips = [s for s in data["open_swing"] if s["flip_to"]]
    if flips:
        lines.append("Could still flip it:")
        lines += [f"  - {flip_line(s, data['role_names'])}" for s in flips]
    if data["contradictions"]:
        lines.append("Contradictions (set aside until one answer changes):")
        lines += [f"  - {one_line(c['why'])}" for c in data["contradictions"]]
    return "\n".join(lines)


def flip_summary(rec: Recommendation) -> str:
    """'Settled', how many open questions could still change the verdict, or, with no
    verdict yet, that no single answer decides it."""
    flips = len(rec.could_flip)
    if not rec.open_swing:
        return "Settled: every question is answered."
    if flips:
        return f"{flips} open question{'s' if flips != 1 else ''} could change this."
    if rec.role is None:
        return f"No single answer decides it yet: {len(rec.open_swing)} questions are open."
    return "Settled: no open question could change this on its own."


def flip_name(flip_to: str, names: dict[str, str]) -> str:
    return names.get(flip_to, "no verdict yet")


def flip_line(swing: dict[str, Any], names: dict[str, str]) -> str:
    return (f"{one_line(swing['prompt'])} (could flip to {flip_name(swing['flip_to'], names)}; "
            f"swing {swing['swing']:.0%})")


def _md(text: str) -> str:
    """Text safe inside a markdown table cell or list item."""
    return one_line(text).replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def render_markdown(bank: Bank, session: Session) -> str:
    """The role scorecard a hiring manager pastes into a hiring document."""
    data = report_data(bank, session)
    out = [f"# Role scorecard: {_md(session.title)}", ""]
    facts = [("Role being hired for", session.role_title), ("Assessed by", session.assessor),
             ("Last updated", session.updated.strftime("%Y-%m-%d %H:%M UTC")),
             ("Question bank", bank.version)]
    out += [f"- **{k}:** {_md(v)}" for k, v in facts if v]
    if data["agreed"]:
        out += ["", f"*{_md(data['agreed'])}*"]
    out += ["", "## Recommendation", "",
            f"**{data['role_name']}** ({STRENGTH_WORDS[data['strength']]}), confidence "
            f"{data['confidence']:.0%} ({data['answered']} of {data['total']} questions "
            "answered).", "",
            _md(data["message"]), "", _md(data["could_change"]), "",
            "| Role | Probability (points) |", "| --- | --- |"]
    out += [f"| {data['role_names'][r]} | {data['probabilities'][r]:.0%} ({v:g}) |"
            for r, v in data["scores"].items()]
    flips = [s for s in data["open_swing"] if s["flip_to"]]
    if flips:
        out += ["", "## What could still flip it", ""]
        out += [f"- {_md(flip_line(s, data['role_names']))}" for s in flips]
    if data["contradictions"]:
        out += ["", "## Contradictions", "",
                "These answers cannot both be true; neither counts until one is changed.", ""]
        out += [f"- {_md(c['first_answer'])} / {_md(c['second_answer'])}: {_md(c['why'])}"
                for c in data["contradictions"]]
    out += ["", "## Required Python backend skills", ""]
    if data["skills"]:
        out += ["| Level | Skill | Group | Because |", "| --- | --- | --- | --- |"]
        out += [
            f"| {LEVEL_TITLES[s['level']]} | {_md(s['name'])} | {_md(s['group'])} | "
            f"{_md('; '.join(s['because'][:3]))} |"
            for s in data["skills"]
        ]
    else:
        out.append("No skills required yet: answer more questions.")
    out += ["", "## Why", ""]
    out += [f"- {_md(r['text'])}" for r in data["reasons"]] or ["- Not enough answers yet."]
    notes = [(q, a.note) for q, a in session.answers.items() if a.note]
    if session.notes or notes:
        out += ["", "## Notes", ""]
        if session.notes:
            out += [_md(session.notes), ""]
        for qid, note in notes:
            question = bank.question(qid)
            out.append(f"- *{_md(question.prompt if question else qid)}* {_md(note or '')}")
    if data["unanswered"]:
        out += ["", "## Still open", ""]
        out += [f"- {_md(q.prompt)}" for q in unanswered(bank, session.answers)]
    return "\n".join(out) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}


def render(bank: Bank, session: Session, fmt: str) -> str:
    return RENDERERS[fmt](bank, session)
