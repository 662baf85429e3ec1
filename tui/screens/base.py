"""What every screen of this app shares, and the contract between the app and the screens
that show an assessment (the app calls only the hooks below; see ``tui.screens.host`` for
what the screens may call on the app)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from textual.binding import Binding

from tui.core.assessment import Assessment
from tui.core.storage.session_file import SaveResult
from tui.screens.host import AppHost
from tui.textual_compat import SwitchableScreen

SECTION_BINDINGS = [
    Binding(str(k), f"app.goto({k - 1})", f"Section {k}", show=False) for k in range(1, 10)
]
"""Keys 1-9 jump to a section from any assessment screen."""


class AppScreen(SwitchableScreen):
    @property
    def hc_app(self) -> AppHost:
        return cast("AppHost", self.app)


class AssessmentScreen(AppScreen):
    """A screen showing one assessment. It keeps its own reference: messages still queued
    when the user leaves (a note's last keys) must reach this assessment, not whichever is
    open by then.

    The hooks below are all the app calls on it; each does nothing unless a screen has
    something to do for it. Only one assessment screen is shown at a time: the app replaces
    it with the next one.
    """

    def __init__(self, assessment: Assessment | None, **kwargs: Any) -> None:
        if assessment is None:
            raise ValueError(f"{type(self).__name__} needs an open assessment")
        super().__init__(**kwargs)
        self.assessment = assessment

    def save_change(self, change: Callable[[Assessment], SaveResult]) -> None:
        self.hc_app.save_change(change, self.assessment)

    def flush_pending(self) -> None:
        """Before leaving or quitting: save what the screen shows but has not saved yet."""

    async def sync_answers(self) -> None:
        """Show answers another writer's save brought in."""

    def show_save_status(self) -> None:
        """Redraw whatever says whether the answers are saved (``hc_app.save_status``)."""

    def show_presence(self, line: str, marks: dict[str, list[str]]) -> None:
        """Show who else has the assessment open (``line``, '' when nobody) and, by question
        id, who is on which question."""

    def show_changes(self, line: str, unseen: dict[str, str]) -> None:
        """Other writers' changes: one line, and who changed each question not seen yet."""

    def export_folder(self) -> Path | None:
        """Where exports go; None means beside the session file."""
        return None

    def show_exported(self, lines: list[str]) -> None:
        """Say where the files just exported were written (the app has said so in a toast)."""

    def action_toggle_done(self) -> None:
        """Mark the assessment done, or open again."""
        self.save_change(lambda a: a.mark_done(not a.session.done))
