"""Typing is saved in bursts: when it pauses, and at once on every way out of the note field.

With the pause and the burst limit made far longer than the test, only the exit path under
test can have saved the note: each test fails if that path forgets the typed text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.helpers import focused_card
from tests.conftest import new_assessment, wait_until
from tui.core.storage.reading import read_session
from tui.screens import notes
from tui.screens.criterion import CriterionScreen
from tui.widgets.note import NoteInput


@pytest.fixture
def no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typing never pauses long enough to save by itself during the test."""
    monkeypatch.setattr(notes, "PAUSE", 600.0)
    monkeypatch.setattr(notes, "MOST", 600.0)


def saved_note(path: Path, question_id: str) -> str | None:
    answer = read_session(path).answers.get(question_id)
    return answer.note if answer else None


async def test_a_pause_saves_a_burst_once(sessions_dir: Path) -> None:
    async with new_assessment(sessions_dir, "Pause") as (app, pilot, path):
        card = focused_card(app)
        assert card is not None
        before = read_session(path).revision
        await pilot.press("tab")
        note = app.screen.query_one(NoteInput)
        note.insert_text_at_cursor("one")  # three edits as keys would make, none saved yet
        note.insert_text_at_cursor(" two")
        note.insert_text_at_cursor(" three")
        await wait_until(
            lambda: saved_note(path, card.question.id) == "one two three",
            pilot=pilot,
            what="the note saved after the pause",
        )
        assert read_session(path).revision == before + 1, "one save for the burst"


@pytest.mark.usefixtures("no_pause")
@pytest.mark.parametrize("leave", ["tab", "shift+tab", "pagedown", "ctrl+q", "unmount"])
async def test_every_way_out_of_the_field_saves_it(sessions_dir: Path, leave: str) -> None:
    async with new_assessment(sessions_dir, "Leave") as (app, pilot, path):
        card = focused_card(app)
        assert card is not None
        await pilot.press("tab", "k", "e", "p", "t")
        assert saved_note(path, card.question.id) is None, "saved before the way out"
        if leave != "unmount":  # else the test's end takes the screen down
            await pilot.press(leave)
            await pilot.pause()
            if leave == "pagedown":
                assert isinstance(app.screen, CriterionScreen) and app.screen.index == 1
            assert saved_note(path, card.question.id) == "kept"
    assert saved_note(path, card.question.id) == "kept"
