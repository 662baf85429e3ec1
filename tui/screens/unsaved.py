"""Quitting with answers nothing could save: ask where else to put them, or print them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tui.core.text import one_line


class UnsavedScreen(ModalScreen[str]):
    """Dismisses with "written", "print" or "discard"; "" (Escape, Back) stays in the app.

    ``write`` tries to write the answers to the path typed and returns what went wrong ("" when
    they were written): a failure keeps the dialog open to try another path.
    """

    BINDINGS = [Binding("escape", "back", "Back", id="back")]

    def __init__(self, reason: str, suggestion: Path, write: Callable[[Path], str]) -> None:
        super().__init__(classes="dialog-screen")
        self.reason, self.suggestion, self.write = reason, suggestion, write

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog unsaved"):
            yield Static(
                Content(
                    "Your answers could NOT be saved, neither to the session file nor to a "
                    f"recovery copy:\n{one_line(self.reason, 300)}\n\n"
                    "Write them to another file (type a path), print them on the terminal "
                    "when the app ends, or go back."
                ),
                classes="dialog-text",
            )
            yield Input(str(self.suggestion), id="unsaved-path")
            yield Static(id="unsaved-error", classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Write", variant="primary", id="write")
                yield Button("Print on exit", id="print")
                yield Button("Quit anyway", variant="error", id="discard")
                yield Button("Back", id="back")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#write")
    def _write(self) -> None:
        typed = self.query_one(Input).value.strip()
        problem = self.write(Path(typed)) if typed else "type a path first"
        if problem:
            self.query_one("#unsaved-error", Static).update(
                Content.styled(f"Not written: {one_line(problem, 200)}", "$text-error")
            )
            return
        self.dismiss("written")

    @on(Button.Pressed, "#print, #discard, #back")
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss("" if event.button.id == "back" else event.button.id or "")

    def action_back(self) -> None:
        self.dismiss("")
