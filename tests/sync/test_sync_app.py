"""Sync in the app: a recorded conflict on its question's card, the home line, the palette."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Static

from tests.app.helpers import card_text
from tests.sync.helpers import Team, answer
from tui.app import make_app
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.session.models import Alternative, Answer
from tui.core.storage.reading import read_session
from tui.screens.criterion import CriterionScreen
from tui.screens.home import HomeScreen

WHEN = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


async def test_a_recorded_conflict_shows_on_its_card_until_an_answer_settles_it(
    bank, sessions_dir: Path
) -> None:
    started = Assessment.start(bank, sessions_dir, "Conflicted hire")
    started.answer("primary-outcome", Answer(choice="mvp"))
    started.session.conflicts = {
        "primary-outcome": [
            Alternative.of(Answer(choice="mvp"), "Ann", WHEN),
            Alternative.of(Answer(choice="modernize"), "Bob", WHEN),
        ]
    }
    started.save()
    app = make_app(sessions_dir=sessions_dir, resume=started.path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen)
        text = " ".join(card_text(app, "primary-outcome").split())
        assert "Both changed this" in text and "[k] keep mine" in text
        assert "(Ann, 30 Nov 09:15 UTC)" in text and "(Bob, 30 Nov 09:15 UTC)" in text
        await pilot.press("space")  # Space on the answer shown keeps it: that settles it
        await pilot.pause()
        assert "Both changed this" not in card_text(app, "primary-outcome")
    saved = read_session(started.path)
    assert saved.conflicts == {} and saved.answers["primary-outcome"].choice == "mvp"


def _sync_line(app) -> Static:
    return app.screen.query_one("#sync-status", Static)


async def test_home_shows_the_sync_line_and_the_palette_syncs(team: Team, bank) -> None:
    answer(bank, team.only_file("bob"), sla_strictness=4)
    team.sync("bob")
    answer(bank, team.only_file("ann"), primary_outcome="mvp")
    team.as_("ann")
    app = make_app(sessions_dir=team.folder("ann"))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert _sync_line(app).display
        assert "synced just now \u00b7 1 change to push" in str(_sync_line(app).render())
        assert "Sync" in [c.title for c in app.get_system_commands(app.screen)]
        app.action_sync()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "nothing to push" in str(_sync_line(app).render())
    answers = team.session("ann").answers
    assert answers["sla-strictness"].value == 4 and answers["primary-outcome"].choice == "mvp"


async def test_no_sync_line_for_a_folder_that_does_not_sync(bank, sessions_dir: Path) -> None:
    Assessment.start(bank, sessions_dir, "Local only")
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not _sync_line(app).display


async def test_a_watcher_cannot_sync_from_the_palette(  # issue 22 item 5
    team: Team, bank: Bank, notices: list[str]
) -> None:
    answer(bank, team.only_file("ann"), primary_outcome="mvp")  # a change to commit
    team.as_("ann")
    commits = team.git("ann", "rev-list", "--count", "HEAD")
    app = make_app(sessions_dir=team.folder("ann"), watch_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Sync")
        command.callback()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("only watch" in m for m in notices), notices
    assert team.git("ann", "rev-list", "--count", "HEAD") == commits
    assert team.git("ann", "status", "--porcelain").strip()  # the change is still not committed
