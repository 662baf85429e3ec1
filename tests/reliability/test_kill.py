"""Crash safety: a real process saving a session is SIGKILLed at random moments, 200 times.

Whatever instant the kill lands on (writing the temporary file, fsyncing it, linking the
backup, renaming), the session file left behind must be one whole version: the last one the
process reported or the one after it (written, but killed before it could say so). Nothing
half-written or temporary may show in the sessions folder, and the next save sweeps what a
killed save left in the bookkeeping area.

To keep 200 starts fast, a fork server imports ``tui.core`` and loads the bank once, then forks
a fresh child per round; a second test starts a whole new interpreter each round.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import REPO
from tests.reliability.lines import LineReader
from tests.reliability.saver import QUESTION, expected_answer
from tests.seeds import seeded
from tui.core.assessment import Assessment
from tui.core.session.models import Session
from tui.core.storage.folders import INTERNAL
from tui.core.storage.reading import read_session
from tui.core.storage.session_file import backup_path

SAVER = [sys.executable, "-m", "tests.reliability.saver"]
ROUNDS = 200
MAX_WAIT = 0.030


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.is_dir() else []


def check_left_behind(path: Path, last: int, initial: int, context: str) -> Session:
    """The file a kill left: a whole version, ``last`` or ``last + 1``, and nothing stray."""
    assert _listing(path.parent) == sorted([INTERNAL, path.name]), context
    assert path.read_bytes().strip(), f"empty session file; {context}"
    session = read_session(path)
    assert session.revision in (last, last + 1), f"revision {session.revision}; {context}"
    answer = session.answers.get(QUESTION)
    if session.revision == initial:
        assert answer is None, context
    else:
        assert answer == expected_answer(session.revision), f"a mixed version; {context}"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, context
    backup = read_session(backup_path(path))
    assert backup.revision in (session.revision - 1, session.revision), context
    return session


def save_once_in_a_fresh_process(path: Path) -> None:
    done = subprocess.run(
        [*SAVER, "--once", str(path)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture
def session_path(bank, sessions_dir) -> Path:
    return Assessment.start(bank, sessions_dir, "Crash test").path


@pytest.mark.slow
def test_sigkill_at_random_moments_leaves_a_whole_version(session_path, tmp_path):
    path = session_path
    tmp_dir = path.parent / INTERNAL / "tmp"
    rng, seed = seeded("KILL_SEED")
    initial = last = read_session(path).revision
    stderr = (tmp_path / "saver.stderr").open("wb")
    server = subprocess.Popen(
        [*SAVER, "--fork", str(path)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
        start_new_session=True,
    )
    assert server.stdin is not None and server.stdout is not None
    reader = LineReader(server.stdout.fileno())
    killed_mid_write = finished_unreported = 0
    try:
        for round_ in range(ROUNDS):
            context = f"round {round_}, seed {seed}, see {stderr.name}"
            stale = set(_listing(tmp_dir))
            server.stdin.write(b"go\n")
            server.stdin.flush()
            ready, _ = reader.until("ready ", timeout=30)
            _, pid, opened = ready.split()
            assert int(opened) == last, context
            time.sleep(rng.uniform(0.001, MAX_WAIT))
            os.kill(int(pid), signal.SIGKILL)
            ended, lines = reader.until(f"exit {pid} ", timeout=30)
            status = int(ended.split()[2])
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, context
            saved = [int(line.split()[1]) for line in lines if line.startswith("saved ")]
            assert saved == list(range(last + 1, last + 1 + len(saved))), context
            if saved:
                last = saved[-1]
                left = stale & set(_listing(tmp_dir))
                assert not left, f"a complete save did not sweep {left}; {context}"
            session = check_left_behind(path, last, initial, context)
            finished_unreported += session.revision == last + 1
            killed_mid_write += bool(set(_listing(tmp_dir)) - stale)
            last = session.revision
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        with contextlib.suppress(OSError):
            server.stdin.close()
        server.stdout.close()
        stderr.close()
    # Without kills inside a save the test would prove nothing: a save takes ~1-2 ms and the
    # kill lands at a random point of a ~15 ms window, so many hit one.
    assert killed_mid_write > 0, f"no kill landed mid-write in {ROUNDS} rounds (seed {seed})"
    # Saves must also complete between kills, or only the first version was ever checked. On a
    # loaded machine a save can outlast the kill window, so a tenth of the rounds is enough.
    assert last - initial >= ROUNDS // 10, f"the workers hardly saved anything (seed {seed})"
    save_once_in_a_fresh_process(path)
    assert read_session(path).revision == last + 1
    assert _listing(tmp_dir) == [], "the next save did not sweep the temporaries"
    assert _listing(path.parent / INTERNAL / "backups") == [path.name]
    print(
        f"{ROUNDS} kills: {killed_mid_write} mid-write, {finished_unreported} after the "
        f"rename but before the report; {last - initial} saves; seed {seed}"
    )


def test_sigkill_of_a_whole_interpreter(session_path):
    """The same with no fork server: a new Python each time, killed soon after it is ready."""
    path = session_path
    rng, _ = seeded("KILL_SEED")
    initial = last = read_session(path).revision
    for round_ in range(12):
        worker = subprocess.Popen(
            [*SAVER, str(path)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert worker.stdout is not None
        try:
            reader = LineReader(worker.stdout.fileno())
            reader.until("ready ", timeout=30)
            time.sleep(rng.uniform(0.001, MAX_WAIT))
            worker.kill()
            assert worker.wait(timeout=10) == -signal.SIGKILL
            lines = []
            while (line := reader.readline(timeout=10)) or not reader.closed:
                lines.append(line)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait(timeout=10)
            worker.stdout.close()
            assert worker.stderr is not None
            worker.stderr.close()
        saved = [int(line.split()[1]) for line in lines if line.startswith("saved ")]
        last = saved[-1] if saved else last
        last = check_left_behind(path, last, initial, f"round {round_}").revision
    save_once_in_a_fresh_process(path)
    assert _listing(path.parent / INTERNAL / "tmp") == []
