"""Two real app processes on one assessment, each in its own PTY, as two terminals would be.

The test looks at the heartbeat files the way a third instance would (``Presence.others``) and
at what each app draws: each shows the other, a follower goes where its leader goes, and an app
killed with SIGKILL is gone for the others within 3 s.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.pty_app import TAB, TUI, PtyApp, base_env
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.storage.presence import Peer, Presence
from tui.core.storage.reading import read_session

SECTION_ONE = "Problem framing and outcomes"
DOWN = b"\x1b[B"


def _until(check: Callable[[], bool], timeout: float, what: str) -> float:
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < timeout, f"not within {timeout} s: {what}"
        time.sleep(0.05)
    return time.monotonic() - start


@pytest.fixture
def pair_session(bank: Bank, sessions_dir: Path) -> Path:
    return Assessment.start(bank, sessions_dir, "Pair hire", assessor="Ann").path


def _app(path: Path, who: str, *extra: str) -> PtyApp:
    return PtyApp([*TUI, "resume", str(path), "--assessor", who, *extra], base_env())


def _peer(observer: Presence, who: str) -> Peer | None:
    return next((p for p in observer.others() if p.who == who), None)


def test_two_apps_see_each_other_and_a_killed_one_goes_within_3_s(
    pair_session: Path, sessions_dir: Path
) -> None:
    observer = Presence(sessions_dir, read_session(pair_session).id, "observer")
    with _app(pair_session, "Ann") as ann, _app(pair_session, "Bob") as bob:
        ann.wait_for(SECTION_ONE)
        bob.wait_for(SECTION_ONE)
        ann.wait_for("Also here: Bob (")
        bob.wait_for("Also here: Ann (")
        bob.send(TAB + TAB)  # Bob moves to the second question: Ann's screen marks it
        _until(
            lambda: (p := _peer(observer, "Bob")) is not None and p.question != "", 5, "Bob's place"
        )
        ann.wait_for("Bob on this question now", timeout=5)
        bob.signal_group(signal.SIGKILL)
        gone = _until(lambda: _peer(observer, "Bob") is None, 3.0, "Bob gone after kill -9")
        assert gone < 3.0
        assert _peer(observer, "Ann") is not None  # Ann is still there
        ann.send(b"\x11")
        assert ann.wait() == 0
        _until(lambda: observer.others() == [], 3.0, "Ann gone after quitting")


def test_follow_in_two_apps_and_watch(pair_session: Path, sessions_dir: Path, bank: Bank) -> None:
    observer = Presence(sessions_dir, read_session(pair_session).id, "observer")
    with (
        _app(pair_session, "Ann") as ann,
        _app(pair_session, "Bob") as bob,
        _app(pair_session, "Carol", "--watch") as carol,
    ):
        for app in (ann, bob, carol):
            app.wait_for(SECTION_ONE)
        ann.wait_for("Also here: Bob (")
        bob.send(b"n")  # Bob drives: the next section
        _until(
            lambda: (
                (p := _peer(observer, "Bob")) is not None and p.criterion == bank.criteria[1].id
            ),
            5,
            "Bob in section 2",
        )
        ann.send(b"f")
        _until(
            lambda: (p := _peer(observer, "Ann")) is not None and p.following != "",
            5,
            "Ann follows",
        )
        bob.wait_for("follows you", timeout=5)
        bob_now = _peer(observer, "Bob")
        assert bob_now is not None and _peer(observer, "Ann").following == bob_now.instance  # type: ignore[union-attr]
        for step in (b"n", TAB + TAB):
            bob.send(step)
            _until(
                lambda: (
                    (b := _peer(observer, "Bob")) is not None
                    and (a := _peer(observer, "Ann")) is not None
                    and (a.criterion, a.question) == (b.criterion, b.question)
                ),
                2.0,
                "Ann's screen where Bob's is",
            )
            _until(
                lambda: (
                    (b := _peer(observer, "Bob")) is not None
                    and (c := _peer(observer, "Carol")) is not None
                    and (c.criterion, c.question) == (b.criterion, b.question)
                ),
                2.0,
                "the watcher where Bob is",
            )
        ann.send(DOWN)  # a key of Ann's own: following stops, Bob is told no more
        _until(
            lambda: (a := _peer(observer, "Ann")) is not None and a.following == "",
            3,
            "Ann stops following",
        )
        carol_now = _peer(observer, "Carol")
        assert carol_now is not None and carol_now.watching
    assert read_session(pair_session).positions.keys() >= {"Ann", "Bob"}
    assert "Carol" not in read_session(pair_session).positions  # a watcher writes nothing


def test_a_dropped_terminal_goes_within_3_s(pair_session: Path, sessions_dir: Path) -> None:
    """A closed window or a dropped SSH link: the kernel hangs the app up; it ends at once
    without removing its heartbeat, and its dead pid tells the others it has gone."""
    observer = Presence(sessions_dir, read_session(pair_session).id, "observer")
    with _app(pair_session, "Bob") as bob:
        bob.wait_for(SECTION_ONE)
        _until(lambda: _peer(observer, "Bob") is not None, 5, "Bob here")
        bob.hang_up_terminal()
        bob.wait(timeout=10)
        _until(lambda: _peer(observer, "Bob") is None, 3.0, "Bob gone after the hang-up")
