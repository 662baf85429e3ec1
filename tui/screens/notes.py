"""The note field a criterion screen shares between its questions, and its place in the Tab
order: each question, then the note field bound to it, then the next question."""

from __future__ import annotations

from functools import partial

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from tui.core.assessment import Assessment
from tui.core.text import field_text, one_line
from tui.screens.base import AssessmentScreen
from tui.widgets.note import NoteInput
from tui.widgets.question import QuestionCard

TAB_BINDINGS = [
    Binding("tab", "step_focus(1)", "Focus Next", show=False),
    Binding("shift+tab", "step_focus(-1)", "Focus Previous", show=False),
]
"""Tab and Shift+Tab on the screen itself (in place of the Screen's ``app.focus_next``)."""


class NoteFieldScreen(AssessmentScreen):
    """An assessment screen with question cards and one note field bound to one of them."""

    def __init__(self, assessment: Assessment | None) -> None:
        super().__init__(assessment)
        self.note_question = ""
        """The question whose note the note field edits."""

    def _refresh_view(self) -> None:
        """Re-show what depends on the answers (the criterion screen draws it)."""

    def _note_field(self) -> NoteInput | None:
        """The note field (None while the screen is being put together or taken down)."""
        return next(iter(self.query(NoteInput)), None)

    def _card(self, question_id: str) -> QuestionCard | None:
        return next((c for c in self.query(QuestionCard) if c.question.id == question_id), None)

    def _visible_cards(self) -> list[QuestionCard]:
        return [card for card in self.query(QuestionCard) if card.display]

    @on(NoteInput.Edited)
    def _note_edited(self, event: NoteInput.Edited) -> None:
        event.stop()
        answers = self.assessment.session.answers
        saved = answers.get(event.question_id)
        note = self._note_field()
        seen: str | None = None
        if note is not None and note.question_id == event.question_id:
            seen, note.baseline = note.baseline, event.text
        if event.text == field_text(saved.note or "" if saved else ""):
            return
        self.save_change(partial(Assessment.note, question_id=event.question_id, text=event.text,
                                 seen=seen))
        card = self._card(event.question_id)
        if card is not None:
            card.show_note(event.text)
        self._refresh_view()

    def _unbind_note(self) -> None:
        """The note field edits nothing (no question of this section is shown)."""
        self.flush_notes()
        self.note_question = ""
        note = self._note_field()
        if note is not None:
            note.bind_to("", None)
            note.disabled = True
        self.query_one("#note-label", Static).update(
            Content.styled("\u270e Notes: no question of this section is shown yet", "dim"),
            layout=False,
        )

    def _bind_note(self, card: QuestionCard) -> None:
        """Point the note field at ``card``'s question (saving what it held first)."""
        if self.note_question != card.question.id:
            self.flush_notes()
            self.note_question = card.question.id
            note = self._note_field()
            if note is not None:
                saved = self.assessment.session.answers.get(card.question.id)
                note.disabled = False
                note.bind_to(card.question.id, saved.note if saved else None)
            label = Content.styled(f"\u270e Note on: {one_line(card.question.prompt)}", "dim")
            self.query_one("#note-label", Static).update(label, layout=False)

    def flush_notes(self) -> None:
        """Save note text the field shows but whose save messages are still queued."""
        note = self._note_field()
        if note is not None and note.question_id and note.value != note.baseline:
            # Typed here and not saved yet (its Edited messages are still queued).
            seen, note.baseline = note.baseline, note.value
            self.save_change(partial(Assessment.note, question_id=note.question_id,
                                     text=note.value, seen=seen))

    def action_step_focus(self, step: int) -> None:
        """Tab (1) and Shift+Tab (-1); Enter in the note field steps on too."""
        if self.step_focus(step):
            return
        if step > 0:
            self.app.action_focus_next()
        else:
            self.app.action_focus_previous()

    def step_focus(self, step: int) -> bool:
        """Tab order: each question, then the note field bound to it, then the next question.

        Returns False when Textual's own order should apply (outside the questions).
        """
        note = self._note_field()
        if note is None:
            return False
        cards = self._visible_cards()
        focused = self.focused
        if isinstance(focused, QuestionCard) and focused in cards:
            index = cards.index(focused)
            if step < 0 and index == 0:
                return False
            self._bind_note(focused if step > 0 else cards[index - 1])
            # set_focus, not focus(): focus() waits a turn, and keys that came in the same
            # packet as the Tab would go to the question instead of the note.
            self.set_focus(note)
            note.action_end()
            return True
        if focused is note:
            current = self._card(note.question_id)
            if current is None or current not in cards:
                return False
            index = cards.index(current)
            target = index + 1 if step > 0 else index
            if 0 <= target < len(cards):
                self.set_focus(cards[target])
                return True
        return False
