"""A colleague's save reaches the app through file-system events on the sessions folder, with
the poll as the fallback: two real processes, one saving, the other showing it.

Timing targets are the bench's (``python -m bench --only pair_shown``); these tests check that
events arrive at all, for the right file only, and that the poll alone still does the work.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import REPO
from tests.reliability.pty_app import TUI, PtyApp, base_env
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.session.answering import progress
from tui.core.storage.folders import INTERNAL
from tui.folder_watch import WATCH_ENV, start

FIRST = "primary-outcome"
SECTION_ONE = "Problem framing and outcomes"
ANSWER = f"""
import sys
from pathlib import Path
from tui.core.assessment import Assessment
from tui.core.bank.loading import load_bank
from tui.core.session.models import Answer
assessment = Assessment.open(load_bank(), Path(sys.argv[1]))
assessment.answer({FIRST!r}, Answer(choice="mvp"))
"""
"""Another process (a colleague's app) answering the first question, through the core."""


def answer_elsewhere(path: Path) -> None:
    subprocess.run([sys.executable, "-c", ANSWER, str(path)], cwd=REPO, check=True, timeout=60)


def beat(folder: Path, times: int) -> None:
    """Heartbeat-like traffic in the bookkeeping folder: files created, replaced, removed."""
    presence = folder / INTERNAL / "presence"
    presence.mkdir(mode=0o700, exist_ok=True)
    for n in range(times):
        staged = presence / f"alice.{n}.tmp"
        staged.write_text(f"beat {n}")
        os.replace(staged, presence / "alice")
    (presence / "alice").unlink()


async def test_a_save_by_another_process_is_reported_and_heartbeats_are_not(bank, sessions_dir):
    path = Assessment.start(bank, sessions_dir, "Watched").path
    seen: list[Path] = []
    arrived = asyncio.Event()

    def changed(entry: Path) -> None:
        seen.append(entry)
        if entry == path:
            arrived.set()

    watch = start(changed)
    if watch is None:
        pytest.skip("no inotify here: the poll alone is tested below")
    try:
        assert watch.watch(path.parent)
        beat(sessions_dir, 20)
        await asyncio.to_thread(answer_elsewhere, path)
        await asyncio.wait_for(arrived.wait(), timeout=10)
    finally:
        watch.close()
    # Events come in order: heartbeats before the save would have been reported by now.
    assert set(seen) == {path}, f"more than the session file woke the app: {seen}"


async def test_forcing_the_poll_leaves_events_unused(monkeypatch):
    monkeypatch.setenv(WATCH_ENV, "poll")
    assert start(lambda _: None) is None


@pytest.mark.parametrize("mode", ["events", "poll"])
def test_the_app_shows_a_colleagues_answer(bank: Bank, sessions_dir: Path, mode: str) -> None:
    """B has the session open; A (another process) answers: B's header counts it."""
    path = Assessment.start(bank, sessions_dir, "Pair").path
    criterion = bank.criteria[0]
    total = progress(bank, {}, criterion.id).total
    env = base_env(**({WATCH_ENV: "poll"} if mode == "poll" else {}))
    with PtyApp([*TUI, "resume", str(path)], env) as app:
        app.wait_for(SECTION_ONE)
        app.wait_for(f"0/{total} answered")
        beat(sessions_dir, 5)
        answer_elsewhere(path)
        app.wait_for(f"1/{total} answered", timeout=10)
        app.send(b"\x11")
        assert app.wait(timeout=10) == 0
