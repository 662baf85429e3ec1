"""The two short documents that leave the tool: the one-page brief for a hiring committee and
the job description draft for a recruiter. Golden files for a frozen agreed session, the page
limit under hostile input, and that the job description says nothing the answers do not.

Update the golden files on purpose with ``HC_UPDATE_GOLDEN=1 pytest tests/unit/test_handouts.py``
and read the diff before committing them.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.unit.test_cli import run
from tui.core.bank.loading import load_bank
from tui.core.bank.models import Bank
from tui.core.errors import BankError
from tui.core.reports.handouts.brief import MAX_LINES
from tui.core.reports.handouts.job import load_job_topics
from tui.core.reports.report import render
from tui.core.session.models import Answer, Session
from tui.core.storage.reading import read_session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SESSION = FIXTURES / "scorecard-session.toml"
UPDATE = "HC_UPDATE_GOLDEN"
HOSTILE = "x\n# Hired!\n- item\n1. first\n> quote\n[a]: http://evil\n<b>bold</b> | [l](u) \x1b[2J"


@pytest.mark.parametrize("fmt", ["brief", "job"])
def test_document_matches_its_golden_file(bank: Bank, fmt: str) -> None:
    expected_file = FIXTURES / f"{fmt}-expected.md"
    actual = render(bank, read_session(SESSION), fmt)
    if os.environ.get(UPDATE):
        expected_file.write_text(actual, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True), "golden", "now"
        )
    )
    assert actual == expected, f"{fmt} changed (set {UPDATE}=1 to accept):\n{diff}"


def test_golden_brief_has_what_a_committee_reads_first() -> None:
    brief = (FIXTURES / "brief-expected.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", brief, flags=re.MULTILINE)
    assert headings == [
        "Decision",
        "Must-have skills and how to test them",
        "What decided it",
        "Still open",
        "Overall notes",
    ]
    assert "**Recommend Backend generalist**" in brief
    assert "Ann\\_Example, Bo Reviewer" in brief  # who assessed
    assert "| Service boundaries and strangler migration | Architecture review |" in brief


def _everything_long(bank: Bank, title: str = HOSTILE) -> Session:
    """Every question answered with a long hostile note, and very long overall notes."""
    answers = {}
    for question in bank.questions:
        options = getattr(question, "options", None)
        if options is None:
            answers[question.id] = Answer(value=5, note=HOSTILE * 20)
        elif question.kind == "multi":
            answers[question.id] = Answer(choices=[o.id for o in options], note=HOSTILE)
        else:
            answers[question.id] = Answer(choice=options[0].id, note=HOSTILE)
    notes = "\n".join(f"line {i}: {HOSTILE}" for i in range(300))
    return Session(title=title, role_title=title, notes=notes, answers=answers)


def test_the_brief_is_one_page_whatever_was_typed(bank: Bank) -> None:
    brief = render(bank, _everything_long(bank), "brief")
    lines = brief.splitlines()
    assert len(lines) <= MAX_LINES, len(lines)
    assert "\x1b" not in brief and "(continued in the scorecard)" in brief
    assert not any(re.match(r"(> )?(# Hired|- item|1\. first|> quote|\[a\]:)", ln) for ln in lines)
    assert "[l](u)" not in brief


def test_the_job_description_quotes_only_listed_answers_never_notes(bank: Bank) -> None:
    session = _everything_long(bank, title="Platform hire")
    job = render(bank, session, "job")
    topics = load_job_topics(bank)
    quoted = {qid for section in topics.sections.values() for qid in section}
    assert "Hired" not in job and "line 1:" not in job, "a note reached the job description"
    for question in bank.questions:
        if question.id in quoted:
            continue
        for option in getattr(question, "options", []):
            assert f":** {option.label}" not in job, f"{question.id} is not for a job ad"
    assert "Less than a year" not in job  # the funding runway stays inside the assessment
    assert "\x1b" not in job


def test_the_job_description_leaves_out_answers_that_say_nothing(bank: Bank) -> None:
    session = Session(
        title="T",
        answers={
            "primary-outcome": Answer(choice="not-sure"),
            "hosting-model": Answer(choice="paas"),
            "sla-strictness": Answer(value=2),
        },
    )
    job = render(bank, session, "job")
    assert "Not sure yet" not in job and "The main goal" not in job
    assert "**Where it runs:** A managed PaaS" in job
    # A 2 on the scale is not the low end: it says which end it is nearer to.
    assert "**Uptime and latency targets:** closer to \u201cBest effort" in job
    assert "*(Not answered in the assessment yet.)*" in job  # nothing about the work yet
    assert "has not yet decided the profile" in job or "## About the role" in job


def test_a_job_file_naming_an_unknown_question_fails_validation(
    sessions_dir: Path, bank_copy: Path
) -> None:
    job = bank_copy / "job.toml"
    job.write_text(job.read_text(encoding="utf-8") + 'ghost-question = "Boo"\n', encoding="utf-8")
    result = run("validate", str(bank_copy), sessions=sessions_dir)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "job.toml" in result.stderr and "ghost-question" in result.stderr
    with pytest.raises(BankError, match="no such question"):
        load_job_topics(load_bank(bank_copy))


def test_a_bank_without_a_job_file_still_writes_a_job_description(
    sessions_dir: Path, bank_copy: Path
) -> None:
    (bank_copy / "job.toml").unlink()
    bank = load_bank(bank_copy)
    job = render(bank, Session(title="T", answers={"hosting-model": Answer(choice="paas")}), "job")
    assert "## What you bring" in job and "A managed PaaS" not in job


@pytest.mark.parametrize(("fmt", "suffix"), [("brief", ".brief.md"), ("job", ".job.md")])
def test_report_writes_each_document_into_a_folder(
    sessions_dir: Path, tmp_path: Path, fmt: str, suffix: str
) -> None:
    sessions_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(SESSION, sessions_dir / SESSION.name)
    out = tmp_path / "out"
    out.mkdir()
    result = run("report", "golden01", "--format", fmt, "--output", str(out), sessions=sessions_dir)
    assert result.returncode == 0, result.stderr
    written = out / f"{SESSION.stem}{suffix}"
    assert written.read_text(encoding="utf-8") == (FIXTURES / f"{fmt}-expected.md").read_text(
        encoding="utf-8"
    )
