"""Presence files and what is made of them, in one process (real files, a fake clock where the
time matters); the real second process and SIGKILL are in tests/reliability/test_presence.py."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from tui.core.bank.models import Bank
from tui.core.pairing import follow
from tui.core.pairing.identity import author_name
from tui.core.pairing.remembered import remember_name
from tui.core.session.models import Answer
from tui.core.storage.presence import STALE_AFTER, Peer, Presence

SESSION = "abcd1234"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _folder(sessions: Path) -> Path:
    return sessions / ".hiring-clarity" / "presence"


def _elsewhere(sessions: Path, who: str, beat: float, **fields: object) -> Peer:
    """A heartbeat written by an instance on another host (its pid cannot be checked here)."""
    peer = Peer(
        instance=f"i{len(who)}{who.lower()}",
        who=who,
        host="elsewhere",
        pid=1,
        session=SESSION,
        active=beat,
        beat=beat,
        **fields,  # type: ignore[arg-type]
    )
    (_folder(sessions) / f"{SESSION}.{peer.instance}.json").write_text(json.dumps(asdict(peer)))
    return peer


def test_another_hosts_heartbeat_counts_while_fresh(sessions_dir: Path) -> None:
    clock = Clock()
    me = Presence(sessions_dir, SESSION, "Ann", clock=clock)
    assert me.beat() and me.others() == []  # my own file is not someone else
    assert oct(_folder(sessions_dir).stat().st_mode & 0o777) == "0o700"
    bob = _elsewhere(sessions_dir, "Bob", clock.now, criterion="tech-stack")
    assert me.others() == [bob]
    clock.now += STALE_AFTER + 0.1
    assert me.others() == []  # gone: no heartbeat for too long
    assert (_folder(sessions_dir) / f"{SESSION}.{bob.instance}.json").exists()  # kept a while
    clock.now += 120
    assert me.others() == []
    assert not (_folder(sessions_dir) / f"{SESSION}.{bob.instance}.json").exists()  # swept


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b"[1]",
        b'{"who": "x"}',
        b'{"instance": 1, "who": "x", "host": "h", "pid": 1, "session": "abcd1234"}',
        b"\xff" * 10,
    ],
)
def test_damaged_heartbeats_are_ignored(sessions_dir: Path, content: bytes) -> None:
    me = Presence(sessions_dir, SESSION, "Ann")
    me.beat()
    (_folder(sessions_dir) / f"{SESSION}.bad.json").write_bytes(content)
    os.mkfifo(_folder(sessions_dir) / f"{SESSION}.pipe.json")  # never blocks a look
    assert me.others() == []


def test_a_link_in_place_of_the_folder_is_not_written_through(
    sessions_dir: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (sessions_dir / ".hiring-clarity").mkdir(parents=True)
    _folder(sessions_dir).symlink_to(elsewhere)
    me = Presence(sessions_dir, SESSION, "Ann")
    assert me.beat() is False and me.others() == []
    assert list(elsewhere.iterdir()) == []


def test_leave_removes_the_file_and_stops_beating(sessions_dir: Path) -> None:
    me = Presence(sessions_dir, SESSION, "Ann")
    me.moved("tech-stack", "hosting-model")
    assert [p.name for p in _folder(sessions_dir).iterdir()] == [me.name]
    me.leave()
    assert me.beat() is False
    assert list(_folder(sessions_dir).iterdir()) == []


def test_presence_in_words_and_marks(bank: Bank, sessions_dir: Path) -> None:
    now = 1_000_000.0
    bob = Peer(
        instance="b",
        who="Bob",
        host="h",
        pid=1,
        session=SESSION,
        criterion="tech-stack",
        question="hosting-model",
        active=now - 12,
        beat=now,
    )
    carol = Peer(
        instance="c",
        who="Carol",
        host="h",
        pid=2,
        session=SESSION,
        watching=True,
        following="me",
        criterion="problem-framing",
        active=now - 4000,
        beat=now,
    )
    line = follow.who_is_here(bank, [bob, carol], "me", now, {})
    assert line == (
        "Also here: Bob (Tech stack maturity and con\u2026 Q2, idle 12 s) \u00b7 "
        "Carol (watching, Problem framing and outcomes, idle 1 h, follows you)"
    )
    assert follow.marks([bob, carol]) == {"hosting-model": ["Bob"]}
    assert follow.who_is_here(bank, [], "me", now, {}) == ""
    assert follow.who_is_here(bank, [bob], "me", now, {}, following="b").startswith(
        "Following Bob (any key stops)"
    )
    assert follow.who_is_here(bank, [bob], "me", now, {}, following="b", watching=True).startswith(
        "Watching, following Bob \u2014 Also here"
    )


def test_whom_to_follow() -> None:
    def peer(name: str, active: float, watching: bool = False) -> Peer:
        return Peer(
            instance=name,
            who=name,
            host="h",
            pid=1,
            session=SESSION,
            active=active,
            beat=active,
            watching=watching,
        )

    ann, bob, carol = peer("ann", 5), peer("bob", 9), peer("carol", 20, watching=True)
    peers = [ann, bob, carol]
    assert follow.driver(peers) == bob  # the latest key, and never a watcher
    assert follow.next_to_follow(peers) == bob
    assert follow.next_to_follow(peers, "ann") == bob
    assert follow.next_to_follow(peers, "bob") is None  # after the last: stop
    assert follow.driver([carol]) is None
    latest = follow.driver([replace(ann, active=30), bob])
    assert latest is not None and latest.who == "ann"


def test_author_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIRING_CLARITY_ASSESSOR", "  Bob   Smith ")
    assert author_name("Ann") == "Ann"
    assert author_name() == "Bob Smith"
    monkeypatch.setenv("HIRING_CLARITY_ASSESSOR", "")
    monkeypatch.setenv("USER", "dana")
    monkeypatch.setenv("LOGNAME", "dana")
    assert author_name() == "", "a login name is nobody a hiring committee knows"
    remember_name("  Dana   Lead ")
    assert author_name() == "Dana Lead" and author_name("Ann") == "Ann"
    monkeypatch.setenv("HIRING_CLARITY_ASSESSOR", "Bob Smith")
    assert author_name() == "Bob Smith"


def test_a_question_number_counts_only_the_questions_shown(bank: Bank) -> None:
    """The screen shows no hidden question, so a colleague's "Q2" must be the second one shown."""
    now = 1_000_000.0
    bob = Peer(
        instance="b",
        who="Bob",
        host="h",
        pid=1,
        session=SESSION,
        criterion="problem-framing",
        question="sla-strictness",
        active=now,
        beat=now,
    )
    assert "outcomes Q2," in follow.who_is_here(bank, [bob], "me", now, {})
    scaling = {"primary-outcome": Answer(choice="scale-api")}
    assert "outcomes Q3," in follow.who_is_here(bank, [bob], "me", now, scaling)


def test_a_heartbeat_dated_in_the_future_does_not_stay(sessions_dir: Path) -> None:
    """Issue 22 item 7: a dead heartbeat from a clock an hour ahead stayed 'here' for an hour
    (and every watcher followed it). Freshness is judged by this clock: how long since the
    heartbeat last changed. A live colleague whose clock runs ahead still counts."""
    clock = Clock()
    me = Presence(sessions_dir, SESSION, "Ann", clock=clock)
    me.beat()
    ahead = clock.now + 3600
    dead = _elsewhere(sessions_dir, "Bob", ahead)
    live = _elsewhere(sessions_dir, "Carol", ahead)
    assert me.others() == [dead, live]
    for _ in range(4):  # Carol beats every second; Bob's file never changes again
        clock.now += 1.0
        live = _elsewhere(sessions_dir, "Carol", clock.now + 3600)
        me.others()
    assert me.others() == [live]
    clock.now += 120
    _elsewhere(sessions_dir, "Carol", clock.now + 3600)
    me.others()
    assert not (_folder(sessions_dir) / f"{SESSION}.{dead.instance}.json").exists()  # swept


def test_damaged_heartbeats_are_swept(sessions_dir: Path) -> None:
    """Issue 22 item 7: damaged heartbeat files stayed for ever, re-read at every look."""
    clock = Clock()
    me = Presence(sessions_dir, SESSION, "Ann", clock=clock)
    me.beat()
    bad = _folder(sessions_dir) / f"{SESSION}.bad.json"
    bad.write_bytes(b"{")
    pipe = _folder(sessions_dir) / f"{SESSION}.pipe.json"
    os.mkfifo(pipe)
    other_session = _folder(sessions_dir) / "ffff0000.bad.json"
    other_session.write_bytes(b"{")
    assert me.others() == []
    clock.now += STALE_AFTER + 0.1
    assert me.others() == []
    assert not bad.exists() and not pipe.exists()
    assert other_session.exists()  # another assessment's: its own readers judge it
    assert (_folder(sessions_dir) / me.name).exists()


def test_a_heartbeat_with_a_pid_too_big_for_the_kernel_is_ignored(sessions_dir: Path) -> None:
    """Found by the fuzz run (issue 22): ``os.kill`` raised OverflowError, ending the app."""
    clock = Clock()
    me = Presence(sessions_dir, SESSION, "Ann", clock=clock)
    me.beat()
    peer = replace(_elsewhere(sessions_dir, "Bob", clock.now), host=me.me.host, pid=2**70)
    (_folder(sessions_dir) / f"{SESSION}.{peer.instance}.json").write_text(json.dumps(asdict(peer)))
    assert me.others() == []
