"""Leaving the app loses nothing, whatever ends it: a quit, a hang-up, a SIGTERM or a crash.

Note keys still queued behind the end are saved first; answers that could not be written go
to a recovery copy, or, if nothing could keep them, the user is asked where to put them (or,
without a terminal to ask on, they are printed); a crash report shows no local variables.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual.app import App

from tui.core.assessment import Assessment
from tui.core.errors import HiringClarityError, explain
from tui.core.text import one_line
from tui.safekeeping import POLL_SECONDS, AssessmentKeeper
from tui.terminal import terminal_gone


class ExitGuard:
    """Ends the app with every answer on disk, in a recovery copy, or printed: the app's
    leaving part."""

    def __init__(
        self, app: App[Any], keeper: AssessmentKeeper, quit_now: Callable[[], Awaitable[None]]
    ) -> None:
        self.app = app
        self.keeper = keeper
        self._quit_now = quit_now
        """Textual's own quit, once nothing is left to keep."""
        self.print_on_exit = ""
        """Text for the command line to print on stdout after the app has ended."""

    def start(self) -> None:
        """Hang-ups and SIGTERM save first; a terminal that vanished counts as a hang-up."""
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGHUP, self._hang_up)
        loop.add_signal_handler(signal.SIGTERM, self._terminate)
        terminal = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
        if not self.app.is_headless and terminal >= 0 and os.isatty(terminal):
            self.app.set_interval(POLL_SECONDS, partial(self._hang_up_if_gone, terminal))

    def _hang_up_if_gone(self, terminal: int) -> None:
        """A terminal closed without a SIGHUP for us is a hang-up all the same."""
        if terminal_gone(terminal):
            self._hang_up()

    def _recover_unsaved(self) -> str:
        """If the last saves failed, keep the answers in a recovery copy; say where."""
        return self._recover()[0]

    def _recover(self) -> tuple[str, list[tuple[Assessment, str]]]:
        """Write a recovery copy of each assessment whose last save failed. Returns what to
        say, and the assessments not even a recovery copy could keep, each with the reason."""
        lines: list[str] = []
        lost: list[tuple[Assessment, str]] = []
        for assessment in self.keeper.unsaved():
            try:
                path = assessment.write_recovery()
            except (HiringClarityError, OSError) as exc:
                lines.append(f"Answers could NOT be saved: {explain(exc)}")
                lost.append((assessment, explain(exc)))
                continue
            lines.append(f"The session file could not be written; your answers are kept in {path}")
        return "\n".join(lines), lost

    def _ask_where(self, lost: list[tuple[Assessment, str]]) -> None:
        """Nothing could keep these answers: ask before quitting, and offer another file or
        the terminal. Going back leaves the app running (and the answers in memory)."""
        from tui.screens.unsaved import UnsavedScreen

        if isinstance(self.app.screen, UnsavedScreen):
            return
        written: list[str] = []

        def write(target: Path) -> str:
            from tui.core.storage.rescue import write_copies

            try:
                written.extend(
                    map(str, write_copies(target, [(a.session, a.path) for a, _ in lost]))
                )
            except (HiringClarityError, OSError) as exc:
                return explain(exc)
            return ""

        def chosen(choice: str | None) -> None:
            if choice == "written":
                self.app.exit(
                    return_code=1,
                    message=Text(
                        "The session file could not be written; your answers are kept in "
                        + ", ".join(written)
                    ),
                )
            elif choice == "print":
                self._print_on_exit(lost)
                self.app.exit(return_code=1)
            elif choice == "discard":
                self.app.exit(
                    return_code=1,
                    message=Text("Quit without saving: " + "; ".join(reason for _, reason in lost)),
                )

        self.app.push_screen(
            UnsavedScreen(lost[0][1], Path.home() / lost[0][0].path.name, write), chosen
        )

    def _hang_up(self) -> None:
        """The terminal is gone (a dropped SSH link): save what is on screen and leave at once.

        There is no terminal left to restore, so the normal shutdown would only block on it.
        """
        self.keeper.flush_screen()
        self._recover_unsaved()
        os._exit(128 + signal.SIGHUP)

    async def quit(self) -> None:
        """Quitting loses nothing: keys typed just before Ctrl+Q (in the same read) count.

        A key goes to the focused widget's queue; unhandled there, it bubbles through the
        screen's queue to the app's, where its binding (Space picks an option) runs. So wait
        until the widget and the screen have passed such keys on, then quit from the app's own
        queue, behind them; notes and picks still unsaved are saved then.
        """
        for pump in (self.app.focused, self.app.screen):
            if pump is not None:
                drained = asyncio.Event()
                pump.call_later(drained.set)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(drained.wait(), timeout=0.5)
        self.app.call_later(self._quit_behind_queued_keys)

    async def _quit_behind_queued_keys(self) -> None:
        self.keeper.flush_screen()
        recovered, lost = self._recover()
        if lost:
            self._ask_where(lost)
            return
        if recovered:
            self.app.exit(return_code=1, message=recovered)
            return
        await self._quit_now()

    def _print_on_exit(self, lost: list[tuple[Assessment, str]]) -> None:
        """Printed by the command line once the terminal is back (Textual's own exit message
        would cut the lines at the terminal's width): the TOML itself, ready to keep."""
        from tui.core.storage.rescue import printable

        self.print_on_exit = "\n".join(
            printable(assessment.session, assessment.path) for assessment, _ in lost
        )

    def _terminate(self) -> None:
        """SIGTERM cannot wait for an answer: answers nothing could keep are printed."""
        self.keeper.flush_screen()
        message, lost = self._recover()
        self._print_on_exit(lost)
        self.app.exit(return_code=128 + signal.SIGTERM, message=message or None)

    def crash_report(self) -> RenderableType:
        """What a crash prints once the terminal is restored (``tui.textual_compat``).

        The exception's type, message and traceback without local variables (they may hold
        candidate notes), then where the answers are (what the screen shows but has not saved
        is saved first). An exception with its own ``__rich__`` goes to Textual's ``panic``
        instead and does not come here.
        """
        from rich.console import Group
        from rich.text import Text
        from rich.traceback import Traceback

        return Group(Traceback(show_locals=False, width=None), Text(self._answers_after_crash()))

    def _answers_after_crash(self) -> str:
        """Save what the screen still holds, if the crash allows; say where the answers are."""
        assessment = self.keeper.assessment
        if assessment is None:
            return "No assessment was open."
        with contextlib.suppress(Exception):  # the app is failing already: keep what is saved
            self.keeper.flush_screen()
        recovered = self._recover_unsaved()
        path = one_line(str(assessment.path), 500)
        return recovered or f"Answers already saved are safe in {path}"
