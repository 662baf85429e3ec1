"""Shown while the terminal is smaller than the app can use; it goes away when it grows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.needed = (width, height)

    def compose(self) -> ComposeResult:
        width, height = self.needed
        yield Static(
            f"Terminal too small.\nhiring-clarity needs at least {width}x{height}. "
            "Enlarge the window; nothing is lost.",
            id="too-small",
        )
