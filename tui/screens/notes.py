"""The note field a criterion screen shares between its questions, and its place in the Tab
order: each question, then the note field bound to it, then the next question.

Typing is saved in bursts: a note is saved when typing pauses (``PAUSE``), at the latest
``MOST`` seconds after its first unsaved key, and at once when the field is left, the section
changes or the app ends (``NoteField.flush``, called by every exit path). A paste typed in as keys
is a handful of saves, not one per character (each an fsync and, for a colleague, a merge).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from textual.binding import Binding
from textual.content import Content
from textual.timer import Timer
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
PAUSE = 0.3
"""Seconds without a key in the note field after which its text is saved."""
MOST = 2.0
"""Seconds typing may go on without a pause before its text is saved all the same."""


class NoteField:
    """The note field of a screen with question cards: which question it edits, saving its
    text in bursts, and its place in the Tab order. Owned by the screen, which hands it the
    field's events and redraws (``refresh``) what depends on the answers."""

    def __init__(self, screen: AssessmentScreen, refresh: Callable[[], None]) -> None:
        self.screen = screen
        self.refresh = refresh
        self.question = ""
        """The question whose note the note field edits."""
        self._note: NoteInput | None = None
        self._pause: Timer | None = None
        self._last_key = 0.0
        self._typed: tuple[str, str, str] | None = None
        """The field's question, text at its last edit not saved yet, and the text it started
        from: what ``flush`` saves once the field itself is gone (the screen being taken
        down)."""
        self._most: Timer | None = None

    def field(self) -> NoteInput | None:
        """The note field (None while the screen is being put together or taken down)."""
        if self._note is None or not self._note.is_attached:
            self._note = next(iter(self.screen.query(NoteInput)), None)
        return self._note

    def card(self, question_id: str) -> QuestionCard | None:
        return next(
            (c for c in self.screen.query(QuestionCard) if c.question.id == question_id), None
        )

    def visible_cards(self) -> list[QuestionCard]:
        return [card for card in self.screen.query(QuestionCard) if card.display]

    def edited(self, event: NoteInput.Edited) -> None:
        """A key in a note field: saved when typing pauses, or at once if the field moved on."""
        note = self.field()
        if note is not None and note.question_id == event.question_id:
            # The field's own question: saved, and shown on its card, when typing pauses (or
            # the field is left). Nothing else per key: a paste typed in as keys stays quick.
            self._typed = (event.question_id, event.text, note.baseline)
            self._save_after_pause()
            return
        card = self.card(event.question_id)
        # A key queued behind a Tab that moved the field on: it belongs to that question.
        saved = self.screen.assessment.session.answers.get(event.question_id)
        if event.text == field_text(saved.note or "" if saved else ""):
            return
        self.screen.save_change(
            partial(Assessment.note, question_id=event.question_id, text=event.text)
        )
        if card is not None:
            card.show_note(event.text)
        self.refresh()

    @property
    def typing_unsaved(self) -> bool:
        """Whether note text was typed that the pause (or a way out) has not saved yet."""
        note = self.field()
        return self._typed is not None or (note is not None and note.value != note.baseline)

    def _save_after_pause(self) -> None:
        """Note the key's time; the first unsaved key starts the pause and ``MOST`` timers."""
        self._last_key = time.monotonic()
        if self._pause is None:
            self._pause = self.screen.set_timer(PAUSE, self._paused, name="note pause")
        if self._most is None:
            self._most = self.screen.set_timer(MOST, self.flush, name="note at most")

    def _paused(self) -> None:
        """Save if no key came for ``PAUSE`` seconds; else look again when that would be."""
        left = self._last_key + PAUSE - time.monotonic()
        if left > 0.01:
            self._pause = self.screen.set_timer(left, self._paused, name="note pause")
        else:
            self.flush()

    def _stop_timers(self) -> None:
        for timer in (self._pause, self._most):
            if timer is not None:
                timer.stop()
        self._pause = self._most = None

    def unbind(self) -> None:
        """The note field edits nothing (no question of this section is shown)."""
        self.flush()
        self.question = ""
        note = self.field()
        if note is not None:
            note.bind_to("", None)
            note.disabled = True
        self.screen.query_one("#note-label", Static).update(
            Content.styled("\u270e Notes: no question of this section is shown yet", "dim"),
            layout=False,
        )

    def bind(self, card: QuestionCard) -> None:
        """Point the note field at ``card``'s question (saving what it held first)."""
        if self.question != card.question.id:
            self.flush()
            self.question = card.question.id
            note = self.field()
            if note is not None:
                saved = self.screen.assessment.session.answers.get(card.question.id)
                note.disabled = False
                note.bind_to(card.question.id, saved.note if saved else None)
            label = Content.styled(f"\u270e Note on: {one_line(card.question.prompt)}", "dim")
            self.screen.query_one("#note-label", Static).update(label, layout=False)

    def flush(self) -> None:
        """Save the note text the field shows and has not saved yet (typed since the last
        save, or its key messages still queued): when typing pauses, the field is left, the
        section changes, the screen is taken down, and on every way out of the app."""
        self._stop_timers()
        note = self.field()
        typed, self._typed = self._typed, None
        if note is not None and note.question_id:
            if note.value == note.baseline:
                return
            # ``seen``: what the field started from, for telling a colleague's change apart.
            typed = (note.question_id, note.value, note.baseline)
            note.baseline = note.value
        if typed is None:
            return
        question_id, text, seen = typed
        saved = self.screen.assessment.session.answers.get(question_id)
        if text != field_text(saved.note or "" if saved else ""):
            self.screen.save_change(
                partial(Assessment.note, question_id=question_id, text=text, seen=seen)
            )
        if note is None:  # the screen is being taken down: nothing left to redraw
            return
        card = self.card(question_id)
        if card is not None:
            card.show_note(text)
        self.refresh()

    def step_focus(self, step: int) -> bool:
        """Tab order: each question, then the note field bound to it, then the next question.

        Returns False when Textual's own order should apply (outside the questions).
        """
        note = self.field()
        if note is None:
            return False
        cards = self.visible_cards()
        focused = self.screen.focused
        if isinstance(focused, QuestionCard) and focused in cards:
            index = cards.index(focused)
            if step < 0 and index == 0:
                return False
            self.bind(focused if step > 0 else cards[index - 1])
            # set_focus, not focus(): focus() waits a turn, and keys that came in the same
            # packet as the Tab would go to the question instead of the note.
            self.screen.set_focus(note)
            note.action_end()
            return True
        if focused is note:
            current = self.card(note.question_id)
            if current is None or current not in cards:
                return False
            index = cards.index(current)
            target = index + 1 if step > 0 else index
            if 0 <= target < len(cards):
                self.screen.set_focus(cards[target])
                return True
        return False
