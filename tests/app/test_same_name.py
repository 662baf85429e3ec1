"""Two apps under one name (issue 22 item 2): the same Unix user without ``--assessor``, or two
``--assessor Dana``. The other app is "Dana, another terminal" on screen (never shown as if it
were me), a note typed in one after the other's save never disappears, and "keep mine" keeps
this app's own value. The other terminal is a real heartbeat and a real writer on the file."""

from __future__ import annotations

from pathlib import Path

from tests.app.helpers import card_text
from tests.conftest import wait_until
from tui.app import make_app
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.pairing.identity import writer_id
from tui.core.storage.presence import Presence
from tui.core.storage.reading import read_session
from tui.widgets.note import NoteInput
from tui.widgets.presence import PresenceLine

FIRST = "primary-outcome"


def _flat(app: object, question_id: str) -> str:
    return " ".join(card_text(app, question_id).split())  # type: ignore[arg-type]


async def test_two_apps_named_dana_are_two_writers(bank: Bank, sessions_dir: Path) -> None:
    path = Assessment.start(bank, sessions_dir, "Same name").path
    other = Assessment.open(bank, path)  # Dana's other terminal, opened before this one types
    other.author, other.writer = "Dana", writer_id()
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Dana")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        beat = Presence(sessions_dir, other.session.id, "Dana", instance=other.writer)
        beat.moved(bank.criteria[0].id, FIRST)
        line = app.screen.query_one(PresenceLine)
        await wait_until(lambda: "Also here" in line.text, 5, "the other terminal shown")
        assert "Also here: Dana, another terminal (" in line.text
        await pilot.press("tab", "a", "b", "c")  # this Dana types a note
        note = app.screen.query_one(NoteInput)
        await wait_until(
            lambda: (a := read_session(path).answers.get(FIRST)) is not None and a.note == "abc",
            5,
            "this Dana's note saved",
        )
        other.note(FIRST, "xyz")  # the other terminal saves its own note meanwhile
        await wait_until(lambda: "Both changed this" in _flat(app, FIRST), 5, "conflict shown")
        assert "theirs (Dana, another terminal," in _flat(app, FIRST)
        await pilot.press("d")  # typing on keeps the other terminal's note
        await wait_until(
            lambda: any(a.note == "abcd" for a in read_session(path).conflicts.get(FIRST, [])),
            5,
            "this side follows the typing",
        )
        assert {a.note for a in read_session(path).conflicts[FIRST]} == {"abcd", "xyz"}
        await pilot.press("shift+tab", "k")  # keep mine: this terminal's note
        await wait_until(lambda: read_session(path).conflicts == {}, 5, "settled")
        assert note.value == "abcd"
        beat.leave()
    assert read_session(path).answers[FIRST].note == "abcd"
