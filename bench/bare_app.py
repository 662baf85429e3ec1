"""The bare Textual app every ratio is measured against: one Static, nothing else.

``python bench/bare_app.py`` runs it in the terminal until Ctrl+Q (the tmux rows);
``python bench/bare_app.py --exit`` runs it headless and exits after its first frame
(the start-to-exit reference of the report row).
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Static

READY = "Bare Textual app ready"


class BareApp(App[None]):
    """One Static: what any Textual app pays before it draws anything of its own."""

    def __init__(self, exit_after_first_frame: bool = False) -> None:
        super().__init__()
        self.exit_after_first_frame = exit_after_first_frame

    def compose(self) -> ComposeResult:
        yield Static(READY)

    def on_mount(self) -> None:
        if self.exit_after_first_frame:
            self.call_after_refresh(self.exit)


if __name__ == "__main__":
    exiting = "--exit" in sys.argv[1:]
    BareApp(exit_after_first_frame=exiting).run(headless=exiting)
