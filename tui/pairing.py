"""Pairing in the app: who else is here, the questions they are on, and following one of them.

The decisions live in ``tui.core.pairing.together``; this part ticks it a few times a second, tells
the assessment screen what it finds and moves the screen where a followed person goes.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App

from tui.core.assessment import Assessment
from tui.core.pairing.identity import UNNAMED, named_by_login, writer_id
from tui.core.pairing.remembered import remember_name
from tui.core.text import one_line
from tui.navigation import Navigator
from tui.safekeeping import AssessmentKeeper
from tui.screens.base import PresenceChanged, shown_assessment

if TYPE_CHECKING:
    from tui.core.pairing.together import Together

NOBODY_TO_FOLLOW = "Nobody else has this assessment open to follow."


class Pairing:
    """Presence and follow for the open assessment, and who this instance is: the app's
    pairing part."""

    def __init__(
        self,
        app: App[Any],
        keeper: AssessmentKeeper,
        navigator: Navigator,
        author: str,
        watching: bool,
        remember: bool,
    ) -> None:
        self.app = app
        self.keeper = keeper
        self.navigator = navigator
        self.author = author
        """Who this instance is (``tui.core.pairing.identity``): saves, presence and follow use
        it. '' until someone says (the home form, or the first assessment opened)."""
        self.writer = writer_id()
        """This running app, whatever its name: two apps under one name are two writers."""
        self.watching = watching
        """Shown to others as watching, never followed, following whoever answers: ``resume
        --watch``, and every assessment a watcher's login (an SSH watcher key) opens."""
        self._remember = remember
        """Whether a name typed at home is remembered for the next start (not read-only)."""
        self.together: Together | None = None
        self._stopped_following = ""

    def start(self) -> None:
        self.app.call_after_refresh(self._start_ticking)  # presence: after the first frame

    def _start_ticking(self) -> None:
        from tui.core.pairing.together import TICK_SECONDS

        self.app.set_interval(TICK_SECONDS, self.tick)

    def adopt(self, assessment: Assessment) -> Assessment:
        """Moves in this assessment are saved as this person's own position. Someone nobody
        named is taken to be the assessment's own assessor (never a login name)."""
        if not self.author:
            self.author = assessment.session.assessor
        assessment.author = self.author
        assessment.writer = self.writer
        return assessment

    def name_from_home(self, name: str) -> None:
        """Who the home form's Assessor field says is at the keyboard (it starts with the
        name known so far): saves and presence show it, and it is remembered for the next
        start. A login the SSH server named keeps its name."""
        name = " ".join(name.split())
        if not name or name == self.author or named_by_login():
            return
        self.author = name
        if self._remember:  # read-only writes nothing, not even a remembered name
            remember_name(name)

    def tick(self) -> None:
        """Beat, look at the others, show them, and follow."""
        from tui.core.pairing.together import Together  # after the first frame

        assessment = self.keeper.assessment
        if assessment is None:
            self.leave()
            return
        together = self.together
        if together is None or together.session_id != assessment.session.id:
            self.leave()
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
            self.app.notify(
                f"{one_line(together.lost, 40)} left: no longer following.",
                title="Follow",
                timeout=5,
            )
            together.lost = ""
        destination = together.destination(spot)
        if destination is not None and not self.app.screen.is_modal:
            self.navigator.goto_place(destination)
        self.show_presence()

    def show_presence(self) -> None:
        together = self.together
        assessment = self.keeper.assessment
        screen = shown_assessment(self.app)
        if together is None or screen is None or assessment is None:
            return
        line = together.line(assessment.bank, assessment.session.answers)
        screen.post_message(PresenceChanged(one_line(line, 400), together.marks()))

    def leave(self) -> None:
        if self.together is not None:
            with contextlib.suppress(OSError):
                self.together.leave()
            self.together = None

    def clicked(self, event: events.MouseDown) -> None:
        """A click of mine: not idle, and (unless watching) following stops."""
        if not event.is_forwarded:
            self._my_own_move()

    def consumes_key(self, event: events.Key) -> bool:
        """A key of mine, as its turn comes: not idle, and (unless watching) following stops.
        The key that stops following does only that (Space must not answer the question
        the followed person is on, under my name), except ``f`` (follow the next person)
        and priority keys (quit)."""
        if not self._my_own_move():
            return False
        found = self.app.screen.active_bindings.get(event.key)
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
            self.app.call_later(self.show_presence)
        return bool(self._stopped_following)

    def follow(self) -> None:
        """``f``: follow whoever drives; again, the next person; after the last, nobody."""
        together = self.together
        assessment = self.keeper.assessment
        if together is None or assessment is None:
            return
        if not together.peers:
            self.app.notify(NOBODY_TO_FOLLOW, title="Follow", timeout=4)
            return
        target = together.follow_next(self._stopped_following)
        self._stopped_following = ""
        if target is not None:
            destination = together.destination(assessment.session.position)
            if destination is not None:
                self.navigator.goto_place(destination)
        self.show_presence()
