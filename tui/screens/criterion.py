"""One hiring-clarity criterion: its questions on the left, the live recommendation beside them."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.lazy import Lazy
from textual.widget import Widget

from tui.core.assessment import Assessment
from tui.core.bank import Criterion
from tui.core.session import (
    describe_answer,
    is_complete,
    is_visible,
    progress,
    retired_answers,
)
from tui.screens.base import SECTION_BINDINGS, AssessmentScreen
from tui.textual_fixes import release_styles_cache
from tui.widgets.header import SectionHeader, header_text
from tui.widgets.keybar import KeyBar
from tui.widgets.panel import RecommendationPanel
from tui.widgets.question import QuestionCard

EAGER_CARDS = 2


class CriterionScreen(AssessmentScreen):
    """Questions of one criterion. Changes go down to the assessment; the panel shows the result."""

    AUTO_FOCUS = ""  # on_mount focuses the question being resumed; an earlier focus would move it
    BINDINGS = [
        Binding("n", "app.section(1)", "Next", id="next-section"),
        Binding("p", "app.section(-1)", "Prev", id="previous-section"),
        # Priority: they work from inside a note too, and before the list scrolls a page.
        Binding("pagedown", "app.section(1)", "Next", show=False, priority=True),
        Binding("pageup", "app.section(-1)", "Prev", show=False, priority=True),
        Binding("s", "app.summary", "Summary", id="summary"),
        Binding("r", "toggle_panel", "Panel", id="toggle-panel"),
        Binding("escape", "app.home", "Home", id="home"),
        *SECTION_BINDINGS,
    ]

    def __init__(
        self, assessment: Assessment | None, index: int, focus_question: str = ""
    ) -> None:
        super().__init__(assessment)
        self.index = index
        self.focus_question = focus_question

    def compose(self) -> ComposeResult:
        # The width class is normally set on the first resize; setting it now means the first
        # layout is already final, so scrolling to the resumed question lands where it should.
        narrow = self.app.size.width < self.hc_app.NARROW_BELOW
        self.set_class(narrow, "-narrow")
        self.set_class(not narrow, "-wide")  # both, as the breakpoints will: no restyle later
        yield SectionHeader(self._header_text(), id="section-header")
        with Horizontal(id="body"):
            with VerticalScroll(id="questions", can_focus=False):
                yield from self._cards()
            yield RecommendationPanel(id="panel")
        yield KeyBar(id="keys")

    def _cards(self) -> Iterator[Widget]:
        """The criterion's question cards; those below the first screenful come just after
        the first frame (``Lazy``)."""
        assessment = self.assessment
        criterion = assessment.bank.criteria[self.index]
        answers = assessment.session.answers
        ids = [q.id for q in criterion.questions]
        target = ids.index(self.focus_question) if self.focus_question in ids else 0
        retired = retired_answers(assessment.bank, assessment.session)
        for index, question in enumerate(criterion.questions):
            old = retired.get(question.id)
            card = QuestionCard(
                question,
                answers.get(question.id),
                retired=describe_answer(old) if old is not None else "",
            )
            card.display = is_visible(question, answers)
            yield card if index <= target + EAGER_CARDS else Lazy(card)

    def on_mount(self) -> None:
        self._refresh_view()
        self._focus_start()

    def _focus_start(self) -> None:
        """Focus the question being resumed (or the first shown) and scroll it to the top."""
        target = self.focus_question or self.criterion.questions[0].id
        cards = {card.question.id: card for card in self.query(QuestionCard)}
        card = cards.get(target)
        if card is None or not card.display:
            card = next((c for c in cards.values() if c.display), None)
        if card is not None:
            card.focus_answer(scroll_visible=False)
            self.call_after_refresh(card.scroll_visible, animate=False, top=True)

    async def show_section(self, index: int, focus_question: str = "") -> None:
        """Show another criterion in this screen: only the cards change.

        Replacing the whole screen would keep two screens' widgets alive while the new one
        mounts; swapping the cards frees the old ones first (lower peak memory, faster).
        """
        self.index = index
        self.focus_question = focus_question
        questions = self.query_one("#questions", VerticalScroll)
        await questions.remove_children()
        release_styles_cache()
        questions.scroll_home(animate=False, immediate=True)
        await questions.mount_all(self._cards())
        self._refresh_view()
        self._focus_start()

    @property
    def criterion(self) -> Criterion:
        return self.assessment.bank.criteria[self.index]

    def _refresh_view(self) -> None:
        """Re-show what depends on the answers: visibility, flags, header and panel."""
        if not self.is_attached:  # left already; a late note was saved, nothing to redraw
            return
        assessment = self.assessment
        answers = assessment.session.answers
        for card in self.query(QuestionCard):
            card.display = is_visible(card.question, answers)
            card.show_answered(is_complete(card.question, answers.get(card.question.id)))
        self.query_one(SectionHeader).update(self._header_text(), layout=False)
        self.query_one(RecommendationPanel).show(assessment.recommendation)

    def _header_text(self) -> Content:
        assessment = self.assessment
        done = progress(assessment.bank, assessment.session.answers, self.criterion.id)
        return header_text(
            assessment.session.title,
            self.criterion.title,
            self.index + 1,
            len(assessment.bank.criteria),
            done.answered,
            done.total,
            self.hc_app.save_status,
        )

    @on(QuestionCard.AnswerChanged)
    def _answer_changed(self, event: QuestionCard.AnswerChanged) -> None:
        self.save_change(lambda a: a.answer(event.card.question.id, event.answer))
        self._refresh_view()

    @on(QuestionCard.NoteChanged)
    def _note_changed(self, event: QuestionCard.NoteChanged) -> None:
        self.save_change(lambda a: a.note(event.card.question.id, event.note))
        self._refresh_view()

    def on_descendant_focus(self, event: object) -> None:
        """Remember the question being worked on, so resuming returns to it."""
        focused: Widget | None = self.focused
        while focused is not None and not isinstance(focused, QuestionCard):
            focused = focused.parent if isinstance(focused.parent, Widget) else None
        if focused is None:
            return
        position = self.assessment.session.position
        if position.question != focused.question.id or position.criterion != self.criterion.id:
            self.save_change(lambda a: a.move(self.criterion.id, focused.question.id))

    def flush_notes(self) -> None:
        """Save note text the screen shows but whose save messages are still queued."""
        answers = self.assessment.session.answers
        for card in self.query(QuestionCard):
            saved = answers.get(card.question.id)
            pending = card.unsaved_note(saved.note if saved else None)
            if pending is not None:
                question_id = card.question.id
                self.save_change(partial(Assessment.note, question_id=question_id,
                                                text=pending))

    async def sync_answers(self) -> None:
        """Show answers that arrived from another writer; untouched cards stay as they are."""
        answers = self.assessment.session.answers
        for card in self.query(QuestionCard):
            card.show_answer(answers.get(card.question.id))
        self._refresh_view()

    def action_toggle_panel(self) -> None:
        self.toggle_class("-panel-hidden")
