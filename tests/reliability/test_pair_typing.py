"""Typing a note while a colleague answers elsewhere: the note is exactly what was typed.

Issue 11's garble case, with two real processes: the app in a PTY (A) types a key every
150 ms into the note of its first question while a second writer process (B,
``tests.reliability.writer``) answers questions of another section every 300 ms. Before the
fix, each of B's saves reloaded A's note field and moved its cursor to the start: typing
``abc``, then ``def`` after B's save, left ``defabc`` in the file.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tests import REPO
from tests.reliability.pty_app import CTRL_Q, TAB, TUI, PtyApp, base_env
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.storage.reading import read_session

SECTION_ONE = "Problem framing and outcomes"
TYPED = "the candidate shipped two flask services"
WRITER = [sys.executable, "-m", "tests.reliability.writer"]


def test_a_note_typed_while_a_colleague_answers_elsewhere_is_exactly_what_was_typed(
    bank: Bank, sessions_dir: Path, tmp_path: Path
) -> None:
    path = Assessment.start(bank, sessions_dir, "Pair hire", assessor="Ann").path
    first = bank.criteria[0].questions[0].id
    go = tmp_path / "go"
    with PtyApp([*TUI, "resume", str(path), "--assessor", "Ann"], base_env()) as ann:
        ann.wait_for(SECTION_ONE)
        ann.send(TAB)  # into the first question's note
        bob = subprocess.Popen(
            [*WRITER, str(path), "B", "3", "25", str(go), "0.3", "Bob"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 30
            while not (tmp_path / "B").exists():
                assert bob.poll() is None and time.monotonic() < deadline, "B did not start"
                time.sleep(0.01)
            go.touch()
            for key in TYPED:
                ann.send(key.encode())
                time.sleep(0.15)
            out, err = bob.communicate(timeout=60)
            assert bob.returncode == 0, err
        finally:
            if bob.poll() is None:
                bob.kill()
                bob.wait(timeout=10)
        time.sleep(1.5)  # A takes in B's last saves while its note field is still focused
        ann.send(CTRL_Q)
        assert ann.wait() == 0
    saved = read_session(path)
    assert saved.answers[first].note == TYPED
    assert saved.answers[first].note_by == "Ann"
    others = [q.id for q in bank.criteria[2].questions]
    assert all(saved.answers[q].by == "Bob" for q in others if q in saved.answers)
    assert any(q in saved.answers for q in others), "B's answers did not arrive"
    assert saved.conflicts == {}
