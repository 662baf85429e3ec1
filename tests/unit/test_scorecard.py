"""The scorecard a hiring committee reads: a golden file of the markdown for a frozen agreed
session, the interview plan as bank data, the JSON's answers, and escaping of what people typed.

Update the golden file on purpose with ``HC_UPDATE_GOLDEN=1 pytest tests/unit/test_scorecard.py``
and read the diff before committing it.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path

import pytest

from tui.core.bank.loading import load_bank
from tui.core.bank.models import Bank
from tui.core.errors import BankError
from tui.core.reports.report import render_json, render_markdown
from tui.core.reports.scorecard import NO_STEP, interview_plan
from tui.core.session.models import Answer, Session
from tui.core.storage.reading import read_session
from tui.core.verdict.engine import recommend
from tui.screens.summary import SummaryScreen

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SESSION = FIXTURES / "scorecard-session.toml"
EXPECTED = FIXTURES / "scorecard-expected.md"
UPDATE = "HC_UPDATE_GOLDEN"


def test_scorecard_markdown_matches_the_golden_file(bank: Bank) -> None:
    """The whole scorecard of a frozen agreed session, byte for byte: any change to what a
    committee reads shows here as a diff."""
    actual = render_markdown(bank, read_session(SESSION))
    if os.environ.get(UPDATE):
        EXPECTED.write_text(actual, encoding="utf-8")
    expected = EXPECTED.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=str(EXPECTED),
            tofile="rendered now",
        )
    )
    assert actual == expected, f"scorecard changed (set {UPDATE}=1 to accept):\n{diff}"


def test_golden_scorecard_has_what_a_committee_asks_for() -> None:
    """Decision and strength, role summary, reasons, skills with descriptions and answers,
    an interview plan with steps, what is open, every answer and note, contributors, the
    agreed line, overall notes, date and bank version: checked in the golden file itself."""
    md = EXPECTED.read_text(encoding="utf-8")
    for needle in (
        "**Recommend Backend generalist**: strong evidence",
        "### The role\n\n- **Backend generalist:** Spans services",
        "## Why\n\n**For**\n\n- Modernize a large legacy",
        "- **Infrastructure as code (Terraform, Helm)** (Platform and cloud): Describe",
        "  - Because: More than one cloud",
        "| Service boundaries and strangler migration | Architecture review | Cuts services",
        "| Discussion of your environment |",
        "## Open questions and what could still flip it\n\nNot settled",
        "  - Note: Board wants the monolith split before the audit in Q3.",
        "How sensitive is the data this system will store or process?: **Regulated",
        "Which of these mandates will the hire have to work within?: **A compliance regime "
        "(SOC 2, HIPAA, PCI DSS, ISO 27001); Company-wide SSO",
        "- **Contributors:** Dana Lead, Ann\\_Example, Bo Reviewer",
        "*Agreed from 2 independent assessments by Ann\\_Example, Bo Reviewer",
        "## Overall notes\n\n> Agreed in the hiring committee on 21 Nov.",
        "- **Answers as of:** 2026-11-21 11:30 UTC",
        "question bank 3.0.0",
        "### Retired questions\n\n- retired-question: **gone (retired)**",
    ):
        assert needle in md, needle


def test_hostile_text_adds_no_markdown_structure(bank: Bank) -> None:
    """A note or overall note cannot add a heading, list, quote, link, HTML or table cell,
    and terminal escapes are shown, not obeyed."""
    hostile = (
        "x\n# Hired!\n- item\n1. first\n> quote\n[a]: http://evil\n<b>bold</b> | [l](u) \x1b[2J"
    )
    session = Session(
        title="T", notes=hostile, answers={"primary-outcome": Answer(choice="mvp", note=hostile)}
    )
    md = render_markdown(bank, session)
    lines = md.splitlines()
    assert "\x1b" not in md and "\\x1b[2J" in md
    assert not any(
        re.match(r"(> )?(# Hired|- item|1\. first|> quote|\[a\]:)", line) for line in lines
    )
    assert not re.search(r"(?<!\\)<b>", md) and "[l](u)" not in md
    assert "> \\# Hired!" in lines and "> 1\\. first" in lines
    assert (
        "  - Note: x # Hired! - item 1. first > quote [a\\]: http://evil \\<b>bold\\</b> "
        "\\| [l\\](u) \\x1b[2J" in lines
    )


def test_json_carries_answers_notes_plan_and_contributors(bank: Bank) -> None:
    data = json.loads(render_json(bank, read_session(SESSION)))
    rows = {row["question"]: row for row in data["answers"]}
    assert rows["primary-outcome"]["answer"] == "Modernize a large legacy or enterprise platform"
    assert rows["primary-outcome"]["note"].startswith("Board wants")
    assert rows["time-horizon"]["answer"].startswith("5/5")
    assert rows["retired-question"]["answer"] == "gone (retired)"
    assert data["contributors"] == ["Dana Lead", "Ann_Example", "Bo Reviewer"]
    assert data["role_summaries"][0]["name"] == "Backend generalist"
    plan = data["interview_plan"]
    assert {p["step"] for p in plan} <= {
        "work-sample",
        "architecture-review",
        "environment-discussion",
    }
    assert [p["skill"] for p in plan if p] and all(p["look_for"] for p in plan)
    assert all(s["description"] for s in data["skills"])


def test_every_shipped_skill_has_an_interview_step_and_what_to_look_for(bank: Bank) -> None:
    """Any skill can reach 'must' (a manager may rank it), so every one needs a plan."""
    for group in bank.catalogue.groups:
        assert group.step and group.look_for, group.id
        for skill in group.skills:
            assert skill.look_for, skill.id


def test_a_bank_without_interview_fields_still_loads(bank_copy: Path) -> None:
    """Banks written before the interview plan load; the plan says the step is missing."""
    skills = bank_copy / "skills.toml"
    kept = [
        line
        for line in skills.read_text().splitlines()
        if not line.startswith(("step = ", "look_for = "))
    ]
    skills.write_text("\n".join(kept) + "\n")
    older = load_bank(bank_copy)
    rec = recommend(
        older,
        {
            "primary-outcome": Answer(choice="mvp"),
            "scorecard-priorities": Answer(choices=["data-caching"]),
        },
    )
    plan = interview_plan(older, rec)
    assert plan and all(p.step is None and p.step_name == NO_STEP for p in plan)


def test_an_unknown_interview_step_is_one_clear_bank_error(bank_copy: Path) -> None:
    skills = bank_copy / "skills.toml"
    skills.write_text(skills.read_text().replace('step = "work-sample"', 'step = "coffee"', 1))
    with pytest.raises(BankError) as caught:
        load_bank(bank_copy)
    assert "skills.toml" in str(caught.value) and "step" in str(caught.value)


async def test_summary_screen_shows_the_interview_plan(sessions_dir: Path) -> None:
    """The summary lists each must-have with the step that tests it and what to look for."""
    from tui.app import make_app

    sessions_dir.mkdir(parents=True, exist_ok=True)
    target = sessions_dir / SESSION.name
    target.write_bytes(SESSION.read_bytes())
    app = make_app(sessions_dir=sessions_dir, resume=target)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        shown = str(app.screen.query_one("#interview-plan").render())
        assert "Architecture review: Service boundaries and strangler migration" in shown
        assert "Cuts services along domain lines" in shown
        assert "Discussion of your environment: Compliance and audit readiness" in shown


def test_text_report_lists_the_interview_plan(bank: Bank) -> None:
    from tui.core.reports.report import render_text

    text = render_text(bank, read_session(SESSION))
    assert (
        "Interview plan:\n  - Architecture review: Service boundaries and strangler "
        "migration \u2014 Cuts services along domain lines" in text
    )
