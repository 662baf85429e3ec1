"""One question: its prompt and options in one widget, then an optional note.

The card only turns widget state into an ``Answer`` and posts it; the screen saves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input

from tui.core.bank import Question, ScaleQuestion
from tui.core.session import Answer, is_complete
from tui.core.text import field_text, one_line
from tui.widgets.choices import ChoiceField


def chosen_of(answer: Answer) -> tuple[str, ...]:
    """The keys a ChoiceField shows as chosen for an answer."""
    if answer.value is not None:
        return (str(answer.value),)
    if answer.choice is not None:
        return (answer.choice,)
    return tuple(answer.choices or ())


class NoteInput(Input):
    """The free-text note. Enter moves on at once, as a form would, so keys typed right after
    it land in the next field rather than this one."""

    BINDINGS = [Binding("enter", "app.focus_next", "Next field", show=False)]


class QuestionCard(Vertical):
    """A question with its help text, answer widget and note field."""

    @dataclass
    class AnswerChanged(Message):
        card: QuestionCard
        answer: Answer

        @property
        def control(self) -> QuestionCard:
            return self.card

    @dataclass
    class NoteChanged(Message):
        card: QuestionCard
        note: str

        @property
        def control(self) -> QuestionCard:
            return self.card

    def __init__(self, question: Question, answer: Answer | None, retired: str = "") -> None:
        self.question = question
        self.answer = answer or Answer()
        self.retired = retired
        flag = " -answered" if is_complete(question, answer) else ""
        super().__init__(id=f"q-{question.id}", classes="question" + flag)

    def compose(self) -> ComposeResult:
        question = self.question
        yield ChoiceField(
            question, self._heading(), chosen_of(self.answer), id=f"answer-{question.id}"
        )
        yield NoteInput(
            value=field_text(self.answer.note or ""),
            placeholder="Note (optional)",
            id=f"note-{question.id}",
            classes="note",
            compact=True,
        )

    def _heading(self) -> Content:
        """Mark, prompt, help, scale ends and any retired answer, drawn by the choice field."""
        question = self.question
        mark = "\u25cf " if self.answered else "\u25cb "
        parts: list[tuple[str, str] | str] = [(mark + question.prompt, "bold")]
        if question.help:
            parts.append(("\n  " + question.help, "dim"))
        if isinstance(question, ScaleQuestion):
            parts.append((f"\n  1 = {question.low}  \u00b7  5 = {question.high}", "dim italic"))
        if self.retired:
            # An earlier answer that no longer fits the bank: kept, shown, never dropped.
            parts.append((f"\n  Retired answer kept from an older bank: {one_line(self.retired)}",
                          "$text-warning"))
        return Content.assemble(*parts)

    @property
    def answered(self) -> bool:
        return self.has_class("-answered")

    @property
    def field(self) -> ChoiceField:
        return self.query_one(ChoiceField)

    def show_answered(self, answered: bool) -> None:
        """Flag the card as answered or open: outline colour and the mark before the prompt."""
        if answered != self.has_class("-answered"):
            self.set_class(answered, "-answered")
            self.field.show(heading=self._heading())

    def focus_answer(self, scroll_visible: bool = True) -> None:
        self.field.focus(scroll_visible=scroll_visible)

    @on(ChoiceField.Picked)
    def _picked(self, event: ChoiceField.Picked) -> None:
        event.stop()
        if isinstance(self.question, ScaleQuestion):
            answer = Answer(value=int(event.chosen[0]))
        elif self.question.kind == "single":
            answer = Answer(choice=event.chosen[0])
        else:
            answer = Answer(choices=list(event.chosen))
        self.answer = Answer(
            choice=answer.choice, choices=answer.choices, value=answer.value, note=self.answer.note
        )
        self.post_message(self.AnswerChanged(self, answer))

    @on(Input.Changed, ".note")
    def _note_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != field_text(self.answer.note or ""):
            answer = self.answer
            self.answer = Answer(choice=answer.choice, choices=answer.choices,
                                 value=answer.value, note=event.value or None)
            self.post_message(self.NoteChanged(self, event.value))

    def unsaved_note(self, saved: str | None) -> str | None:
        """The note field's text when it differs from the saved note (keys still in flight)."""
        value = self.query_one(NoteInput).value
        return value if value != field_text(saved or "") else None

    def show_answer(self, answer: Answer | None) -> None:
        """Show an answer saved elsewhere (another writer), without posting it back."""
        answer = answer or Answer()
        if answer == self.answer:
            return
        self.answer = answer
        self.field.show(chosen_of(answer))
        note = self.query_one(NoteInput)
        if note.value != field_text(answer.note or ""):
            note.value = field_text(answer.note or "")
