"""The home screen's Sync line says what happened (issue 25 item 5): a failed sync and why,
a sync run from the command line while the app is open, an assessment that came back."""

from __future__ import annotations

import asyncio
import os

from textual.widgets import DataTable, Static

from tests.conftest import wait_until
from tests.sync.helpers import Team, answer, run_cli
from tui.app import make_app
from tui.core.storage.session_file import delete_session
from tui.screens.home import HomeScreen


def sync_line(app) -> str:
    return str(app.screen.query_one("#sync-status", Static).render())


async def test_a_failed_sync_says_it_failed_and_why(team: Team, bank) -> None:
    team.as_("ann")
    app = make_app(sessions_dir=team.folder("ann"))
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until(lambda: "synced just now" in sync_line(app), pilot=pilot)
        answer(bank, team.only_file("ann"), primary_outcome="mvp")
        team.remote.rename(team.remote.with_name("gone.git"))
        app.action_sync()
        await wait_until(lambda: "failed" in sync_line(app), pilot=pilot, what=sync_line(app))
        line = sync_line(app)
        assert "sync failed just now: git fetch failed" in line
        assert "last synced just now \u00b7 1 change to push" in line  # committed, not pushed
        assert not line.startswith("Sync: synced")


async def test_a_sync_from_the_command_line_shows_on_the_open_home_screen(team: Team, bank):
    answer(bank, team.only_file("ann"), primary_outcome="mvp")
    team.as_("ann")
    app = make_app(sessions_dir=team.folder("ann"))
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until(lambda: "1 change to push" in sync_line(app), pilot=pilot)
        env = {**os.environ, "HIRING_CLARITY_SESSIONS": str(team.folder("ann"))}
        done = await asyncio.to_thread(run_cli, "sync", env=env)
        assert done.returncode == 0, done.stderr
        await wait_until(
            lambda: "synced just now \u00b7 nothing to push" in sync_line(app),
            pilot=pilot,
            what=f"the line after the command-line sync: {sync_line(app)}",
        )
    assert "1 change(s) committed" in done.stdout


async def test_an_assessment_deleted_here_that_a_colleague_changed_comes_back_saying_so(
    team: Team, bank, notices: list[str]
) -> None:
    delete_session(team.only_file("ann"))
    team.sync("ann")
    answer(bank, team.only_file("bob"), sla_strictness=5)
    assert team.sync("bob").restored == []  # Bob kept his: nothing came back for him
    team.as_("ann")
    app = make_app(sessions_dir=team.folder("ann"))
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until(lambda: "synced" in sync_line(app), pilot=pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#sessions", DataTable).row_count == 0
        app.action_sync()
        told = "\u201cPayments API hire\u201d was deleted and is back: Bob changed it"
        await wait_until(lambda: told in sync_line(app), pilot=pilot, what=sync_line(app))
        await wait_until(
            lambda: app.screen.query_one("#sessions", DataTable).row_count == 1, pilot=pilot
        )
        assert any(told in notice for notice in notices), notices
    assert team.session("ann").answers["sla-strictness"].value == 5


def test_a_deletion_not_pushed_yet_that_meets_a_colleagues_change_says_it_is_back(
    team: Team, bank
) -> None:
    """The merge case: the deletion and the change meet in one merge, which keeps the change."""
    answer(bank, team.only_file("bob"), sla_strictness=5)
    team.sync("bob")
    delete_session(team.only_file("ann"))
    result = team.sync("ann")
    told = "\u201cPayments API hire\u201d was deleted and is back: Bob changed it"
    assert [restored.describe() for restored in result.restored] == [told]
    assert told in result.summary()
    assert team.session("ann").answers["sla-strictness"].value == 5
