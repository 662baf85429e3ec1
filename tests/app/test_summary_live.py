"""The summary shows a colleague's saves as they land: the verdict, the open questions, the
done mark and the overall notes, without moving focus or writing into notes being typed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import ListView, TextArea

from tests.conftest import wait_until
from tui.app import HiringClarityApp, make_app
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.session.models import Answer, Position
from tui.core.storage.reading import read_session
from tui.screens.summary import SummaryScreen

FIRST = "primary-outcome"
BOBS = "hosting-model"


def _shown(app: object, selector: str) -> str:
    return str(app.screen.query_one(selector).render())  # type: ignore[attr-defined]


def _on_summary(bank: Bank, sessions_dir: Path) -> tuple[Path, Assessment, HiringClarityApp]:
    """Ann's assessment, left on the summary; Bob's window on the same file; Ann's app."""
    ann = Assessment.start(bank, sessions_dir, "Live hire", assessor="Ann")
    ann.session.position = Position(criterion="problem-framing", summary=True)
    ann.save()
    bob = Assessment.open(bank, ann.path)
    bob.author = "Bob"
    return ann.path, bob, make_app(sessions_dir=sessions_dir, resume=ann.path, author="Ann")


async def test_a_colleagues_answers_show_on_the_summary_and_focus_stays(
    bank: Bank, sessions_dir: Path
) -> None:
    path, bob, app = _on_summary(bank, sessions_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        listing = app.screen.query_one("#open-questions", ListView)
        listing.focus()
        names = [item.name for item in listing.children]
        listing.index = next(i for i, n in enumerate(names) if i > 1 and n not in (FIRST, BOBS))
        await pilot.pause()
        highlighted = listing.highlighted_child
        assert highlighted is not None and highlighted.name != FIRST
        kept = highlighted.name
        total = len(listing.children)
        before = _shown(app, "#summary-points"), _shown(app, "#open-title")
        bob.answer(FIRST, Answer(choice="extend-flask"))
        bob.answer(BOBS, Answer(choice="paas"))
        now = lambda: (_shown(app, "#summary-points"), _shown(app, "#open-title"))  # noqa: E731
        listed = lambda: [item.name for item in listing.children]  # noqa: E731
        await wait_until(
            lambda: (
                all(a != b for a, b in zip(now(), before, strict=True))
                and not {FIRST, BOBS} & set(listed())
            ),
            5,
            "both of Bob's answers shown",
        )
        await pilot.pause()  # the list is rebuilt, then highlighted
        assert len(listed()) == total - 2 and listing.has_focus
        assert listing.highlighted_child is not None
        assert listing.highlighted_child.name == kept  # the same question, not the same row
        bob.mark_done()
        await wait_until(
            lambda: "reopen" in str(app.screen.query_one("#toggle-done").render()), 5, "done"
        )


async def test_a_colleagues_overall_notes_show_but_never_into_notes_being_typed(
    bank: Bank, sessions_dir: Path
) -> None:
    path, bob, app = _on_summary(bank, sessions_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        bob.set_notes("Bob: strong on Flask")
        await wait_until(
            lambda: "Bob: strong on Flask" in _shown(app, "#overall-notes-preview"), 5, "preview"
        )
        app.screen.query_one("#overall-notes-preview").focus()
        await pilot.pause()
        editor = app.screen.query_one("#overall-notes", TextArea)
        assert editor.text == "Bob: strong on Flask" and editor.has_focus
        await pilot.press("end", *" Ann agrees")
        await wait_until(lambda: read_session(path).notes.endswith("Ann agrees"), 5, "Ann's save")
        cursor = editor.cursor_location
        bob.refresh()
        bob.set_notes("Bob rewrote it")
        await pilot.pause(0.3)
        assert editor.text == "Bob: strong on Flask Ann agrees"  # not written into
        assert editor.cursor_location == cursor
        await pilot.press("tab")  # Ann leaves the notes: they show what is saved
        await wait_until(lambda: editor.text == "Bob rewrote it", 5, "saved notes shown")
        bob.refresh()
        bob.set_notes("Bob's third version")
        await wait_until(lambda: editor.text == "Bob's third version", 5, "shown once left")
