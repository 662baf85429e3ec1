"""The live side panel: the verdict and its strength, what could still flip it, contradictions,
the probabilities, reasons and required skills.

It renders a ``Recommendation`` and nothing else; it never computes one. The most important
lines come first: at 80x24 the panel sits below the questions and shows seven lines.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from tui.core.bank.models import LEVELS
from tui.core.text import one_line
from tui.core.verdict.engine import Recommendation, Swing
from tui.core.verdict.wording import LEVEL_TITLES, flip_summary, percent, why_sections

GAUGE_WIDTH = 14
FLIPS_SHOWN = 3
"""Open questions that could change the verdict listed under it; the rest end the panel."""
SHORT_STRENGTH = {"strong": "strong", "moderate": "moderate", "either": "balanced", "none": "weak"}
"""The evidence's strength beside the confidence gauge (the full words are in the report)."""


@dataclass(frozen=True, slots=True)
class Line:
    """One logical line of the panel, its style and, for a link, the question it jumps to."""

    text: str
    style: str = ""
    question_id: str = ""


def gauge(fraction: float, width: int = GAUGE_WIDTH) -> str:
    """A text bar: readable in 16 colours, with NO_COLOR, and over any SSH link."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "\u2588" * filled + "\u2591" * (width - filled) + f" {percent(fraction):>4}"


def flip_lines(rec: Recommendation) -> list[Line]:
    """'Settled', or how many open questions could change the verdict, each a link to it."""
    flips = rec.could_flip
    settled = not rec.open_swing or (rec.role is not None and rec.settled.settled)
    if settled or rec.role is None and not flips:
        return [
            Line(
                ("\u2713 " if settled else "\u25cb ") + flip_summary(rec), "bold" if settled else ""
            )
        ]
    if not flips:
        return [Line(f"\u26a0 {flip_summary(rec)}", "bold $warning")]
    # One line at 80x24, where the panel shows seven: the links follow right under it.
    head = "Not settled: " if rec.role is not None else ""
    together = f" ({rec.settled.could} together)" if rec.role is not None else ""
    lines = [Line(f"\u26a0 {head}{len(flips)} could each change it{together}:", "bold $warning")]
    lines += [flip_link(rec, swing) for swing in flips[:FLIPS_SHOWN]]
    if len(flips) > FLIPS_SHOWN:
        lines.append(Line(f"  \u2026 and {len(flips) - FLIPS_SHOWN} more at the end", "dim"))
    return lines


def flip_link(rec: Recommendation, swing: Swing) -> Line:
    """An open question that could change the verdict on its own, and to what; a link to it."""
    target = rec.names.get(swing.flip_to or "", "no verdict")
    return Line(
        f"\u2192 {one_line(swing.prompt)} (\u2192 {target})",
        "underline",
        swing.question_id,
    )


def panel_lines(rec: Recommendation) -> list[Line]:
    """Everything the panel says, top to bottom."""
    lines = [
        Line(rec.headline, "bold $text-accent"),  # $accent is bright red in 16 colours
        Line(f"{gauge(rec.confidence)} {SHORT_STRENGTH[rec.strength]}"),
    ]
    # Contradictions before the rest: their answers count for nothing until fixed.
    lines += [
        Line(
            f"\u2717 Contradiction, set aside: {one_line(conflict.why)}",
            "bold $error",
            conflict.second,
        )
        for conflict in rec.contradictions
    ]
    # The must-haves right under the verdict: at 80x24 the panel shows its first seven lines.
    must = rec.skills_at(LEVELS[0])
    if must:
        lines.append(
            Line(f"{LEVEL_TITLES[LEVELS[0]]}: " + ", ".join(one_line(s.name) for s in must), "bold")
        )
    lines += flip_lines(rec)
    lines += [
        *(Line(f"{rec.names[r]:<19}{points:5.1f} pts") for r, points in rec.scores.items()),
        Line(rec.message, "dim"),
        Line(""),
        Line("Why", "bold underline"),
    ]
    lines += why_lines(rec)
    lines += [Line(""), Line("Required Python backend skills", "bold underline")]
    lines += [Line(text) for text in skill_lines(rec)]
    more = rec.could_flip[FLIPS_SHOWN:]
    if more:
        lines += [Line(""), Line("Could also change it", "bold underline")]
        lines += [flip_link(rec, swing) for swing in more]
    return lines


def why_lines(rec: Recommendation) -> list[Line]:
    """For, against and not counted: both sides, and what was left out and why."""
    if not rec.reasons:
        return [Line("\u25b8 None yet.")]
    lines = [
        Line(f"\u25b8 {one_line(r.answer)} ({rec.names[r.toward].split()[0]} +{r.weight:g})")
        for r in rec.reasons
    ]
    for title, texts in why_sections(rec)[1:]:
        lines.append(Line(f"{title}:", "bold"))
        lines += [Line(f"\u25b8 {text}", "dim" if title == "Not counted" else "") for text in texts]
    return lines


def skill_lines(rec: Recommendation) -> list[str]:
    lines = []
    for level in LEVELS:
        skills = rec.skills_at(level)
        if skills:
            lines.append(f"{LEVEL_TITLES[level]}:")
            lines += [f"  \u2022 {one_line(s.name)}" for s in skills]
    return lines or ["None yet: answer a few questions."]


RUN_GAP = 3
"""Unchanged lines between two changed ones that are redrawn rather than split the run."""


def line_runs(rows: list[int]) -> list[tuple[int, int]]:
    """Changed rows as (first row, height) runs, for refreshing. Each region is one refresh
    and more cuts in Textual's next frame: an answer that shifts the reasons changes about
    120 lines, and one region instead of 120 took 0.9 ms off the panel's part of an answer
    (``docs/performance.md``); a few unchanged lines between two changed ones are cheaper
    to redraw from their kept strips than to cut around."""
    runs: list[tuple[int, int]] = []
    for row in sorted(rows):
        if runs and row - (runs[-1][0] + runs[-1][1]) <= RUN_GAP:
            runs[-1] = (runs[-1][0], row - runs[-1][0] + 1)
        else:
            runs.append((row, 1))
    return runs


def wrapped(lines: list[Line], width: int) -> list[Line]:
    """Wrap to ``width`` here, so the panel's height is known before it is drawn."""
    if width <= 0:
        return lines
    return [piece for line in lines for piece in _wrap(line, width)]


@lru_cache(maxsize=256)
def _wrap(line: Line, width: int) -> tuple[Line, ...]:
    """One line wrapped; remembered, since an answer changes few of the panel's lines. A full
    panel is about 150 lines: 256 keep it whole without keeping every line ever shown."""
    text = line.text
    indent = " " * (len(text) - len(text.lstrip(" \u2022\u25b8\u2192")))
    pieces = textwrap.wrap(text, width, subsequent_indent=indent or "  ") or [""]
    return tuple(Line(piece, line.style, line.question_id) for piece in pieces)


def drawn(line: Line) -> Content:
    """A line as Content; a link runs the body's ``jump`` action when clicked."""
    if line.question_id:  # the span markup would give, without parsing markup (0.2 ms a line)
        return Content.styled(line.text, f"{line.style} @click=jump('{line.question_id}')")
    return Content.styled(line.text, line.style) if line.style else Content(line.text)


class PanelBody(Widget):
    """The panel's text, drawn a line at a time (Textual's line API): only the lines on screen
    are drawn, and an answer redraws only the lines it changed. Clicking a link asks the
    screen (by a message) to show the question."""

    DEFAULT_CSS = "PanelBody { height: auto; }"
    ALLOW_SELECT = True

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._lines: list[Content] = []
        self._strips: dict[int, Strip] = {}
        self._height = 0

    def show_lines(self, lines: list[Content], changed: list[int], height: int) -> None:
        """Show these lines, ``height`` tall; only those at ``changed`` differ from the ones
        shown. A new height lays the screen out again; otherwise only those lines are drawn."""
        self._lines = lines
        for y in changed:
            self._strips.pop(y, None)
        if height != self._height:
            self._height = height
            self.refresh(layout=True)
        elif changed:
            width = self.size.width
            self.refresh(*(Region(0, top, width, height) for top, height in line_runs(changed)))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._height

    @property
    def lines(self) -> list[Content]:
        """The lines shown, as drawn."""
        return self._lines

    @property
    def text(self) -> str:
        """Everything it shows, as plain text."""
        return "\n".join(line.plain for line in self._lines)

    def render_line(self, y: int) -> Strip:
        strip = self._strips.get(y)
        if strip is None:
            line = self._lines[y] if y < len(self._lines) else Content("")
            rendered = Visual.to_strips(self, line, self.size.width, 1, self.visual_style)
            strip = rendered[0] if rendered else Strip.blank(self.size.width)
            self._strips[y] = strip
        return strip

    def render(self) -> Content:
        """All of it at once: what a selection is copied from (drawing goes line by line)."""
        return Content("\n").join(self._lines)

    def notify_style_update(self) -> None:
        """New colours (a theme, hover, focus): every line is drawn again."""
        self._strips.clear()
        super().notify_style_update()

    def selection_updated(self, selection: Selection | None) -> None:
        """Text selected with the mouse: every line is drawn again, with it highlighted."""
        self._strips.clear()
        super().selection_updated(selection)

    def action_jump(self, question_id: str) -> None:
        self.post_message(RecommendationPanel.JumpTo(question_id))

    def on_resize(self, event: events.Resize) -> None:
        """The text was wrapped to the old width: the panel's size alone does not tell, since
        its scrollbar appearing takes a column from the text, not from the panel."""
        self._strips.clear()
        panel = self.parent
        if isinstance(panel, RecommendationPanel) and event.size.width != panel.wrapped_to:
            panel.redraw()


class RecommendationPanel(VerticalScroll, can_focus=False):
    """Everything the engine concluded, refreshed on every answer.

    One widget holds it all. Its height only grows (blank lines pad the end), so once the
    panel has been as tall as it gets, an answer redraws it without re-laying out the
    screen, which would cost several milliseconds a frame.
    """

    class JumpTo(Message):
        """The user clicked an open question the panel names: show that question."""

        def __init__(self, question_id: str) -> None:
            super().__init__()
            self.question_id = question_id

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._last: Recommendation | None = None
        self._shown: list[Line] = []
        self._height = 0
        self.wrapped_to = 0
        """The width the shown text was wrapped to."""

    def compose(self) -> ComposeResult:
        yield PanelBody(id="panel-body")

    def show(self, rec: Recommendation) -> None:
        self._last = rec
        body = self.query_one(PanelBody)
        self.wrapped_to = body.content_region.width
        lines = wrapped(panel_lines(rec), self.wrapped_to)
        if lines == self._shown:
            return
        before, self._shown = self._shown, lines
        changed = [
            y
            for y in range(max(len(lines), len(before)))
            if y >= len(lines) or y >= len(before) or lines[y] != before[y]
        ]
        self._height = max(self._height, len(lines))  # grows only: see the class's docstring
        # Only the changed lines are built again; the others keep the Content already shown.
        kept = body.lines
        fresh = set(changed)
        contents = [
            kept[y] if y < len(kept) and y not in fresh else drawn(line)
            for y, line in enumerate(lines)
        ]
        body.show_lines(contents, changed, self._height)

    def redraw(self) -> None:
        """A new width means new wrapping: draw everything again."""
        self._shown, self._height = [], 0
        if self._last is not None:
            self.show(self._last)
