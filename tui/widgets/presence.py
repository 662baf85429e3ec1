"""The line that says who else has this assessment open, where, and who follows whom."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class PresenceLine(Static):
    """Hidden while nobody else is here, so a person alone sees the screen as before."""

    DEFAULT_CSS = """
    PresenceLine { height: auto; max-height: 2; padding: 0 1; color: $text-accent; }
    """

    def __init__(self, widget_id: str | None = None) -> None:
        super().__init__("", id=widget_id, markup=False)
        self.text = ""
        self.display = False

    def show_line(self, text: str) -> None:
        """Show ``text`` (already made safe by the caller's one_line); '' hides the line."""
        if text == self.text:
            return
        self.text = text
        self.display = bool(text)
        self.update(Content(text))
