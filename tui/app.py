"""The Textual app: what it starts on, export, the command palette's commands and sync.

Built in layers, each a class with one job: ``SafekeepingApp`` (saving), ``LeavingApp``
(quitting without loss), ``NavigatingApp`` (which screen shows what), ``OpeningApp``
(opening assessments), ``PairingApp`` (who else is here, follow), and ``KeysInOrderApp``
(keys take effect in the order typed)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.core.assessment import EXPORT_NAMES
from tui.core.bank.models import Bank
from tui.core.errors import HiringClarityError, explain
from tui.core.pairing.identity import author_name
from tui.keyorder import KeysInOrderApp
from tui.navigation import position_screen
from tui.opening import WATCHING
from tui.pairing import PairingApp
from tui.screens.base import AssessmentScreen
from tui.screens.host import ONE_ASSESSMENT
from tui.startup import resume_collector
from tui.textual_compat import CommandPalette


class HiringClarityApp(PairingApp, KeysInOrderApp):
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
        author: str = "",
        watching: bool = False,
        scope: Path | None = None,
    ) -> None:
        super().__init__()
        self.scope = scope
        self.author = author or author_name(assessor)
        self.watching = watching or watch_only
        """Shown to others as watching, never followed, following whoever answers: ``resume
        --watch``, and every assessment a watcher's login (an SSH watcher key) opens."""
        self.bank = bank
        self.sessions_dir = sessions_dir
        self.assessor = assessor
        """Who is at this terminal (``$HIRING_CLARITY_ASSESSOR``; the SSH server sets it)."""
        self.watch_only = watch_only
        """Everything opens read-only and nothing is written: a watcher's login."""
        self._start = (new, resume, read_only)

    def get_default_screen(self) -> Screen[Any]:
        """The screen asked for on the command line is the base screen. Pushing it over an
        empty default screen instead costs a whole extra frame at start
        (``docs/architecture.md``)."""
        new, resume, read_only = self._start
        opened = False
        if new is not None:
            opened = self.start_assessment(*new, show=False)
        elif resume is not None:
            opened = self.open_path(resume, read_only, show=False)
        if opened and self.assessment is not None:
            return position_screen(self.assessment)
        from tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        # The base classes' on_mount run as well: Textual calls each class's handler.
        self.call_after_refresh(resume_collector)
        self.call_after_refresh(self._check_size)

    def action_export(self, fmt: str) -> None:
        if self.assessment is None:
            return
        if self.watch_only:
            self._tell(WATCHING, title="Cannot export", severity="warning")
            return
        screen = self.screen if isinstance(self.screen, AssessmentScreen) else None
        try:
            path = self.assessment.export(fmt, screen.export_folder() if screen else None)
        except (HiringClarityError, OSError) as exc:
            self._tell(explain(exc), title="Export failed", severity="error")
            return
        kind = EXPORT_NAMES[fmt]
        self._tell(f"{kind} written to {path}", title="Exported", timeout=8)
        if screen is not None:
            screen.show_exported([f"{kind}: {path}"])

    # -- command palette ---------------------------------------------------------------------

    def action_command_palette(self) -> None:
        """Textual's palette, with its paging fixed (``tui.textual_compat``)."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.scope is None:
            yield SystemCommand(
                "Sync",
                "Share assessments through git: commit, fetch, merge answer by answer, push",
                self.action_sync,
            )
        if self.assessment is None:
            return
        for index, criterion in enumerate(self.bank.criteria):
            yield SystemCommand(
                f"Section {index + 1}: {criterion.title}",
                criterion.summary or "Go to this section",
                lambda index=index: self.action_goto(index),
            )
        yield SystemCommand(
            "Summary", "Recommendation, skills and open questions", self.action_summary
        )
        yield SystemCommand(
            "Export scorecard (markdown)",
            "Write the role scorecard file",
            lambda: self.action_export("markdown"),
        )
        yield SystemCommand(
            "Export JSON report", "Write the JSON report file", lambda: self.action_export("json")
        )
        yield SystemCommand(
            "Export brief (one page)",
            "Decision, must-haves, reasons and what is open, for the hiring committee (b)",
            lambda: self.action_export("brief"),
        )
        yield SystemCommand(
            "Export job description draft",
            "What the hire will do, the setting, skills and interviews, for a recruiter (a)",
            lambda: self.action_export("job"),
        )
        yield SystemCommand(
            "Mark done (or open again)",
            "Done unseals assessments made independently of this one",
            screen.action_toggle_done
            if isinstance(screen, AssessmentScreen)
            else lambda: self.save_change(lambda a: a.mark_done(not a.session.done)),
        )
        if self.scope is None:
            yield SystemCommand("Home", "Back to the list of assessments", self.action_home)

    # -- sync --------------------------------------------------------------------------------

    def action_sync(self) -> None:
        """Sync the sessions folder through git in a thread: the screen never waits for it.
        Never for a watcher's login: it would commit and push with the server owner's git."""
        if self.watch_only or self.scope is not None:
            # A guest's sync would commit and push every assessment with the owner's git.
            self._tell(WATCHING if self.watch_only else ONE_ASSESSMENT, "Cannot sync", "warning")
            return
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
            self.call_from_thread(
                self._tell, result.summary(), "Sync", "warning" if problem else "information", 10
            )
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
    from tui.core.bank.loading import default_questions_dir, load_bank_cached
    from tui.core.storage.paths import default_sessions_dir

    bank = load_bank_cached(str(questions_dir or default_questions_dir()))
    return HiringClarityApp(bank, sessions_dir or default_sessions_dir(), **start)
