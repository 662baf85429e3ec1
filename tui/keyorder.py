"""Keys are handled one at a time, in the order they were typed.

Textual hands each key read from the terminal to the focused widget's queue; unhandled there,
it bubbles through every ancestor's queue up to the app, which only then looks up the key's
binding, against whatever has the focus by then. Keys read together (one SSH packet, a laggy
link, keys pasted into a terminal, a fast typist) are all handed out before the first of them
has been handled: a Tab has not moved the focus yet for the letters behind it, a PageDown has
not swapped the questions yet for the Space behind it. A priority binding acts as the key is
read instead, and so overtakes the keys before it.

So the app holds each key (and each paste) until the one before it has been handled and
everything it set off has run: every message queue of the app and its screens is empty (and a
dialog's own worker, the palette's search, has finished). Then the next key goes to whatever
has the focus at that moment, exactly as if it had been typed after a pause. A key typed alone
is handed out at once, as before.

Textual itself dispatches keys read together without waiting for the one before (upstream:
https://github.com/Textualize/textual/issues/6605); this part is the app's work-around until it
does.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from typing import Any

from textual import events
from textual.app import App

SETTLE_LIMIT = 5.0
"""Seconds a key waits at most for the one before it (a widget that never settles, a search
that never ends): after that it is handed out anyway."""
QUIET_TURNS = 3
"""Turns of the event loop in a row with nothing queued anywhere: the last key is done."""
BUSY_TURNS = 50
"""Turns at full speed before looking only every 2 ms (a worker or a timer is awaited)."""

KeyOrPaste = events.Key | events.Paste
Handler = Callable[[events.Event], Awaitable[None]]


class KeyOrder:
    """Makes an app's keys and pastes take effect in the order they arrived: the app hands
    every event to ``on_event`` with Textual's own handler."""

    def __init__(self, app: App[Any], consumes_key: Callable[[events.Key], bool]) -> None:
        self.app = app
        self.consumes_key = consumes_key
        """Called for each key as its turn comes, before it acts: True takes it (it does
        nothing else). Pairing takes the key that stops following."""
        self._held: deque[KeyOrPaste] = deque()
        self._released: KeyOrPaste | None = None
        self._settling: asyncio.Task[None] | None = None
        self._burst: ExitStack | None = None

    @property
    def handling_keys(self) -> bool:
        """True while a key is being handled or waits for the one before it."""
        return self._settling is not None

    async def on_event(self, event: events.Event, handle: Handler) -> None:
        """Hand ``event`` to ``handle`` (Textual's), a key or paste only once the one before
        it is done."""
        if not isinstance(event, KeyOrPaste) or event.is_forwarded:
            await handle(event)
            return
        if self._settling is not None and event is not self._released:
            self._hold(event)
            return
        self._released = None
        if not (isinstance(event, events.Key) and self.consumes_key(event)):
            await handle(event)
        self._settling = asyncio.create_task(self._settle_then_release())

    def _hold(self, event: KeyOrPaste) -> None:
        """Keep a key until the one before it is done. During a burst the screen is drawn
        once at its end, not after every key: a frame costs far more than a key."""
        if self._burst is None:
            self._burst = ExitStack()
            self._burst.enter_context(self.app.batch_update())
        self._held.append(event)

    async def _settle_then_release(self) -> None:
        try:
            await self._settled()
        finally:
            if self._held and self.app.is_running:
                self._released = self._held.popleft()
                self.app.post_message(self._released)  # behind anything the last key queued here
            else:
                self._held.clear()
                self._settling = None
                self._end_burst()

    def _end_burst(self) -> None:
        if self._burst is not None:
            self._burst.close()
            self._burst = None
            if self.app.is_running and self.app.screen_stack:
                self.app.screen.check_idle()  # draw what the burst did

    async def _settled(self) -> None:
        """Return once every message queue of the app and its screens has stayed empty, with
        no dialog worker running, for a few turns of the event loop in a row.

        Each turn lets every pump that was handed a message run. One still handling a message
        waits on another pump (a mount), a worker or a timer, and those are seen here.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_LIMIT
        quiet = turns = 0
        while quiet < QUIET_TURNS and self.app.is_running and loop.time() < deadline:
            turns += 1
            await asyncio.sleep(0 if turns < BUSY_TURNS else 0.002)
            quiet = quiet + 1 if self._nothing_pending() else 0

    def _nothing_pending(self) -> bool:
        if self.app.message_queue_size or self._dialog_working():
            return False
        return not any(
            node.message_queue_size
            for screen in self.app.screen_stack
            for node in screen.walk_children(with_self=True)
        )

    def _dialog_working(self) -> bool:
        """A worker of the dialog on top (the palette gathering commands) is part of the key
        that started it. Others are not: a save waiting for another writer's lock, a listing
        or a sync may take long, and keys must still be handled meanwhile."""
        top = self.app.screen
        return top.is_modal and any(
            worker.is_running and worker.node is top for worker in self.app.workers
        )
