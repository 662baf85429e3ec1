"""Quitting when nothing can keep the answers: the sessions folder has been replaced by a file,
so neither the session file nor a recovery copy can be written. The app asks first, and the
answers go to a file the user names or to the terminal, never nowhere."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.reliability.pty_app import CTRL_Q, SPACE, TAB, TUI, PtyApp, base_env
from tests.reliability.test_terminal import FIRST, SECTION_ONE
from tui.app import make_app
from tui.core.assessment import Assessment
from tui.core.session.models import Answer
from tui.core.storage.reading import read_session
from tui.screens.unsaved import UnsavedScreen

NOTE = "strong on SQL, weak on async"


def _replace_folder_by_a_file(sessions: Path) -> Path:
    """The sessions folder goes away and a plain file takes its name; returns the moved one."""
    moved = sessions.with_name("moved-away")
    sessions.rename(moved)
    sessions.write_text("not a folder\n")
    return moved


async def _asked(pilot) -> None:
    """Quitting first lets queued keys through (up to a second), then asks."""
    for _ in range(60):
        if isinstance(pilot.app.screen, UnsavedScreen) or not pilot.app.is_running:
            break
        await pilot.pause(0.05)
    assert isinstance(pilot.app.screen, UnsavedScreen), "quit without asking"


async def test_quitting_asks_and_writes_the_answers_where_the_user_says(
    bank, sessions_dir, tmp_path
) -> None:
    path = Assessment.start(bank, sessions_dir, "Payments API hire").path
    app = make_app(sessions_dir=sessions_dir, resume=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        moved = _replace_folder_by_a_file(sessions_dir)
        await pilot.press("space", "tab", *NOTE)
        await pilot.pause()
        assert app.save_status.startswith("NOT SAVED")
        await pilot.press("ctrl+q")
        await _asked(pilot)
        await pilot.press("escape")
        assert not isinstance(app.screen, UnsavedScreen) and app.is_running, "Back stays"
        await pilot.press("ctrl+q")
        await _asked(pilot)
        field = app.screen.query_one(Input)
        field.value = str(tmp_path / "sessions")  # a file, not a folder: refused, dialog stays
        await pilot.press("enter")
        assert app.is_running and isinstance(app.screen, UnsavedScreen)
        field.value = str(tmp_path / "kept.toml")
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 1
    kept = read_session(tmp_path / "kept.toml")
    assert kept.answers[FIRST] == Answer(choice="mvp", note=NOTE)
    assert (tmp_path / "kept.toml").stat().st_mode & 0o777 == 0o600
    assert (sessions_dir.read_text(), read_session(moved / path.name).answers) == (
        "not a folder\n",
        {},
    ), "nothing was written where it could not be"


@pytest.mark.parametrize("how", ["chosen", "sigterm"])
def test_or_prints_them_on_the_terminal_when_it_ends(bank, sessions_dir, how) -> None:
    """Chosen in the dialog, or at SIGTERM (which cannot wait for an answer)."""
    path = Assessment.start(bank, sessions_dir, "Payments API hire").path
    with PtyApp([*TUI, "resume", str(path)], base_env()) as app:
        app.wait_for(SECTION_ONE)
        moved = _replace_folder_by_a_file(sessions_dir)
        app.send(SPACE)
        app.wait_for("NOT SAVED")
        app.send(TAB)
        app.send(NOTE.encode())
        app.wait_for(NOTE)
        if how == "sigterm":
            app.signal_group(signal.SIGTERM)
            assert app.wait(timeout=10) == 128 + signal.SIGTERM
        else:
            app.send(CTRL_Q)
            app.wait_for("could NOT be saved")
            app.send(TAB + TAB)  # from the path field past Write to Print on exit
            app.send(b"\r")
            assert app.wait(timeout=10) == 1
        # What stays on the terminal: printed after the app left the alternate screen.
        printed = app.output.rsplit(b"\x1b[?1049l", 1)[1].decode().replace("\r\n", "\n")
    assert f'note = "{NOTE}"' in printed and 'choice = "mvp"' in printed
    assert str(path) in printed
    shutil.rmtree(moved)
