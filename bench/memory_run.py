"""A whole assessment, headless, for the peak-memory row (run under ``/usr/bin/time -v``).

``python -m bench.memory_run app SESSIONS_DIR`` starts a new assessment at 100x30, answers
every visible question of every section through its widget (the same messages, saves and panel
refreshes a key press causes), opens the summary and prints ``answered/total``.
``python -m bench.memory_run bare`` runs the bare app under the same harness (nothing of the
app is imported for it).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bench.bare_app import BareApp

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from tui.app import HiringClarityApp
    from tui.core.session.models import Answer
    from tui.widgets.question import QuestionCard

SIZE = (100, 30)


def give(card: QuestionCard, answer: Answer) -> None:
    """Pick ``answer`` on the card, as the user's keys would (cursor, then Space)."""
    keys = [pick.key for pick in card.picks]
    wanted = answer.choices if answer.choices is not None else [answer.choice or str(answer.value)]
    for key in wanted:
        card.cursor = keys.index(key)
        card.action_pick()


async def answer_everything(pilot: Pilot[int], app: HiringClarityApp) -> None:
    from bench.fixtures import full_answers
    from tui.widgets.question import QuestionCard

    wanted = full_answers(app.bank)
    for _ in app.bank.criteria:
        for _ in range(100):
            assessment = app.assessment
            assert assessment is not None
            open_cards = [
                card
                for card in app.screen.query(QuestionCard)
                if card.display and card.question.id not in assessment.session.answers
            ]
            if not open_cards:
                break
            give(open_cards[0], wanted[open_cards[0].question.id])
            await pilot.pause()
        await pilot.press("n")
        await pilot.pause()


async def main(which: str, sessions_dir: Path | None) -> str:
    if which == "bare":
        async with BareApp().run_test(size=SIZE) as pilot:
            await pilot.pause()
        return "bare"
    from tui.app import make_app

    app = make_app(sessions_dir=sessions_dir, new=("Memory bench", "Python engineer", "Bench"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await answer_everything(pilot, app)
        assert app.assessment is not None
        rec = app.assessment.recommendation
        return f"{rec.answered}/{rec.total} {type(app.screen).__name__}"


if __name__ == "__main__":
    kind = sys.argv[1]
    print(asyncio.run(main(kind, Path(sys.argv[2]) if len(sys.argv) > 2 else None)))
