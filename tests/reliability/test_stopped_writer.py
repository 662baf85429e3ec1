"""Another writer holds the folder lock and is stopped (SIGSTOP): a suspended colleague's app,
a hung network file system. The app must stay responsive, keep the answers, say what is going
on and still quit; the command line must end with one line.

The holder is a real second process that takes the lock with ``fcntl.flock`` and is stopped.
A watchdog kills it after WATCHDOG seconds, so an app that does freeze unfreezes then and the
test fails on its timing checks instead of hanging the suite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from tests.conftest import wait_until, wait_until_sync
from tests.reliability.pty_app import CTRL_Q, SPACE, TUI, PtyApp, base_env
from tests.reliability.test_terminal import FIRST, SECTION_ONE, saved_answer
from tui.app import make_app
from tui.core.assessment import Assessment
from tui.core.session.models import Answer
from tui.core.storage.folders import INTERNAL
from tui.core.storage.listing import session_files
from tui.core.storage.reading import read_session
from tui.screens.criterion import CriterionScreen

SECTION_TWO = "Tech stack maturity and constraints"
WATCHDOG = 25.0
LOCK_WAIT_ENV = "HIRING_CLARITY_LOCK_WAIT"
HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(600)
"""


class StoppedWriter:
    """A process holding the sessions folder's lock, stopped; ``release`` kills it."""

    def __init__(self, sessions: Path) -> None:
        lock = sessions / INTERNAL / "lock"
        lock.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(lock)], stdout=subprocess.PIPE
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline() == b"held\n"
        os.kill(self.process.pid, signal.SIGSTOP)
        self.watchdog = threading.Timer(WATCHDOG, self.release)
        self.watchdog.start()

    def release(self) -> None:
        if self.process.poll() is None:
            self.process.kill()  # SIGKILL ends a stopped process too; its lock goes with it
        self.process.wait(timeout=10)

    def close(self) -> None:
        self.watchdog.cancel()
        self.release()
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def started(bank, sessions_dir) -> Path:
    return Assessment.start(bank, sessions_dir, "Payments API hire").path


@pytest.fixture
def stopped_writer(started: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[StoppedWriter]:
    monkeypatch.setenv(LOCK_WAIT_ENV, "1")
    writer = StoppedWriter(started.parent)
    try:
        yield writer
    finally:
        writer.close()


def recovered(started: Path) -> list[Path]:
    return sorted((started.parent / INTERNAL / "recovered").glob("*.toml"))


def test_a_stopped_writer_never_freezes_the_app(started, stopped_writer):
    """Answering while the lock is held: the screen says it is waiting, keys still act, and
    the answer is saved by itself once the other writer lets go."""
    with PtyApp([*TUI, "resume", str(started)], base_env()) as app:
        app.wait_for(SECTION_ONE)
        app.send(SPACE)
        app.wait_for("waiting for another writer", timeout=5)
        app.send(b"n")
        app.wait_for(SECTION_TWO, timeout=5)
        app.wait_for("held the lock", timeout=10)  # after HIRING_CLARITY_LOCK_WAIT seconds
        assert saved_answer(started) is None
        stopped_writer.release()
        wait_until_sync(lambda: saved_answer(started) is not None, what="the answer saved at last")
        app.send(CTRL_Q)
        assert app.wait(timeout=10) == 0
    assert saved_answer(started) == Answer(choice="mvp")
    assert recovered(started) == []


@pytest.mark.parametrize("leave", ["ctrl+q", "sigterm", "sighup"])
def test_leaving_while_a_writer_is_stopped_keeps_the_answers(started, stopped_writer, leave):
    """Ctrl+Q, SIGTERM and SIGHUP still end the app at once; the answers that could not be
    saved go to a recovery copy."""
    with PtyApp([*TUI, "resume", str(started)], base_env()) as app:
        app.wait_for(SECTION_ONE)
        app.send(SPACE)
        app.wait_for("waiting for another writer", timeout=5)
        began = time.monotonic()
        if leave == "ctrl+q":
            app.send(CTRL_Q)
        else:
            app.signal_group(signal.SIGTERM if leave == "sigterm" else signal.SIGHUP)
        code = app.wait(timeout=10)
        assert time.monotonic() - began < 5
    assert (
        code == {"ctrl+q": 1, "sigterm": 128 + signal.SIGTERM, "sighup": 128 + signal.SIGHUP}[leave]
    )
    assert saved_answer(started) is None, "the lock was never taken, the file never written"
    [copy] = recovered(started)
    assert read_session(copy).answers[FIRST] == Answer(choice="mvp")


def test_new_with_a_stopped_writer_ends_with_one_line(sessions_dir, stopped_writer):
    with PtyApp(
        [*TUI, "new", "Blocked hire"], base_env(**{LOCK_WAIT_ENV: "1"}), stderr_to_pipe=True
    ) as app:
        assert app.wait(timeout=15) == 2
        assert app.stderr is not None
        lines = app.stderr.read().decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("hiring-clarity: another writer has held the lock on ")
    assert len(session_files(sessions_dir)) == 1, "nothing new was written"


async def test_home_stays_responsive_while_a_writer_is_stopped(started, stopped_writer, notices):
    """Deleting gives up with a message after the wait; starting a new assessment goes ahead
    as soon as the other writer lets go. Keys work all the while."""
    app = make_app(sessions_dir=started.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        table.focus()
        await pilot.press("d", "y")
        began = time.monotonic()
        await pilot.press("slash", *"pay")
        assert time.monotonic() - began < 3, "keys waited for the lock"
        assert app.screen.query_one("#filter", Input).value == "pay"
        await wait_until(lambda: any("another writer has held the lock" in m for m in notices))
        assert started.exists(), "not deleted while the lock was held"

        await pilot.press("escape")
        app.screen.query_one("#title", Input).focus()
        await pilot.press(*"Blocked hire", "enter")
        await wait_until(lambda: any("Waiting for another writer" in m for m in notices))
        assert not isinstance(app.screen, CriterionScreen)
        stopped_writer.release()
        await wait_until(
            lambda: isinstance(app.screen, CriterionScreen),
            pilot=pilot,
            what="the new assessment open",
        )
        assert app.assessment is not None
        assert app.assessment.session.title == "Blocked hire"
