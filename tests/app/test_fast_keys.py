"""Keys that arrive together (one read from a fast typist or a slow SSH link) and the shared
note field: nothing typed or picked is lost, nothing lands on the wrong question."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.command import CommandPalette
from textual.pilot import Pilot

from tests.app.helpers import focused_card
from tests.conftest import new_assessment, wait_until
from tui.app import HiringClarityApp
from tui.core.session.models import MAX_TEXT, Answer
from tui.core.storage.reading import read_session
from tui.core.storage.session_file import SessionFile
from tui.screens.criterion import CriterionScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.widgets.note import NoteInput

KEY_CHARACTERS = {"space": " "}


async def keys_handled(pilot: Pilot[int]) -> None:
    """Wait until every queued key has been handled: the app holds each key until the one
    before it (and all it set off) is done, so none is queued or held any more."""
    app = pilot.app
    assert isinstance(app, HiringClarityApp)
    await wait_until(
        lambda: not app.message_queue_size and not app.handling_keys,
        pilot=pilot,
        what="the keys handled",
    )


def in_one_read(app: HiringClarityApp, *keys: str) -> None:
    """Queue keys the way the driver does for one read: all posted before any is handled."""
    for key in keys:
        character = KEY_CHARACTERS.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


async def test_tab_back_into_a_note_continues_it(sessions_dir: Path) -> None:
    async with new_assessment(sessions_dir, "Continue") as (app, pilot, path):
        first = focused_card(app)
        assert first is not None
        await pilot.press("tab", "a", "b", "c", "tab", "shift+tab", "d")
        await pilot.pause()
    assert read_session(path).answers[first.question.id].note == "abcd"


async def test_sections_switched_twice_in_one_read_count_from_each_other(
    sessions_dir: Path,
) -> None:
    async with new_assessment(sessions_dir, "Skip ahead") as (app, pilot, path):
        in_one_read(app, "pagedown", "pagedown")
        await keys_handled(pilot)
        assert isinstance(app.screen, CriterionScreen)
        assert app.screen.index == 2
        shown = {c.question.id for c in app.screen.query("QuestionCard")}  # type: ignore[attr-defined]
        assert shown == {q.id for q in app.bank.criteria[2].questions}


async def test_leaving_right_after_switching_section_does_not_crash(sessions_dir: Path) -> None:
    async with new_assessment(sessions_dir, "Leave") as (app, pilot, path):
        in_one_read(app, "n", "escape")
        await keys_handled(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert app.return_code in (None, 0)


async def test_an_option_picked_just_before_quitting_is_saved(sessions_dir: Path) -> None:
    async with new_assessment(sessions_dir, "Quit fast") as (app, pilot, path):
        card = focused_card(app)
        assert card is not None
        in_one_read(app, "space", "ctrl+q")
        await wait_until(lambda: app.return_code is not None, what="the app ended")
    saved = read_session(path).answers.get(card.question.id)
    assert saved is not None and saved.choice == card.picks[0].key


async def test_passing_through_the_note_keeps_a_colleagues_note(sessions_dir: Path) -> None:
    """A colleague's note saved while the note field is focused shows on the card; the field
    being edited is never written into (issue 11), and leaving it untouched writes nothing
    back over their note."""
    async with new_assessment(sessions_dir, "Pair") as (app, pilot, path):
        card = focused_card(app)
        assert card is not None
        await pilot.press("tab")
        colleague = SessionFile.open(path)
        colleague.session.answers = {card.question.id: Answer(note="colleague note")}
        colleague.save()
        await wait_until(  # the app looks once a second
            lambda: card.note == "colleague note", pilot=pilot, what="the colleague's note shown"
        )
        assert app.screen.query_one(NoteInput).value == ""
        await pilot.press("tab")
        await pilot.pause()
    assert read_session(path).answers[card.question.id].note == "colleague note"


async def test_jumping_to_a_question_of_the_section_shown_moves_the_focus(
    sessions_dir: Path,
) -> None:
    async with new_assessment(sessions_dir, "Jump") as (app, pilot, _path):
        assert isinstance(app.screen, CriterionScreen)
        last = [q.id for q in app.bank.criteria[0].questions if q.show_if is None][-1]
        app.goto_question(last)
        await wait_until(
            lambda: (card := focused_card(app)) is not None and card.question.id == last,
            what="the last question focused",
            pilot=pilot,
        )


async def test_a_paste_too_long_for_a_note_is_refused_and_the_note_kept(
    sessions_dir: Path, notices: list[str]
) -> None:
    """Notes hold at most MAX_TEXT characters: a longer paste is refused with a message, the
    app keeps running and what was typed before stays, saved."""
    async with new_assessment(sessions_dir, "Long paste") as (app, pilot, path):
        card = focused_card(app)
        assert card is not None
        await pilot.press("tab", "a", "b")
        app.post_message(events.Paste("x" * (MAX_TEXT + 1)))
        await wait_until(
            lambda: any("at most 200,000 characters" in m for m in notices),
            pilot=pilot,
            what="the refusal shown",
        )
        assert app.is_running and app.return_code is None
        assert app.screen.query_one(NoteInput).value == "ab"
        await pilot.press("c")
        await pilot.pause()
    assert read_session(path).answers[card.question.id].note == "abc"


async def test_page_keys_right_behind_ctrl_p_page_the_palette_not_the_app(
    sessions_dir: Path,
) -> None:
    """Ctrl+P then PageDown in one read ended the app (KeyError in the palette's list)."""
    async with new_assessment(sessions_dir, "Palette") as (app, pilot, path):
        in_one_read(app, "ctrl+p", "pagedown", "pageup", "pagedown")
        await keys_handled(pilot)
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, CommandPalette)
        assert isinstance(app.screen_stack[0], CriterionScreen)
        assert app.screen_stack[0].index == 0, "a section key acted under the palette"


async def test_section_keys_do_nothing_under_the_help_screen(sessions_dir: Path) -> None:
    async with new_assessment(sessions_dir, "Help") as (app, pilot, path):
        in_one_read(app, "f1", "n", "pagedown", "3", "p", "pageup")
        await keys_handled(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert isinstance(app.screen_stack[0], CriterionScreen)
        assert app.screen_stack[0].index == 0
    assert read_session(path).position.criterion == app.bank.criteria[0].id


async def test_keys_in_one_read_answer_the_question_they_were_typed_at(
    sessions_dir: Path,
) -> None:
    """Down Space Tab Tab in one read picks the second option of the first question (a
    priority Tab used to overtake Down and Space, which then answered the second question);
    letters behind a Tab land in the note it moved to."""
    async with new_assessment(sessions_dir, "In order") as (app, pilot, path):
        assert isinstance(app.screen, CriterionScreen)
        first, second = app.screen.notes.visible_cards()[:2]
        in_one_read(app, "down", "space", "tab", "tab", "tab", "o", "k")
        await keys_handled(pilot)
    answers = read_session(path).answers
    assert answers[first.question.id].choice == first.picks[1].key
    assert answers[second.question.id] == Answer(note="ok")
