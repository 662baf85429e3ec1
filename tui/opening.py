"""Opening assessments: start a new one, open a saved one (or restore its backup, or ask
before opening a colleague's sealed one), and delete one from the list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App

from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.errors import HiringClarityError, WriterBusy, explain
from tui.core.session.models import Session
from tui.core.storage.listing import SessionRow
from tui.core.storage.rescue import restore_backup
from tui.core.storage.session_file import backup_path, delete_session
from tui.core.text import one_line
from tui.navigation import Navigator
from tui.pairing import Pairing
from tui.safekeeping import AssessmentKeeper
from tui.screens.host import ONE_ASSESSMENT

WATCHING = "This login can only watch: it opens assessments read-only and changes nothing."


class Opener:
    """Hands an assessment to the keeper and shows it where it was left: the app's opening
    part. ``watch_only`` opens everything read-only and writes nothing; ``scope`` is the one
    assessment a guest's login may open."""

    def __init__(
        self,
        app: App[Any],
        keeper: AssessmentKeeper,
        navigator: Navigator,
        pairing: Pairing,
        bank: Bank,
        sessions_dir: Path,
        watch_only: bool,
        scope: Path | None,
    ) -> None:
        self.app = app
        self.keeper = keeper
        self.navigator = navigator
        self.pairing = pairing
        self.bank = bank
        self.sessions_dir = sessions_dir
        self.watch_only = watch_only
        self.scope = scope

    def start_assessment(
        self, title: str, role: str = "", assessor: str = "", show: bool = True
    ) -> bool:
        """Start and save a new assessment. Shown at once (from home) it tries the folder lock
        without waiting, as every save on the event loop does; as the first screen (the
        command line's ``new``, which waited for the lock already) it may wait."""
        if self.watch_only:
            self.app.notify(WATCHING, title="Cannot start", severity="warning")
            return False
        if self.scope is not None:
            self.app.notify(ONE_ASSESSMENT, title="Cannot start", severity="warning")
            return False
        try:
            started = Assessment.start(
                self.bank, self.sessions_dir, title, role, assessor, wait=0 if show else None
            )
        except WriterBusy as exc:
            if show:
                raise  # start_from_home waits for the lock off the event loop and retries
            self.app.notify(str(exc), title="Cannot start", severity="error")
            return False
        except (HiringClarityError, ValueError, OSError) as exc:
            self.app.notify(explain(exc), title="Cannot start", severity="error")
            return False
        self.keeper.keep_started(self.pairing.adopt(started))
        if show:
            self.navigator.show_position()
        return True

    def start_from_home(
        self, title: str, role: str, assessor: str, started: Callable[[], None]
    ) -> None:
        """Start an assessment from the home form; ``started`` runs once it is open."""

        def start() -> None:
            if self.start_assessment(title, role, assessor):
                started()

        self.keeper.with_lock(self.sessions_dir, start, "Cannot start")

    def open_path(self, path: Path, read_only: bool = False, show: bool = True) -> bool:
        if self.scope is not None and path.resolve() != self.scope:
            self.app.notify(ONE_ASSESSMENT, title="Cannot open", severity="warning")
            return False
        read_only = read_only or self.watch_only
        try:
            assessment = self.pairing.adopt(Assessment.open(self.bank, path, read_only))
        except HiringClarityError as exc:
            self.app.notify(str(exc), title="Cannot open", severity="error")
            return False
        self.keeper.keep_opened(assessment)
        if assessment.file.owner:
            self.app.notify(assessment.file.owner, title="Read-only", severity="warning")
        changes = assessment.bank_changes()
        if changes:
            self.app.notify(changes, title="Question bank changed", timeout=10)
        if show:
            self.navigator.show_position()
        return True

    def open_listing(self, row: SessionRow, read_only: bool = False) -> None:
        """Open a listed session; for a damaged one, offer its last good backup."""
        from tui.screens.confirm import ConfirmScreen

        if row.session is not None:
            self._open_unless_sealed(row.path, row.session, read_only)
            return
        if read_only or self.watch_only or not backup_path(row.path).exists():
            self.app.notify(row.error, title="Cannot open", severity="error")
            return

        def restore() -> None:
            try:
                restore_backup(row.path, wait=0)
            except WriterBusy:
                raise
            except HiringClarityError as exc:
                self.app.notify(str(exc), title="Cannot restore", severity="error")
                return
            self.open_path(row.path)

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.keeper.with_lock(row.path.parent, restore, "Cannot restore")

        self.app.push_screen(
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
        author = self.pairing.author
        if author:  # someone named: theirs opens, anyone else's stays sealed
            refused = sealed_from(self.sessions_dir, session, author)
            if refused:
                self.app.notify(f"Not opened: {refused}.", title="Sealed", severity="warning")
            else:
                self.open_path(path, read_only)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.pairing.author = session.assessor  # who said they are its assessor
                self.open_path(path, read_only)

        self.app.push_screen(
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
            self.app.notify(WATCHING, title="Cannot delete", severity="warning")
            return
        if self.scope is not None:
            self.app.notify(ONE_ASSESSMENT, title="Cannot delete", severity="warning")
            return

        def delete() -> None:
            try:
                moved = delete_session(path, wait=0)
            except WriterBusy:
                raise
            except (HiringClarityError, OSError) as exc:
                self.app.notify(explain(exc), title="Cannot delete", severity="error")
                return
            self.app.notify(f"Deleted. A copy is kept in {moved.parent}.")
            deleted()

        self.keeper.with_lock(path.parent, delete, "Cannot delete")
