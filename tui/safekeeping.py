"""The app's base: every change is saved at once, and nothing typed is lost to another writer.

Every change goes through ``save_change``; a save that finds another writer holding the lock
keeps the change in memory and retries; another writer's saves are taken in as soon as a
file-system event on the folder says so (``tui.folder_watch``), else at the next poll.
Leaving (quit, hang-up, SIGTERM, crash) without losing anything is ``tui.leaving``'s job.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.notifications import SeverityLevel

from tui.core.assessment import Assessment
from tui.core.errors import HiringClarityError, WriterBusy, explain
from tui.core.session.merging import SHARED_FIELDS
from tui.core.session.models import Answer
from tui.core.session.remote_changes import RemoteChanges
from tui.core.storage.atomic import lock_wait
from tui.core.storage.session_file import SaveResult
from tui.core.text import one_line
from tui.folder_watch import FolderWatch
from tui.folder_watch import start as watch_folders
from tui.lockwait import when_lock_free
from tui.screens.base import AssessmentScreen
from tui.textual_compat import CrashReportApp

POLL_SECONDS = 1.0
"""The fallback: another writer's save is looked for this often even without file events."""
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
        self.remote = RemoteChanges()
        """Other writers' changes not yet seen: one status line and a mark per question."""
        self._folder_watch: FolderWatch | None = None

    def on_mount(self) -> None:
        self.set_interval(POLL_SECONDS, self._take_in_other_writers)
        self.call_after_refresh(self._start_watching)  # not on the way to the first frame

    def _start_watching(self) -> None:
        self._folder_watch = watch_folders(self._folder_changed)
        self._watch_open_folder()

    def on_unmount(self) -> None:
        if self._folder_watch is not None:
            self._folder_watch.close()

    def _watch_open_folder(self) -> None:
        """Events for the open assessment's folder (added once; the poll covers any miss)."""
        if self._folder_watch is not None and self.assessment is not None:
            self._folder_watch.watch(self.assessment.path.parent)

    def _folder_changed(self, path: Path) -> None:
        """An entry of a watched folder changed: the open session (or all, after an overflow)
        is looked at now, behind the messages already queued."""
        assessment = self.assessment
        if assessment is not None and path in (assessment.path, assessment.path.parent):
            self.call_later(self._take_in_other_writers)

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
        before = assessment.session.answers
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
        self._saved(result, before)

    # -- another writer holding the lock -----------------------------------------------------

    def adopt(self, assessment: Assessment) -> Assessment:
        """The app's own saves try the lock once: the event loop never waits on it. Its
        folder is watched from now on."""
        assessment.file.lock_wait = 0
        if self._folder_watch is not None:
            self._folder_watch.watch(assessment.path.parent)
        return assessment

    def _wait_for_writer(self, assessment: Assessment) -> None:
        """Another process holds the lock: keep the change in memory, say so, retry when free."""
        self.save_status = WAITING
        self.show_save_status()
        if assessment in self._waiting:
            return
        self._waiting.append(assessment)
        if len(self._waiting) == 1:
            when_lock_free(
                self, assessment.path.parent, self._retry_saves, self._writer_stuck, give_up=False
            )

    def _writer_stuck(self) -> None:
        self.save_status = "NOT SAVED: waiting for another writer"
        self.show_save_status()
        self._tell(
            f"Another process has held the lock on {self._waiting[0].path.parent} for "
            f"{lock_wait():g} s (a stopped or hung hiring-clarity?). Your answers are kept in "
            "the app and saved as soon as it lets go; quitting now writes a recovery copy.",
            title="Not saved yet",
            severity="error",
            timeout=30,
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
                self._tell(
                    f"another writer has held the lock on {directory} for "
                    f"{lock_wait():g} s (a stopped or hung hiring-clarity?)",
                    title=refused,
                    severity="error",
                    timeout=15,
                )

            when_lock_free(
                self,
                directory,
                lambda: self.with_lock(directory, operation, refused),
                stuck,
                give_up=True,
            )

    def show_save_status(self) -> None:
        screen = self._assessment_screen()
        if screen is not None:
            screen.show_save_status()

    # -- other writers' saves ----------------------------------------------------------------

    def _take_in_other_writers(self) -> None:
        """A colleague saving the same session shows up here at once (file-system events),
        or within a second (the poll), merged."""
        self._watch_open_folder()
        assessment = self.assessment
        if assessment is None:
            return
        if not assessment.file.changed_on_disk():
            if self.remote.changes:
                self.show_changes()  # "2 s ago" keeps counting
            return
        before = assessment.session.answers
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
        self._took_in(result, before)

    def _saved(self, result: SaveResult | None, before: dict[str, Answer] | None = None) -> None:
        if self.assessment is not None and self.assessment.read_only:
            self.save_status = "read-only"
            return
        self.save_status = f"saved \u2713 {_clock()}"
        if result is not None:
            self._took_in(result, before)

    def _took_in(self, result: SaveResult, before: dict[str, Answer] | None) -> None:
        """Another writer's changes arrived: no toast per change (a partner's typing would
        bury the screen), one status line and a mark on each changed question instead. Only
        a session field both changed (title, notes...) is told, since this save kept mine."""
        kept = [name for name in result.conflicts if name in SHARED_FIELDS]
        if kept:
            self._tell(
                f"kept yours where both changed: {', '.join(kept)}",
                title="Another writer",
                timeout=8,
            )
        if not result.merged:
            return
        assessment = self.assessment
        if assessment is not None and before is not None:
            self.remote.record(
                before,
                assessment.session.answers,
                result.merged,
                assessment.author,
                assessment.writer,
            )
        self._sync_answers()
        self.show_changes()

    def show_changes(self) -> None:
        screen = self._assessment_screen()
        if screen is not None:
            screen.show_changes(self.remote.line(), self.remote.unseen())

    def seen_question(self, question_id: str) -> None:
        """The person is on the question: the mark that someone changed it goes."""
        if self.remote.seen(question_id):
            self.show_changes()

    def _assessment_screen(self) -> AssessmentScreen | None:
        """The assessment screen in the stack, even under help, the palette or a dialog."""
        return next((s for s in self.screen_stack if isinstance(s, AssessmentScreen)), None)

    def _sync_answers(self) -> None:
        screen = self._assessment_screen()
        if screen is not None:
            self.call_later(screen.sync_answers)

    def _save_pending_input(self) -> None:
        screen = self._assessment_screen()
        if screen is not None:
            screen.flush_pending()

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
        self.notify(one_line(message, 300), title=title, severity=severity, timeout=timeout)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast of the app, from any screen or widget (``Widget.notify`` ends here): plain
        text, never markup. Toasts carry names, titles and paths; a colleague named ``x[/]``
        parsed as markup ends the app with a MarkupError. ``markup`` is Textual's parameter,
        accepted and ignored."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)
