"""What other writers did, as a criterion screen shows it: conflicts to settle (keep mine /
take theirs) and the questions they changed that this person has not seen yet."""

from __future__ import annotations

from textual import on

from tui.core.bank.models import Question
from tui.core.session.conflicts import Sides, describe, side_label, sides, value_text
from tui.core.text import one_line
from tui.screens.notes import NoteFieldScreen
from tui.widgets.presence import PresenceLine
from tui.widgets.question import QuestionCard


class OthersView(NoteFieldScreen):
    """The criterion screen's part that shows other writers' changes and conflicts."""

    def _sides(self, question: Question) -> Sides | None:
        session = self.assessment.session
        return sides(
            session.conflicts.get(question.id, []),
            self.assessment.author,
            session.answers.get(question.id),
            self.assessment.writer,
        )

    def _conflict_text(self, question: Question) -> str:
        """Both values of a recorded conflict, mine first ('' when there is none)."""
        found = self._sides(question)
        return describe(question, found) if found is not None else ""

    @on(QuestionCard.ReadConflict)
    def _read_conflict(self, event: QuestionCard.ReadConflict) -> None:
        """Both values in full, side by side; the choice made there settles as k / t / b do."""
        event.stop()
        card, question = event.card, event.card.question
        found = self._sides(question)
        if found is None:
            return
        from tui.screens.conflict import ConflictScreen

        def chosen(choice: str | None) -> None:
            if choice is not None:
                card.action_settle(choice != "theirs", choice == "both")

        mine, theirs = found.mine, found.theirs
        self.app.push_screen(
            ConflictScreen(
                one_line(question.prompt),
                (side_label(found, mine), value_text(question, mine)),
                (side_label(found, theirs), value_text(question, theirs)),
            ),
            chosen,
        )

    def show_changes(self, line: str, unseen: dict[str, str]) -> None:
        """Other writers' changes: one line under the header, a mark on each question."""
        shown = next(iter(self.query("#remote-changes").results(PresenceLine)), None)
        if shown is None:
            return
        here = self._question_here()
        if here in unseen:  # changed where this person is: seen already
            self.hc_app.seen_question(here)  # which shows the changes again, without it
            return
        shown.show_line(one_line(line, 400))
        for card in self.query(QuestionCard):
            card.show_changed(unseen.get(card.question.id, ""))

    def _question_here(self) -> str:
        """The question this person is on: the focused card, or the note field's question."""
        focused = self.focused
        if isinstance(focused, QuestionCard):
            return focused.question.id
        note = self._note_field()
        return self.note_question if note is not None and focused is note else ""

    @on(QuestionCard.Settle)
    def _settle(self, event: QuestionCard.Settle) -> None:
        """Keep mine / take theirs / keep both notes: the chosen value stays, the conflict
        goes."""
        event.stop()
        question_id = event.card.question.id
        self.save_change(lambda a: a.settle(question_id, event.keep_mine, event.both))
        saved = self.assessment.session.answers.get(question_id)
        event.card.show_answer(saved)
        note = self._note_field()
        if note is not None and note.question_id == question_id:
            note.bind_to(question_id, saved.note if saved else None)
            note.action_end()
        self._refresh_view()
