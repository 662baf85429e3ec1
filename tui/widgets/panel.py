"""The live side panel: recommended role, confidence gauge, scores, reasons, required skills.

It renders a ``Recommendation`` and nothing else; it never computes one.
"""

from __future__ import annotations

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
        self.query_one("#verdict", Static).update(Content(rec.role_name))
        self.query_one("#gauge", Static).update(
            Content(f"{gauge(rec.confidence)} sure"), layout=False
        )
        scores = "\n".join(f"{ROLE_NAMES[r]:<19}{v:+6.1f}" for r, v in rec.scores.items())
        self.query_one("#scores", Static).update(Content(scores), layout=False)
        self.query_one("#message", Static).update(Content(rec.message))
        reasons = [
            f"\u25b8 {one_line(r.answer)} ({ROLE_NAMES[r.toward].split()[0]} +{r.weight:g})"
            for r in rec.reasons
        ] or ["\u25b8 None yet."]
        self.query_one("#reasons", Static).update(Content("\n".join(reasons)))
        self.query_one("#skills", Static).update(Content("\n".join(skill_lines(rec))))


def skill_lines(rec: Recommendation) -> list[str]:
    lines = []
    for level in LEVELS:
        skills = rec.skills_at(level)
        if skills:
            lines.append(f"{LEVEL_TITLES[level]}:")
            lines += [f"  \u2022 {one_line(s.name)}" for s in skills]
    return lines or ["None yet: answer a few questions."]
