"""The real app in a real pseudo-terminal: hang-ups, hostile text, terminals without colour.

A dropped SSH connection reaches the app as SIGHUP to its process group; a closed terminal
window as the kernel hanging up the PTY. Either way the answers the app has saved are on disk
and the file is whole. Titles and notes full of escape sequences must reach the terminal only
as visible text, never as raw control bytes.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import wait_until_sync
from tests.reliability.pty_app import CTRL_Q, SPACE, TAB, TUI, PtyApp, base_env
from tui.core.assessment import Assessment
from tui.core.session.models import Answer
from tui.core.storage.folders import INTERNAL
from tui.core.storage.reading import read_session

SECTION_ONE = "Problem framing and outcomes"
HOME_TEXT = "Start a new assessment"
FIRST = "primary-outcome"


def saved_answer(path: Path) -> Answer | None:
    return read_session(path).answers.get(FIRST)


def assert_whole_and_alone(path: Path) -> None:
    """The session parses and nothing but sessions and the bookkeeping folder sits beside it."""
    read_session(path)
    assert sorted(os.listdir(path.parent)) == sorted([INTERNAL, path.name])


@pytest.fixture
def started(bank, sessions_dir) -> Path:
    """A new session; resuming it opens section 1 with focus on the first question's options."""
    return Assessment.start(bank, sessions_dir, "Payments API hire").path


# -- hang-ups ------------------------------------------------------------------------------


def test_sighup_after_an_answer_keeps_it(started):
    with PtyApp([*TUI, "resume", str(started)], base_env()) as app:
        app.wait_for(SECTION_ONE)
        app.send(SPACE)
        wait_until_sync(lambda: saved_answer(started) is not None, what="the answer on disk")
        app.signal_group(signal.SIGHUP)
        app.wait(timeout=10)
    assert saved_answer(started) == Answer(choice="mvp")
    assert_whole_and_alone(started)


def test_a_terminal_closed_without_a_sighup_still_ends_the_app(started):
    """Started without a controlling terminal, the app gets no SIGHUP when its terminal
    closes: it notices the hang-up itself, keeps what was answered and exits, instead of
    spinning on a dead terminal for good (seen: 43% of a core for an hour)."""
    with PtyApp([*TUI, "resume", str(started)], base_env(), controlling=False) as app:
        app.wait_for(SECTION_ONE)
        app.send(SPACE)
        wait_until_sync(lambda: saved_answer(started) is not None, what="the answer on disk")
        app.hang_up_terminal()
        assert app.wait(timeout=10) == 128 + signal.SIGHUP
    assert saved_answer(started) == Answer(choice="mvp")
    assert_whole_and_alone(started)


@pytest.mark.parametrize("hang_up", ["sighup", "window-closed"])
def test_hang_up_after_typing_a_note_keeps_it(started, hang_up):
    """Typing at a person's pace, every keystroke is saved; then the line drops."""
    note = "call back tue"
    with PtyApp([*TUI, "resume", str(started)], base_env()) as app:
        app.wait_for(SECTION_ONE)
        app.send(TAB)
        for char in note:
            app.send(char.encode())
            time.sleep(0.03)
        app.wait_for(note)
        wait_until_sync(lambda: (saved_answer(started) or Answer()).note == note, what="the note")
        if hang_up == "sighup":
            app.signal_group(signal.SIGHUP)
        else:
            app.hang_up_terminal()
        app.wait(timeout=10)
    assert saved_answer(started) == Answer(note=note)
    assert_whole_and_alone(started)


def test_sighup_right_after_a_burst_of_typing_keeps_what_the_screen_shows(bank, sessions_dir):
    """Over a slow SSH link keys arrive in bursts; what the screen shows must be on disk.

    Whether the drawing or the saving comes first is a race, so a loss on any of three tries
    fails the test: a fixed app passes all three, a broken one almost never does.
    """
    note = "remote ok, " + "x" * 60 + " END-OF-NOTE"
    for attempt in range(3):
        path = Assessment.start(bank, sessions_dir, f"Burst {attempt}").path
        with PtyApp([*TUI, "resume", str(path)], base_env()) as app:
            app.wait_for(SECTION_ONE)
            app.send(TAB)
            app.send(note.encode())
            app.wait_for("END-OF-NOTE")
            app.signal_group(signal.SIGHUP)
            app.wait(timeout=10)
        assert (saved_answer(path) or Answer()).note == note, f"lost on try {attempt + 1}"


def test_keys_typed_ahead_of_a_tab_reach_the_note(started):
    """Tab and the note's first letters arrive in one packet, as a fast typist over SSH sends."""
    with PtyApp([*TUI, "resume", str(started)], base_env()) as app:
        app.wait_for(SECTION_ONE)
        app.send(TAB + b"call")
        app.wait_for("call")
        app.send(b"!")  # sent alone, long after the Tab: this one always lands in the note
        wait_until_sync(lambda: (saved_answer(started) or Answer()).note is not None, what="a note")
        app.send(CTRL_Q)
        assert app.wait(timeout=10) == 0
    assert saved_answer(started) == Answer(note="call!")


# -- hostile text --------------------------------------------------------------------------

HOSTILE = "\x1b[31mRED \x1b]0;pwned\x07 \x1b[2Jwipe \x9b31mC1 \u202eevil\u202c"
WIDE = "面接評価 שלום wide"
RAW = [
    b"\x1b]0;pwned",  # set the window title
    b"\x1b[2Jwipe",  # clear the screen
    b"\x1b[31mRED",  # recolour
    b"\xc2\x9b",  # an 8-bit CSI (U+009B), which some terminals obey
    "\u202e".encode(),  # right-to-left override: reorders what follows
    "\u202c".encode(),
]


@pytest.fixture
def hostile(bank, sessions_dir) -> Path:
    Assessment.start(bank, sessions_dir, WIDE)
    assessment = Assessment.start(bank, sessions_dir, HOSTILE)
    assessment.note(FIRST, HOSTILE + " " + WIDE)
    assessment.session.notes = HOSTILE
    assessment.save()
    return assessment.path


def assert_no_raw_sequences(output: bytes) -> None:
    for raw in RAW:
        assert raw not in output, f"{raw!r} reached the terminal"


def test_hostile_titles_on_the_home_screen_are_drawn_as_text(hostile):
    with PtyApp([*TUI], base_env()) as app:
        app.wait_for("\\x1b[31mRED \\x1b]0;pwned\\x07")
        app.wait_for(WIDE)
        app.wait_quiet()  # every line drawn
        app.send(CTRL_Q)
        assert app.wait(timeout=10) == 0
        output = app.output
    assert_no_raw_sequences(output)


def test_hostile_title_and_note_on_resume_are_drawn_as_text(hostile):
    with PtyApp([*TUI, "resume", str(hostile)], base_env()) as app:
        app.wait_for(SECTION_ONE)
        app.wait_for("\\x1b]0;pwned\\x07 \\x1b[2Jwipe \\x9b31mC1")  # the note field
        app.send(b"s")
        app.wait_for("\\x1b[31mRED \\x1b]0;pwned\\x07")  # the summary's verdict line
        app.wait_quiet()
        app.send(CTRL_Q)
        assert app.wait(timeout=10) == 0
        output = app.output
    assert_no_raw_sequences(output)
    assert read_session(hostile).title == HOSTILE, "the title was not kept exactly"


# -- terminals -----------------------------------------------------------------------------


def test_dumb_terminal_gets_plain_mode_instead_of_a_refusal():
    """TERM=dumb cannot show the full screen: plain mode's line prompts start instead."""
    with PtyApp([*TUI], base_env("dumb")) as app:
        app.wait_for("plain mode")
        app.wait_for("to quit: ")
        app.send(b"q\n")
        assert app.wait(timeout=20) == 0
        output = app.output
    assert b"\x1b[?1049h" not in output, "it drew a full screen on a dumb terminal"
    assert b"\x1b[" not in output, "escape sequences sent to a dumb terminal"


_SGR = re.compile(rb"\x1b\[([0-9;]*)m")
_HUES = {*range(31, 37), *range(41, 47), *range(91, 97), *range(101, 107), 38, 48}


@pytest.mark.parametrize(
    ("term", "extra"), [("xterm", {"NO_COLOR": "1"}), (None, {})], ids=["no-color", "term-unset"]
)
def test_runs_and_quits_without_colour_or_term(term, extra):
    with PtyApp([*TUI], base_env(term, **extra)) as app:
        app.wait_for(HOME_TEXT)
        app.send(CTRL_Q)
        assert app.wait(timeout=10) == 0
        output = app.output
    if "NO_COLOR" in extra:
        params = {int(p) for m in _SGR.findall(output) for p in m.split(b";") if p}
        assert not params & _HUES, f"colours despite NO_COLOR: {sorted(params & _HUES)}"


# -- crashes -------------------------------------------------------------------------------

CRASHING = [sys.executable, "-m", "tests.reliability.crashing_app"]


def test_a_crash_says_what_went_wrong_and_where_the_answers_are(started):
    """A bug in a key handler: the terminal gets back the error's type, message and traceback
    (without local variables: they may hold notes) and where the answers are; exit code 1."""
    from tests.reliability.crashing_app import FAULT

    note = "confidential-candidate-remark"
    with PtyApp([*CRASHING, str(started)], base_env()) as app:
        app.wait_for(SECTION_ONE)
        app.send(TAB)
        app.send(note.encode())
        wait_until_sync(lambda: (saved_answer(started) or Answer()).note == note, what="the note")
        app.send(b"\x1b[24~")  # F12: the deliberate fault
        assert app.wait(timeout=15) == 1
        printed = app.printed_after_screen()
    flat = " ".join(printed.split())
    assert "Traceback" in printed and "RuntimeError" in printed and FAULT in flat, printed
    assert "action_fault" in printed, "the traceback names the failing code"
    assert f"Answers already saved are safe in {started}".replace(" ", "") in flat.replace(
        " ", ""
    ), printed
    assert note not in printed, "local variables (which may hold notes) were printed"
    assert "errors shown" not in printed
