"""Exporting while another process saves the same session: every export succeeds.

An export writes through a temporary file without the folder lock (it changes no session);
each save sweeps the temporary files left by killed saves. The sweep used to take the export's
file in flight (344 of 2,000 exports failed with FileNotFoundError); a temporary file is now
locked while it is written and a sweep removes only unlocked ones. A real second process
saves in a loop the whole time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import REPO
from tui.core.assessment import Assessment
from tui.core.storage.folders import INTERNAL

SAVER = [sys.executable, "-m", "tests.reliability.saver"]
EXPORTS = 2000


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


@pytest.mark.slow
def test_exports_all_succeed_while_another_process_saves(bank, sessions_dir, tmp_path):
    start = Assessment.start(bank, sessions_dir, "Export race")
    log = tmp_path / "saver.out"
    with log.open("w") as out:
        saver = subprocess.Popen(
            [*SAVER, str(start.path)],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while sum(line.startswith("saved ") for line in _lines(log)) < 3:
            assert saver.poll() is None, "the saver died starting"
            assert time.monotonic() < deadline, "the saver did not start saving"
            time.sleep(0.01)
        before = sum(line.startswith("saved ") for line in _lines(log))
        mine = Assessment.open(bank, start.path)
        failures = []
        for _ in range(EXPORTS):
            try:
                mine.export("json")
            except OSError as exc:
                failures.append(repr(exc))
        saves = sum(line.startswith("saved ") for line in _lines(log)) - before
    finally:
        os.killpg(saver.pid, signal.SIGKILL)
        saver.wait(timeout=10)
        assert saver.stderr is not None
        saver.stderr.close()
    assert saves > 100, f"only {saves} saves overlapped the exports: no race tested"
    assert not failures, f"{len(failures)} of {EXPORTS} exports failed: {failures[:3]}"
    exported = start.path.with_name(start.path.stem + ".report.json")
    assert exported.read_text().startswith("{")
    leftover = os.listdir(sessions_dir / INTERNAL / "tmp")
    assert len(leftover) <= 1, leftover  # at most the killed saver's file in flight
