"""The app's base: nothing typed or chosen is lost, whatever happens to the process.

Every change goes through ``save_change``; another writer's saves are taken in each second;
note keys still queued behind a quit, a hang-up or a SIGTERM are saved first; answers that
could not be written go to a recovery copy; a crash report shows no local variables.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rich.console import RenderableType
from rich.text import Text
from textual.notifications import SeverityLevel

from tui.core.assessment import Assessment
from tui.core.errors import HiringClarityError, WriterBusy, explain
from tui.core.storage.atomic import lock_wait
from tui.core.storage.session_file import SaveResult
from tui.core.text import one_line
from tui.lockwait import when_lock_free
from tui.screens.criterion import CriterionScreen
from tui.terminal import terminal_gone
from tui.textual_compat import CrashReportApp

POLL_SECONDS = 1.0
WAITING = "waiting for another writer\u2026"


def _clock() -> str:
    from datetime import datetime

    return datetime.now().strftime("%H:%M:%S")


class SafekeepingApp(CrashReportApp):
    """Owns the open assessment and keeps it on disk; routing lives in the subclass."""

    def __init__(self) -> None:
        super().__init__()
        self.assessment: Assessment | None = None
        self.save_status = "not saved yet"
        self._last_file_error = ""
        self._last_save_error = ""
        self._waiting: list[Assessment] = []
        """Assessments whose last save found another writer holding the lock."""
        self.print_on_exit = ""
        """Text for the command line to print on stdout after the app has ended."""

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGHUP, self._hang_up)
        loop.add_signal_handler(signal.SIGTERM, self._terminate)
        self.set_interval(POLL_SECONDS, self._take_in_other_writers)
        terminal = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
        if not self.is_headless and terminal >= 0 and os.isatty(terminal):
            self.set_interval(POLL_SECONDS, partial(self._hang_up_if_gone, terminal))

    def _hang_up_if_gone(self, terminal: int) -> None:
        """A terminal closed without a SIGHUP for us is a hang-up all the same."""
        if terminal_gone(terminal):
            self._hang_up()

    def save_change(
        self, change: Callable[[Assessment], SaveResult], assessment: Assessment | None = None
    ) -> None:
        """Apply a change through the core, which saves at once; report trouble, never crash.

        ``assessment`` defaults to the open one; a screen being closed passes its own, so a
        note whose keys arrive late still reaches the right session. If the save fails the
        change stays in memory and goes out with the next save (or a recovery copy on exit).
        """
        assessment = assessment or self.assessment
        if assessment is None:
            return
        try:
            result = change(assessment)
        except WriterBusy:
            self._wait_for_writer(assessment)
            return
        except (HiringClarityError, OSError, ValueError) as exc:
            self.save_status = "NOT SAVED"
            if explain(exc) != self._last_save_error:  # once, not at every key of a note
                self._last_save_error = explain(exc)
                self._tell(explain(exc), title="Not saved", severity="error")
            return
        self._last_save_error = ""
        self._saved(result)

    # -- another writer holding the lock -----------------------------------------------------

    def adopt(self, assessment: Assessment) -> Assessment:
        """The app's own saves try the lock once: the event loop never waits on it."""
        assessment.file.lock_wait = 0
        return assessment

    def _wait_for_writer(self, assessment: Assessment) -> None:
        """Another process holds the lock: keep the change in memory, say so, retry when free."""
        self.save_status = WAITING
        self.show_save_status()
        if assessment in self._waiting:
            return
        self._waiting.append(assessment)
        if len(self._waiting) == 1:
            when_lock_free(self, assessment.path.parent, self._retry_saves, self._writer_stuck,
                           give_up=False)

    def _writer_stuck(self) -> None:
        self.save_status = "NOT SAVED: waiting for another writer"
        self.show_save_status()
        self._tell(
            f"Another process has held the lock on {self._waiting[0].path.parent} for "
            f"{lock_wait():g} s (a stopped or hung hiring-clarity?). Your answers are kept in "
            "the app and saved as soon as it lets go; quitting now writes a recovery copy.",
            title="Not saved yet", severity="error", timeout=30,
        )

    def _retry_saves(self) -> None:
        waiting, self._waiting = self._waiting, []
        for assessment in waiting:
            if assessment.unsaved:
                self.save_change(Assessment.save, assessment)
        self.show_save_status()

    def with_lock(self, directory: Path, operation: Callable[[], None], refused: str) -> None:
        """Run ``operation`` (which tries the folder lock once) now or, if another writer holds
        the lock, as soon as it lets go; give up with a message after ``lock_wait()`` s."""
        try:
            operation()
        except WriterBusy:
            self._tell("Waiting for another writer\u2026", timeout=lock_wait())

            def stuck() -> None:
                self._tell(f"another writer has held the lock on {directory} for "
                           f"{lock_wait():g} s (a stopped or hung hiring-clarity?)",
                           title=refused, severity="error", timeout=15)

            when_lock_free(self, directory, lambda: self.with_lock(directory, operation, refused),
                           stuck, give_up=True)

    def show_save_status(self) -> None:
        screen = self._criterion_screen()
        if screen is not None:
            screen.show_save_status()

    # -- other writers' saves ----------------------------------------------------------------

    def _take_in_other_writers(self) -> None:
        """A colleague saving the same session shows up here within a second, merged."""
        assessment = self.assessment
        if assessment is None or not assessment.file.changed_on_disk():
            return
        try:
            result = assessment.refresh()
        except HiringClarityError as exc:
            changed = "file changed on disk and cannot be read"
            # Unsaved answers are the first thing to know: the header keeps saying so.
            self.save_status = f"NOT SAVED: {changed}" if assessment.unsaved else changed
            if str(exc) != self._last_file_error:  # say it once, not every second
                self._last_file_error = str(exc)
                self._tell(str(exc), title="Session file", severity="error")
            return
        self._last_file_error = ""
        if result.merged:
            self._tell(result.message, title="Another writer", timeout=8)
            self._sync_answers()

    def _saved(self, result: SaveResult | None) -> None:
        if self.assessment is not None and self.assessment.read_only:
            self.save_status = "read-only"
            return
        self.save_status = f"saved \u2713 {_clock()}"
        if result is not None and result.message:
            self._tell(result.message, title="Another writer", timeout=8)
            if result.merged:
                self._sync_answers()

    def _criterion_screen(self) -> CriterionScreen | None:
        """The criterion screen in the stack, even under help, the palette or a dialog."""
        return next((s for s in self.screen_stack if isinstance(s, CriterionScreen)), None)

    def _sync_answers(self) -> None:
        screen = self._criterion_screen()
        if screen is not None:
            self.call_later(screen.sync_answers)

    def _save_pending_input(self) -> None:
        screen = self._criterion_screen()
        if screen is not None:
            screen.flush_pending()

    def _unsaved(self) -> list[Assessment]:
        """The open assessment and any left while waiting for a writer, if not all saved."""
        candidates = [self.assessment, *self._waiting]
        found: list[Assessment] = []
        for assessment in candidates:
            if assessment is not None and assessment.unsaved and assessment not in found:
                found.append(assessment)
        return found

    def _recover_unsaved(self) -> str:
        """If the last saves failed, keep the answers in a recovery copy; say where."""
        return self._recover()[0]

    def _recover(self) -> tuple[str, list[tuple[Assessment, str]]]:
        """Write a recovery copy of each assessment whose last save failed. Returns what to
        say, and the assessments not even a recovery copy could keep, each with the reason."""
        lines: list[str] = []
        lost: list[tuple[Assessment, str]] = []
        for assessment in self._unsaved():
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

        if isinstance(self.screen, UnsavedScreen):
            return
        written: list[str] = []

        def write(target: Path) -> str:
            from tui.core.storage.rescue import write_copies

            try:
                written.extend(map(str, write_copies(
                    target, [(a.session, a.path) for a, _ in lost])))
            except (HiringClarityError, OSError) as exc:
                return explain(exc)
            return ""

        def chosen(choice: str | None) -> None:
            if choice == "written":
                self.exit(return_code=1, message=Text(
                    "The session file could not be written; your answers are kept in "
                    + ", ".join(written)))
            elif choice == "print":
                self._print_on_exit(lost)
                self.exit(return_code=1)
            elif choice == "discard":
                self.exit(return_code=1, message=Text(
                    "Quit without saving: " + "; ".join(reason for _, reason in lost)))

        self.push_screen(
            UnsavedScreen(lost[0][1], Path.home() / lost[0][0].path.name, write), chosen
        )

    def _hang_up(self) -> None:
        """The terminal is gone (a dropped SSH link): save what is on screen and leave at once.

        There is no terminal left to restore, so the normal shutdown would only block on it.
        """
        self._save_pending_input()
        self._recover_unsaved()
        os._exit(128 + signal.SIGHUP)

    async def action_quit(self) -> None:
        """Quitting loses nothing: keys typed just before Ctrl+Q (in the same read) count.

        A key goes to the focused widget's queue; unhandled there, it bubbles through the
        screen's queue to the app's, where its binding (Space picks an option) runs. So wait
        until the widget and the screen have passed such keys on, then quit from the app's own
        queue, behind them; notes and picks still unsaved are saved then.
        """
        for pump in (self.focused, self.screen):
            if pump is not None:
                drained = asyncio.Event()
                pump.call_later(drained.set)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(drained.wait(), timeout=0.5)
        self.call_later(self._quit_behind_queued_keys)

    async def _quit_behind_queued_keys(self) -> None:
        self._save_pending_input()
        recovered, lost = self._recover()
        if lost:
            self._ask_where(lost)
            return
        if recovered:
            self.exit(return_code=1, message=recovered)
            return
        await super().action_quit()

    def _print_on_exit(self, lost: list[tuple[Assessment, str]]) -> None:
        """Printed by the command line once the terminal is back (Textual's own exit message
        would cut the lines at the terminal's width): the TOML itself, ready to keep."""
        from tui.core.storage.rescue import printable

        self.print_on_exit = "\n".join(
            printable(assessment.session, assessment.path) for assessment, _ in lost)

    def _terminate(self) -> None:
        """SIGTERM cannot wait for an answer: answers nothing could keep are printed."""
        self._save_pending_input()
        message, lost = self._recover()
        self._print_on_exit(lost)
        self.exit(return_code=128 + signal.SIGTERM, message=message or None)

    def crash_report(self) -> RenderableType:
        """A crash says what went wrong and where the answers are, then the app exits with 1.

        One report, printed after the terminal is restored: the exception's type, message
        and traceback, without local variables (they may hold candidate notes).
        """
        from rich.console import Group
        from rich.text import Text
        from rich.traceback import Traceback

        return Group(Traceback(show_locals=False, width=None), Text(self._answers_after_crash()))

    def _answers_after_crash(self) -> str:
        """Save what the screen still holds, if the crash allows; say where the answers are."""
        assessment = self.assessment
        if assessment is None:
            return "No assessment was open."
        with contextlib.suppress(Exception):  # the app is failing already: keep what is saved
            self._save_pending_input()
        recovered = self._recover_unsaved()
        path = one_line(str(assessment.path), 500)
        return recovered or f"Answers already saved are safe in {path}"

    def _tell(
        self,
        message: str,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None:
        """A toast with text from files and paths: one safe line, never read as markup.

        Before the first screen exists (while it is being chosen) it waits for the mount."""
        if not self.is_running or not self.screen_stack:
            self.call_later(self._tell, message, title, severity, timeout)
            return
        self.notify(one_line(message, 300), title=title, severity=severity, timeout=timeout,
                    markup=False)
