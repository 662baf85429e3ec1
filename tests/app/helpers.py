"""Helpers for driving the real app with Pilot."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widget import Widget

from tui.app import HiringClarityApp
from tui.screens.criterion import CriterionScreen
from tui.widgets.choices import ChoiceField
from tui.widgets.panel import PanelBody, RecommendationPanel
from tui.widgets.question import QuestionCard


def focused_card(app: HiringClarityApp) -> QuestionCard | None:
    node: Widget | None = app.focused
    while node is not None and not isinstance(node, QuestionCard):
        node = node.parent if isinstance(node.parent, Widget) else None
    return node


def card_text(app: HiringClarityApp, question_id: str) -> str:
    """What a question's card draws (prompt, help, any retired answer, options), as plain text."""
    field = app.screen.query_one(f"#q-{question_id}", ChoiceField)
    return "\n".join(line.plain for line, _ in field.lines(field.content_region.width))


def panel_text(app: HiringClarityApp) -> str:
    """Everything the side panel shows, as plain text."""
    return app.screen.query_one(RecommendationPanel).query_one(PanelBody).text


async def answer_section_by_keys(pilot: Pilot[int], app: HiringClarityApp) -> list[str]:
    """Answer every visible question of the current section with Space, moving on with Tab."""
    assert isinstance(app.screen, CriterionScreen)
    answered: list[str] = []
    for _ in range(60):
        card = focused_card(app)
        assert card is not None, f"focus left the questions: {app.focused}"
        if card.question.id in answered:
            break
        answered.append(card.question.id)
        await pilot.press("space", "tab", "tab")
    return answered
