"""A watcher's login (an SSH watcher key, ``HIRING_CLARITY_READ_ONLY``) writes nothing
anywhere (issue 22 item 5): not a sync from the palette (commits pushed with the server
owner's git credentials: ``tests/sync/test_sync_app.py``), not a settle (a new assessment),
not a restored backup."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, DataTable

from tests.app.test_compare_screen import make_pair
from tests.conftest import wait_until
from tui.app import make_app
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.session.models import Answer
from tui.core.storage.listing import list_sessions
from tui.core.storage.session_file import backup_path
from tui.screens.compare import CompareScreen


async def test_a_watcher_cannot_settle(bank: Bank, sessions_dir: Path, notices: list[str]) -> None:
    ann, ben = make_pair(bank, sessions_dir)
    ann.mark_done()
    ben.mark_done()
    app = make_app(sessions_dir=sessions_dir, resume=ann.path, watch_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one(f"#compare-{ben.session.id}", Button).press()
        await wait_until(lambda: isinstance(app.screen, CompareScreen), pilot=pilot)
        await pilot.press("b", "a", "c")
        await pilot.pause()
        assert any("only watch" in m for m in notices), notices
    assert len(list_sessions(sessions_dir)) == 2


async def test_a_watcher_cannot_restore_a_backup(
    bank: Bank, sessions_dir: Path, notices: list[str]
) -> None:
    good = Assessment.start(bank, sessions_dir, "Backed up")
    good.answer("primary-outcome", Answer(choice="mvp"))
    assert backup_path(good.path).exists()
    damaged = b"\x00\x01 not toml at all \xff"
    good.path.write_bytes(damaged)
    app = make_app(sessions_dir=sessions_dir, watch_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one("#sessions", DataTable).focus()
        await pilot.press("enter", "y")
        await pilot.pause()
    assert good.path.read_bytes() == damaged
    assert not (sessions_dir / ".hiring-clarity" / "damaged").exists()
