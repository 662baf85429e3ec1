"""A comparison of two assessments as text, markdown or JSON, for `hiring-clarity compare`."""

from __future__ import annotations

from typing import Any

from tui.core.linked.compare import Comparison
from tui.core.session.models import Session
from tui.core.text import one_line
from tui.core.verdict.engine import Recommendation
from tui.core.verdict.wording import verdict_line


def who(session: Session) -> str:
    return one_line(session.assessor or "(no assessor)", 40) + f" [{session.id}]"


def verdict(rec: Recommendation) -> str:
    return verdict_line(rec)


def comparison_data(c: Comparison) -> dict[str, Any]:
    def side(session: Session, rec: Recommendation) -> dict[str, Any]:
        return {
            "id": session.id,
            "assessor": session.assessor,
            "role": rec.role,
            "role_name": rec.role_name,
            "confidence": rec.confidence,
            "answered": rec.answered,
            "total": rec.total,
            "done": session.done,
            "notes": session.notes,
        }

    return {
        "title": c.a.title,
        "a": side(c.a, c.rec_a),
        "b": side(c.b, c.rec_b),
        "same_verdict": c.rec_a.role == c.rec_b.role,
        "agreed_answers": c.agreed,
        "differences": [
            {
                "question": d.question_id,
                "prompt": d.prompt,
                "section": d.section,
                "a": d.answer_a,
                "b": d.answer_b,
                "note_a": d.note_a,
                "note_b": d.note_b,
                "flips": d.flips,
                "moves": d.moves,
            }
            for d in c.differences
        ],
    }


def render_text(c: Comparison) -> str:
    lines = [
        one_line(c.a.title),
        f"A  {who(c.a)}: {verdict(c.rec_a)}",
        f"B  {who(c.b)}: {verdict(c.rec_b)}",
        ("Same verdict." if c.rec_a.role == c.rec_b.role else "The verdicts differ.")
        + f" {c.agreed} answer(s) agree, {len(c.differences)} differ"
        + (" (most decisive first):" if c.differences else "."),
    ]
    for number, d in enumerate(c.differences, 1):
        lines += [
            "",
            f"{number}. {one_line(d.prompt)}  [{d.question_id}; {d.impact}]",
            f"   A: {one_line(d.answer_a)}",
            f"   B: {one_line(d.answer_b)}",
        ]
        lines += [f"   note {s}: {one_line(n)}" for s, n in (("A", d.note_a), ("B", d.note_b)) if n]
    return "\n".join(lines)


def _md(text: str) -> str:
    return one_line(text).replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def render_markdown(c: Comparison) -> str:
    out = [
        f"# Comparison: {_md(c.a.title)}",
        "",
        "| | Assessor | Verdict |",
        "| --- | --- | --- |",
        f"| A | {_md(who(c.a))} | {_md(verdict(c.rec_a))} |",
        f"| B | {_md(who(c.b))} | {_md(verdict(c.rec_b))} |",
        "",
        f"{c.agreed} answer(s) agree; {len(c.differences)} differ, most decisive first.",
        "",
    ]
    for number, d in enumerate(c.differences, 1):
        out += [
            f"## {number}. {_md(d.prompt)}",
            "",
            f"*{_md(d.section)}; {_md(d.impact)}*",
            "",
            f"- **A:** {_md(d.answer_a)}" + (f" (note: {_md(d.note_a)})" if d.note_a else ""),
            f"- **B:** {_md(d.answer_b)}" + (f" (note: {_md(d.note_b)})" if d.note_b else ""),
            "",
        ]
    return "\n".join(out).rstrip() + "\n"


def render(c: Comparison, fmt: str) -> str:
    if fmt == "json":
        import json

        return json.dumps(comparison_data(c), indent=2, ensure_ascii=True)
    return render_markdown(c) if fmt == "markdown" else render_text(c)
