"""Which screen shows what: one assessment screen at a time, sections, summary, home, help,
and a notice instead of a mess when the terminal is too small."""

from __future__ import annotations

from pathlib import Path

from textual import events

from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.pairing.positions import position_for
from tui.leaving import LeavingApp
from tui.screens.base import AssessmentScreen
from tui.screens.criterion import CriterionScreen
from tui.screens.host import ONE_ASSESSMENT
from tui.screens.too_small import TooSmallScreen
from tui.textual_compat import release_styles_cache

MIN_SIZE = (60, 16)


def position_screen(assessment: Assessment) -> AssessmentScreen:
    """A new screen for ``assessment`` where its person left it: the summary or a section."""
    position = position_for(assessment.session, assessment.author)
    if position.summary:
        from tui.screens.summary import SummaryScreen

        return SummaryScreen(assessment)
    ids = [c.id for c in assessment.bank.criteria]
    index = ids.index(position.criterion) if position.criterion in ids else 0
    return CriterionScreen(assessment, index, position.question)


class NavigatingApp(LeavingApp):
    """Moves between the screens; the open assessment remembers where it was left."""

    bank: Bank
    scope: Path | None = None
    """The one assessment this app may show (``HIRING_CLARITY_ONLY``: a guest's login)."""

    def _show(self, screen: AssessmentScreen) -> None:
        """Only one assessment screen at a time: the next replaces it (and its widgets)."""
        self._save_pending_input()
        while isinstance(self.screen, TooSmallScreen) or self.screen.is_modal:
            self.pop_screen()
        if isinstance(self.screen, AssessmentScreen):
            self.switch_screen(screen)
            self.call_after_refresh(release_styles_cache)
        else:
            self.push_screen(screen)
        self.call_after_refresh(self._check_size)

    def _show_section(self, index: int, question_id: str = "") -> None:
        """A criterion of the open assessment: in the criterion screen already shown, if any."""
        assert self.assessment is not None
        screen = self.screen
        if isinstance(screen, CriterionScreen) and screen.assessment is self.assessment:
            screen.show_section(index, question_id)
        else:
            self._show(CriterionScreen(self.assessment, index, question_id))

    def show_position(self) -> None:
        """Show the assessment just opened where it was left."""
        if self.assessment is not None:
            self._show(position_screen(self.assessment))

    def action_goto(self, index: int) -> None:
        if self.assessment is None or index >= len(self.bank.criteria):
            return
        index = index % len(self.bank.criteria)
        criterion = self.bank.criteria[index]
        self.save_change(lambda a: a.move(criterion.id, criterion.questions[0].id))
        self._show_section(index)

    def goto_question(self, question_id: str) -> None:
        criterion = self.bank.criterion_of(question_id)
        if criterion is None or self.assessment is None:
            return
        self.save_change(lambda a: a.move(criterion.id, question_id))
        index = self.bank.criteria.index(criterion)
        self._show_section(index, question_id)

    def action_section(self, step: int) -> None:
        screen = self.screen
        if not isinstance(screen, CriterionScreen):
            return
        target = screen.index + step
        if target >= len(self.bank.criteria):
            self.action_summary()
        elif target >= 0:
            self.action_goto(target)

    def action_back_to_questions(self) -> None:
        """From the summary, back to the question it was opened from (its section), not the
        last section."""
        if self.assessment is None:
            return
        position = position_for(self.assessment.session, self.assessment.author)
        if position.question and self.bank.question(position.question) is not None:
            self.goto_question(position.question)
        else:
            self.action_goto(-1)

    def action_summary(self) -> None:
        from tui.screens.summary import SummaryScreen

        if self.assessment is None:
            return
        position = position_for(self.assessment.session, self.assessment.author)
        self.save_change(lambda a: a.move(position.criterion, position.question, summary=True))
        self._show(SummaryScreen(self.assessment))

    def action_home(self) -> None:
        """Close the assessment and show a fresh list (built only now: resuming skips it)."""
        from tui.screens.home import HomeScreen

        if self.scope is not None:
            self._tell(ONE_ASSESSMENT, title="One assessment", severity="warning")
            return
        self._save_pending_input()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.assessment = None
        if not isinstance(self.screen, HomeScreen):  # home relists what is on disk on resume
            self.switch_screen(HomeScreen())  # the base screen was an assessment's: replace it
        self.call_after_refresh(self._check_size)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int | None = None, height: int | None = None) -> None:
        """Below the smallest usable size, say what is needed instead of drawing a mess."""
        width = self.size.width if width is None else width
        height = self.size.height if height is None else height
        too_small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen(*MIN_SIZE))
        elif showing and not too_small:
            self.pop_screen()
