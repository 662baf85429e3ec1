"""Keeping the open assessment: every change is saved at once, and nothing typed is lost to
another writer.

Every change goes through ``save_change``; a save that finds another writer holding the lock
keeps the change in memory and retries; another writer's saves are taken in as soon as a
file-system event on the folder says so (``tui.folder_watch``), else at the next poll.
Leaving (quit, hang-up, SIGTERM, crash) without losing anything is ``tui.leaving``'s job.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App

from tui.core.assessment import Assessment
from tui.core.errors import HiringClarityError, WriterBusy, explain
from tui.core.session.merging import SHARED_FIELDS
from tui.core.session.models import Answer
from tui.core.session.remote_changes import RemoteChanges
from tui.core.storage.atomic import lock_wait
from tui.core.storage.session_file import SaveResult
from tui.folder_watch import FolderWatch
from tui.folder_watch import start as watch_folders
from tui.lockwait import when_lock_free
from tui.screens.base import (
    AnswersArrived,
    OthersChanged,
    SaveStatusChanged,
    shown_assessment,
    tell_screen,
)

POLL_SECONDS = 1.0
"""The fallback: another writer's save is looked for this often even without file events."""
WAITING = "waiting for another writer\u2026"


def _clock() -> str:
    from datetime import datetime

    return datetime.now().strftime("%H:%M:%S")


class AssessmentKeeper:
    """Owns the open assessment and keeps it on disk: the app's saving part."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.assessment: Assessment | None = None
        self.status = "not saved yet"
        """Whether the answers are saved, as the header says it."""
        self.remote = RemoteChanges()
        """Other writers' changes not yet seen: one status line and a mark per question."""
        self._last_file_error = ""
        self._last_save_error = ""
        self._waiting: list[Assessment] = []
        """Assessments whose last save found another writer holding the lock."""
        self._folder_watch: FolderWatch | None = None

    def start(self) -> None:
        """Look for other writers' saves: at every file-system event, and every second."""
        self.app.set_interval(POLL_SECONDS, self.take_in_other_writers)
        self.app.call_after_refresh(self._start_watching)  # not on the way to the first frame

    def _start_watching(self) -> None:
        self._folder_watch = watch_folders(self._folder_changed)
        self._watch_open_folder()

    def stop(self) -> None:
        if self._folder_watch is not None:
            self._folder_watch.close()

    def keep_started(self, assessment: Assessment) -> None:
        """A new assessment, saved already: it is the open one from now on."""
        self.assessment = self._adopt(assessment)
        self._saved(assessment.last_save)

    def keep_opened(self, assessment: Assessment) -> None:
        """An assessment read from its file: it is the open one from now on."""
        self.assessment = self._adopt(assessment)
        self.status = "read-only" if assessment.read_only else "saved"

    def close(self) -> None:
        self.assessment = None

    def _adopt(self, assessment: Assessment) -> Assessment:
        """The app's own saves try the lock once: the event loop never waits on it. Its
        folder is watched from now on."""
        assessment.file.lock_wait = 0
        if self._folder_watch is not None:
            self._folder_watch.watch(assessment.path.parent)
        return assessment

    def _watch_open_folder(self) -> None:
        """Events for the open assessment's folder (added once; the poll covers any miss)."""
        if self._folder_watch is not None and self.assessment is not None:
            self._folder_watch.watch(self.assessment.path.parent)

    def _folder_changed(self, path: Path) -> None:
        """An entry of a watched folder changed: the open session (or all, after an overflow)
        is looked at now, behind the messages already queued."""
        assessment = self.assessment
        if assessment is not None and path in (assessment.path, assessment.path.parent):
            self.app.call_later(self.take_in_other_writers)

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
            self.status = "NOT SAVED"
            if explain(exc) != self._last_save_error:  # once, not at every key of a note
                self._last_save_error = explain(exc)
                self.app.notify(explain(exc), title="Not saved", severity="error")
            return
        self._last_save_error = ""
        self._saved(result, before)

    def unsaved(self) -> list[Assessment]:
        """The open assessment and any left while waiting for a writer, if not all saved."""
        found: list[Assessment] = []
        for assessment in [self.assessment, *self._waiting]:
            if assessment is not None and assessment.unsaved and assessment not in found:
                found.append(assessment)
        return found

    def flush_screen(self) -> None:
        """Save what the assessment screen shows but has not saved yet."""
        screen = shown_assessment(self.app)
        if screen is not None:
            screen.flush_pending()

    # -- another writer holding the lock -----------------------------------------------------

    def _wait_for_writer(self, assessment: Assessment) -> None:
        """Another process holds the lock: keep the change in memory, say so, retry when free."""
        self.status = WAITING
        self._show_status()
        if assessment in self._waiting:
            return
        self._waiting.append(assessment)
        if len(self._waiting) == 1:
            when_lock_free(
                self.app,
                assessment.path.parent,
                self._retry_saves,
                self._writer_stuck,
                give_up=False,
            )

    def _writer_stuck(self) -> None:
        self.status = "NOT SAVED: waiting for another writer"
        self._show_status()
        self.app.notify(
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
        self._show_status()

    def with_lock(self, directory: Path, operation: Callable[[], None], refused: str) -> None:
        """Run ``operation`` (which tries the folder lock once) now or, if another writer holds
        the lock, as soon as it lets go; give up with a message after ``lock_wait()`` s."""
        try:
            operation()
        except WriterBusy:
            self.app.notify("Waiting for another writer\u2026", timeout=lock_wait())

            def stuck() -> None:
                self.app.notify(
                    f"another writer has held the lock on {directory} for "
                    f"{lock_wait():g} s (a stopped or hung hiring-clarity?)",
                    title=refused,
                    severity="error",
                    timeout=15,
                )

            when_lock_free(
                self.app,
                directory,
                lambda: self.with_lock(directory, operation, refused),
                stuck,
                give_up=True,
            )

    def _show_status(self) -> None:
        tell_screen(self.app, SaveStatusChanged())

    # -- other writers' saves ----------------------------------------------------------------

    def take_in_other_writers(self) -> None:
        """A colleague saving the same session shows up here at once (file-system events),
        or within a second (the poll), merged."""
        self._watch_open_folder()
        assessment = self.assessment
        if assessment is None:
            return
        if not assessment.file.changed_on_disk():
            if self.remote.changes:
                self._show_changes()  # "2 s ago" keeps counting
            return
        before = assessment.session.answers
        try:
            result = assessment.refresh()
        except HiringClarityError as exc:
            changed = "file changed on disk and cannot be read"
            # Unsaved answers are the first thing to know: the header keeps saying so.
            self.status = f"NOT SAVED: {changed}" if assessment.unsaved else changed
            if str(exc) != self._last_file_error:  # say it once, not every second
                self._last_file_error = str(exc)
                self.app.notify(str(exc), title="Session file", severity="error")
            return
        self._last_file_error = ""
        self._took_in(result, before)

    def _saved(self, result: SaveResult | None, before: dict[str, Answer] | None = None) -> None:
        if self.assessment is not None and self.assessment.read_only:
            self.status = "read-only"
            return
        self.status = f"saved \u2713 {_clock()}"
        if result is not None:
            self._took_in(result, before)

    def _took_in(self, result: SaveResult, before: dict[str, Answer] | None) -> None:
        """Another writer's changes arrived: no toast per change (a partner's typing would
        bury the screen), one status line and a mark on each changed question instead. Only
        a session field both changed (title, notes...) is told, since this save kept mine."""
        kept = [name for name in result.conflicts if name in SHARED_FIELDS]
        if kept:
            self.app.notify(
                f"kept yours where both changed: {', '.join(kept)}",
                title="Another writer",
                timeout=8,
            )
        assessment = self.assessment
        for message in assessment.not_kept_news() if assessment is not None else []:
            # The app's notify takes ``limit``: room for the value as the notice shows it
            # (up to NOT_KEPT_SHOWN characters), where other toasts stop at 300.
            notify: Callable[..., None] = self.app.notify
            notify(message, title="Not kept", severity="warning", timeout=30, limit=1000)
        if not result.merged:
            return
        if assessment is not None and before is not None:
            self.remote.record(
                before,
                assessment.session.answers,
                result.merged,
                assessment.author,
                assessment.writer,
            )
        self._show_changes()
        tell_screen(self.app, AnswersArrived())

    def _show_changes(self) -> None:
        tell_screen(self.app, OthersChanged(self.remote.line(), self.remote.unseen()))

    def seen_question(self, question_id: str) -> None:
        """The person is on the question: the mark that someone changed it goes."""
        if self.remote.seen(question_id):
            self._show_changes()
