"""Pairing in the app: who else is here, the questions they are on, and following one of them.

The decisions live in ``tui.core.pairing.together``; this layer ticks it a few times a second, shows
what it finds on the criterion screen and moves the screen where a followed person goes.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual import events

from tui.core.assessment import Assessment
from tui.core.pairing.identity import UNNAMED, named_by_login, writer_id
from tui.core.pairing.remembered import remember_name
from tui.core.session.models import Position
from tui.core.text import one_line
from tui.opening import OpeningApp

if TYPE_CHECKING:
    from tui.core.pairing.together import Together

NOBODY_TO_FOLLOW = "Nobody else has this assessment open to follow."


class PairingApp(OpeningApp):
    """Presence and follow for the open assessment: the layer above opening."""

    def __init__(self) -> None:
        super().__init__()
        self.author = ""
        """Who this instance is (``tui.core.pairing.identity``): saves, presence and follow use
        it."""
        self.writer = writer_id()
        """This running app, whatever its name: two apps under one name are two writers."""
        self.watching = False
        """``resume --watch``: read-only, following whoever drives."""
        self.together: Together | None = None
        self._stopped_following = ""

    def adopt(self, assessment: Assessment) -> Assessment:
        """Moves in this assessment are saved as this person's own position. Someone nobody
        named is taken to be the assessment's own assessor (never a login name)."""
        if not self.author:
            self.author = assessment.session.assessor
        assessment.author = self.author
        assessment.writer = self.writer
        return super().adopt(assessment)

    def name_from_home(self, name: str) -> None:
        """Who the home form's Assessor field says is at the keyboard (it starts with the
        name known so far): saves and presence show it, and it is remembered for the next
        start. A login the SSH server named keeps its name."""
        name = " ".join(name.split())
        if not name or name == self.author or named_by_login():
            return
        self.author = name
        if not self.watch_only:  # read-only writes nothing, not even a remembered name
            remember_name(name)

    def goto_place(self, place: Position) -> None:
        """Where a followed person went: their section and question, or the summary."""
        if place.summary:
            self.action_summary()
            return
        ids = [c.id for c in self.bank.criteria]
        if place.criterion not in ids:
            return
        if place.question and self.bank.criterion_of(place.question) is not None:
            self.goto_question(place.question)
        else:
            self.action_goto(ids.index(place.criterion))

    def on_mount(self) -> None:
        # Textual calls each class's on_mount: the app's and safekeeping's run as well.
        self.call_after_refresh(self._start_ticking)  # presence: after the first frame

    def _start_ticking(self) -> None:
        from tui.core.pairing.together import TICK_SECONDS

        self.set_interval(TICK_SECONDS, self.pair_tick)

    def on_unmount(self) -> None:
        self._leave()

    def pair_tick(self) -> None:
        """Beat, look at the others, show them, and follow."""
        from tui.core.pairing.together import Together  # after the first frame

        assessment = self.assessment
        if assessment is None:
            self._leave()
            return
        together = self.together
        if together is None or together.session_id != assessment.session.id:
            self._leave()
            together = self.together = Together(
                assessment.path.parent,
                assessment.session.id,
                self.author or UNNAMED,
                watching=self.watching,
                instance=self.writer,
            )
        spot = assessment.session.position
        together.tick(spot)
        if together.lost:
            self.notify(
                f"{one_line(together.lost, 40)} left: no longer following.",
                title="Follow",
                timeout=5,
            )
            together.lost = ""
        destination = together.destination(spot)
        if destination is not None and not self.screen.is_modal:
            self.goto_place(destination)
        self.show_presence()

    def show_presence(self) -> None:
        together = self.together
        screen = self._assessment_screen()
        if together is None or screen is None or self.assessment is None:
            return
        line = together.line(self.bank, self.assessment.session.answers)
        screen.show_presence(one_line(line, 400), together.marks())

    def _leave(self) -> None:
        if self.together is not None:
            with contextlib.suppress(OSError):
                self.together.leave()
            self.together = None

    async def on_event(self, event: events.Event) -> None:
        """A click of mine: not idle, and (unless watching) following stops. Keys: below."""
        if isinstance(event, events.MouseDown) and not event.is_forwarded:
            self._my_own_move()
        await super().on_event(event)

    def consumes_key(self, event: events.Key) -> bool:
        """A key of mine, as its turn comes: not idle, and (unless watching) following stops.
        The key that stops following does only that (Space must not answer the question
        the followed person is on, under my name), except ``f`` (follow the next person)
        and priority keys (quit)."""
        if not self._my_own_move():
            return False
        found = self.screen.active_bindings.get(event.key)
        passes = found is not None and (
            found.binding.priority or found.binding.action in ("app.follow", "follow")
        )
        return not passes

    def _my_own_move(self) -> bool:
        """Not idle; True when this stopped following."""
        if self.together is None:
            return False
        self._stopped_following = self.together.key()
        if self._stopped_following:
            self.call_later(self.show_presence)
        return bool(self._stopped_following)

    def action_follow(self) -> None:
        """``f``: follow whoever drives; again, the next person; after the last, nobody."""
        together = self.together
        if together is None or self.assessment is None:
            return
        if not together.peers:
            self.notify(NOBODY_TO_FOLLOW, title="Follow", timeout=4)
            return
        target = together.follow_next(self._stopped_following)
        self._stopped_following = ""
        if target is not None:
            destination = together.destination(self.assessment.session.position)
            if destination is not None:
                self.goto_place(destination)
        self.show_presence()
