"""The Textual app: one ``App`` that owns its parts, each a plain object with one job.

``AssessmentKeeper`` (``safekeeping.py``) keeps the open assessment on disk and takes in other
writers' saves; ``ExitGuard`` (``leaving.py``) makes quitting, a hang-up, SIGTERM or a crash lose
nothing; ``Navigator`` (``navigation.py``) decides which screen shows what; ``Opener``
(``opening.py``) starts, opens and deletes assessments; ``Pairing`` (``pairing.py``) is who this
is, who else is here, and following them; ``KeyOrder`` (``keyorder.py``) hands out keys in the
order typed. The app itself says what starts (``on_mount``), routes its actions to the parts,
and holds export, the palette's commands and sync. Its parts tell the assessment screen what
changed with messages (``tui.screens.base``); screens ask the app through
``tui.screens.host.AppHost``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rich.console import RenderableType
from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui.core.assessment import EXPORT_NAMES, Assessment
from tui.core.bank.models import Bank
from tui.core.errors import HiringClarityError, explain
from tui.core.pairing.identity import author_name
from tui.core.storage.listing import SessionRow
from tui.core.storage.session_file import SaveResult
from tui.core.text import one_line
from tui.keyorder import KeyOrder
from tui.leaving import ExitGuard
from tui.navigation import Navigator, position_screen
from tui.opening import WATCHING, Opener
from tui.pairing import Pairing
from tui.safekeeping import AssessmentKeeper
from tui.screens.base import AssessmentScreen, Exported
from tui.screens.host import ONE_ASSESSMENT
from tui.startup import resume_collector
from tui.textual_compat import CommandPalette, CrashReportApp


class HiringClarityApp(CrashReportApp):
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
        self.bank = bank
        self.sessions_dir = sessions_dir
        self.assessor = assessor
        """Who is at this terminal (``$HIRING_CLARITY_ASSESSOR``; the SSH server sets it)."""
        self.watch_only = watch_only
        """Everything opens read-only and nothing is written: a watcher's login."""
        self.scope = scope
        """The one assessment this app may show (``HIRING_CLARITY_ONLY``: a guest's login)."""
        self._start = (new, resume, read_only)
        self.keeper = AssessmentKeeper(self)
        self.navigator = Navigator(self, self.keeper, bank, scope)
        self.pairing = Pairing(
            self,
            self.keeper,
            self.navigator,
            author=author or author_name(assessor),
            watching=watching or watch_only,
            remember=not watch_only,
        )
        self.opener = Opener(
            self, self.keeper, self.navigator, self.pairing, bank, sessions_dir, watch_only, scope
        )
        self.exit_guard = ExitGuard(self, self.keeper, super().action_quit)
        self.key_order = KeyOrder(self, self.pairing.consumes_key)

    def get_default_screen(self) -> Screen[Any]:
        """The screen asked for on the command line is the base screen. Pushing it over an
        empty default screen instead costs a whole extra frame at start
        (``docs/architecture.md``)."""
        new, resume, read_only = self._start
        opened = False
        if new is not None:
            opened = self.opener.start_assessment(*new, show=False)
        elif resume is not None:
            opened = self.opener.open_path(resume, read_only, show=False)
        if opened and self.assessment is not None:
            return position_screen(self.assessment)
        from tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        """Everything that runs beside the screens starts here."""
        self.call_after_refresh(resume_collector)
        self.call_after_refresh(self.navigator.check_size)
        self.pairing.start()  # presence and follow, a few times a second
        self.exit_guard.start()  # hang-up and SIGTERM handlers, the terminal watched
        self.keeper.start()  # other writers' saves: file-system events and a poll

    def on_unmount(self) -> None:
        self.pairing.leave()
        self.keeper.stop()

    async def on_event(self, event: events.Event) -> None:
        """A click of mine stops following; keys take effect in the order typed."""
        if isinstance(event, events.MouseDown):
            self.pairing.clicked(event)
        await self.key_order.on_event(event, super().on_event)

    def on_resize(self, event: events.Resize) -> None:
        self.navigator.check_size(event.size.width, event.size.height)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
        limit: int = 300,
    ) -> None:
        """Every toast of the app, from any part, screen or widget (``Widget.notify`` ends
        here): one safe line of plain text (``limit`` characters), never markup. Toasts carry
        names, titles and paths; a colleague named ``x[/]`` parsed as markup ends the app with a
        MarkupError.
        ``markup`` is Textual's parameter, accepted and ignored. Before the first screen
        exists (while it is being chosen) a toast waits for the mount."""
        if not self.is_running or not self.screen_stack:
            self.call_later(
                self.notify, message, title=title, severity=severity, timeout=timeout, limit=limit
            )
            return
        super().notify(
            one_line(message, limit), title=title, severity=severity, timeout=timeout, markup=False
        )

    # -- what the parts hold, as screens and tests read it -----------------------------------

    @property
    def assessment(self) -> Assessment | None:
        """The open assessment (the keeper's)."""
        return self.keeper.assessment

    @property
    def save_status(self) -> str:
        return self.keeper.status

    @property
    def author(self) -> str:
        """Who this instance is: saves, presence and follow use it (``Pairing``)."""
        return self.pairing.author

    @property
    def writer(self) -> str:
        return self.pairing.writer

    @property
    def print_on_exit(self) -> str:
        """Text for the command line to print on stdout after the app has ended."""
        return self.exit_guard.print_on_exit

    @property
    def handling_keys(self) -> bool:
        """True while a key is being handled or waits for the one before it."""
        return self.key_order.handling_keys

    # -- what screens ask (``AppHost``) ------------------------------------------------------

    def save_change(
        self, change: Callable[[Assessment], SaveResult], assessment: Assessment | None = None
    ) -> None:
        self.keeper.save_change(change, assessment)

    def seen_question(self, question_id: str) -> None:
        self.keeper.seen_question(question_id)

    def goto_question(self, question_id: str) -> None:
        self.navigator.goto_question(question_id)

    def name_from_home(self, name: str) -> None:
        self.pairing.name_from_home(name)

    def start_assessment(
        self, title: str, role: str = "", assessor: str = "", show: bool = True
    ) -> bool:
        return self.opener.start_assessment(title, role, assessor, show)

    def start_from_home(
        self, title: str, role: str, assessor: str, started: Callable[[], None]
    ) -> None:
        self.opener.start_from_home(title, role, assessor, started)

    def open_path(self, path: Path, read_only: bool = False, show: bool = True) -> bool:
        return self.opener.open_path(path, read_only, show)

    def open_listing(self, row: SessionRow, read_only: bool = False) -> None:
        self.opener.open_listing(row, read_only)

    def delete_session(self, path: Path, deleted: Callable[[], None]) -> None:
        self.opener.delete_session(path, deleted)

    # -- actions: the bindings' names, each handed to its part -------------------------------

    def action_goto(self, index: int) -> None:
        self.navigator.goto(index)

    def action_section(self, step: int) -> None:
        self.navigator.section(step)

    def action_summary(self) -> None:
        self.navigator.summary()

    def action_back_to_questions(self) -> None:
        self.navigator.back_to_questions()

    def action_home(self) -> None:
        self.navigator.home()

    def action_help(self) -> None:
        self.navigator.help()

    def action_follow(self) -> None:
        self.pairing.follow()

    async def action_quit(self) -> None:
        await self.exit_guard.quit()

    def crash_report(self) -> RenderableType:
        return self.exit_guard.crash_report()

    def action_export(self, fmt: str) -> None:
        if self.assessment is None:
            return
        if self.watch_only:
            self.notify(WATCHING, title="Cannot export", severity="warning")
            return
        screen = self.screen if isinstance(self.screen, AssessmentScreen) else None
        try:
            path = self.assessment.export(fmt, screen.export_folder() if screen else None)
        except (HiringClarityError, OSError) as exc:
            self.notify(explain(exc), title="Export failed", severity="error")
            return
        kind = EXPORT_NAMES[fmt]
        self.notify(f"{kind} written to {path}", title="Exported", timeout=8)
        if screen is not None:
            screen.post_message(Exported([f"{kind}: {path}"]))

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
            message = WATCHING if self.watch_only else ONE_ASSESSMENT
            self.notify(message, title="Cannot sync", severity="warning")
            return
        self.keeper.flush_screen()
        self.run_worker(self._sync, thread=True, exclusive=True, group="sync")

    def _sync(self) -> None:
        from tui.sync.engine import sync

        try:
            result = sync(self.sessions_dir, interactive=False)
        except (HiringClarityError, OSError) as exc:
            self.call_from_thread(
                self.notify, explain(exc), title="Sync failed", severity="error", timeout=10
            )
        else:
            problem = result.offline or result.conflicts or result.unreadable
            severity: SeverityLevel = "warning" if problem else "information"
            self.call_from_thread(
                self.notify, result.summary(), title="Sync", severity=severity, timeout=10
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
