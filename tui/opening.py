"""Opening assessments: start a new one, open a saved one (or restore its backup, or ask
before opening a colleague's sealed one), and delete one from the list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tui.core.assessment import Assessment
from tui.core.errors import HiringClarityError, WriterBusy, explain
from tui.core.session.models import Session
from tui.core.storage.listing import SessionRow
from tui.core.storage.rescue import restore_backup
from tui.core.storage.session_file import backup_path, delete_session
from tui.core.text import one_line
from tui.navigation import NavigatingApp
from tui.screens.host import ONE_ASSESSMENT

WATCHING = "This login can only watch: it opens assessments read-only and changes nothing."


class OpeningApp(NavigatingApp):
    """Puts an assessment in ``self.assessment`` and shows it where it was left."""

    sessions_dir: Path
    watch_only: bool
    author: str

    def start_assessment(
        self, title: str, role: str = "", assessor: str = "", show: bool = True
    ) -> bool:
        """Start and save a new assessment. Shown at once (from home) it tries the folder lock
        without waiting, as every save on the event loop does; as the first screen (the
        command line's ``new``, which waited for the lock already) it may wait."""
        if self.watch_only:
            self._tell(WATCHING, title="Cannot start", severity="warning")
            return False
        if self.scope is not None:
            self._tell(ONE_ASSESSMENT, title="Cannot start", severity="warning")
            return False
        try:
            started = Assessment.start(
                self.bank, self.sessions_dir, title, role, assessor, wait=0 if show else None
            )
        except WriterBusy as exc:
            if show:
                raise  # start_from_home waits for the lock off the event loop and retries
            self._tell(str(exc), title="Cannot start", severity="error")
            return False
        except (HiringClarityError, ValueError, OSError) as exc:
            self._tell(explain(exc), title="Cannot start", severity="error")
            return False
        self.assessment = self.adopt(started)
        self._saved(self.assessment.last_save)
        if show:
            self.show_position()
        return True

    def start_from_home(
        self, title: str, role: str, assessor: str, started: Callable[[], None]
    ) -> None:
        """Start an assessment from the home form; ``started`` runs once it is open."""

        def start() -> None:
            if self.start_assessment(title, role, assessor):
                started()

        self.with_lock(self.sessions_dir, start, "Cannot start")

    def open_path(self, path: Path, read_only: bool = False, show: bool = True) -> bool:
        if self.scope is not None and path.resolve() != self.scope:
            self._tell(ONE_ASSESSMENT, title="Cannot open", severity="warning")
            return False
        read_only = read_only or self.watch_only
        try:
            self.assessment = self.adopt(Assessment.open(self.bank, path, read_only))
        except HiringClarityError as exc:
            self._tell(str(exc), title="Cannot open", severity="error")
            return False
        read_only = self.assessment.read_only
        self.save_status = "read-only" if read_only else "saved"
        if self.assessment.file.owner:
            self._tell(self.assessment.file.owner, title="Read-only", severity="warning")
        changes = self.assessment.bank_changes()
        if changes:
            self._tell(changes, title="Question bank changed", timeout=10)
        if show:
            self.show_position()
        return True

    def open_listing(self, row: SessionRow, read_only: bool = False) -> None:
        """Open a listed session; for a damaged one, offer its last good backup."""
        from tui.screens.confirm import ConfirmScreen

        if row.session is not None:
            self._open_unless_sealed(row.path, row.session, read_only)
            return
        if read_only or self.watch_only or not backup_path(row.path).exists():
            self._tell(row.error, title="Cannot open", severity="error")
            return

        def restore() -> None:
            try:
                restore_backup(row.path, wait=0)
            except WriterBusy:
                raise
            except HiringClarityError as exc:
                self._tell(str(exc), title="Cannot restore", severity="error")
                return
            self.open_path(row.path)

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.with_lock(row.path.parent, restore, "Cannot restore")

        self.push_screen(
            ConfirmScreen(
                f"{one_line(row.path.name, 60)} cannot be read:\n{one_line(row.error, 200)}\n\n"
                "Restore the last good backup? The damaged file is kept aside, not deleted.",
                yes="Restore",
            ),
            confirmed,
        )

    def _open_unless_sealed(self, path: Path, session: Session, read_only: bool) -> None:
        """A colleague's blind assessment is opened only after asking: its answers are
        meant to stay unseen until everyone assessing the hire is done."""
        from tui.core.linked.copies import sealed_from, sealed_owner
        from tui.screens.confirm import ConfirmScreen

        owner = sealed_owner(self.sessions_dir, session)
        if not owner:
            self.open_path(path, read_only)
            return
        if self.author:  # someone named: theirs opens, anyone else's stays sealed
            refused = sealed_from(self.sessions_dir, session, self.author)
            if refused:
                self._tell(f"Not opened: {refused}.", title="Sealed", severity="warning")
            else:
                self.open_path(path, read_only)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.author = session.assessor  # who said they are its assessor
                self.open_path(path, read_only)

        self.push_screen(
            ConfirmScreen(
                f"This is {owner}'s assessment, assessed blind: its answers stay "
                "sealed until everyone assessing this hire is done.\n\n"
                f"Open it only if you are {owner}.",
                yes=f"I am {owner}",
            ),
            confirmed,
        )

    def delete_session(self, path: Path, deleted: Callable[[], None]) -> None:
        """Delete (move aside) a session; ``deleted`` runs once it is gone from the list."""
        if self.watch_only:
            self._tell(WATCHING, title="Cannot delete", severity="warning")
            return
        if self.scope is not None:
            self._tell(ONE_ASSESSMENT, title="Cannot delete", severity="warning")
            return

        def delete() -> None:
            try:
                moved = delete_session(path, wait=0)
            except WriterBusy:
                raise
            except (HiringClarityError, OSError) as exc:
                self._tell(explain(exc), title="Cannot delete", severity="error")
                return
            self._tell(f"Deleted. A copy is kept in {moved.parent}.")
            deleted()

        self.with_lock(path.parent, delete, "Cannot delete")
