"""Reports: the JSON shape tools rely on, the markdown scorecard, terminal safety, export files."""

from __future__ import annotations

import json
import re
import stat

import pytest

from tui.core.assessment import Assessment
from tui.core.reports.report import render, render_json, render_markdown, render_text, report_data
from tui.core.session.models import Answer, Session
from tui.core.storage.reading import read_session
from tui.core.text import one_line, safe_text

HOSTILE = "Hire \x1b[31mred\x1b[0m \x9b2J \x1b]0;owned\x07 \u202eevil\u2028end"
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
SKILL_KEYS = {"id", "name", "group", "level", "because"}


@pytest.fixture
def answered(bank) -> Session:
    """A session leaning clearly one way, with enough answers to require skills."""
    return Session(
        title="Payments | API hire",
        role_title="Senior engineer | payments",
        assessor="Ann_Example",
        notes="Overall: *fast* MVP",
        answers={
            "primary-outcome": Answer(choice="mvp", note="CTO wants | a demo"),
            "service-count": Answer(choice="one"),
            "hosting-model": Answer(choice="paas"),
            "sla-strictness": Answer(value=2),
            "outcome-constraints": Answer(choices=["launch-date"]),
            "success-measure": Answer(choice="features-shipped"),
            "existing-flask": Answer(choice="flask-chosen"),
            "work-placement": Answer(choice="bff"),
            "release-window": Answer(choice="fixed-soon"),
        },
    )


def test_report_data_has_the_documented_keys(bank, answered):
    """Tools read role, confidence, scores, skills, reasons, answered and total."""
    data = json.loads(render_json(bank, answered))
    assert {"role", "confidence", "scores", "skills", "reasons", "answered", "total"} <= set(data)
    assert data["role"] == "flask-specialist"
    assert 0 < data["confidence"] <= 1
    assert set(data["scores"]) == {"flask-specialist", "backend-generalist"}
    assert data["scores"]["flask-specialist"] > data["scores"]["backend-generalist"]
    assert data["skills"]
    for skill in data["skills"]:
        assert set(skill) >= SKILL_KEYS
        assert skill["level"] in {"must", "should", "nice"}
        assert skill["because"] and all(isinstance(b, str) for b in skill["because"])
    assert data["reasons"] and all(r["toward"] == "flask-specialist" for r in data["reasons"])
    assert data["answered"] == 9
    assert data["total"] == len([q for q in bank.questions if q.show_if is None]) + 1  # BFF
    assert data == json.loads(json.dumps(report_data(bank, answered)))


def test_report_of_an_empty_session(bank):
    """With no answers the engine does not guess: role null, no skills, everything open."""
    data = json.loads(render_json(bank, Session(title="Blank")))
    assert data["role"] is None
    assert data["confidence"] == 0.01  # never 0%: shown as 1%
    assert data["skills"] == [] and data["reasons"] == []
    assert data["answered"] == 0
    assert len(data["unanswered"]) == data["total"]
    assert "Not enough answers yet" in render_markdown(bank, Session(title="Blank"))


def test_report_lists_retired_answers(bank, answered):
    """Answers the bank no longer knows show up as retired, not silently dropped."""
    answered.answers = {**answered.answers, "gone": Answer(choice="x")}
    assert report_data(bank, answered)["retired"] == ["gone"]


def test_json_keeps_user_text_exactly(bank):
    """JSON is for tools: the title comes back character for character."""
    session = Session(title=HOSTILE + " 面接 🙂", notes=HOSTILE)
    assert json.loads(render_json(bank, session))["title"] == session.title


def test_markdown_scorecard_sections(bank, answered):
    """The scorecard has its heading, facts, recommendation, role, reasons, what is open,
    skills, interview plan, every answer, overall notes and the bank version."""
    md = render_markdown(bank, answered)
    for heading in (
        "## Recommendation",
        "### The role",
        "## Why",
        "## Open questions and what could still flip it",
        "## Required Python backend skills",
        "### Must have",
        "## Interview plan",
        "## Questions and answers",
        "## Overall notes",
    ):
        assert f"\n{heading}\n" in md
    assert md.startswith("# Role scorecard: ")
    assert "| Must-have skill | Interview step | What to look for |" in md
    assert "| Flask specialist |" in md
    assert "**Recommend Flask specialist**: strong evidence" in md
    assert "question bank 3.0.0" in md
    assert md.endswith("\n")


def test_markdown_escapes_pipes_and_emphasis(bank, answered):
    """User text cannot open table cells or emphasis: |, * and _ are escaped."""
    md = render_markdown(bank, answered)
    assert md.splitlines()[0] == "# Role scorecard: Payments \\| API hire"
    assert "Senior engineer \\| payments" in md
    assert "Ann\\_Example" in md
    assert "Overall: \\*fast\\* MVP" in md
    assert "CTO wants \\| a demo" in md
    for line in md.splitlines():
        if line.startswith("| "):
            assert len(re.findall(r"(?<!\\)\|", line)) in (3, 4, 5), line


def test_multiline_note_stays_on_one_markdown_line(bank, answered):
    """A note with newlines cannot start a new markdown block (e.g. a fake heading)."""
    answered.answers["primary-outcome"] = Answer(choice="mvp", note="first\n# Hired!\nlast")
    md = render_markdown(bank, answered)
    assert "\n# Hired!" not in md
    assert "first # Hired! last" in md


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_escape_sequences_never_reach_the_terminal(bank, answered, fmt):
    """ESC, CSI (8-bit too), OSC, bidi overrides and line separators are shown, not obeyed."""
    answered.title = HOSTILE
    answered.role_title = HOSTILE
    answered.notes = HOSTILE
    answered.answers["primary-outcome"] = Answer(choice="mvp", note=HOSTILE)
    out = render(bank, answered, fmt)
    assert not RAW_CONTROLS.search(out), repr(RAW_CONTROLS.search(out))
    assert "\\x1b[31mred" in out
    assert "\\x9b2J" in out


def test_json_output_has_no_raw_terminal_controls(bank):
    """JSON escapes C0 controls; C1 and bidi controls should be escaped (\\u009b) as well."""
    out = render_json(bank, Session(title=HOSTILE))
    assert not RAW_CONTROLS.search(out)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x9b2J", "\\x9b2J"),
        ("a\x00b", "a\\x00b"),
        ("\x7f", "\\x7f"),
        ("\u202eabc", "\\u202eabc"),
        ("x\u2028y", "x\\u2028y"),
        ("tab\there", "tab here"),
        ("cr\rhere", "cr here"),
        ("line\nbreak", "line\nbreak"),
        ("plain 面接 🙂", "plain 面接 🙂"),
    ],
)
def test_safe_text(raw, shown):
    """safe_text keeps newlines, turns tab and CR into spaces and shows every other control."""
    assert safe_text(raw) == shown


def test_one_line_flattens_and_cuts():
    """one_line squeezes whitespace, escapes controls and cuts with an ellipsis."""
    assert one_line("  a\r\n\tb  \x1b[0m ") == "a b \\x1b[0m"
    assert one_line("abcdef", 4) == "abc\u2026"
    assert one_line("abcd", 4) == "abcd"
    assert one_line("\x9b" * 10, 5) == "\\x9b\u2026"
    assert "\n" not in one_line("a\nb\u2029c")


def test_text_report_is_plain(bank, answered):
    """The terminal report names the role, the answered count and the skill levels."""
    out = render_text(bank, answered)
    lines = out.splitlines()
    assert lines[0] == "Payments | API hire"
    assert lines[1].startswith("Recommendation: Recommend Flask specialist (")
    assert "Answered: 9 of " in out
    assert "Why:" in out


@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [("markdown", ".scorecard.md"), ("json", ".report.json"), ("text", ".report.txt")],
)
def test_export_writes_a_private_file_beside_the_session(bank, sessions_dir, fmt, suffix):
    """Export puts the report next to the session file, mode 0600, with the rendered content."""
    assessment = Assessment.start(bank, sessions_dir, "Export | me", assessor="Ann")
    assessment.answer("primary-outcome", Answer(choice="mvp"))
    target = assessment.export(fmt)
    assert target.parent == assessment.path.parent
    assert target.name == assessment.path.stem + suffix
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    session = read_session(assessment.path)
    assert target.read_text(encoding="utf-8") == render(bank, session, fmt)
    assert not list((sessions_dir / ".hiring-clarity" / "tmp").iterdir())


def test_export_overwrites_an_older_export(bank, sessions_dir):
    """Exporting again replaces the old report with the current answers."""
    assessment = Assessment.start(bank, sessions_dir, "Twice")
    first = assessment.export("json")
    assert json.loads(first.read_text())["answered"] == 0
    assessment.answer("primary-outcome", Answer(choice="modernize"))
    second = assessment.export("json")
    assert second == first
    assert json.loads(second.read_text())["answered"] == 1


def test_json_lists_what_could_flip_it_and_contradictions(bank):
    """`open_swing` names each open question, the verdict it could flip to and its swing;
    `contradictions` names both answers and why they clash."""
    session = Session(
        title="Flip",
        answers={
            "primary-outcome": Answer(choice="mvp"),
            "strength-needed": Answer(choice="framework-depth"),
            "release-window": Answer(choice="fixed-soon"),
            "service-count": Answer(choice="one"),
            "on-call-owner": Answer(choice="hire-many-services"),
        },
    )
    data = json.loads(render_json(bank, session))
    assert (data["role"], data["strength"], data["verdict"]) == (
        "flask-specialist",
        "moderate",
        "Leans Flask specialist",
    )
    first = data["open_swing"][0]
    assert set(first) == {"question", "prompt", "flip_to", "swing"}
    assert all(
        s["flip_to"] in (None, "none", "either", "backend-generalist") for s in data["open_swing"]
    )
    assert 0 < first["swing"] < 1
    assert {s["question"] for s in data["open_swing"]} == set(data["unanswered"])
    assert data["could_change"].startswith("Not settled: ")
    assert "could together change this" in data["could_change"]
    assert data["settled"] is False
    [clash] = data["contradictions"]
    assert (clash["first"], clash["second"]) == ("service-count", "on-call-owner")
    md = render_markdown(bank, session)
    assert "\n## Open questions and what could still flip it\n" in md
    assert "\n### Contradictions\n" in md
    assert "**Could leave it without a verdict**" in md
    text = render_text(bank, session)
    assert "Could still flip it:" in text and "Contradictions (set aside" in text
