"""The bare Textual app every ratio is measured against: one Static, nothing else.

``python bench/bare_app.py`` runs it in the terminal until Ctrl+Q (the tmux rows);
``--exit`` runs it headless and exits after its first frame (the report row's reference);
``--keys`` adds one binding, Space, that flips the Static's text (the key row's floor).
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

READY = "Bare Textual app ready"


class BareApp(App[None]):
    """One Static: what any Textual app pays before it draws anything of its own."""

    def __init__(self, exit_after_first_frame: bool = False) -> None:
        super().__init__()
        self.exit_after_first_frame = exit_after_first_frame

    def compose(self) -> ComposeResult:
        yield Static(READY, id="text")

    def on_mount(self) -> None:
        if self.exit_after_first_frame:
            self.call_after_refresh(self.exit)


class BareKeysApp(BareApp):
    """The bare app plus a key that changes what it shows: Textual's own key-to-screen time."""

    BINDINGS = [Binding("space", "flip", "Flip")]
    flipped = False

    def compose(self) -> ComposeResult:
        yield Static(f"{READY}: A", id="text")

    def action_flip(self) -> None:
        self.flipped = not self.flipped
        self.query_one("#text", Static).update(f"{READY}: {'B' if self.flipped else 'A'}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if "--keys" in arguments:
        BareKeysApp().run()
    else:
        exiting = "--exit" in arguments
        BareApp(exit_after_first_frame=exiting).run(headless=exiting)
