"""What every screen of this app shares: typed access to the app and the open assessment."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual.binding import Binding

from tui.textual_compat import SwitchableScreen

if TYPE_CHECKING:
    from tui.app import HiringClarityApp
    from tui.core.assessment import Assessment
    from tui.core.storage.session_file import SaveResult

SECTION_BINDINGS = [
    Binding(str(k), f"app.goto({k - 1})", f"Section {k}", show=False) for k in range(1, 10)
]
"""Keys 1-9 jump to a section from any assessment screen."""


class AppScreen(SwitchableScreen):
    @property
    def hc_app(self) -> HiringClarityApp:
        return cast("HiringClarityApp", self.app)


class AssessmentScreen(AppScreen):
    """A screen showing one assessment. It keeps its own reference: messages still queued
    when the user leaves (a note's last keys) must reach this assessment, not whichever is
    open by then."""

    def __init__(self, assessment: Assessment | None, **kwargs: Any) -> None:
        if assessment is None:
            raise ValueError(f"{type(self).__name__} needs an open assessment")
        super().__init__(classes="assessment-screen", **kwargs)
        self.assessment = assessment

    def save_change(self, change: Callable[[Assessment], SaveResult]) -> None:
        self.hc_app.save_change(change, self.assessment)
