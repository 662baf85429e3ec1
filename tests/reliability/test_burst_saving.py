"""Notes are saved in bursts by the real app on a real terminal: a paste typed in as keys is a
handful of saves, and a hang-up, a SIGTERM or a quit right after typing loses nothing.

The time a paste takes to settle is the bench's (``python -m bench --only paste``).
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.conftest import wait_until_sync
from tests.reliability.pty_app import CTRL_Q, TAB, TUI, PtyApp, base_env
from tui.core.assessment import Assessment
from tui.core.session.models import Answer
from tui.core.storage.reading import read_session

SECTION_ONE = "Problem framing and outcomes"
FIRST = "primary-outcome"
PASTE = 5000
MOST_REVISIONS = 10


def saved_note(path: Path) -> str | None:
    answer = read_session(path).answers.get(FIRST)
    return answer.note if answer else None


@pytest.fixture
def started(bank, sessions_dir) -> Path:
    return Assessment.start(bank, sessions_dir, "Burst hire").path


def pasted_text(length: int) -> str:
    """Words of letters and spaces (no key the note field would not take as text)."""
    words = ("candidate ", "shipped ", "payments ", "flask ", "latency ", "owned ")
    text = "".join(words[n % len(words)] for n in range(length))
    return text[: length - 4] + " END"


BRACKETED = (b"\x1b[200~", b"\x1b[201~")
"""What a terminal sends around pasted text once the app has asked for bracketed paste."""


@pytest.mark.parametrize("how", ["bracketed", pytest.param("as-keys", marks=pytest.mark.slow)])
def test_a_5000_character_paste_is_a_handful_of_saves(started, how):
    """A terminal's paste, or the same text typed in as keys (a terminal without bracketed
    paste, ``tmux send-keys``): a handful of saves, not one per character."""
    text = pasted_text(PASTE)
    before = read_session(started).revision
    with PtyApp([*TUI, "resume", str(started)], base_env()) as app:
        app.wait_for(SECTION_ONE)
        app.send(TAB)
        start, end = BRACKETED if how == "bracketed" else (b"", b"")
        app.send(start + text.encode() + end)
        wait_until_sync(lambda: saved_note(started) == text, timeout=120, what="the paste saved")
        app.send(CTRL_Q)
        assert app.wait(timeout=10) == 0
    revisions = read_session(started).revision - before
    # As keys, Textual takes a few ms a key: one save each MOST seconds of that, at most.
    assert revisions <= MOST_REVISIONS if how == "bracketed" else revisions < PASTE // 100, (
        f"{revisions} saves for one paste"
    )


@pytest.mark.parametrize("ending", ["sighup", "sigterm", "quit"])
def test_ending_right_after_typing_keeps_the_note(started, ending):
    """The note shows on screen and the app ends before typing has paused long enough."""
    note = "strong on sqlalchemy, END"
    with PtyApp([*TUI, "resume", str(started)], base_env()) as app:
        app.wait_for(SECTION_ONE)
        app.send(TAB)
        app.send(note.encode())
        app.wait_for("END")
        if ending == "quit":
            app.send(CTRL_Q)
        else:
            app.signal_group(signal.SIGHUP if ending == "sighup" else signal.SIGTERM)
        code = app.wait(timeout=10)
    assert (
        code == {"sighup": 128 + signal.SIGHUP, "sigterm": 128 + signal.SIGTERM, "quit": 0}[ending]
    )
    assert read_session(started).answers.get(FIRST) == Answer(note=note)
