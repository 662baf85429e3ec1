"""This instance among the others on one assessment: its heartbeat, who is here, whom it follows.

The app calls ``tick`` a few times a second and shows what it finds; everything that decides
(when to beat, when following stops, whom a watcher follows) is here, so it is tested without
a screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path

from tui.core.bank.models import Bank
from tui.core.pairing import follow
from tui.core.session.models import Answer, Position
from tui.core.storage.presence import BEAT_EVERY, Peer, Presence

TICK_SECONDS = 0.25
"""How often the app looks: a followed move shows within about two ticks."""


def spot_of(peer: Peer) -> Position:
    return Position(criterion=peer.criterion, question=peer.question, summary=peer.summary)


class Together:
    """Presence and follow for one open assessment of this instance."""

    def __init__(
        self,
        directory: Path,
        session_id: str,
        who: str,
        watching: bool = False,
        clock: Callable[[], float] = time.time,
        instance: str = "",
    ) -> None:
        """``instance``: this running app's writer id (``tui.core.pairing.identity.writer_id``), so
        its heartbeat and its saves name the same writer; a new random one when not given."""
        self.clock = clock
        self.presence = Presence(
            directory, session_id, who, watching=watching, clock=clock, instance=instance
        )
        self.watching = watching
        """Opened with ``--watch``: always follows whoever drives; keys do not stop it."""
        self.peers: list[Peer] = []
        self.following = ""
        """The instance followed ('' for nobody)."""
        self.lost = ""
        """The name of a person followed who has left (said once by the app, then cleared)."""
        self._followed_name = ""
        self._spot = Position()
        self._beaten = float("-inf")

    @property
    def session_id(self) -> str:
        return self.presence.me.session

    @property
    def me(self) -> str:
        return self.presence.me.instance

    def tick(self, spot: Position) -> None:
        """Say where I am (at once when it changed), look at the others, keep follow in step."""
        now = self.clock()
        if spot != self._spot:
            self._spot = spot
            self.presence.moved(spot.criterion, spot.question, spot.summary)
            self._beaten = now
        elif now - self._beaten >= BEAT_EVERY:
            self.presence.beat()
            self._beaten = now
        self.peers = self.presence.others()
        if self.watching:
            driving = follow.driver(self.peers)
            self._set_following(driving.instance if driving else "")
        elif self.following and self.target() is None:
            self.lost = self._followed_name or "them"
            self._set_following("")

    def target(self) -> Peer | None:
        """The person followed, if they are still here."""
        return follow.find(self.peers, self.following)

    def destination(self, spot: Position) -> Position | None:
        """Where following takes me now, or None (not following, or already there)."""
        target = self.target()
        if target is None or not (target.criterion or target.summary):
            return None
        theirs = spot_of(target)
        return None if theirs == spot else theirs

    def key(self) -> str:
        """A key of mine: not idle; following stops (not for a watcher). The instance whose
        following it stopped, else ''."""
        self.presence.touched()
        stopped = self.following
        if stopped and not self.watching:
            self._set_following("")
            return stopped
        return ""

    def follow_next(self, after: str = "") -> Peer | None:
        """``f``: follow the one driving, or the person after ``after`` (the one followed
        until this very key stopped it); None after the last one: following stays off."""
        chosen = follow.next_to_follow(self.peers, after or self.following)
        self._set_following(chosen.instance if chosen else "")
        return chosen

    def _set_following(self, instance: str) -> None:
        if instance != self.following:
            target = follow.find(self.peers, instance)
            self._followed_name = target.who if target else ""
            self.following = instance
            self.presence.follow(instance)

    def line(self, bank: Bank, answers: Mapping[str, Answer]) -> str:
        """The presence line for the screen ('' when nobody else is here)."""
        return follow.who_is_here(
            bank,
            self.peers,
            self.me,
            self.clock(),
            answers,
            self.following,
            self.watching,
            self.presence.me.who,
        )

    def marks(self) -> dict[str, list[str]]:
        return follow.marks(self.peers, self.presence.me.who)

    def leave(self) -> None:
        self.presence.leave()
