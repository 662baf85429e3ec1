"""The live side panel: recommended role, confidence gauge, scores, reasons, required skills.

It renders a ``Recommendation`` and nothing else; it never computes one.
"""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.core.bank import LEVELS
from tui.core.engine import Recommendation
from tui.core.report import LEVEL_TITLES
from tui.core.text import one_line

GAUGE_WIDTH = 14
Line = tuple[str, str]
"""One logical line of the panel and its style."""


def gauge(fraction: float, width: int = GAUGE_WIDTH) -> str:
    """A text bar: readable in 16 colours, with NO_COLOR, and over any SSH link."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "\u2588" * filled + "\u2591" * (width - filled) + f" {fraction:4.0%}"


def panel_lines(rec: Recommendation) -> list[Line]:
    """Everything the panel says, top to bottom."""
    lines: list[Line] = [
        (rec.role_name, "bold $accent"),
        (f"{gauge(rec.confidence)} sure", ""),
        *((f"{rec.names[r]:<19}{v:+6.1f}", "") for r, v in rec.scores.items()),
        (rec.message, "dim"),
        ("", ""),
        ("Why", "bold underline"),
    ]
    reasons = [
        f"\u25b8 {one_line(r.answer)} ({rec.names[r.toward].split()[0]} +{r.weight:g})"
        for r in rec.reasons
    ]
    lines += [(text, "") for text in reasons or ["\u25b8 None yet."]]
    lines += [("", ""), ("Required Python backend skills", "bold underline")]
    lines += [(text, "") for text in skill_lines(rec)]
    return lines


def skill_lines(rec: Recommendation) -> list[str]:
    lines = []
    for level in LEVELS:
        skills = rec.skills_at(level)
        if skills:
            lines.append(f"{LEVEL_TITLES[level]}:")
            lines += [f"  \u2022 {one_line(s.name)}" for s in skills]
    return lines or ["None yet: answer a few questions."]


def wrapped(lines: list[Line], width: int) -> list[Line]:
    """Wrap to ``width`` here, so the panel's height is known before it is drawn."""
    if width <= 0:
        return lines
    out: list[Line] = []
    for text, style in lines:
        indent = " " * (len(text) - len(text.lstrip(" \u2022\u25b8")))
        pieces = textwrap.wrap(text, width, subsequent_indent=indent or "  ") or [""]
        out += [(piece, style) for piece in pieces]
    return out


class RecommendationPanel(VerticalScroll, can_focus=False):
    """Everything the engine concluded, refreshed on every answer.

    One Static holds it all. Its height only grows (blank lines pad the end), so once the
    panel has been as tall as it gets, an answer redraws it without re-laying out the
    screen, which would cost several milliseconds a frame.
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._last: Recommendation | None = None
        self._shown: list[Line] = []
        self._height = 0

    def compose(self) -> ComposeResult:
        yield Static(id="panel-body")

    def show(self, rec: Recommendation) -> None:
        self._last = rec
        body = self.query_one("#panel-body", Static)
        lines = wrapped(panel_lines(rec), body.content_region.width)
        if lines == self._shown:
            return
        self._shown = lines
        grew = len(lines) > self._height or body.content_region.width <= 0
        self._height = max(self._height, len(lines))
        padded = [(text + "\n", style) for text, style in lines]
        padded.append(("\n" * (self._height - len(lines)), ""))
        body.update(Content.assemble(*padded), layout=grew)

    def on_resize(self) -> None:
        """A new width means new wrapping: draw everything again."""
        self._shown, self._height = [], 0
        if self._last is not None:
            self.show(self._last)
