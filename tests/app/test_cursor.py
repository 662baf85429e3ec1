"""The terminal cursor sits on the focused option, so screen readers and Braille displays
(which follow the cursor, hidden or not) read the option being chosen."""

from __future__ import annotations

from textual.geometry import Offset

from tests.app.helpers import focused_card
from tui.app import make_app
from tui.widgets.choices import CURSOR, SCALE_CELL


def option_row(card, index: int) -> int:
    lines = card.lines(card.content_region.width)
    return next(y for y, (_, option) in enumerate(lines) if option == index)


async def test_terminal_cursor_follows_the_focused_option(sessions_dir):
    app = make_app(sessions_dir=sessions_dir, new=("Cursor hire", "", ""))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        card = focused_card(app)
        assert card is not None
        origin = card.content_region.offset
        assert app.cursor_position == origin + Offset(len(CURSOR), option_row(card, 0))
        await pilot.press("down", "down")
        await pilot.pause()
        assert app.cursor_position == origin + Offset(len(CURSOR), option_row(card, 2))
        await pilot.press("tab", "tab")  # via the note field to the next question: a scale
        await pilot.pause()
        scale = focused_card(app)
        assert scale is not None and scale is not card and scale.scale
        await pilot.press("right", "right")
        await pilot.pause()
        row = scale._scale_row()
        expected = scale.content_region.offset + Offset(len(CURSOR) + 2 * SCALE_CELL, row)
        assert app.cursor_position == expected
