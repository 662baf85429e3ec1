"""The Textual app: routing between screens and handing user actions to the core."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.core.assessment import Assessment
from tui.core.bank import Bank
from tui.core.errors import HiringClarityError, WriterBusy, explain
from tui.core.session import Session
from tui.core.storage.listing import SessionRow
from tui.core.storage.rescue import restore_backup
from tui.core.storage.session_file import backup_path, delete_session
from tui.core.text import one_line
from tui.keyorder import KeysInOrderApp
from tui.safekeeping import SafekeepingApp
from tui.screens.criterion import CriterionScreen
from tui.screens.too_small import TooSmallScreen
from tui.startup import resume_collector
from tui.textual_compat import CommandPalette, release_styles_cache

MIN_SIZE = (60, 16)
WATCHING = "This login can only watch: it opens assessments read-only and changes nothing."


class HiringClarityApp(SafekeepingApp, KeysInOrderApp):
    """Flask specialist or backend generalist? One screen per hiring-clarity criterion."""

    CSS_PATH = "app.tcss"
    TITLE = "hiring-clarity"
    SUB_TITLE = "Flask specialist or backend generalist?"
    NARROW_BELOW = 100
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(
        self,
        bank: Bank,
        sessions_dir: Path,
        new: tuple[str, str, str] | None = None,
        resume: Path | None = None,
        read_only: bool = False,
        assessor: str = "",
        watch_only: bool = False,
    ) -> None:
        super().__init__()
        self.bank = bank
        self.sessions_dir = sessions_dir
        self.assessor = assessor
        """Who is at this terminal (``$HIRING_CLARITY_ASSESSOR``; the SSH server sets it)."""
        self.watch_only = watch_only
        """Everything opens read-only and nothing is written: a watcher's login."""
        self._start = (new, resume, read_only)

    def get_default_screen(self) -> Screen[Any]:
        """The screen asked for on the command line is the base screen. Pushing it over an
        empty default screen instead costs a whole extra frame at start (~30 ms, bench)."""
        new, resume, read_only = self._start
        opened = False
        if new is not None:
            opened = self.start_assessment(*new, show=False)
        elif resume is not None:
            opened = self.open_path(resume, read_only, show=False)
        if opened:
            return self._position_screen()
        from tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        # SafekeepingApp.on_mount runs as well: Textual calls each class's handler.
        self.call_after_refresh(resume_collector)
        self.call_after_refresh(self._check_size)

    # -- opening -----------------------------------------------------------------------------

    def start_assessment(
        self, title: str, role: str = "", assessor: str = "", show: bool = True
    ) -> bool:
        """Start and save a new assessment. Shown at once (from home) it tries the folder lock
        without waiting, as every save on the event loop does; as the first screen (the
        command line's ``new``, which waited for the lock already) it may wait."""
        if self.watch_only:
            self._tell(WATCHING, title="Cannot start", severity="warning")
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

    def start_from_home(self, title: str, role: str, assessor: str,
                        started: Callable[[], None]) -> None:
        """Start an assessment from the home form; ``started`` runs once it is open."""

        def start() -> None:
            if self.start_assessment(title, role, assessor):
                started()

        self.with_lock(self.sessions_dir, start, "Cannot start")

    def open_path(self, path: Path, read_only: bool = False, show: bool = True) -> bool:
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
        if read_only or not backup_path(row.path).exists():
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
        from tui.core.linked import sealed_owner
        from tui.screens.confirm import ConfirmScreen

        owner = sealed_owner(self.sessions_dir, session)
        if not owner:
            self.open_path(path, read_only)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.open_path(path, read_only)

        self.push_screen(
            ConfirmScreen(f"This is {owner}'s assessment, assessed blind: its answers stay "
                          "sealed until everyone assessing this hire is done.\n\n"
                          f"Open it only if you are {owner}.", yes=f"I am {owner}"),
            confirmed,
        )

    def delete_session(self, path: Path, deleted: Callable[[], None]) -> None:
        """Delete (move aside) a session; ``deleted`` runs once it is gone from the list."""
        if self.watch_only:
            self._tell(WATCHING, title="Cannot delete", severity="warning")
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

    # -- navigation --------------------------------------------------------------------------

    def _show(self, screen: Screen[None]) -> None:
        """Only one assessment screen at a time: the next replaces it (and its widgets)."""
        self._save_pending_input()
        while isinstance(self.screen, TooSmallScreen) or self.screen.is_modal:
            self.pop_screen()
        if self.screen.has_class("assessment-screen"):
            self.switch_screen(screen)
            self.call_after_refresh(release_styles_cache)
        else:
            self.push_screen(screen)
        self.call_after_refresh(self._check_size)

    def action_focus_next(self) -> None:
        if not (isinstance(self.screen, CriterionScreen) and self.screen.step_focus(1)):
            super().action_focus_next()

    def action_focus_previous(self) -> None:
        if not (isinstance(self.screen, CriterionScreen) and self.screen.step_focus(-1)):
            super().action_focus_previous()

    def _show_section(self, index: int, question_id: str = "") -> None:
        """A criterion of the open assessment: in the criterion screen already shown, if any."""
        assert self.assessment is not None
        screen = self.screen
        if isinstance(screen, CriterionScreen) and screen.assessment is self.assessment:
            screen.show_section(index, question_id)
        else:
            self._show(CriterionScreen(self.assessment, index, question_id))

    def show_position(self) -> None:
        """Show the open assessment where it was left."""
        if self.assessment is None:
            return
        position = self.assessment.session.position
        if position.summary:
            self.action_summary()
            return
        ids = [c.id for c in self.bank.criteria]
        index = ids.index(position.criterion) if position.criterion in ids else 0
        self._show_section(index, position.question)

    def _position_screen(self) -> Screen[None]:
        """A new screen for the open assessment where it was left (the summary or a section)."""
        from tui.screens.summary import SummaryScreen

        assert self.assessment is not None
        position = self.assessment.session.position
        if position.summary:
            return SummaryScreen(self.assessment)
        ids = [c.id for c in self.bank.criteria]
        index = ids.index(position.criterion) if position.criterion in ids else 0
        return CriterionScreen(self.assessment, index, position.question)

    def action_goto(self, index: int) -> None:
        if self.assessment is None or index >= len(self.bank.criteria):
            return
        index = index % len(self.bank.criteria)
        criterion = self.bank.criteria[index]
        self.save_change(lambda a: a.move(criterion.id, criterion.questions[0].id))
        self._show_section(index)

    def goto_question(self, question_id: str) -> None:
        criterion = self.bank.criterion_of(question_id)
        if criterion is None or self.assessment is None:
            return
        self.save_change(lambda a: a.move(criterion.id, question_id))
        index = self.bank.criteria.index(criterion)
        self._show_section(index, question_id)

    def action_section(self, step: int) -> None:
        screen = self.screen
        if not isinstance(screen, CriterionScreen):
            return
        target = screen.index + step
        if target >= len(self.bank.criteria):
            self.action_summary()
        elif target >= 0:
            self.action_goto(target)

    def action_summary(self) -> None:
        from tui.screens.summary import SummaryScreen

        if self.assessment is None:
            return
        position = self.assessment.session.position
        self.save_change(lambda a: a.move(position.criterion, position.question, summary=True))
        self._show(SummaryScreen(self.assessment))

    def action_home(self) -> None:
        """Close the assessment and show a fresh list (built only now: resuming skips it)."""
        from tui.screens.home import HomeScreen

        self._save_pending_input()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.assessment = None
        if not isinstance(self.screen, HomeScreen):  # home relists what is on disk on resume
            self.switch_screen(HomeScreen())  # the base screen was an assessment's: replace it
        self.call_after_refresh(self._check_size)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_export(self, fmt: str) -> None:
        if self.assessment is None:
            return
        if self.watch_only:
            self._tell(WATCHING, title="Cannot export", severity="warning")
            return
        export_folder = getattr(self.screen, "export_folder", None)
        try:
            path = self.assessment.export(fmt, export_folder() if export_folder else None)
        except (HiringClarityError, OSError) as exc:
            self._tell(explain(exc), title="Export failed", severity="error")
            return
        kind = "Scorecard" if fmt == "markdown" else "JSON report"
        self._tell(f"{kind} written to {path}", title="Exported", timeout=8)
        show_exported = getattr(self.screen, "show_exported", None)
        if show_exported is not None:
            show_exported([f"{kind}: {path}"])

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int | None = None, height: int | None = None) -> None:
        """Below the smallest usable size, say what is needed instead of drawing a mess."""
        width = self.size.width if width is None else width
        height = self.size.height if height is None else height
        too_small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen(*MIN_SIZE))
        elif showing and not too_small:
            self.pop_screen()

    # -- command palette ---------------------------------------------------------------------

    def action_command_palette(self) -> None:
        """Textual's palette, with its paging fixed (``tui.textual_compat``)."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Sync", "Share assessments through git: commit, fetch, merge "
                            "answer by answer, push", self.action_sync)
        if self.assessment is None:
            return
        for index, criterion in enumerate(self.bank.criteria):
            yield SystemCommand(
                f"Section {index + 1}: {criterion.title}",
                criterion.summary or "Go to this section",
                lambda index=index: self.action_goto(index),
            )
        yield SystemCommand("Summary", "Recommendation, skills and open questions",
                            self.action_summary)
        yield SystemCommand("Export scorecard (markdown)", "Write the role scorecard file",
                            lambda: self.action_export("markdown"))
        yield SystemCommand("Export JSON report", "Write the JSON report file",
                            lambda: self.action_export("json"))
        yield SystemCommand("Mark done (or open again)",
                            "Done unseals assessments made independently of this one",
                            getattr(screen, "action_toggle_done", None) or (
                                lambda: self.save_change(
                                    lambda a: a.mark_done(not a.session.done))))
        yield SystemCommand("Home", "Back to the list of assessments", self.action_home)

    # -- sync --------------------------------------------------------------------------------

    def action_sync(self) -> None:
        """Sync the sessions folder through git in a thread: the screen never waits for it."""
        self._save_pending_input()
        self.run_worker(self._sync, thread=True, exclusive=True, group="sync")

    def _sync(self) -> None:
        from tui.sync.engine import sync

        try:
            result = sync(self.sessions_dir, interactive=False)
        except (HiringClarityError, OSError) as exc:
            self.call_from_thread(self._tell, explain(exc), "Sync failed", "error", 10)
        else:
            problem = result.offline or result.conflicts or result.unreadable
            self.call_from_thread(self._tell, result.summary(), "Sync",
                                  "warning" if problem else "information", 10)
        self.call_from_thread(self._after_sync)

    def _after_sync(self) -> None:
        """Home lists what the sync brought; an open assessment takes it in within a second."""
        from tui.screens.home import HomeScreen

        if isinstance(self.screen, HomeScreen):
            self.screen.action_reload()
            self.screen.show_sync_status()


def make_app(
    questions_dir: Path | None = None,
    sessions_dir: Path | None = None,
    **start: Any,
) -> HiringClarityApp:
    """Build the app the way the command line does; tests use it with temporary folders."""
    from tui.core.bank import default_questions_dir, load_bank_cached
    from tui.core.storage.paths import default_sessions_dir

    bank = load_bank_cached(str(questions_dir or default_questions_dir()))
    return HiringClarityApp(bank, sessions_dir or default_sessions_dir(), **start)
