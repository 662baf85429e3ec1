"""Presence with real processes: a second instance appears, and disappears within 3 s when it
exits cleanly or is killed with SIGKILL (no chance to remove its heartbeat file)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from tui.core.storage.presence import Peer, Presence

REPO = Path(__file__).resolve().parents[2]
GONE_WITHIN = 3.0


def _start(sessions: Path, session_id: str, who: str) -> subprocess.Popen[str]:
    peer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.reliability.presence_peer",
            str(sessions),
            session_id,
            who,
            "tech-stack",
            "hosting-model",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert peer.stdout is not None and peer.stdout.readline().strip() == "ready"
    return peer


def _wait_until(presence: Presence, done: object, limit: float) -> float:
    """Seconds until ``done(others)`` holds, looking as the app does (every 0.25 s)."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if done(presence.others()):  # type: ignore[operator]
            return time.monotonic() - start
        time.sleep(0.25)
    raise AssertionError(f"not within {limit} s: {presence.others()}")


def _names(peers: list[Peer]) -> list[str]:
    return [p.who for p in peers]


def test_a_killed_instance_disappears_within_3_s(sessions_dir: Path) -> None:
    me = Presence(sessions_dir, "abcd1234", "Ann")
    me.moved("problem-framing", "primary-outcome")
    peer = _start(sessions_dir, "abcd1234", "Bob")
    try:
        _wait_until(me, lambda peers: _names(peers) == ["Bob"], 3.0)
        bob = me.others()[0]
        assert (bob.criterion, bob.question, bob.pid) == ("tech-stack", "hosting-model", peer.pid)
        peer.send_signal(signal.SIGKILL)
        peer.wait()  # reaped, as a shell reaps a killed child (a zombie counts as dead anyway)
        assert _wait_until(me, lambda peers: peers == [], GONE_WITHIN) < GONE_WITHIN
    finally:
        peer.kill()
        peer.wait()
    me.leave()
    assert not list((sessions_dir / ".hiring-clarity" / "presence").iterdir())  # swept


def test_a_killed_unreaped_instance_disappears_too(sessions_dir: Path) -> None:
    """Killed but not yet reaped (a zombie): its pid still answers signals, yet it is gone."""
    me = Presence(sessions_dir, "abcd1234", "Ann")
    peer = _start(sessions_dir, "abcd1234", "Bob")
    try:
        _wait_until(me, lambda peers: _names(peers) == ["Bob"], 3.0)
        peer.send_signal(signal.SIGKILL)
        assert _wait_until(me, lambda peers: peers == [], GONE_WITHIN) < GONE_WITHIN
    finally:
        peer.kill()
        peer.wait()


def test_a_clean_exit_removes_the_file(sessions_dir: Path) -> None:
    me = Presence(sessions_dir, "abcd1234", "Ann")
    peer = _start(sessions_dir, "abcd1234", "Bob")
    other_session = _start(sessions_dir, "ffff0000", "Carol")
    try:
        _wait_until(me, lambda peers: _names(peers) == ["Bob"], 3.0)  # not Carol: another session
        peer.terminate()
        assert peer.wait(5) == 0
        _wait_until(me, lambda peers: peers == [], GONE_WITHIN)
        names = [p.name for p in (sessions_dir / ".hiring-clarity" / "presence").iterdir()]
        assert not [n for n in names if n.startswith("abcd1234.")]
    finally:
        for process in (peer, other_session):
            process.kill()
            process.wait()
