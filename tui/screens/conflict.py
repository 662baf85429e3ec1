"""Both values of a conflict side by side, every word, before choosing which one stays.

The card shows each side cut to one line; a colleague's long note must be readable in full
before anyone keeps theirs over it. Dismisses with the choice: ``"mine"``, ``"theirs"``,
``"both"`` (notes joined, each with its author) or None.
"""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

Choice = Literal["mine", "theirs", "both"]
CHOICES: dict[str, Choice] = {"mine": "mine", "theirs": "theirs", "both": "both"}


class ConflictScreen(ModalScreen[Choice | None]):
    """Yours on the left, theirs on the right, each scrollable; k / t / b choose, Esc backs out."""

    BINDINGS = [
        Binding("escape", "choose(None)", "Back", id="back"),
        Binding("k", "choose('mine')", "Keep mine", id="keep-mine"),
        Binding("t", "choose('theirs')", "Take theirs", id="take-theirs"),
        Binding("b", "choose('both')", "Keep both notes", id="keep-both"),
    ]

    def __init__(self, prompt: str, mine: tuple[str, str], theirs: tuple[str, str]) -> None:
        """``mine`` and ``theirs``: (whose and when, the whole value) of each side."""
        super().__init__(classes="dialog-screen")
        self.prompt, self.mine, self.theirs = prompt, mine, theirs

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog conflict"):
            yield Static(Content(f"Both changed: {self.prompt}"), classes="dialog-text")
            with Horizontal(classes="conflict-sides"):
                for side_id, (label, value) in (("mine", self.mine), ("theirs", self.theirs)):
                    with VerticalScroll(id=f"side-{side_id}", classes="conflict-side"):
                        yield Static(Content(label), classes="conflict-who")
                        yield Static(Content(value), classes="conflict-value")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("[k] Keep mine"), id="mine")
                yield Button(Content("[t] Take theirs"), id="theirs")
                yield Button(Content("[b] Keep both notes"), id="both")
                yield Button(Content("[Esc] Back"), id="back")

    def on_mount(self) -> None:
        self.query_one("#side-theirs", VerticalScroll).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(CHOICES.get(choice or ""))
