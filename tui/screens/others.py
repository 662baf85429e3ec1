"""What other writers did, as a criterion screen shows it: conflicts to settle (keep mine /
take theirs) and the questions they changed that this person has not seen yet."""

from __future__ import annotations

from tui.core.assessment import Assessment
from tui.core.bank.models import Question
from tui.core.session.conflicts import Sides, describe, side_label, sides, value_text
from tui.core.text import one_line
from tui.screens.base import AssessmentScreen, OthersChanged
from tui.screens.notes import NoteField
from tui.widgets.presence import PresenceLine
from tui.widgets.question import QuestionCard


def conflict_sides(assessment: Assessment, question: Question) -> Sides | None:
    """Mine and theirs of a recorded conflict on ``question`` (None when there is none)."""
    session = assessment.session
    return sides(
        session.conflicts.get(question.id, []),
        assessment.author,
        session.answers.get(question.id),
        assessment.writer,
    )


def conflict_text(assessment: Assessment, question: Question) -> str:
    """Both values of a recorded conflict, mine first ('' when there is none)."""
    found = conflict_sides(assessment, question)
    return describe(question, found) if found is not None else ""


class OthersMarks:
    """The criterion screen's part that shows other writers' changes and settles conflicts.
    Owned by the screen, which hands it the messages and redraws (``refresh``) after."""

    def __init__(self, screen: AssessmentScreen, note: NoteField) -> None:
        self.screen = screen
        self.note = note

    def show(self, event: OthersChanged) -> None:
        """Other writers' changes: one line under the header, a mark on each question."""
        shown = next(iter(self.screen.query("#remote-changes").results(PresenceLine)), None)
        if shown is None:
            return
        here = self.question_here()
        if here in event.unseen:  # changed where this person is: seen already
            self.screen.hc_app.seen_question(here)  # which shows the changes again, without it
            return
        shown.show_line(one_line(event.line, 400))
        for card in self.screen.query(QuestionCard):
            card.show_changed(event.unseen.get(card.question.id, ""))

    def question_here(self) -> str:
        """The question this person is on: the focused card, or the note field's question."""
        focused = self.screen.focused
        if isinstance(focused, QuestionCard):
            return focused.question.id
        note = self.note.field()
        return self.note.question if note is not None and focused is note else ""

    def settle(self, event: QuestionCard.Settle) -> None:
        """Keep mine / take theirs / keep both notes: the chosen value stays, the conflict
        goes."""
        question_id = event.card.question.id
        self.screen.save_change(lambda a: a.settle(question_id, event.keep_mine, event.both))
        saved = self.screen.assessment.session.answers.get(question_id)
        event.card.show_answer(saved)
        note = self.note.field()
        if note is not None and note.question_id == question_id:
            note.bind_to(question_id, saved.note if saved else None)
            note.action_end()
        self.note.refresh()

    def read_conflict(self, card: QuestionCard) -> None:
        """Both values in full, side by side; the choice made there settles as k / t / b do."""
        question = card.question
        found = conflict_sides(self.screen.assessment, question)
        if found is None:
            return
        from tui.screens.conflict import ConflictScreen

        def chosen(choice: str | None) -> None:
            if choice is not None:
                card.action_settle(choice != "theirs", choice == "both")

        mine, theirs = found.mine, found.theirs
        self.screen.app.push_screen(
            ConflictScreen(
                one_line(question.prompt),
                (side_label(found, mine), value_text(question, mine)),
                (side_label(found, theirs), value_text(question, theirs)),
            ),
            chosen,
        )
