"""One question as the widget its kind calls for, plus an optional note.

The card only turns widget state into an ``Answer`` and posts it; the screen saves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, RadioButton, RadioSet, SelectionList, Static

from tui.core.bank import ChoiceQuestion, Question, ScaleQuestion
from tui.core.session import Answer
from tui.core.text import safe_text

SCALE_VALUES = (1, 2, 3, 4, 5)


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

    def __init__(self, question: Question, answer: Answer | None, number: int) -> None:
        super().__init__(id=f"q-{question.id}", classes="question")
        self.question = question
        self.answer = answer or Answer()
        self.number = number

    def compose(self) -> ComposeResult:
        question = self.question
        yield Label(Content(f"{self.number}. {question.prompt}"), classes="prompt")
        if question.help:
            yield Static(Content(question.help), classes="help")
        yield self._answer_widget()
        yield Input(
            value=self.answer.note or "",
            placeholder="Note (optional)",
            id=f"note-{question.id}",
            classes="note",
            max_length=2000,
        )

    def _answer_widget(self) -> Widget:
        question = self.question
        if isinstance(question, ScaleQuestion):
            radio = RadioSet(
                *(
                    RadioButton(str(v), value=self.answer.value == v, name=str(v))
                    for v in SCALE_VALUES
                ),
                id=f"answer-{question.id}",
                classes="scale",
            )
            radio.border_title = f"1 = {question.low}"
            radio.border_subtitle = f"5 = {question.high}"
            return radio
        assert isinstance(question, ChoiceQuestion)
        if question.kind == "single":
            return RadioSet(
                *(
                    RadioButton(Content(o.label), value=self.answer.choice == o.id, name=o.id)
                    for o in question.options
                ),
                id=f"answer-{question.id}",
            )
        chosen = set(self.answer.choices or [])
        return SelectionList[str](
            *((Content(o.label), o.id, o.id in chosen) for o in question.options),
            id=f"answer-{question.id}",
        )

    def focus_answer(self) -> None:
        self.query_one(f"#answer-{self.question.id}").focus()

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
        self.post_message(self.NoteChanged(self, event.value))

    def _post(self, answer: Answer) -> None:
        fields = ("choice", "choices", "value")
        if answer.model_dump(include=set(fields)) != self.answer.model_dump(include=set(fields)):
            self.answer = answer
            self.post_message(self.AnswerChanged(self, answer))

    def show_retired(self, text: str) -> None:
        """An earlier answer that no longer fits the bank: kept, shown, never dropped."""
        self.mount(Static(Content(safe_text(text)), classes="retired"), after=0)
