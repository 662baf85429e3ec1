"""A job description draft a recruiter can edit: title, what the hire will do, the team and
setting, must / should / nice skills and how we interview.

It says nothing the answers do not support: the situation is quoted only from the questions
``questions/job.toml`` lists, in the bank's own words, under that file's topics; answers that
say nothing ("Not sure yet") and unanswered questions are left out, as is everything internal
(budget, notes, who assessed).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.bank.loading import JOB_FILE
from tui.core.bank.models import LEVELS, Bank, ChoiceQuestion, Question, ScaleQuestion
from tui.core.errors import BankError
from tui.core.reports.scorecard import STEP_NAMES
from tui.core.reports.scorecard_md import md_text
from tui.core.session.models import Answer, Session
from tui.core.verdict.wording import LEVEL_TITLES

SECTIONS = {"work": "What you will do", "setting": "The team and the setting"}
LISTED = {"should": 6, "nice": 4}
"""A job ad lists the strongest few below must-have (the skills come strongest first)."""


@dataclass(frozen=True)
class JobTopics:
    """``questions/job.toml``: per section, question id -> the topic its answer is shown under."""

    sections: dict[str, dict[str, str]] = field(default_factory=dict)
    leave_out: frozenset[str] = frozenset()


def load_job_topics(bank: Bank) -> JobTopics:
    """The bank's job topics; none when the bank has no job.toml. Raises BankError when the file
    is not what it should be (``check_job_topics`` says what)."""
    path = Path(bank.source) / JOB_FILE if bank.source else None
    if path is None or not path.is_file():
        return JobTopics()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BankError(f"{path}: cannot be read: {exc}") from None
    problems = _problems(bank, data)
    if problems:
        raise BankError("\n".join(f"{path}: {p}" for p in problems))
    return JobTopics(
        sections={name: dict(data.get(name, {})) for name in SECTIONS},
        leave_out=frozenset(data.get("leave_out", [])),
    )


def _problems(bank: Bank, data: dict[str, Any]) -> list[str]:
    problems = []
    unknown = set(data) - {*SECTIONS, "leave_out"}
    if unknown:
        problems.append(f"unknown table(s) {sorted(unknown)}: expected {[*SECTIONS]}, leave_out")
    leave_out = data.get("leave_out", [])
    if not isinstance(leave_out, list) or not all(isinstance(i, str) for i in leave_out):
        problems.append("leave_out must be a list of option ids")
    for name in SECTIONS:
        section = data.get(name, {})
        if not isinstance(section, dict):
            problems.append(f"[{name}] must be a table of question id = topic")
            continue
        for qid, topic in section.items():
            if bank.question(qid) is None:
                problems.append(f"[{name}] {qid}: no such question in the bank")
            elif not isinstance(topic, str) or not topic.strip():
                problems.append(f"[{name}] {qid}: the topic must be words")
    return problems


def job_markdown(bank: Bank, session: Session, data: dict[str, Any]) -> str:
    """The job description draft of ``session``, from its ``report_data``."""
    topics = load_job_topics(bank)
    out = [f"# {md_text(_title(session, data))}", ""]
    out.append(
        f"*Draft from the hiring-clarity assessment \u201c{md_text(session.title)}\u201d, "
        f"answers as of {session.updated.strftime('%Y-%m-%d')}. It says only what the answers "
        "support: edit it, and add pay, place and benefits, before posting.*"
    )
    out += _about(data)
    for name, heading in SECTIONS.items():
        facts = _facts(bank, session, topics, name)
        out += ["", f"## {heading}", ""]
        out += facts or ["*(Not answered in the assessment yet.)*"]
    out += _skills(data) + _interviews(data)
    return "\n".join(out) + "\n"


def _title(session: Session, data: dict[str, Any]) -> str:
    if session.role_title.strip():
        return session.role_title
    if data["role"] in data["role_names"]:
        return f"Python backend engineer ({data['role_names'][data['role']]})"
    return "Python backend engineer"


def _about(data: dict[str, Any]) -> list[str]:
    out = ["", "## About the role", ""]
    if data["role"] not in data["role_names"]:
        names = " or ".join(data["role_names"].values())
        return [
            *out,
            f"*Editor's note: the assessment has not yet decided the profile ({names}): "
            "settle it before posting.*",
        ]
    summary = next(r["summary"] for r in data["role_summaries"])
    return [*out, md_text(summary)]


def _facts(bank: Bank, session: Session, topics: JobTopics, section: str) -> list[str]:
    lines = []
    for qid, topic in topics.sections.get(section, {}).items():
        question, answer = bank.question(qid), session.answers.get(qid)
        if question is None or answer is None or not answer.is_answered:
            continue
        said = _said(question, answer, topics.leave_out)
        if said:
            lines.append(f"- **{md_text(topic)}:** {md_text(said)}")
    return lines


def _said(question: Question, answer: Answer, leave_out: frozenset[str]) -> str:
    """The answer in the bank's words, without the options that say nothing; a scale answer
    with its own position between the two ends' labels."""
    if isinstance(question, ScaleQuestion):
        value = answer.value or 3
        if value == 3:
            return f"midway between \u201c{question.low}\u201d and \u201c{question.high}\u201d"
        end = question.low if value < 3 else question.high
        return end if value in (1, 5) else f"closer to \u201c{end}\u201d"
    assert isinstance(question, ChoiceQuestion)
    chosen = {answer.choice} if answer.choice is not None else set(answer.choices or [])
    return "; ".join(o.label for o in question.options if o.id in chosen - leave_out)


def _skills(data: dict[str, Any]) -> list[str]:
    out = ["", "## What you bring"]
    if not data["skills"]:
        return [*out, "", "*(No skills follow from the answers yet.)*"]
    for level in LEVELS:
        skills = [s for s in data["skills"] if s["level"] == level]
        if not skills:
            continue
        out += ["", f"**{LEVEL_TITLES[level]}**", ""]
        for skill in skills[: LISTED.get(level)]:
            described = f": {md_text(skill['description'])}" if level == "must" else ""
            out.append(f"- {md_text(skill['name'])}{described}")
        left = len(skills) - len(skills[: LISTED.get(level)])
        if left:
            out.append(f"- *(Editor's note: {left} more in the assessment's scorecard.)*")
    return out


def _interviews(data: dict[str, Any]) -> list[str]:
    steps: dict[str, list[str]] = {}
    for item in data["interview_plan"]:
        if item["step"] in STEP_NAMES:
            steps.setdefault(item["step_name"], []).append(md_text(item["name"]))
    out = ["", "## How we interview", ""]
    if not steps:
        return [*out, "*(No interview steps planned yet: they follow the must-have skills.)*"]
    return out + [f"- **{step}:** {'; '.join(names)}" for step, names in steps.items()]
