"""One question as the widget its kind calls for, plus an optional note.

The card only turns widget state into an ``Answer`` and posts it; the screen saves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, RadioButton, RadioSet, SelectionList, Static

from tui.core.bank import ChoiceQuestion, Question, ScaleQuestion
from tui.core.session import Answer, is_complete
from tui.core.text import field_text, one_line

SCALE_VALUES = (1, 2, 3, 4, 5)


class Choice(RadioButton):
    """A radio button whose mark shows only when chosen, so it reads without colour too."""

    def __init__(self, label: str | Content, value: bool, name: str) -> None:
        super().__init__(label, value, name=name)
        self.BUTTON_INNER = self._mark()

    def _mark(self) -> str:
        return "\u25cf" if self.value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = self._mark()
        super().watch_value()


class Checklist(SelectionList[str]):
    """A selection list whose tick shows only on chosen options, so it reads without colour."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 4:
            return strip
        # The tick is the second segment of an option's first line; its style names the option.
        style = segments[1].style
        index = style.meta.get("option") if style is not None else None
        if index is None or self.get_option_at_index(index).value in self.selected:
            return strip
        segments[1] = Segment(" ", style)
        return Strip(segments, strip.cell_length)


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
        yield Static(self._heading(), classes="heading")
        if self.retired:
            # An earlier answer that no longer fits the bank: kept, shown, never dropped.
            yield Static(
                Content(f"Retired answer kept from an older bank: {one_line(self.retired)}"),
                classes="retired",
            )
        yield self._answer_widget()
        yield NoteInput(
            value=field_text(self.answer.note or ""),
            placeholder="Note (optional)",
            id=f"note-{question.id}",
            classes="note",
            compact=True,
        )

    def _heading(self) -> Content:
        """Mark, prompt, help and scale ends in one widget: fewer widgets, faster screens."""
        question = self.question
        mark = "\u25cf " if self.answered else "\u25cb "
        parts: list[tuple[str, str] | str] = [(mark + question.prompt, "bold")]
        if question.help:
            parts.append(("\n" + question.help, "dim"))
        if isinstance(question, ScaleQuestion):
            parts.append((f"\n1 = {question.low}  \u00b7  5 = {question.high}", "dim italic"))
        return Content.assemble(*parts)

    @property
    def answered(self) -> bool:
        return self.has_class("-answered")

    def show_answered(self, answered: bool) -> None:
        """Flag the card as answered or open: outline colour and the mark before the prompt."""
        if answered != self.has_class("-answered"):
            self.set_class(answered, "-answered")
            self.query_one(".heading", Static).update(self._heading(), layout=False)

    def _answer_widget(self) -> Widget:
        question = self.question
        if isinstance(question, ScaleQuestion):
            return RadioSet(
                *(
                    Choice(str(v), value=self.answer.value == v, name=str(v))
                    for v in SCALE_VALUES
                ),
                id=f"answer-{question.id}",
                classes="scale",
                compact=True,
            )
        assert isinstance(question, ChoiceQuestion)
        if question.kind == "single":
            return RadioSet(
                *(
                    Choice(Content(o.label), value=self.answer.choice == o.id, name=o.id)
                    for o in question.options
                ),
                id=f"answer-{question.id}",
                compact=True,
            )
        chosen = set(self.answer.choices or [])
        return Checklist(
            *((Content(o.label), o.id, o.id in chosen) for o in question.options),
            id=f"answer-{question.id}",
            compact=True,
        )

    def focus_answer(self, scroll_visible: bool = True) -> None:
        self.query_one(f"#answer-{self.question.id}").focus(scroll_visible=scroll_visible)

    @on(RadioSet.Changed)
    def _radio_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        name = event.pressed.name or ""
        if isinstance(self.question, ScaleQuestion):
            self._post(Answer(value=int(name)))
        else:
            self._post(Answer(choice=name))

    @on(SelectionList.SelectedChanged)
    def _selection_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self._post(Answer(choices=list(event.selection_list.selected)))

    @on(Input.Changed, ".note")
    def _note_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != field_text(self.answer.note or ""):
            self.answer = self.answer.model_copy(update={"note": event.value or None})
            self.post_message(self.NoteChanged(self, event.value))

    def unsaved_note(self, saved: str | None) -> str | None:
        """The note field's text when it differs from the saved note (keys still in flight)."""
        value = self.query_one(NoteInput).value
        return value if value != field_text(saved or "") else None

    def _post(self, answer: Answer) -> None:
        fields = {"choice", "choices", "value"}
        if answer.model_dump(include=fields) != self.answer.model_dump(include=fields):
            self.answer = answer.model_copy(update={"note": self.answer.note})
            self.post_message(self.AnswerChanged(self, answer))

    async def show_answer(self, answer: Answer | None) -> None:
        """Redraw with an answer saved elsewhere (another writer), without posting it back."""
        answer = answer or Answer()
        if answer == self.answer:
            return
        had_focus = self.has_focus_within
        self.answer = answer
        await self.recompose()
        if had_focus:
            self.focus_answer(scroll_visible=False)


