"""Two real app processes settle what both changed, and no word is lost (issue 25 item 3).

Ann and Bob each run the app in their own PTY on one assessment. Both type a note on the same
question; Ann reads Bob's whole note in the full view before keeping hers; Bob's screen then
tells him, with his words, and the file keeps them as not kept. Ticks both add at once are
all kept, with no conflict to settle.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tests.reliability.pty_app import CTRL_Q, SPACE, TAB, TUI, PtyApp, base_env
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.storage.reading import read_session

SECTION_ONE = "Problem framing and outcomes"
FIRST = "primary-outcome"
TICKS = "outcome-constraints"
SHIFT_TAB = b"\x1b[Z"
DOWN = b"\x1b[B"
ANNS = "Ann: the launch is fixed"
BOBS = (
    "Bob: the board demo is on 14 March, but the real customer launch waits on the audit, "
    "which has slipped twice; plan for June and say so in the interview. LASTWORDSOFBOB"
)


def _until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        time.sleep(0.05)


def _app(path: Path, who: str) -> PtyApp:
    return PtyApp([*TUI, "resume", str(path), "--assessor", who], base_env(), size=(40, 120))


def _note(path: Path) -> str | None:
    answer = read_session(path).answers.get(FIRST)
    return answer.note if answer else None


def test_two_apps_settle_a_note_conflict_and_the_note_not_kept_is_told_and_kept(
    bank: Bank, sessions_dir: Path
) -> None:
    path = Assessment.start(bank, sessions_dir, "Pair hire", assessor="Ann").path
    with _app(path, "Ann") as ann, _app(path, "Bob") as bob:
        ann.wait_for(SECTION_ONE)
        bob.wait_for(SECTION_ONE)
        bob.wait_for("Also here: Ann (")
        ann.send(TAB)  # both in the first question's note
        bob.send(TAB)
        ann.wait_quiet()  # both fields focused and bound before anyone types
        bob.wait_quiet()
        ann.send(ANNS.encode())
        _until(lambda: _note(path) == ANNS, 10, "Ann's note saved")
        bob.send(BOBS.encode())  # over the empty note his field showed: both are kept
        _until(lambda: FIRST in read_session(path).conflicts, 10, "the conflict recorded")
        ann.wait_for("Both changed this", timeout=10)
        assert "LASTWORDSOFBOB" not in ann.screen_text()  # the card shows one line of it
        ann.send(SHIFT_TAB + b"v")
        ann.wait_for("LASTWORDSOFBOB", timeout=10)  # the full view: every word of Bob's
        shown_before = len(bob.screen_text())
        ann.send(b"k")
        _until(lambda: read_session(path).conflicts == {}, 10, "settled")
        told = lambda: bob.screen_text()[shown_before:]  # noqa: E731
        _until(lambda: "Not kept" in told() and "LASTWORDSOFBOB" in told(), 10, "Bob told")
        assert "Ann settled the conflict" in told()  # who, and his own words
        ann.send(CTRL_Q)
        bob.send(CTRL_Q)
        assert ann.wait() == 0 and bob.wait() == 0
    saved = read_session(path)
    assert saved.answers[FIRST].note == ANNS
    [not_kept] = saved.not_kept[FIRST]
    assert (not_kept.author, not_kept.note, not_kept.settled_by) == ("Bob", BOBS, "Ann")


def test_two_apps_tick_different_boxes_at_once_and_both_ticks_are_kept(
    bank: Bank, sessions_dir: Path
) -> None:
    path = Assessment.start(bank, sessions_dir, "Pair hire", assessor="Ann").path
    with _app(path, "Ann") as ann, _app(path, "Bob") as bob:
        for app in (ann, bob):
            app.wait_for(SECTION_ONE)
        bob.wait_for("Also here: Ann (")
        for app in (ann, bob):
            app.send(TAB * 6)  # card, note, card, note, card, note: on the tick question
        ann.wait_quiet()
        bob.wait_quiet()
        ann.send(SPACE)  # the first box
        bob.send(DOWN + SPACE)  # the second box, at the same moment
        _until(
            lambda: len((a := read_session(path).answers.get(TICKS)) and a.choices or []) == 2,
            10,
            "both ticks in the file",
        )
        ann.wait_quiet()  # each app takes in the other's save
        bob.wait_quiet()
        ann.send(CTRL_Q)
        bob.send(CTRL_Q)
        assert ann.wait() == 0 and bob.wait() == 0
    saved = read_session(path)
    assert len(saved.answers[TICKS].choices or []) == 2 and saved.conflicts == {}
