"""What the committee reads about people is true: answers are credited to who gave them (never
a login name), the assessor's name is remembered per user, and a sealed copy stays sealed
everywhere another assessor could look (app, plain mode, report, resume, history)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.app.test_home import _loaded, _table
from tests.cli import run_tui
from tui.app import make_app
from tui.core.assessment import Assessment
from tui.core.linked.copies import copy_assessment
from tui.core.pairing.remembered import config_dir, remember_name, remembered_name
from tui.core.reports.report import render
from tui.core.session.models import Answer
from tui.core.storage.reading import read_session
from tui.screens.criterion import CriterionScreen
from tui.screens.home import HomeScreen


def cli(*args: str, assessor: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HIRING_CLARITY_ASSESSOR": assessor}
    return run_tui(*args, env=env, input="1\nq\n")


async def test_reopened_without_a_name_answers_are_the_assessors_never_a_login(
    bank, sessions_dir: Path
) -> None:
    started = Assessment.start(bank, sessions_dir, "Credit hire", assessor="Maya (CTO)")
    app = make_app(sessions_dir=sessions_dir, resume=started.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen)
        await pilot.press("space")  # the first option of the first question
        await pilot.pause()
    session = read_session(started.path)
    answered = [a for a in session.answers.values() if a.is_answered]
    assert answered and {a.by for a in answered} == {"Maya (CTO)"}
    scorecard = render(bank, session, "markdown")
    assert "- **Contributors:** Maya (CTO)\n" in scorecard and "@" not in scorecard


async def test_the_home_form_remembers_who_is_assessing(sessions_dir: Path) -> None:
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        await pilot.press(*"Names hire", "tab", "tab", *"Lee Park", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen)
        await pilot.press("space")
        await pilot.pause()
        assert app.assessment is not None
        path = app.assessment.path
    assert remembered_name() == "Lee Park"
    assert {a.by for a in read_session(path).answers.values() if a.is_answered} == {"Lee Park"}
    again = make_app(sessions_dir=sessions_dir)
    async with again.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        assert again.screen.query_one("#assessor").value == "Lee Park"  # type: ignore[attr-defined]
        assert again.author == "Lee Park"


async def test_a_watcher_remembers_nothing(sessions_dir: Path) -> None:
    app = make_app(sessions_dir=sessions_dir, watch_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        app.name_from_home("Wendy Watcher")
    assert not config_dir().exists(), "read-only wrote a remembered name"


def test_a_remembered_name_file_that_is_a_link_or_a_pipe_is_not_trusted(tmp_path: Path) -> None:
    folder = config_dir()
    folder.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("Mallory", encoding="utf-8")
    (folder / "assessor").symlink_to(elsewhere)
    assert remembered_name() == ""
    remember_name("Ann")
    assert remembered_name() == "Ann" and elsewhere.read_text(encoding="utf-8") == "Mallory"
    (folder / "assessor").unlink()
    os.mkfifo(folder / "assessor")
    assert remembered_name() == ""  # no hang waiting for a writer


@pytest.fixture
def sealed_pair(bank, sessions_dir: Path) -> tuple[Assessment, Assessment]:
    """Maya's blind assessment and Bob's linked copy, neither done."""
    maya = Assessment.start(bank, sessions_dir, "Sealed hire", assessor="Maya")
    maya.author = "Maya"
    maya.answer("primary-outcome", Answer(choice="mvp", note="Maya's private reasoning"))
    bob = copy_assessment(bank, maya.path, "Bob")
    bob.author = "Bob"
    bob.answer("primary-outcome", Answer(choice="modernize", note="Bob thinks legacy"))
    return Assessment.open(bank, maya.path), bob


def test_another_assessor_cannot_read_a_sealed_copy_from_the_command_line(sealed_pair):
    maya, bob = sealed_pair
    before = maya.path.read_bytes()
    maya_id = maya.session.id
    for args, who in (
        (["report", maya_id], "Bob"),
        (["report", maya_id, "--format", "brief"], "Bob"),
        (["report", maya_id], ""),
        (["resume", maya_id, "--assessor", "Bob"], ""),
        (["resume", maya_id, "--assessor", "Bob", "--plain"], ""),
        (["--plain", "resume", maya_id], "Bob"),
        (["history", maya_id, "--assessor", "Bob"], ""),
    ):
        result = cli(*args, assessor=who)
        assert result.returncode == 2, (args, result)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and "sealed" in lines[0] and "not access control" in lines[0]
        assert "private reasoning" not in result.stdout + result.stderr, args
        assert "Flask" not in result.stdout, args
        assert ("--assessor" in lines[0]) == (who == "" and "--assessor" not in args), args
    assert maya.path.read_bytes() == before, "opening wrote into Maya's sealed file"
    own = cli("report", maya_id, "--assessor", " maya ")
    assert own.returncode == 0 and own.stdout.startswith("Sealed hire")
    history = cli("history", bob.session.id, assessor="Bob")
    assert history.returncode == 0, history.stderr
    assert "Bob: primary-outcome: modernize" in history.stdout
    assert "note on primary-outcome: \u201cBob thinks legacy\u201d" in history.stdout


async def test_a_named_colleague_cannot_open_a_sealed_copy_from_home(sealed_pair, sessions_dir):
    maya, _ = sealed_pair
    before = maya.path.read_bytes()
    app = make_app(sessions_dir=sessions_dir, author="Bob")
    async with app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        table = _table(app)
        row = next(i for i in range(table.row_count) if "Maya" in str(table.get_row_at(i)[0]))
        table.move_cursor(row=row)
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.assessment is None
    assert maya.path.read_bytes() == before
