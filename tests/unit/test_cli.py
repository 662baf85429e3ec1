"""The command line, run as a real ``python -m tui`` process: exit codes, stdout, stderr.

Sessions are made in-process with the core, then the CLI reads them from a fresh process, the
way a user (or a script) would.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests import REPO
from tests.cli import TUI, run_tui
from tui.core.assessment import Assessment
from tui.core.session.models import Answer

SHIPPED_BANK = REPO / "questions"
REPORT_KEYS = {"role", "confidence", "scores", "skills", "reasons", "answered", "total"}


def run(
    *args: str,
    sessions: Path,
    questions: Path = SHIPPED_BANK,
    cwd: Path | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HIRING_CLARITY_SESSIONS": str(sessions),
        "HIRING_CLARITY_QUESTIONS": str(questions),
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("PYTHONWARNINGS", None)
    return run_tui(*args, env=env, cwd=cwd, timeout=timeout)


def assert_usage_error(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    """Exit 2, nothing on stdout, exactly one line on stderr, no traceback."""
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def assessment(bank, sessions_dir) -> Assessment:
    """A saved session leaning Flask, the way the app would leave it."""
    started = Assessment.start(bank, sessions_dir, "Payments API hire", assessor="Ann")
    started.answer("primary-outcome", Answer(choice="mvp"))
    started.answer("service-count", Answer(choice="one"))
    started.answer("hosting-model", Answer(choice="paas"))
    started.answer("existing-flask", Answer(choice="flask-chosen"))
    started.answer("work-placement", Answer(choice="bff"))
    started.answer("release-window", Answer(choice="fixed-soon"))
    return started


# -- validate ------------------------------------------------------------------------------


def test_validate_shipped_bank(sessions_dir):
    """The shipped bank validates: exit 0 and a one-line summary."""
    result = run("validate", sessions=sessions_dir)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert re.search(r"is valid: 4 criteria, \d+ questions, \d+ skills", result.stdout)


def test_validate_broken_copy_names_file_question_and_field(sessions_dir, bank_copy):
    """A broken copy fails with exit 1 and names the file, the question and the field."""
    path = bank_copy / "01-problem-framing.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('any_of = ["scale-api"]', 'any_of = ["scale-apii"]'), encoding="utf-8"
    )
    for args in (("validate", str(bank_copy)), ("--questions-dir", str(bank_copy), "validate")):
        result = run(*args, sessions=sessions_dir)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert str(path) in result.stderr
        assert "question 'scale-bottleneck'" in result.stderr
        assert "field show_if.any_of" in result.stderr
        assert result.stderr.splitlines()[-1].endswith("question bank is not valid")


def test_validate_uses_the_environment_bank(sessions_dir, bank_copy):
    """With no folder given, validate checks $HIRING_CLARITY_QUESTIONS."""
    (bank_copy / "skills.toml").write_text("groups = [", encoding="utf-8")
    result = run("validate", sessions=sessions_dir, questions=bank_copy)
    assert result.returncode == 1
    assert f"{bank_copy / 'skills.toml'}: TOML syntax error" in result.stderr


# -- list ----------------------------------------------------------------------------------


def test_list_empty_folder(sessions_dir):
    """No sessions (not even a folder): a friendly hint and exit 0."""
    result = run("list", sessions=sessions_dir)
    assert result.returncode == 0
    assert result.stdout.startswith(f"No saved assessments in {sessions_dir}")
    assert result.stderr == ""


def test_list_shows_sessions_and_damaged_files(bank, sessions_dir, assessment):
    """Healthy sessions with progress and id; a damaged file gets its own DAMAGED line."""
    Assessment.start(bank, sessions_dir, "Second \x1b[2J hire")
    (sessions_dir / "broken.toml").write_bytes(b"schema_version = ")
    result = run("list", sessions=sessions_dir)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["TITLE", "UPDATED", "(UTC)", "DONE", "RECOMMENDATION"]
    row = next(line for line in lines if line.startswith("Payments API hire"))
    assert "6/" in row and "Flask specialist (" in row
    assert any("Second \\x1b[2J hire" in line for line in lines)
    damaged = [line for line in lines if "DAMAGED:" in line]
    assert len(damaged) == 1 and damaged[0].startswith("broken.toml")
    assert f"  id {assessment.session.id}: {assessment.path}" in lines
    assert "\x1b" not in result.stdout


def test_list_never_prints_raw_escapes_from_file_names(bank, sessions_dir, assessment):
    """A session file renamed to include ESC is listed with the escape made visible."""
    assessment.path.rename(sessions_dir / "evil\x1b[2J.toml")
    result = run("list", sessions=sessions_dir)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout


# -- report --------------------------------------------------------------------------------


def test_report_json_by_path_and_by_id(sessions_dir, assessment):
    """report SESSION --format json prints parseable JSON, found by path or by id."""
    by_path = run("report", str(assessment.path), "--format", "json", sessions=sessions_dir)
    by_id = run("report", assessment.session.id, "--format", "json", sessions=sessions_dir)
    by_name = run("report", assessment.path.name, "--format", "json", sessions=sessions_dir)
    for result in (by_path, by_id, by_name):
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
    data = json.loads(by_path.stdout)
    assert set(data) >= REPORT_KEYS
    assert data["role"] == "flask-specialist"
    assert data["answered"] == 6
    assert data["title"] == "Payments API hire"
    assert all({"id", "name", "level", "because"} <= set(s) for s in data["skills"])
    assert json.loads(by_id.stdout) == data == json.loads(by_name.stdout)


def test_report_sessions_dir_option(sessions_dir, assessment, tmp_path):
    """--sessions-dir overrides the environment when finding a session by id."""
    result = run(
        "--sessions-dir",
        str(sessions_dir),
        "report",
        assessment.session.id,
        sessions=tmp_path / "empty",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Payments API hire\n")


def test_report_markdown_and_text(sessions_dir, assessment):
    """The markdown scorecard and the plain text report both name the recommendation."""
    markdown = run("report", str(assessment.path), "--format", "markdown", sessions=sessions_dir)
    assert markdown.returncode == 0, markdown.stderr
    assert markdown.stdout.startswith("# Role scorecard: Payments API hire\n")
    assert "## Required Python backend skills" in markdown.stdout
    assert "## Interview plan" in markdown.stdout
    assert "Flask specialist**: " in markdown.stdout

    text = run("report", str(assessment.path), sessions=sessions_dir)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == "Payments API hire"
    assert lines[1].startswith("Recommendation: Leans Flask specialist (")
    assert "Answered: 6 of " in text.stdout


def test_report_never_prints_raw_escapes(bank, sessions_dir):
    """A title full of escape sequences is printed with them made visible."""
    hostile = Assessment.start(bank, sessions_dir, "Hire \x1b[31mred\x1b[0m \x9b2J")
    hostile.note("primary-outcome", "\x1b]0;owned\x07")
    for fmt in ("text", "markdown"):
        result = run("report", str(hostile.path), "--format", fmt, sessions=sessions_dir)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
        assert "\\x1b[31mred" in result.stdout


def test_report_does_not_modify_the_session(sessions_dir, assessment):
    """Reporting is read-only: the session file's bytes are untouched."""
    before = assessment.path.read_bytes()
    run("report", str(assessment.path), "--format", "json", sessions=sessions_dir)
    assert assessment.path.read_bytes() == before


@pytest.mark.parametrize("note_size", [0, 150_000], ids=["short", "longer-than-a-pipe"])
def test_report_into_a_closed_pipe_exits_quietly(sessions_dir, assessment, note_size):
    """`report ... | head`: the reader goes away early. A real pipe whose reader reads one
    line (or nothing) and closes; the command stops quietly, as `yes | head` does."""
    if note_size:
        assessment.note("primary-outcome", "x" * note_size)
    env = {**os.environ, "HIRING_CLARITY_SESSIONS": str(sessions_dir)}
    env.pop("PYTHONWARNINGS", None)
    process = subprocess.Popen(
        [*TUI, "report", str(assessment.path), "--format", "markdown"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    if note_size:
        process.stdout.readline()  # head -1
    process.stdout.close()
    stderr = process.stderr.read()
    code = process.wait(timeout=60)
    process.stderr.close()
    assert stderr == b""
    assert code in (0, 141)


# -- errors: exit 2, one line, no traceback -------------------------------------------------


def test_missing_session_file(sessions_dir, tmp_path):
    """A path that does not exist."""
    missing = tmp_path / "nope.toml"
    assert_usage_error(
        run("report", str(missing), sessions=sessions_dir), str(missing), "no such session file"
    )


def test_unknown_session_id(sessions_dir, assessment):
    """An id no session has, with sessions present."""
    assert_usage_error(run("report", "0000ffff", sessions=sessions_dir), "no session '0000ffff'")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"title = 'x'\nrevision = [", "damaged TOML"),
        (b"\xff\xfe\x00garbage", "not a text file"),
        (b"schema_version = 99\ntitle = 'x'\n", "newer hiring-clarity"),
    ],
)
def test_damaged_session_file(sessions_dir, data, reason):
    """Each kind of damage: one line naming the file and the reason."""
    sessions_dir.mkdir()
    path = sessions_dir / "damaged-cafe0001.toml"
    path.write_bytes(data)
    assert_usage_error(run("report", str(path), sessions=sessions_dir), str(path), reason)
    assert_usage_error(run("report", "cafe0001", sessions=sessions_dir), reason)
    assert path.read_bytes() == data


def test_wrong_type_in_session_file(sessions_dir, assessment):
    """A hand edit that breaks a field's type is named by field."""
    text = assessment.path.read_text(encoding="utf-8")
    assessment.path.write_text(re.sub(r"revision = \d+", 'revision = "x"', text), encoding="utf-8")
    assert_usage_error(
        run("report", str(assessment.path), sessions=sessions_dir), "wrong data at revision"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("report", "x", "--format", "pdf"), "invalid choice: 'pdf'"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("report",), "required: session"),
        (("list", "--bogus"), "unrecognized arguments: --bogus"),
    ],
)
def test_bad_arguments(sessions_dir, args, expected):
    """argparse errors are one line too (no usage block), exit 2."""
    assert_usage_error(run(*args, sessions=sessions_dir), expected, "--help")


def test_report_with_a_broken_bank(sessions_dir, assessment, bank_copy):
    """A broken bank during report: one line with the first problem and a pointer to validate."""
    problem = bank_copy / "01-problem-framing.toml"
    problem.write_text(
        problem.read_text(encoding="utf-8").replace(
            'any_of = ["scale-api"]', 'any_of = ["scale-apii"]'
        ),
        encoding="utf-8",
    )
    stack = bank_copy / "02-tech-stack.toml"
    stack.write_text(
        stack.read_text(encoding="utf-8").replace('id = "code-layout"', 'id = "data-sensitivity"'),
        encoding="utf-8",
    )
    line = assert_usage_error(
        run("report", str(assessment.path), sessions=sessions_dir, questions=bank_copy),
        str(problem),
        "'scale-apii'",
    )
    assert line.endswith("(and 1 more problem(s); see `hiring-clarity validate`)")


@pytest.mark.parametrize("command", [[], ["resume", "SESSION"], ["new", "A title"]])
def test_app_with_a_broken_bank_never_starts(sessions_dir, assessment, bank_copy, command):
    """The app checks the bank before drawing anything: one line naming file:line and question."""
    stack = bank_copy / "02-tech-stack.toml"
    stack.write_text(
        stack.read_text(encoding="utf-8").replace('kind = "single"', 'kind = "singel"', 1),
        encoding="utf-8",
    )
    args = [str(assessment.path) if a == "SESSION" else a for a in command]
    line = assert_usage_error(
        run(*args, sessions=sessions_dir, questions=bank_copy), f"{stack}:", "question '", "kind"
    )
    assert "\x1b[" not in line


# -- no Textual for printing commands ------------------------------------------------------


def test_list_does_not_import_textual(sessions_dir, assessment):
    """`python -X importtime -m tui list` loads no textual module."""
    env = {**os.environ, "HIRING_CLARITY_SESSIONS": str(sessions_dir)}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    imported = [
        line.rsplit("|", 1)[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    ]
    assert "tui.cli.main" in imported
    assert "tui.core.storage.listing" in imported
    assert not [m for m in imported if m.split(".")[0] == "textual"]


CHECK_MODULES = textwrap.dedent("""
    import contextlib, io, json, sys
    from tui.cli.main import main

    with contextlib.redirect_stdout(io.StringIO()):
        code = main(sys.argv[1:])
    print(json.dumps({"code": code,
                      "textual": sorted(m for m in sys.modules if m.split(".")[0] == "textual")}))
""")


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["report", "PATH", "--format", "json"],
        ["report", "PATH", "--format", "markdown"],
        ["validate"],
    ],
)
def test_printing_commands_do_not_import_textual(sessions_dir, assessment, command):
    """tui.cli.main for list, report and validate leaves textual out of sys.modules."""
    argv = [str(assessment.path) if arg == "PATH" else arg for arg in command]
    env = {**os.environ, "HIRING_CLARITY_SESSIONS": str(sessions_dir)}
    result = subprocess.run(
        [sys.executable, "-c", CHECK_MODULES, *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome == {"code": 0, "textual": []}


def test_version_is_the_installed_metadata(sessions_dir):
    from importlib.metadata import version

    result = run("--version", sessions=sessions_dir)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == f"hiring-clarity {version('hiring-clarity')}\n"
