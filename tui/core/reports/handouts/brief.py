"""The one-page brief: what a hiring committee reads first, at most ``MAX_LINES`` lines (each
part is bounded: a few reasons, a few open items, the start of the notes).

The decision in words, the must-have skills with the interview step that tests each, the two
or three reasons that decided it, what is still open, who assessed and the overall notes. The
full scorecard has the rest; the brief says so wherever it cuts.
"""

from __future__ import annotations

from typing import Any

from tui.core.bank.models import Bank
from tui.core.reports.scorecard_md import md_quote, md_text
from tui.core.session.models import Session
from tui.core.verdict.wording import STRENGTH_WORDS, flip_name, percent

MAX_LINES = 80
REASONS = 3
OPEN_ITEMS = 4
NOTE_LINES = 12
NOTE_CHARS = 1200


def brief_markdown(bank: Bank, session: Session, data: dict[str, Any]) -> str:
    """The brief of ``session``, from its ``report_data``."""
    out = [f"# Hiring brief: {md_text(session.title)}", ""]
    out += _who(session, data)
    out += _decision(data) + _must_haves(data) + _reasons(bank, data) + _still_open(data)
    out += _notes(session)
    out += [
        "",
        f"*Brief from hiring-clarity, question bank {md_text(bank.version)}. The full role "
        "scorecard (`report --format markdown`) has every skill, answer and note.*",
    ]
    return "\n".join(out) + "\n"


def _who(session: Session, data: dict[str, Any]) -> list[str]:
    facts = [
        ("Role", md_text(session.role_title)),
        ("Assessed by", ", ".join(md_text(n) for n in data["contributors"][:6])),
        ("Status", "marked done" if session.done else "in progress"),
        ("Answers as of", session.updated.strftime("%Y-%m-%d %H:%M UTC")),
    ]
    out = [" \u00b7 ".join(f"**{k}:** {v}" for k, v in facts if v)]
    if data["agreed"]:
        out += ["", f"*{md_text(data['agreed'])}*"]
    return out


def _decision(data: dict[str, Any]) -> list[str]:
    return [
        "",
        "## Decision",
        "",
        f"**{md_text(data['verdict'])}**: {STRENGTH_WORDS[data['strength']]}, confidence "
        f"{percent(data['confidence'])}, {data['answered']} of {data['total']} questions "
        "answered.",
        md_text(data["message"]),
    ]


def _must_haves(data: dict[str, Any]) -> list[str]:
    out = ["", "## Must-have skills and how to test them", ""]
    if not data["interview_plan"]:
        return [*out, "None yet: no skill is a must-have on these answers."]
    out += ["| Must-have skill | Interview step | Look for |", "| --- | --- | --- |"]
    out += [
        f"| {md_text(p['name'])} | {md_text(p['step_name'])} | {md_text(p['look_for'])} |"
        for p in data["interview_plan"]
    ]
    return out


def _reasons(bank: Bank, data: dict[str, Any]) -> list[str]:
    """The answers that weighed most, in words a committee reads: the question, the answer,
    the profile it favours (the points are in the scorecard)."""
    out = ["", "## What decided it", ""]
    lines = []
    for reason in data["reasons"][:REASONS]:
        question = bank.question(reason["question"])
        prompt = question.prompt if question is not None else reason["question"]
        favours = data["role_names"].get(reason["toward"], reason["toward"])
        lines.append(
            f"- *{md_text(prompt)}* {md_text(reason['answer'])}: favours the {md_text(favours)}."
        )
    return out + (lines or ["- Not enough answers yet."])


def _still_open(data: dict[str, Any]) -> list[str]:
    names = data["role_names"]
    items = [
        f"- {md_text(s['prompt'])}: could flip it to {md_text(flip_name(s['flip_to'], names))}."
        for s in data["open_swing"]
        if s["flip_to"]
    ]
    items += [
        f"- Contradiction to settle: {md_text(c['first_answer'])} / {md_text(c['second_answer'])}."
        for c in data["contradictions"]
    ]
    unanswered = len(data["unanswered"])
    out = ["", "## Still open", "", md_text(data["could_change"])]
    if data["open_criteria"]:
        looked = ", ".join(md_text(c) for c in data["open_criteria"])
        out += ["", f"Not looked at yet (no answer at all): {looked}."]
    if items:
        out += ["", *items[:OPEN_ITEMS]]
    if len(items) > OPEN_ITEMS:
        out.append(f"- \u2026 and {len(items) - OPEN_ITEMS} more (see the scorecard).")
    if unanswered:
        out += ["", f"{unanswered} question{'s' if unanswered != 1 else ''} not answered."]
    return out


def _notes(session: Session) -> list[str]:
    out = ["", "## Overall notes", ""]
    if not session.notes.strip():
        return [*out, "None."]
    notes = session.notes.strip()
    lines = md_quote(notes[:NOTE_CHARS])
    if len(lines) > NOTE_LINES or len(notes) > NOTE_CHARS:
        lines = [*lines[:NOTE_LINES], "> \u2026 (continued in the scorecard)"]
    return out + lines
