"""The note field a criterion screen shares between its questions."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from tui.core.session.models import MAX_TEXT
from tui.core.text import field_text
from tui.widgets.question import refuse_change


class NoteInput(Input):
    """The one note field: it edits the note of the question it is bound to.

    Each edit is posted with the question it belongs to at that moment, so keys still queued
    when Tab moves the field on to the next question are saved to the right one.
    """

    BINDINGS = [Binding("enter", "screen.step_focus(1)", "Next field", show=False)]

    class Edited(Message):
        def __init__(self, question_id: str, text: str) -> None:
            super().__init__()
            self.question_id = question_id
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        # No select-all on focus: Tab into a note continues it, it does not replace it.
        super().__init__(
            placeholder="Note (optional)",
            id=id,
            compact=True,
            select_on_focus=False,
            max_length=MAX_TEXT,
        )
        self.question_id = ""
        self.baseline = ""
        """The text as last loaded or saved: anything else was typed and is not saved yet."""
        self._binding = False
        self.read_only = False
        """Edits are undone as they happen (Input has no read-only mode): paste, cut, keys."""

    def bind_to(self, question_id: str, note: str | None) -> None:
        """Edit ``question_id``'s note from now on, showing what it holds."""
        self.question_id = question_id
        self._binding = True
        try:
            self.value = self.baseline = field_text(note or "")
            self.cursor_position = 0  # the start shows until someone edits it
        finally:
            self._binding = False

    def restricted(self) -> None:
        """A paste or key that would make the note too long is refused whole: say so."""
        self.notify(
            f"A note holds at most {MAX_TEXT:,} characters: that text was not added.",
            title="Note too long",
            severity="warning",
            markup=False,
        )

    def watch_value(self, value: str) -> None:
        if self._binding or not self.question_id:
            return
        if self.read_only:
            if value != self.baseline:
                self.bind_to(self.question_id, self.baseline)
                refuse_change(self)
            return
        self.post_message(self.Edited(self.question_id, value))
