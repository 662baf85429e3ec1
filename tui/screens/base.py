"""What every screen of this app shares: typed access to the app and the open assessment."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from tui.app import HiringClarityApp
    from tui.core.assessment import Assessment

SECTION_BINDINGS = [
    Binding(str(k), f"app.goto({k - 1})", f"Section {k}", show=False) for k in range(1, 10)
]
"""Keys 1-9 jump to a section from any assessment screen."""


class AppScreen(Screen[None]):
    @property
    def hc_app(self) -> HiringClarityApp:
        return cast("HiringClarityApp", self.app)

    @property
    def assessment(self) -> Assessment:
        """The open assessment; assessment screens exist only while one is open."""
        assessment = self.hc_app.assessment
        assert assessment is not None, f"{type(self).__name__} needs an open assessment"
        return assessment
