"""Which screen shows what: one assessment screen at a time, sections, summary, home, help,
and a notice instead of a mess when the terminal is too small."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.screen import Screen

from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.pairing.positions import position_for
from tui.core.session.models import Position
from tui.safekeeping import AssessmentKeeper
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


def drop_drawn_lines(screen: Screen[Any]) -> None:
    """Free the lines ``screen`` drew, before the screen replacing it draws its own.

    Textual removes a replaced screen only once the next one is mounted, and never frees the
    app's first screen (here the assessment's own, kept by ``App`` for the app's life). Each
    kept its drawn lines, about 1,300 cached strips for a criterion screen: the memory peak of
    a whole assessment, on the way to the summary. ``refresh`` drops a widget's cached lines;
    the screen is off the stack before it could draw them again.
    """
    for widget in screen.walk_children(with_self=True):
        widget.refresh()


class Navigator:
    """Moves between the screens; the open assessment remembers where it was left. The
    app's navigation part."""

    def __init__(
        self, app: App[Any], keeper: AssessmentKeeper, bank: Bank, scope: Path | None
    ) -> None:
        self.app = app
        self.keeper = keeper
        self.bank = bank
        self.scope = scope
        """The one assessment this app may show (``HIRING_CLARITY_ONLY``: a guest's login)."""

    def _show(self, screen: AssessmentScreen) -> None:
        """Only one assessment screen at a time: the next replaces it (and its widgets)."""
        app = self.app
        self.keeper.flush_screen()
        while isinstance(app.screen, TooSmallScreen) or app.screen.is_modal:
            app.pop_screen()
        if isinstance(app.screen, AssessmentScreen):
            drop_drawn_lines(app.screen)
            app.switch_screen(screen)
            app.call_after_refresh(release_styles_cache)
        else:
            app.push_screen(screen)
        app.call_after_refresh(self.check_size)

    def _show_section(self, index: int, question_id: str = "") -> None:
        """A criterion of the open assessment: in the criterion screen already shown, if any."""
        assessment = self.keeper.assessment
        assert assessment is not None
        screen = self.app.screen
        if isinstance(screen, CriterionScreen) and screen.assessment is assessment:
            screen.show_section(index, question_id)
        else:
            self._show(CriterionScreen(assessment, index, question_id))

    def show_position(self) -> None:
        """Show the assessment just opened where it was left."""
        if self.keeper.assessment is not None:
            self._show(position_screen(self.keeper.assessment))

    def goto(self, index: int) -> None:
        if self.keeper.assessment is None or index >= len(self.bank.criteria):
            return
        index = index % len(self.bank.criteria)
        criterion = self.bank.criteria[index]
        self.keeper.save_change(lambda a: a.move(criterion.id, criterion.questions[0].id))
        self._show_section(index)

    def goto_question(self, question_id: str) -> None:
        criterion = self.bank.criterion_of(question_id)
        if criterion is None or self.keeper.assessment is None:
            return
        self.keeper.save_change(lambda a: a.move(criterion.id, question_id))
        index = self.bank.criteria.index(criterion)
        self._show_section(index, question_id)

    def goto_place(self, place: Position) -> None:
        """Where a followed person went: their section and question, or the summary."""
        if place.summary:
            self.summary()
            return
        ids = [c.id for c in self.bank.criteria]
        if place.criterion not in ids:
            return
        if place.question and self.bank.criterion_of(place.question) is not None:
            self.goto_question(place.question)
        else:
            self.goto(ids.index(place.criterion))

    def section(self, step: int) -> None:
        screen = self.app.screen
        if not isinstance(screen, CriterionScreen):
            return
        target = screen.index + step
        if target >= len(self.bank.criteria):
            self.summary()
        elif target >= 0:
            self.goto(target)

    def back_to_questions(self) -> None:
        """From the summary, back to the question it was opened from (its section), not the
        last section."""
        assessment = self.keeper.assessment
        if assessment is None:
            return
        position = position_for(assessment.session, assessment.author)
        if position.question and self.bank.question(position.question) is not None:
            self.goto_question(position.question)
        else:
            self.goto(-1)

    def summary(self) -> None:
        from tui.screens.summary import SummaryScreen

        assessment = self.keeper.assessment
        if assessment is None:
            return
        position = position_for(assessment.session, assessment.author)
        self.keeper.save_change(
            lambda a: a.move(position.criterion, position.question, summary=True)
        )
        self._show(SummaryScreen(assessment))

    def home(self) -> None:
        """Close the assessment and show a fresh list (built only now: resuming skips it)."""
        from tui.screens.home import HomeScreen

        app = self.app
        if self.scope is not None:
            app.notify(ONE_ASSESSMENT, title="One assessment", severity="warning")
            return
        self.keeper.flush_screen()
        while len(app.screen_stack) > 1:
            app.pop_screen()
        self.keeper.close()
        if not isinstance(app.screen, HomeScreen):  # home relists what is on disk on resume
            app.switch_screen(HomeScreen())  # the base screen was an assessment's: replace it
        app.call_after_refresh(self.check_size)

    def help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.app.screen, HelpScreen):
            self.app.push_screen(HelpScreen())

    def check_size(self, width: int | None = None, height: int | None = None) -> None:
        """Below the smallest usable size, say what is needed instead of drawing a mess."""
        app = self.app
        width = app.size.width if width is None else width
        height = app.size.height if height is None else height
        too_small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        showing = isinstance(app.screen, TooSmallScreen)
        if too_small and not showing:
            app.push_screen(TooSmallScreen(*MIN_SIZE))
        elif showing and not too_small:
            app.pop_screen()
