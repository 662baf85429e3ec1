"""All of a question in one focusable widget: prompt, help, options and note, drawn as text.

One widget per question, instead of a radio set with one widget per option, keeps a
criterion screen to a few dozen widgets: it appears and answers faster and holds less memory.
"""

from __future__ import annotations

import textwrap

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Offset, Region, Size
from textual.strip import Strip
from textual.widget import Widget

from tui.core.bank.models import ChoiceQuestion, Question, ScaleQuestion
from tui.core.text import one_line
from tui.widgets.picks import multi_pick, picks_of

CURSOR = "\u276f "
INDENT = "  "
NOTE_LINES = 2
"""A note shows on its card as at most this many lines; the note field holds all of it."""
SCALE_CELL = 8
"""Cells per scale value: cursor glyph or two spaces, '( ) 1' and a space."""
CURSOR_STYLE = "$block-cursor-foreground on $block-cursor-background"

Line = tuple[Content, int | None]
"""One drawn line and the option it shows (None for the prompt and help lines)."""


def wrap_text(text: str, width: int, hang: int) -> list[str]:
    """Wrap one paragraph to ``width`` cells; rows after the first are ``hang`` cells narrower.

    Plain ``textwrap`` when every character is one cell wide (bank text nearly always is), which
    is several times faster than wrapping styled Content; Textual's wrapping otherwise.
    """
    width = max(1, width)
    if cell_len(text) == len(text):
        first = textwrap.wrap(text, width, break_on_hyphens=False) or [""]
        if len(first) == 1:
            return first
        rest = " ".join(first[1:])
        return [first[0], *textwrap.wrap(rest, max(1, width - hang), break_on_hyphens=False)]
    opening, *following = Content(text).wrap(width) or [Content("")]
    if not following:
        return [opening.plain]
    wrapped = Content(" ").join(following).wrap(max(1, width - hang))
    return [opening.plain, *(piece.plain for piece in wrapped)]


class ChoiceField(Widget, can_focus=True):
    """A question's prompt and options. Up/Down (or Left/Right) move, Space or Enter picks.

    Single choice and scale pick one; multiple choice toggles. Marks are glyphs, so the
    chosen options read the same with or without colour.
    """

    BINDINGS = [
        Binding("up,left", "move(-1)", "Up", show=False),
        Binding("down,right", "move(1)", "Down", show=False),
        Binding("home", "move_to(0)", show=False),
        Binding("end", "move_to(-1)", show=False),
        Binding("space,enter", "pick", "Pick", show=False),
    ]

    def __init__(
        self,
        question: Question,
        heading: list[tuple[str, str]],
        chosen: tuple[str, ...],
        note: str = "",
        *,
        id: str,  # noqa: A002 - Textual's name
        classes: str = "",
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.note = note
        self.question = question
        self.picks = picks_of(question)
        self.multi = isinstance(question, ChoiceQuestion) and question.kind == "multi"
        self.scale = isinstance(question, ScaleQuestion)
        self.heading = heading
        self.chosen = chosen
        keys = [p.key for p in self.picks]
        self.cursor = keys.index(chosen[0]) if chosen and chosen[0] in keys else 0
        self._lines: tuple[int, list[Line]] | None = None
        self._wrapped: dict[int, tuple[list[tuple[str, str]], list[list[str]], list[str]]] = {}

    # -- state shown -------------------------------------------------------------------

    def show(
        self,
        chosen: tuple[str, ...] | None = None,
        heading: list[tuple[str, str]] | None = None,
        note: str | None = None,
    ) -> None:
        """Redraw with a new answer, heading or note. Only a note can change the height, so
        only a note re-lays the screen out."""
        if chosen is not None:
            self.chosen = chosen
        if heading is not None:
            self.heading = heading
            self._wrapped.clear()
        grew = False
        if note is not None and note != self.note:
            width = self.content_region.width
            before = len(self.lines(width))
            self.note = note
            self._wrapped.clear()
            self._lines = None
            grew = len(self.lines(width)) != before
        self._lines = None
        self.refresh(layout=grew)

    # -- drawing -------------------------------------------------------------------------

    def _mark(self, key: str) -> str:
        on = key in self.chosen
        if self.multi:
            return "[\u2713]" if on else "[ ]"
        return "(\u25cf)" if on else "( )"

    def _rows(self, width: int) -> tuple[list[tuple[str, str]], list[list[str]], list[str]]:
        """The wrapped text at ``width``: heading rows (text, style), each option's rows and
        the note's rows. Cached per width: moving the cursor or picking never re-wraps."""
        found = self._wrapped.get(width)
        if found is None:
            heading = [
                ((INDENT if row else "") + piece, style)
                for text, style in self.heading
                for row, piece in enumerate(wrap_text(text, width, len(INDENT)))
            ]
            options = [
                wrap_text(f"( ) {pick.label}", width - len(INDENT), 4) for pick in self.picks
            ]
            note: list[str] = []
            if self.note:
                note = wrap_text(f"\u270e {one_line(self.note, 400)}", width - len(INDENT), 2)
                if len(note) > NOTE_LINES:
                    note = [*note[: NOTE_LINES - 1], note[NOTE_LINES - 1] + "\u2026"]
            found = self._wrapped[width] = (heading, options, note)
        return found

    def lines(self, width: int) -> list[Line]:
        """Every line at ``width`` cells, wrapped with a hanging indent, and what each shows."""
        if self._lines is not None and self._lines[0] == width:
            return self._lines[1]
        width = max(width, 12)
        heading, options, note = self._rows(width)
        lines: list[Line] = [(Content.styled(text, style), None) for text, style in heading]
        if self.scale:
            # Each value is one SCALE_CELL: the cursor glyph (or two spaces), mark, value, space.
            cells = [
                Content(CURSOR if index == self.cursor and self.has_focus else INDENT)
                .append(self._cursor(Content(f"{self._mark(pick.key)} {pick.label}"), index))
                .append(" ")
                for index, pick in enumerate(self.picks)
            ]
            lines.append((Content("").join(cells), None))
        else:
            for index, (pick, rows) in enumerate(zip(self.picks, options, strict=True)):
                pointer = CURSOR if index == self.cursor and self.has_focus else INDENT
                for row, piece in enumerate(rows):
                    if row == 0:  # the wrapped text holds a blank mark: put the real one in
                        piece = self._mark(pick.key) + piece[3:]
                    lead = Content(INDENT + " " * 4 if row else pointer)
                    lines.append((lead.append(self._cursor(Content(piece), index)), index))
        lines += [
            (Content.styled(INDENT + ("  " if row else "") + piece, "dim"), None)
            for row, piece in enumerate(note)
        ]
        self._lines = (width, lines)
        return lines

    def _cursor(self, content: Content, index: int) -> Content:
        if index == self.cursor and self.has_focus:
            return content.stylize(CURSOR_STYLE)
        return content

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(line for line, _ in self.lines(self.content_region.width))

    # -- keys and mouse --------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self._move_to((self.cursor + step) % len(self.picks))

    def action_move_to(self, index: int) -> None:
        self._move_to(index % len(self.picks))

    def _scale_row(self) -> int:
        """The row of the scale values: right after the heading rows."""
        return len(self._rows(max(self.content_region.width, 12))[0])

    def _move_to(self, index: int) -> None:
        if index != self.cursor:
            self.cursor = index
            self.show()
            self._scroll_to_cursor()

    def cursor_offset(self) -> Offset:
        """Where the focused option's mark is, in the widget's content (column, row)."""
        if self.scale:
            return Offset(len(CURSOR) + self.cursor * SCALE_CELL, self._scale_row())
        rows = [
            y
            for y, (_, option) in enumerate(self.lines(self.content_region.width))
            if option == self.cursor
        ]
        return Offset(len(CURSOR), rows[0] if rows else 0)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw, and put the terminal's (hidden) cursor on the focused option: screen readers
        and Braille displays follow it, as they follow an Input's. Here, because this runs
        whenever the card is drawn, after every move, pick and scroll, with the final layout."""
        lines = super().render_lines(crop)
        if self.has_focus:
            self.app.cursor_position = self.content_region.offset + self.cursor_offset()
        return lines

    def _scroll_to_cursor(self) -> None:
        """Scroll the question list so the cursor's rows show (not just the card's top: on a
        small terminal a card can be taller than the list)."""
        rows = [
            y
            for y, (_, option) in enumerate(self.lines(self.content_region.width))
            if option == self.cursor
        ] or [self._scale_row()]
        container = self.parent
        if not isinstance(container, Widget):
            return
        top = self.virtual_region.y + self.styles.padding.top + rows[0]
        container.scroll_to_region(
            Region(0, top, 1, len(rows)), animate=False, immediate=True, force=True
        )

    def action_pick(self) -> None:
        key = self.picks[self.cursor].key
        if self.multi and isinstance(self.question, ChoiceQuestion):
            picked = multi_pick(self.question, self.chosen, key)
            if picked is None:
                self.app.bell()
                self.notify(
                    f"Pick up to {self.question.max_choices}: untick one first.",
                    severity="warning",
                    timeout=3,
                )
                return
            chosen = picked
        elif self.chosen == (key,):
            return
        else:
            chosen = (key,)
        self.picked(chosen)

    def picked(self, chosen: tuple[str, ...]) -> None:
        """The user changed the answer to ``chosen`` (option ids, or the scale value): shown
        at once here; a subclass whose answer goes somewhere first may show it later."""
        self.show(chosen)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        lines = self.lines(self.content_region.width)
        if not 0 <= offset.y < len(lines):
            return
        option = lines[offset.y][1]
        if self.scale and offset.y == self._scale_row():
            option = max(0, min(len(self.picks) - 1, offset.x // SCALE_CELL))
        if option is not None:
            self.cursor = option
            self.action_pick()
            self.show()

    def on_focus(self) -> None:
        self.show()

    def on_blur(self) -> None:
        self.show()
