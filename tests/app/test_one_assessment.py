"""A guest kept on one assessment (``HIRING_CLARITY_ONLY``, set by the SSH server for a key
invited with ``--session`` and under ``serve --ssh --session``): no home, no other assessment,
no delete, no sync of the whole folder."""

from __future__ import annotations

from tui.app import make_app
from tui.cli.main import main
from tui.core.assessment import Assessment
from tui.core.storage.listing import list_sessions
from tui.screens.criterion import CriterionScreen
from tui.screens.host import ONE_ASSESSMENT


async def test_a_guest_cannot_go_home_open_delete_or_sync(bank, sessions_dir, notices):
    mine = Assessment.start(bank, sessions_dir, "Payments API hire").path
    other = Assessment.start(bank, sessions_dir, "Another hire").path
    app = make_app(sessions_dir=sessions_dir, resume=mine, scope=mine.resolve())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen)
        await pilot.press("escape")
        app.action_home()  # however it is asked for
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen)
        assert not app.open_path(other)
        assert app.assessment is not None and app.assessment.path == mine
        app.delete_session(mine, lambda: None)
        app.action_sync()
        assert not app.start_assessment("Third hire")
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Home" not in titles and "Sync" not in titles
        await pilot.pause()
    assert notices.count(ONE_ASSESSMENT) == 6
    assert {row.path for row in list_sessions(sessions_dir)} == {mine, other}


def test_a_guest_login_opens_nothing_else_from_the_command_line(
    bank, sessions_dir, monkeypatch, capsys
):
    mine = Assessment.start(bank, sessions_dir, "Payments API hire").path
    other = Assessment.start(bank, sessions_dir, "Another hire").path
    monkeypatch.setenv("HIRING_CLARITY_ONLY", mine.name)
    assert main(["new", "Third hire"]) == 2
    assert main(["resume", str(other)]) == 2
    assert "for assessment" in capsys.readouterr().err
    assert len(list_sessions(sessions_dir)) == 2


async def test_the_summary_offers_no_compare_to_a_guest(bank, sessions_dir):
    mine = Assessment.start(bank, sessions_dir, "Payments API hire").path
    app = make_app(sessions_dir=sessions_dir, resume=mine, scope=mine.resolve())
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_summary()
        await pilot.pause()
        assert not app.screen.check_action("compare", ())
