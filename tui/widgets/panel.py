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
from tui.core.engine import ROLE_NAMES, Recommendation
from tui.core.report import LEVEL_TITLES
from tui.core.text import one_line

GAUGE_WIDTH = 14


def gauge(fraction: float, width: int = GAUGE_WIDTH) -> str:
    """A text bar: readable in 16 colours, with NO_COLOR, and over any SSH link."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "\u2588" * filled + "\u2591" * (width - filled) + f" {fraction:4.0%}"


class RecommendationPanel(VerticalScroll, can_focus=False):
    """Everything the engine concluded, refreshed on every answer."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._shown: dict[str, str] = {}
        self._heights: dict[str, int] = {}
        self._last: Recommendation | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="panel-title", id="verdict")
        yield Static(id="gauge")
        yield Static(id="scores")
        yield Static(id="message", classes="dim")
        yield Static("Why", classes="panel-heading")
        yield Static(id="reasons")
        yield Static("Required Python backend skills", classes="panel-heading")
        yield Static(id="skills")

    def show(self, rec: Recommendation) -> None:
        self._last = rec
        scores = "\n".join(f"{ROLE_NAMES[r]:<19}{v:+6.1f}" for r, v in rec.scores.items())
        reasons = [
            f"\u25b8 {one_line(r.answer)} ({ROLE_NAMES[r.toward].split()[0]} +{r.weight:g})"
            for r in rec.reasons
        ] or ["\u25b8 None yet."]
        self._set("#verdict", rec.role_name)
        self._set("#gauge", f"{gauge(rec.confidence)} sure")
        self._set("#scores", scores)
        self._set("#message", rec.message)
        self._set("#reasons", "\n".join(reasons))
        self._set("#skills", "\n".join(skill_lines(rec)))

    def _set(self, selector: str, text: str) -> None:
        """Update one part, re-laying out the panel only when that part's height changes.

        Text is wrapped here, to the panel's width, so its height is known before drawing.
        A re-layout of the screen costs several milliseconds a frame; most answers change
        words, not sizes, and then none is needed.
        """
        static = self.query_one(selector, Static)
        width = static.content_region.width
        if width > 0:
            text = "\n".join(
                "\n".join(textwrap.wrap(line, width, subsequent_indent="  ") or [""])
                for line in text.split("\n")
            )
        lines = text.count("\n") + 1
        tallest = self._heights.get(selector, 0)
        # A part never shrinks (blank lines fill it), so it re-lays out only when it grows:
        # after the first few answers the panel's size stays put and updates are cheap.
        text += "\n" * max(tallest - lines, 0)
        if self._shown.get(selector) == text:
            return
        self._shown[selector] = text
        self._heights[selector] = max(tallest, lines)
        static.update(Content(text), layout=lines > tallest or width == 0)

    def on_resize(self) -> None:
        """A new width means new wrapping: draw everything again."""
        self._shown.clear()
        self._heights.clear()
        if self._last is not None:
            self.show(self._last)


def skill_lines(rec: Recommendation) -> list[str]:
    lines = []
    for level in LEVELS:
        skills = rec.skills_at(level)
        if skills:
            lines.append(f"{LEVEL_TITLES[level]}:")
            lines += [f"  \u2022 {one_line(s.name)}" for s in skills]
    return lines or ["None yet: answer a few questions."]
