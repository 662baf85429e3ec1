"""What the SSH server tells each app about its person, through the environment: a name
(``HIRING_CLARITY_ASSESSOR``) and, for a watcher, ``HIRING_CLARITY_READ_ONLY``."""

from __future__ import annotations

from tests.conftest import wait_until
from tests.reliability.pty_app import CTRL_Q, TUI, PtyApp, base_env
from tests.serve.helpers import SECTION_ONE
from tui.cli.main import main
from tui.core.storage.listing import list_sessions
from tui.core.storage.reading import read_session


def test_new_takes_the_assessor_from_the_environment(sessions_dir):
    with PtyApp(
        [*TUI, "new", "Payments API hire"], base_env(HIRING_CLARITY_ASSESSOR="alice")
    ) as app:
        app.wait_for(SECTION_ONE, timeout=30)
        app.send(CTRL_Q)
        assert app.wait(timeout=30) == 0
    [row] = list_sessions(sessions_dir)
    assert read_session(row.path).assessor == "alice"


def test_a_read_only_login_cannot_start_an_assessment(sessions_dir, monkeypatch, capsys):
    monkeypatch.setenv("HIRING_CLARITY_READ_ONLY", "1")
    assert main(["new", "Payments API hire"]) == 2
    assert "can only look" in capsys.readouterr().err
    assert list_sessions(sessions_dir) == []


async def test_a_watch_only_app_refuses_to_delete_at_once(bank, sessions_dir, notices):
    from textual.widgets import DataTable

    from tui.app import make_app
    from tui.core.assessment import Assessment

    path = Assessment.start(bank, sessions_dir, "Payments API hire").path
    app = make_app(sessions_dir=sessions_dir, watch_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one("#sessions", DataTable)
        await wait_until(lambda: table.row_count, pilot=pilot)  # the list is read by a worker
        table.focus()
        await pilot.press("d")
        await pilot.pause()
        assert not app.screen.is_modal  # no "Delete?" question to answer first
        assert any("only watch" in m for m in notices)
    assert path.exists()
