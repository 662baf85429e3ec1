"""One question as one focusable widget.

A card turns keys into an ``Answer`` and posts it; the screen saves it. Notes are typed in the
screen's note field (``tui.widgets.note``); each card shows its own.
"""

from __future__ import annotations

import time
from weakref import WeakKeyDictionary

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from tui.core.assessment import READ_ONLY_NOTICE
from tui.core.bank.models import Question, ScaleQuestion
from tui.core.session.answering import is_complete
from tui.core.session.models import Answer
from tui.core.text import one_line
from tui.widgets.choices import ChoiceField

_told_at: WeakKeyDictionary[object, float] = WeakKeyDictionary()
"""When each app last said it is read-only."""


def refuse_change(widget: Widget) -> None:
    """Say that a read-only assessment cannot change: once every few seconds, not per key."""
    now = time.monotonic()
    if now - _told_at.get(widget.app, -60.0) > 4:
        _told_at[widget.app] = now
        widget.notify(READ_ONLY_NOTICE, severity="warning", timeout=4)


SETTLE_KEYS = "[k] keep mine   [t] take theirs   [b] keep both notes"
"""The conflict's actions as the card shows them; a click on either word does the same."""
READ_KEY = "[v] read both values in full"
"""The card cuts each value to a line: this shows every word before choosing."""


def chosen_of(answer: Answer) -> tuple[str, ...]:
    """The keys a card shows as chosen for an answer."""
    if answer.value is not None:
        return (str(answer.value),)
    if answer.choice is not None:
        return (answer.choice,)
    return tuple(answer.choices or ())


def with_note(answer: Answer, note: str | None) -> Answer:
    return Answer(choice=answer.choice, choices=answer.choices, value=answer.value, note=note)


class QuestionCard(ChoiceField):
    """A question: its prompt, help, options and note, flagged answered or open.

    Enter is the quick way through: it picks the option under the cursor (a single choice or a
    scale; on a tick-any question the ticks stay as Space left them) and asks to go on to the
    next question, skipping the note, which Tab reaches.
    """

    BINDINGS = [
        Binding("enter", "pick_and_go_on", "Pick and go on", show=False),
        Binding("k", "settle(True)", "Keep mine", show=False),
        Binding("t", "settle(False)", "Take theirs", show=False),
        Binding("b", "settle(True, True)", "Keep both notes", show=False),
        Binding("v", "read_conflict", "Read both in full", show=False),
    ]

    class FromCard(Message):
        """A message about one card (plain classes, not dataclasses: see ``tui.screens.base``)."""

        def __init__(self, card: QuestionCard) -> None:
            super().__init__()
            self.card = card

        @property
        def control(self) -> QuestionCard:
            return self.card

    class AnswerChanged(FromCard):
        def __init__(self, card: QuestionCard, answer: Answer, seen: Answer) -> None:
            super().__init__(card)
            self.answer = answer
            self.seen = seen
            """What the card showed when the key came (a colleague's save may be newer)."""

    class Settle(FromCard):
        """Keep mine (True) or take theirs (False) on the conflict this card shows; ``both``:
        my answer, and both notes joined, each with its author."""

        def __init__(self, card: QuestionCard, keep_mine: bool, both: bool = False) -> None:
            super().__init__(card)
            self.keep_mine = keep_mine
            self.both = both

    class ReadConflict(FromCard):
        """Show both values of this card's conflict in full, to choose there."""

    class GoOn(FromCard):
        """Done with this question: show the next one."""

    def __init__(
        self,
        question: Question,
        answer: Answer | None,
        retired: str = "",
        read_only: bool = False,
        conflict: str = "",
    ) -> None:
        self.answer = answer or Answer()
        self.retired = retired
        self.read_only = read_only
        self.conflict = conflict
        """Both values of a recorded conflict, mine and theirs ('' when there is none)."""
        self.changed_by = ""
        """Who changed this question elsewhere, until it is seen here ('' when nobody)."""
        self.here: tuple[str, ...] = ()
        """Who else is on this question now (presence)."""
        self._picks_posted = 0
        """Picks posted that the screen has not saved yet. A colleague's answer taken in
        meanwhile is not drawn over them: the save merges it, and ``answer_taken`` shows
        the result."""
        self._shown_before_picks = self.answer
        """What the card showed before the first of those picks (a quit saves them from it)."""
        answered = is_complete(question, answer)
        super().__init__(
            question,
            self._heading_for(question, answered, retired, conflict),
            chosen_of(self.answer),
            self.answer.note or "",
            id=f"q-{question.id}",
            classes="question -answered" if answered else "question",
        )

    @staticmethod
    def _heading_for(
        question: Question,
        answered: bool,
        retired: str,
        conflict: str = "",
        here: tuple[str, ...] = (),
        changed_by: str = "",
    ) -> list[tuple[str, str]]:
        """Mark and prompt, help, scale ends and any retired answer: (text, style) paragraphs."""
        mark = "\u25cf " if answered else "\u25cb "
        parts = [(mark + one_line(question.prompt), "bold")]
        if question.help:
            parts.append(("  " + one_line(question.help), "dim"))
        if isinstance(question, ScaleQuestion):
            parts.append((f"  1 = {question.low}  \u00b7  5 = {question.high}", "dim italic"))
        if retired:
            # An earlier answer that no longer fits the bank: kept, shown, never dropped.
            parts.append(
                (f"  Retired answer kept from an older bank: {one_line(retired)}", "$text-warning")
            )
        if conflict:
            # Changed differently by two people (pairing or sync): both values stay until
            # someone settles it.
            parts.append((f"  \u26a0 Both changed this: {one_line(conflict)}", "$text-warning"))
            parts.append((f"  {SETTLE_KEYS}", "bold $text-warning"))
            parts.append((f"  {READ_KEY}", "bold $text-warning"))
        if here:
            parts.append(
                (f"  \u25c6 {one_line(', '.join(here), 80)} on this question now", "$text-accent")
            )
        if changed_by:
            parts.append(
                (f"  \u2022 changed by {one_line(changed_by, 60)}, not seen yet", "$text-accent")
            )
        return parts

    def _redraw_heading(self) -> None:
        self.show(
            heading=self._heading_for(
                self.question,
                self.answered,
                self.retired,
                self.conflict,
                self.here,
                self.changed_by,
            )
        )
        self.refresh(layout=True)

    def show_changed(self, author: str) -> None:
        """Mark the question as changed by someone else until it is seen ('' unmarks)."""
        if author != self.changed_by:
            self.changed_by = author
            self._redraw_heading()

    @property
    def answered(self) -> bool:
        return self.has_class("-answered")

    def show_answered(self, answered: bool) -> None:
        """Flag the card as answered or open: outline colour and the mark before the prompt."""
        if answered != self.answered:
            self.set_class(answered, "-answered")
            self.show(
                heading=self._heading_for(
                    self.question, answered, self.retired, self.conflict, self.here, self.changed_by
                )
            )

    def show_here(self, names: list[str]) -> None:
        """Mark (or unmark) the question as the one other people are on."""
        here = tuple(names)
        if here != self.here:
            self.here = here
            self.set_class(bool(here), "-others-here")
            self._redraw_heading()

    def show_conflict(self, conflict: str) -> None:
        """Show (or stop showing) a conflict a sync recorded for this question."""
        if conflict != self.conflict:
            self.conflict = conflict
            self._redraw_heading()

    def focus_answer(self, scroll_visible: bool = True) -> None:
        self.focus(scroll_visible=scroll_visible)

    def action_pick(self) -> None:
        """Picking the answer already shown changes nothing, except on a conflict: there it
        keeps that value and settles the conflict. Read-only, nothing changes."""
        if self.read_only:
            refuse_change(self)
            return
        if self.conflict and not self.multi and self.chosen == (self.picks[self.cursor].key,):
            self.picked(self.chosen)
            return
        super().action_pick()

    def action_settle(self, keep_mine: bool, both: bool = False) -> None:
        if not self.conflict:
            return
        if self.read_only:
            refuse_change(self)
            return
        self.post_message(self.Settle(self, keep_mine, both))

    def action_read_conflict(self) -> None:
        if self.conflict:
            self.post_message(self.ReadConflict(self))

    def on_click(self, event: events.Click) -> None:
        """A click on one of the conflict's actions does it; anywhere else, as a choice does."""
        offset = event.get_content_offset(self)
        lines = self.lines(self.content_region.width)
        if self.conflict and offset is not None and 0 <= offset.y < len(lines):
            row = lines[offset.y][0].plain
            if SETTLE_KEYS in row:
                self.action_settle(offset.x < row.index("[t]"), offset.x >= row.index("[b]"))
                return
            if READ_KEY in row:
                self.action_read_conflict()
                return
        super().on_click(event)

    def action_pick_and_go_on(self) -> None:
        if not self.multi and not self.read_only:
            self.action_pick()
        self.post_message(self.GoOn(self))

    def picked(self, chosen: tuple[str, ...]) -> None:
        """Post the answer; the card is drawn with it once the screen has saved it
        (``answer_taken``), so the card and the panel change in one frame, not two
        (``docs/architecture.md``, "One frame per answer")."""
        self.chosen = chosen
        if isinstance(self.question, ScaleQuestion):
            answer = Answer(value=int(chosen[0]))
        elif self.question.kind == "single":
            answer = Answer(choice=chosen[0])
        else:
            answer = Answer(choices=list(chosen))
        seen = self.answer
        if not self._picks_posted:
            self._shown_before_picks = seen
        self._picks_posted += 1
        self.answer = with_note(answer, self.answer.note)
        self.post_message(self.AnswerChanged(self, answer, seen))

    @property
    def picks_unsaved(self) -> bool:
        """Whether picks were posted that the screen has not saved yet."""
        return self._picks_posted > 0

    def answer_taken(self, saved: Answer | None) -> None:
        """The screen has saved the answer posted first: once none is left to save, draw the
        card with ``saved``, the answer as saved (a colleague's ticks merged in)."""
        self._picks_posted = max(0, self._picks_posted - 1)
        if self._picks_posted:
            self.show()
            return
        self.answer = saved or Answer()
        self.show(chosen_of(self.answer), note=self.answer.note or "")

    def take_unsaved_picks(self) -> tuple[Answer, Answer] | None:
        """Picks still queued (made just before a quit, in the same read): the answer they
        add up to and what the card showed before them. They count as saved from now on."""
        if not self._picks_posted:
            return None
        self._picks_posted = 0
        return self.answer, self._shown_before_picks

    def show_note(self, note: str | None) -> None:
        """Show the note as saved (or being typed) without posting anything."""
        self.answer = with_note(self.answer, note or None)
        self.show(note=note or "")

    def show_answer(self, answer: Answer | None) -> None:
        """Show an answer saved elsewhere (another writer), without posting it back; not
        while picks of mine wait to be saved (their save merges it and shows the result)."""
        if self._picks_posted:
            return
        answer = answer or Answer()
        if answer != self.answer:
            self.answer = answer
            self.show(chosen_of(answer), note=answer.note or "")
