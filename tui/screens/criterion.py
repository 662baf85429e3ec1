"""One hiring-clarity criterion: its questions on the left, the live recommendation beside them."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.core.assessment import Assessment
from tui.core.bank.models import Criterion
from tui.core.session.answering import (
    describe_answer,
    is_complete,
    is_visible,
    progress,
    retired_answers,
)
from tui.core.session.models import Answer
from tui.core.text import field_text
from tui.screens.base import (
    SECTION_BINDINGS,
    AnswersArrived,
    AssessmentScreen,
    OthersChanged,
    PresenceChanged,
    SaveStatusChanged,
)
from tui.screens.notes import TAB_BINDINGS, NoteField
from tui.screens.others import OthersMarks, conflict_text
from tui.textual_compat import release_styles_cache
from tui.widgets.keybar import KeyBar
from tui.widgets.note import NoteInput
from tui.widgets.panel import RecommendationPanel
from tui.widgets.presence import PresenceLine
from tui.widgets.question import QuestionCard
from tui.widgets.title_bar import SectionHeader, header_text


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
        # The panel never takes the focus (it would sit in the Tab order): scroll it from here.
        Binding("right_square_bracket", "scroll_panel(1)", "Panel down", show=False),
        Binding("left_square_bracket", "scroll_panel(-1)", "Panel up", show=False),
        Binding("escape", "app.home", "Home", id="home"),
        Binding("f", "app.follow", "Follow", id="follow", show=False),
        *SECTION_BINDINGS,
        *TAB_BINDINGS,
    ]

    def __init__(self, assessment: Assessment | None, index: int, focus_question: str = "") -> None:
        super().__init__(assessment)
        self.index = index
        self.focus_question = focus_question
        self.notes = NoteField(self, self._refresh_view)
        """The note field: the question it edits, its saves in bursts, its Tab order."""
        self.others = OthersMarks(self, self.notes)
        """Other writers' changes and conflicts, as marks on the cards."""

    def compose(self) -> ComposeResult:
        # The width class is normally set on the first resize; setting it now means the first
        # layout is already final, so scrolling to the resumed question lands where it should.
        narrow = self.app.size.width < self.hc_app.NARROW_BELOW
        self.set_class(narrow, "-narrow")
        self.set_class(not narrow, "-wide")  # both, as the breakpoints will: no restyle later
        yield SectionHeader(self._header_text(), id="section-header")
        yield PresenceLine("presence")
        yield PresenceLine("remote-changes")
        with Horizontal(id="body"):
            with Vertical(id="questions-pane"):
                with VerticalScroll(id="questions", can_focus=False):
                    yield from self._cards()
                yield Static(id="note-label")
                yield NoteInput(id="note")
            yield RecommendationPanel(id="panel")
        yield KeyBar(id="keys")

    def _cards(self) -> Iterator[QuestionCard]:
        """The criterion's question cards, one widget each (all at once: mounting the ones
        below the first screenful later, with ``Lazy``, measured slower in bench)."""
        assessment = self.assessment
        criterion = assessment.bank.criteria[self.index]
        answers = assessment.session.answers
        retired = retired_answers(assessment.bank, assessment.session)
        for question in criterion.questions:
            old = retired.get(question.id)
            card = QuestionCard(
                question,
                answers.get(question.id),
                retired=describe_answer(old) if old is not None else "",
                read_only=assessment.read_only,
                conflict=conflict_text(assessment, question),
            )
            card.display = is_visible(question, answers)
            yield card

    def on_mount(self) -> None:
        self.query_one(NoteInput).read_only = self.assessment.read_only
        self._refresh_view()
        self._focus_start()

    def _focus_start(self) -> None:
        """Focus the question being resumed (or the first shown) and scroll it to the top."""
        target = self.focus_question or self.criterion.questions[0].id
        cards = {card.question.id: card for card in self.query(QuestionCard)}
        card = cards.get(target)
        if card is None or not card.display:
            card = next((c for c in cards.values() if c.display), None)
        if card is None:  # every question here waits on an earlier answer
            self.notes.unbind()
            return
        self.notes.bind(card)
        card.focus_answer(scroll_visible=False)
        self.call_after_refresh(card.scroll_visible, animate=False, top=True)

    def show_section(self, index: int, focus_question: str = "") -> None:
        """Show another criterion in this screen: only the cards change.

        Replacing the whole screen would keep two screens' widgets alive while the new one
        mounts; swapping the cards frees the old ones first (lower peak memory, faster).
        The index changes now, so a key right behind this one (another PageDown) counts from
        the new section; the cards follow when the swap runs.
        """
        self.notes.flush()
        self.index = index
        self.focus_question = focus_question
        self.call_later(self._swap_cards)

    async def _swap_cards(self) -> None:
        questions = next(iter(self.query("#questions")), None)
        if questions is None or not self.is_attached:  # left meanwhile (Escape, summary)
            return
        shown = [c.question.id for c in self.query(QuestionCard)]
        if shown == [q.id for q in self.criterion.questions]:
            # The same section (a second swap queued behind the first, or a jump to another
            # question of it): only the focus moves.
            self._focus_start()
            return
        self.notes.unbind()
        await questions.remove_children()
        release_styles_cache()
        if not self.is_attached:
            return
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
            card.show_conflict(conflict_text(assessment, card.question))
        self.query_one(SectionHeader).update(self._header_text(), layout=False)
        self.query_one(RecommendationPanel).show(assessment.recommendation)

    @on(PresenceChanged)
    def _show_presence(self, event: PresenceChanged) -> None:
        """Who else is here (a line under the header) and the questions they are on."""
        shown = next(iter(self.query("#presence").results(PresenceLine)), None)
        if shown is None:  # not composed yet, or being taken down
            return
        shown.show_line(event.line)
        for card in self.query(QuestionCard):
            card.show_here(event.marks.get(card.question.id, []))

    @on(OthersChanged)
    def _show_others(self, event: OthersChanged) -> None:
        self.others.show(event)

    @on(QuestionCard.Settle)
    def _settle(self, event: QuestionCard.Settle) -> None:
        event.stop()
        self.others.settle(event)

    @on(QuestionCard.ReadConflict)
    def _read_conflict(self, event: QuestionCard.ReadConflict) -> None:
        event.stop()
        self.others.read_conflict(event.card)

    @on(SaveStatusChanged)
    def _show_save_status(self) -> None:
        """Redraw the header line that says whether the answers are saved."""
        if self.is_attached:
            self.query_one(SectionHeader).update(self._header_text(), layout=False)

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
            read_only=assessment.read_only,
        )

    @on(QuestionCard.AnswerChanged)
    def _answer_changed(self, event: QuestionCard.AnswerChanged) -> None:
        card = event.card
        if not card.picks_unsaved:
            return  # saved already, by the flush before a quit
        self.save_change(lambda a: a.answer(card.question.id, event.answer, event.seen))
        card.answer_taken(self.assessment.session.answers.get(card.question.id))
        self._refresh_view()

    @on(QuestionCard.GoOn)
    def _go_on(self, event: QuestionCard.GoOn) -> None:
        """Enter on a question: the next shown question, or the next section after the last."""
        event.stop()
        cards = self.notes.visible_cards()
        index = cards.index(event.card) if event.card in cards else len(cards)
        if index + 1 < len(cards):
            self.set_focus(cards[index + 1])
        else:
            self.hc_app.action_section(1)

    @on(RecommendationPanel.JumpTo)
    def _jump(self, event: RecommendationPanel.JumpTo) -> None:
        """A question the panel names was clicked: show it (here, or in its own section)."""
        event.stop()
        self.hc_app.goto_question(event.question_id)

    def on_descendant_focus(self, event: object) -> None:
        """Remember the question being worked on, so resuming returns to it."""
        focused = self.focused
        if isinstance(focused, QuestionCard):
            question_id = focused.question.id
            self.notes.bind(focused)
        elif focused is not None and focused is self.notes.field() and self.notes.question:
            question_id = self.notes.question
        else:
            return
        self.hc_app.seen_question(question_id)
        position = self.assessment.session.position
        if position.question != question_id or position.criterion != self.criterion.id:
            self.save_change(lambda a: a.move(self.criterion.id, question_id))

    def flush_pending(self) -> None:
        """Before leaving or quitting: save what the screen shows but has not saved yet."""
        self.notes.flush()
        self._flush_answers()

    def _flush_answers(self) -> None:
        """Save picks the cards show whose messages are still queued (an option picked just
        before Ctrl+Q, in the same read), merged from what each card showed before them."""
        for card in self.query(QuestionCard):
            unsaved = card.take_unsaved_picks()
            if unsaved is not None:
                shown, seen = unsaved
                answer = Answer(choice=shown.choice, choices=shown.choices, value=shown.value)
                self.save_change(
                    partial(
                        Assessment.answer, question_id=card.question.id, answer=answer, seen=seen
                    )
                )

    @on(AnswersArrived)
    async def _sync_answers(self) -> None:
        """Show answers that arrived from another writer; untouched cards stay as they are."""
        answers = self.assessment.session.answers
        for card in self.query(QuestionCard):
            card.show_answer(answers.get(card.question.id))
        note = self.notes.field()
        if (
            note is not None
            and note.question_id
            and not note.has_focus
            and (note.value == note.baseline)
        ):
            # Neither being edited nor holding unsaved text: show the other writer's note.
            # A note being edited is never written into, and its cursor never moves; if the
            # other writer's text differs, the next save keeps both as a conflict.
            saved = answers.get(note.question_id)
            if field_text(saved.note or "" if saved else "") != note.value:
                note.bind_to(note.question_id, saved.note if saved else None)
        self._refresh_view()

    def action_toggle_panel(self) -> None:
        self.toggle_class("-panel-hidden")

    def action_scroll_panel(self, pages: int) -> None:
        """Scroll the side panel by most of its height (its skills and reasons at 80x24)."""
        panel = self.query_one(RecommendationPanel)
        step = max(1, panel.scrollable_content_region.height - 1)
        panel.scroll_relative(y=pages * step, animate=False, immediate=True)

    # -- the note field's events, handed to it -----------------------------------------------

    @on(NoteInput.Edited)
    def _note_edited(self, event: NoteInput.Edited) -> None:
        event.stop()
        self.notes.edited(event)

    def on_unmount(self) -> None:
        """Whatever takes the screen down (a switch, the app ending by any path) saves first."""
        self.notes.flush()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving the note field saves what it holds."""
        if event.widget is self.notes.field():
            self.notes.flush()

    def action_step_focus(self, step: int) -> None:
        """Tab (1) and Shift+Tab (-1); Enter in the note field steps on too."""
        if self.notes.step_focus(step):
            return
        if step > 0:
            self.app.action_focus_next()
        else:
            self.app.action_focus_previous()

    @property
    def typing_unsaved(self) -> bool:
        """Whether note text was typed that the pause (or a way out) has not saved yet."""
        return self.notes.typing_unsaved
