"""All of a question in one focusable widget: prompt, help and its options, drawn as text.

One widget per question, instead of a radio set with one widget per option, keeps a
criterion screen to a few dozen widgets: it appears and answers faster and holds less memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from tui.core.bank import ChoiceQuestion, Question, ScaleQuestion

SCALE_VALUES = (1, 2, 3, 4, 5)
CURSOR = "\u276f "
INDENT = "  "
SCALE_CELL = 8
"""Cells per scale value: '( ) 1' and the three spaces after it."""
CURSOR_STYLE = "$block-cursor-foreground on $block-cursor-background"

Line = tuple[Content, int | None]
"""One drawn line and the option it shows (None for the prompt and help lines)."""


@dataclass(frozen=True)
class Pick:
    """One choosable thing: an option id, or a scale value as text, and its label."""

    key: str
    label: str


def picks_of(question: Question) -> list[Pick]:
    if isinstance(question, ScaleQuestion):
        return [Pick(str(v), str(v)) for v in SCALE_VALUES]
    return [Pick(o.id, o.label) for o in question.options]


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

    @dataclass
    class Picked(Message):
        """The user changed the answer: ``chosen`` holds option ids (or the scale value)."""

        field: ChoiceField
        chosen: tuple[str, ...]

        @property
        def control(self) -> ChoiceField:
            return self.field

    def __init__(
        self, question: Question, heading: Content, chosen: tuple[str, ...], *, id: str  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self.question = question
        self.picks = picks_of(question)
        self.multi = isinstance(question, ChoiceQuestion) and question.kind == "multi"
        self.scale = isinstance(question, ScaleQuestion)
        self.heading = heading
        self.chosen = chosen
        keys = [p.key for p in self.picks]
        self.cursor = keys.index(chosen[0]) if chosen and chosen[0] in keys else 0
        self._lines: tuple[int, list[Line]] | None = None

    # -- state shown -------------------------------------------------------------------

    def show(self, chosen: tuple[str, ...] | None = None, heading: Content | None = None) -> None:
        """Redraw with a new answer or heading; the height cannot change, so no re-layout."""
        if chosen is not None:
            self.chosen = chosen
        if heading is not None:
            self.heading = heading
        self._lines = None
        self.refresh()

    # -- drawing -------------------------------------------------------------------------

    def _mark(self, key: str) -> str:
        on = key in self.chosen
        if self.multi:
            return "[\u2713]" if on else "[ ]"
        return "(\u25cf)" if on else "( )"

    def lines(self, width: int) -> list[Line]:
        """Every line at ``width`` cells, wrapped with a hanging indent, and what each shows."""
        if self._lines is not None and self._lines[0] == width:
            return self._lines[1]
        width = max(width, 12)
        lines: list[Line] = [
            (Content(INDENT if row else "").append(piece), None)
            for paragraph in self.heading.split("\n")
            for row, piece in enumerate(self._wrap(paragraph, width, len(INDENT)))
        ]
        if self.scale:
            cells = [
                self._cursor(Content(f"{self._mark(pick.key)} {pick.label}"), index)
                for index, pick in enumerate(self.picks)
            ]
            lines.append((Content(INDENT).append(Content("   ").join(cells)), None))
        else:
            for index, pick in enumerate(self.picks):
                pointer = CURSOR if index == self.cursor and self.has_focus else INDENT
                label = Content(f"{self._mark(pick.key)} ").append(Content(pick.label))
                for row, piece in enumerate(self._wrap(label, width - len(INDENT), 4)):
                    lead = Content(INDENT + " " * 4 if row else pointer)
                    lines.append((lead.append(self._cursor(piece, index)), index))
        self._lines = (width, lines)
        return lines

    def _cursor(self, content: Content, index: int) -> Content:
        if index == self.cursor and self.has_focus:
            return content.stylize(CURSOR_STYLE)
        return content

    @staticmethod
    def _wrap(content: Content, width: int, hang: int) -> list[Content]:
        """Wrap one line of ``content``; lines after the first are ``hang`` cells narrower."""
        first, *rest = content.wrap(width) or [Content("")]
        if not rest:
            return [first]
        return [first, *Content(" ").join(rest).wrap(max(1, width - hang))]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(line for line, _ in self.lines(self.content_region.width))

    # -- keys and mouse --------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self._move_to((self.cursor + step) % len(self.picks))

    def action_move_to(self, index: int) -> None:
        self._move_to(index % len(self.picks))

    def _move_to(self, index: int) -> None:
        if index != self.cursor:
            self.cursor = index
            self.show()
            self.scroll_visible(animate=False)

    def action_pick(self) -> None:
        key = self.picks[self.cursor].key
        if self.multi:
            order = [p.key for p in self.picks]
            picked = set(self.chosen) ^ {key}
            chosen = tuple(k for k in order if k in picked)
        elif self.chosen == (key,):
            return
        else:
            chosen = (key,)
        self.show(chosen)
        self.post_message(self.Picked(self, chosen))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        lines = self.lines(self.content_region.width)
        if not 0 <= offset.y < len(lines):
            return
        option = lines[offset.y][1]
        if self.scale and offset.y == len(lines) - 1:
            option = max(0, min(len(self.picks) - 1, (offset.x - len(INDENT)) // SCALE_CELL))
        if option is not None:
            self.cursor = option
            self.action_pick()
            self.show()

    def on_focus(self) -> None:
        self.show()

    def on_blur(self) -> None:
        self.show()
