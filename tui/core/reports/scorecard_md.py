"""The markdown scorecard a hiring committee reads: decision, role, reasons, skills with the
answers behind them, the interview plan, what is open, every answer, notes and contributors.

Everything a person typed goes through ``_md`` (or ``_md_block``): control characters become
visible escapes and markdown's own characters are escaped, so a note can neither move the
terminal's cursor nor add a heading, a link or a table cell to the document.
"""

from __future__ import annotations

import re
from typing import Any

from tui.core.bank.models import LEVELS, Bank
from tui.core.session.models import Session
from tui.core.text import one_line
from tui.core.verdict.wording import LEVEL_TITLES, STRENGTH_WORDS, flip_name, percent

_INLINE = re.compile(r"([`*_<|~]|\](?=[(\[:])|\\(?=[!-/:-@\[-`{-~]))")
"""Markdown's inline characters: emphasis, code, HTML, table cells, a ']' that would close a
link, and a backslash only where it would escape the next character (so the terminal escapes
``one_line`` shows, such as ``\\x1b]0;``, read as they are)."""
_BLOCK_START = re.compile(r"^([-+=#>\[]|\d+(?=[.)](?: |$)))")
"""What would start a list, a heading, a quote or a link definition at a line's start."""


def _md(text: str) -> str:
    """Text safe inside a markdown table cell, list item or heading: one line, escaped."""
    return _BLOCK_START.sub(_escape_start, _INLINE.sub(r"\\\1", one_line(text)))


def _escape_start(match: re.Match[str]) -> str:
    marker = match.group()
    return f"{marker}\\" if marker[0].isdigit() else f"\\{marker}"


def _md_block(text: str) -> list[str]:
    """Multi-line text as a blockquote whose lines can start no list, heading or rule."""
    lines = [_md(line) for line in text.split("\n")]
    return [f"> {line}" if line else ">" for line in lines]


def _facts(session: Session, data: dict[str, Any]) -> list[str]:
    facts = [
        ("Role being hired for", _md(session.role_title)),
        ("Contributors", ", ".join(_md(n) for n in data["contributors"])),
        ("Status", "marked done" if session.done else "in progress"),
        ("Answers as of", session.updated.strftime("%Y-%m-%d %H:%M UTC")),
        ("Question bank", _md(data["bank_version"])),
    ]
    out = [f"- **{k}:** {v}" for k, v in facts if v]
    if data["agreed"]:
        out += ["", f"*{_md(data['agreed'])}*"]
    return out


def _decision(data: dict[str, Any]) -> list[str]:
    names = data["role_names"]
    out = [
        "",
        "## Recommendation",
        "",
        f"**{_md(data['verdict'])}**: {STRENGTH_WORDS[data['strength']]} (confidence "
        f"{percent(data['confidence'])}; {data['answered']} of {data['total']} questions "
        "answered).",
        "",
        _md(data["message"]),
        "",
        "| Role | Points counted |",
        "| --- | --- |",
    ]
    out += [f"| {_md(names[r])} | {v:g} |" for r, v in data["scores"].items()]
    heading = "The role" if len(data["role_summaries"]) == 1 else "The two profiles"
    out += ["", f"### {heading}", ""]
    out += [f"- **{_md(r['name'])}:** {_md(r['summary'])}" for r in data["role_summaries"]]
    out += ["", "## Why", ""]
    if not data["reasons"]:
        out.append("- Not enough answers yet.")
    for section in data["why"]:
        if section["lines"]:
            out += [f"**{section['title']}**", ""]
            out += [f"- {_md(line)}" for line in section["lines"]]
            out.append("")
    return out[:-1] if out[-1] == "" else out


def _flip(flip_to: str, names: dict[str, str]) -> str:
    if flip_to == "none":
        return "Could leave it without a verdict"
    return f"Could flip it to {_md(flip_name(flip_to, names))}"


def _open(data: dict[str, Any]) -> list[str]:
    names = data["role_names"]
    out = ["", "## Open questions and what could still flip it", "", _md(data["could_change"])]
    flips = [s for s in data["open_swing"] if s["flip_to"]]
    rest = [s for s in data["open_swing"] if not s["flip_to"]]
    if flips:
        out.append("")
    out += [f"- {_md(s['prompt'])} **{_flip(s['flip_to'], names)}** on its own." for s in flips]
    if rest:  # listed under "Questions and answers" as not answered: one line here is enough
        other = "other " if flips else ""
        out += [
            "",
            f"{len(rest)} {other}open question{'s' if len(rest) != 1 else ''} could not "
            'change it on its own; each is marked "(not answered)" under Questions and answers.',
        ]
    if data["contradictions"]:
        out += [
            "",
            "### Contradictions",
            "",
            "These answers cannot both be true: settle which one is, then change the other. "
            "Neither counts until then.",
            "",
        ]
        out += [
            f"- {_md(c['first_answer'])} / {_md(c['second_answer'])}: {_md(c['why'])}"
            for c in data["contradictions"]
        ]
    return out


def _skills(data: dict[str, Any]) -> list[str]:
    out = ["", "## Required Python backend skills", ""]
    if not data["skills"]:
        return [*out, "No skills required yet: answer more questions."]
    for level in LEVELS:
        skills = [s for s in data["skills"] if s["level"] == level]
        if not skills:
            continue
        out += [f"### {LEVEL_TITLES[level]}", ""]
        for skill in skills:
            ranked = " (ranked a priority)" if skill["priority"] else ""
            out.append(
                f"- **{_md(skill['name'])}** ({_md(skill['group'])}){ranked}: "
                f"{_md(skill['description'])}"
            )
            out.append(f"  - Because: {'; '.join(_md(b) for b in skill['because'])}")
        out.append("")
    return out[:-1]


def _plan(data: dict[str, Any]) -> list[str]:
    out = ["", "## Interview plan", ""]
    if not data["interview_plan"]:
        return [*out, "No must-have skills yet: answer more questions to plan the interviews."]
    out += [
        "Each must-have skill, the interview step that tests it, and what to look for.",
        "",
        "| Must-have skill | Interview step | What to look for |",
        "| --- | --- | --- |",
    ]
    out += [
        f"| {_md(p['name'])} | {_md(p['step_name'])} | {_md(p['look_for'])} |"
        for p in data["interview_plan"]
    ]
    return out


def _answers(data: dict[str, Any]) -> list[str]:
    out = ["", "## Questions and answers"]
    criterion = None
    for row in data["answers"]:
        if row["criterion"] != criterion:
            criterion = row["criterion"]
            out += ["", f"### {_md(criterion or 'Retired questions')}", ""]
        out.append(f"- {_md(row['prompt'])}: **{_md(row['answer'])}**")
        if row["note"]:
            out.append(f"  - Note: {_md(row['note'])}")
    return out


def _not_kept(data: dict[str, Any]) -> list[str]:
    """Values a settled conflict did not keep, every word: what the committee should know was
    weighed and set aside."""
    if not data["not_kept"]:
        return []
    out = ["", "## Not kept when a conflict was settled", ""]
    for row in data["not_kept"]:
        who = _md(row["author"] or "someone")
        by = _md(row["settled_by"] or "someone")
        out.append(
            f"- {_md(row['prompt'])}: {who}'s value, not kept by {by} ({row['settled'][:10]})"
        )
        if row["answer"]:
            out.append(f"  - Answer: {_md(row['answer'])}")
        if row["note"]:
            out.append(f"  - Note: {_md(row['note'])}")
    return out


def scorecard_markdown(bank: Bank, session: Session, data: dict[str, Any]) -> str:
    """The scorecard of ``session``, from its ``report_data``."""
    out = [f"# Role scorecard: {_md(session.title)}", "", *_facts(session, data)]
    out += _decision(data) + _open(data) + _skills(data) + _plan(data) + _answers(data)
    out += _not_kept(data)
    out += ["", "## Overall notes", ""]
    out += _md_block(session.notes) if session.notes.strip() else ["None."]
    out += [
        "",
        "---",
        "",
        f"*Scorecard from hiring-clarity, question bank {_md(bank.version)}; answers as of "
        f"{session.updated.strftime('%Y-%m-%d %H:%M UTC')}.*",
    ]
    return "\n".join(out) + "\n"


md_text = _md
"""For the other documents (``tui.core.reports.handouts``): the same escaping as the scorecard."""
md_quote = _md_block
