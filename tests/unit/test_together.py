"""Follow decisions without a screen: real heartbeat files, a fake clock."""

from __future__ import annotations

from pathlib import Path

from tui.core.pairing.together import Together
from tui.core.session.models import Position
from tui.core.storage.presence import Presence

SESSION = "abcd1234"
HERE = Position(criterion="problem-framing", question="primary-outcome")
THERE = Position(criterion="tech-stack", question="hosting-model")


def test_following_stops_once_with_a_name_when_they_leave(sessions_dir: Path) -> None:
    ann = Together(sessions_dir, SESSION, "Ann")
    bob = Presence(sessions_dir, SESSION, "Bob")
    bob.moved(THERE.criterion, THERE.question)
    ann.tick(HERE)
    assert ann.follow_next() is not None and ann.following == bob.me.instance
    assert ann.destination(HERE) == THERE and ann.destination(THERE) is None
    assert bob.others()[0].following == bob.me.instance  # Bob sees it
    bob.leave()
    ann.tick(THERE)
    assert (ann.following, ann.lost) == ("", "Bob")
    assert ann.presence.me.following == ""


def test_a_key_stops_following_but_not_watching(sessions_dir: Path) -> None:
    ann = Together(sessions_dir, SESSION, "Ann")
    carol = Together(sessions_dir, SESSION, "Carol", watching=True)
    bob = Presence(sessions_dir, SESSION, "Bob")
    bob.moved(THERE.criterion, THERE.question)
    ann.tick(HERE)
    carol.tick(HERE)
    assert carol.following == bob.me.instance  # the watcher follows the driver by itself
    ann.follow_next()
    assert ann.key() == bob.me.instance and ann.following == ""
    assert ann.follow_next(after=bob.me.instance) is None  # f on the last one: nobody
    assert carol.key() == "" and carol.following == bob.me.instance
    ann.tick(HERE)
    assert [p.who for p in ann.peers] == ["Bob", "Carol"]
    assert ann.follow_next() is not None and ann.target() is not None
    assert ann.target().who == "Bob"  # type: ignore[union-attr]  # never the watcher


def test_beats_once_a_second_and_at_once_on_a_move(sessions_dir: Path) -> None:
    now = [100.0]
    ann = Together(sessions_dir, SESSION, "Ann", clock=lambda: now[0])
    ann.tick(HERE)
    first = ann.presence.me.beat
    now[0] += 0.5
    ann.tick(HERE)
    assert ann.presence.me.beat == first
    ann.tick(THERE)
    assert ann.presence.me.beat == 100.5 and ann.presence.me.criterion == THERE.criterion
    now[0] += 1.0
    ann.tick(THERE)
    assert ann.presence.me.beat == 101.5
