"""The whole assessment driven by key presses, as a hiring manager would use it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.app.helpers import answer_section_by_keys, card_text, focused_card, panel_text
from tests.conftest import wait_until
from tui.app import make_app
from tui.core.storage.listing import session_files
from tui.core.storage.reading import read_session
from tui.screens.criterion import CriterionScreen
from tui.screens.home import HomeScreen
from tui.screens.summary import SummaryScreen
from tui.widgets.question import QuestionCard


async def test_complete_assessment_by_keys_then_export(sessions_dir: Path) -> None:
    """Start on home, type a title, answer every section by keyboard, reach the summary, export."""
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press(*"Keyboard hire", "enter")
        await pilot.pause()
        sections = len(app.bank.criteria)
        for index in range(sections):
            assert isinstance(app.screen, CriterionScreen)
            assert app.screen.index == index
            answered = await answer_section_by_keys(pilot, app)
            assert answered, "every section has questions to answer"
            await pilot.press("n")
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assessment = app.assessment
        assert assessment is not None
        rec = assessment.recommendation
        assert rec.answered == rec.total > 0
        assert rec.role is not None
        await pilot.press("e")
        await pilot.pause()
        scorecard = assessment.path.with_name(assessment.path.stem + ".scorecard.md")
        text = scorecard.read_text()
        assert text.startswith("# Role scorecard: Keyboard hire")
        assert "\n## Interview plan\n" in text and "\n## Questions and answers\n" in text
    saved = read_session(session_files(sessions_dir)[0])
    assert saved.title == "Keyboard hire"
    assert len([a for a in saved.answers.values() if a.is_answered]) == rec.total
    assert saved.position.summary is True


async def test_side_panel_follows_answers(sessions_dir: Path) -> None:
    """Choosing a different option changes the panel's verdict and reasons at once."""
    app = make_app(sessions_dir=sessions_dir, new=("Panel check", "", ""))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before = panel_text(app)
        assert "Not enough evidence yet" in before
        card = focused_card(app)
        assert card is not None and card.question.id == "primary-outcome"
        await pilot.press("space")
        first = panel_text(app)
        assert first != before
        # One answer names no role yet, but its points count toward it.
        assert points(first, "Flask specialist") > 0 == points(first, "Backend generalist")
        await pilot.press("down", "down", "space")
        second = panel_text(app)
        assert second != first
        assert points(second, "Backend generalist") > 0 == points(second, "Flask specialist")
        saved = read_session(app.assessment.path)  # type: ignore[union-attr]
        assert saved.answers["primary-outcome"].choice == card.question.options[2].id  # type: ignore[union-attr]


def points(panel: str, role: str) -> float:
    """The points the panel shows for ``role``."""
    found = re.search(rf"^{role}\s+([\d.]+) pts", panel, re.MULTILINE)
    assert found, panel
    return float(found.group(1))


async def test_quit_half_way_and_resume_to_same_place(sessions_dir: Path) -> None:
    """Quit in section 2 at its third question; resuming opens the same question, same answers."""
    app = make_app(sessions_dir=sessions_dir, new=("Resume check", "", ""))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await answer_section_by_keys(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("down", "space", "tab", "tab", "space", "tab", "tab")
        where = focused_card(app)
        assert where is not None
        path = app.assessment.path  # type: ignore[union-attr]
        answers = dict(app.assessment.session.answers)  # type: ignore[union-attr]
        await pilot.press("ctrl+q")
    resumed = make_app(sessions_dir=sessions_dir, resume=path)
    async with resumed.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(resumed.screen, CriterionScreen)
        assert resumed.screen.index == 1
        card = focused_card(resumed)
        assert card is not None and card.question.id == where.question.id
        assert resumed.assessment is not None
        assert resumed.assessment.session.answers == answers


async def test_conditional_question_appears_and_disappears(sessions_dir: Path, bank) -> None:
    """A follow-up shows only while the earlier answer that calls for it is chosen."""
    conditional = next(q for q in bank.criteria[0].questions if q.show_if is not None)
    app = make_app(sessions_dir=sessions_dir, new=("Conditional", "", ""))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        card = app.screen.query_one(f"#q-{conditional.id}")
        assert card.display is False
        trigger = bank.question(conditional.show_if.question)
        wanted = conditional.show_if.any_of[0]
        steps = [o.id for o in trigger.options].index(wanted)
        app.screen.query_one(f"#q-{trigger.id}").focus()
        await pilot.press(*["down"] * steps, "space")
        assert card.display is True
        await pilot.press("up", "space") if steps else await pilot.press("down", "space")
        assert card.display is False


async def test_jump_keys_palette_and_home(sessions_dir: Path) -> None:
    """Number keys jump to a section, s opens the summary, Escape returns home."""
    app = make_app(sessions_dir=sessions_dir, new=("Jumps", "", ""))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        assert isinstance(app.screen, CriterionScreen) and app.screen.index == 2
        await pilot.press("p")
        assert isinstance(app.screen, CriterionScreen) and app.screen.index == 1
        await pilot.press("s")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert not any(t.startswith("Section") for t in commands)


async def test_page_keys_change_section_even_while_typing_a_note(sessions_dir: Path) -> None:
    """n typed in a note is text; PageDown still moves on, and the note keeps its text."""
    app = make_app(sessions_dir=sessions_dir, new=("Typing", "", ""))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "n", "o")
        assert isinstance(app.screen, CriterionScreen) and app.screen.index == 0
        await pilot.press("pagedown")
        assert isinstance(app.screen, CriterionScreen) and app.screen.index == 1
        await pilot.press("pageup")
        assert isinstance(app.screen, CriterionScreen) and app.screen.index == 0
        assert app.assessment is not None
        assert app.assessment.session.answers["primary-outcome"].note == "no"


async def test_opening_and_quitting_without_changes_writes_nothing(
    bank, sessions_dir: Path
) -> None:
    """Resuming lands on the saved question without passing through another one, so a
    look at a session (the shipped example, say) leaves its file byte for byte as it was."""
    from tui.core.assessment import Assessment

    assessment = Assessment.start(bank, sessions_dir, "Just looking")
    last = bank.criteria[-1]
    assessment.move(last.id, last.questions[1].id)
    before = assessment.path.read_bytes()
    app = make_app(sessions_dir=sessions_dir, resume=assessment.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = focused_card(app)
        assert card is not None and card.question.id == last.questions[1].id
        await pilot.press("ctrl+q")
    assert assessment.path.read_bytes() == before


async def test_the_first_screen_is_the_one_asked_for_and_can_be_left(
    sessions_dir: Path,
) -> None:
    """Resuming starts on the assessment's own screen (no empty screen under it); leaving it
    for the summary and home replaces it, and home then opens it again, more than once."""
    first = make_app(sessions_dir=sessions_dir, new=("Base screen", "", ""))
    async with first.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert first.assessment is not None
        path = first.assessment.path
    app = make_app(sessions_dir=sessions_dir, resume=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [CriterionScreen]
        await pilot.press("s")
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [SummaryScreen]
        for _ in range(2):
            await pilot.press("escape")
            await wait_until(
                lambda: [type(s) for s in app.screen_stack] == [HomeScreen], pilot=pilot
            )
            await pilot.press("down", "enter")  # down to the list, on the only session
            await pilot.pause()
            assert [type(s) for s in app.screen_stack] == [HomeScreen, SummaryScreen]


async def test_tab_goes_from_a_question_to_its_note_and_on_to_the_next(
    sessions_dir: Path,
) -> None:
    """One note field serves every question: Tab binds it to the question just left, and
    what is typed lands on that question even when Tab follows at once."""
    app = make_app(sessions_dir=sessions_dir, new=("Notes", "", ""))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen)
        first, second = [c.question.id for c in app.screen.query(QuestionCard) if c.display][:2]
        await pilot.press("tab", *"first note", "tab", "tab", *"second", "shift+tab")
        await pilot.pause()
        assert focused_card(app) is not None
        assert focused_card(app).question.id == second  # type: ignore[union-attr]
        assert app.assessment is not None
        path = app.assessment.path
        assert "first note" in card_text(app, first)
    saved = read_session(path)
    assert saved.answers[first].note == "first note"
    assert saved.answers[second].note == "second"


async def test_collector_runs_again_after_the_first_frame(sessions_dir: Path) -> None:
    """The command line pauses the garbage collector for start-up; the app resumes it."""
    import gc

    from tui.startup import pause_collector

    pause_collector()
    assert not gc.isenabled()
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.isenabled()


async def test_clicking_a_scale_value_or_an_option_answers_it(sessions_dir: Path) -> None:
    """The mouse works on the text-drawn options: a click on a row or a scale value picks it."""
    from tui.core.bank.models import ScaleQuestion
    from tui.widgets.choices import SCALE_CELL

    app = make_app(sessions_dir=sessions_dir, new=("Clicks", "", ""))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen)
        cards = [c for c in app.screen.query(QuestionCard) if c.display]
        scale = next(c for c in cards if isinstance(c.question, ScaleQuestion))
        choice = next(c for c in cards if not isinstance(c.question, ScaleQuestion))
        scale.show_note("a note under the values")  # the values are then not the last row
        scale.scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        lines = scale.lines(scale.content_region.width)
        scale_row = max(y for y, (line, _) in enumerate(lines) if "( ) 1" in line.plain)
        left = scale.styles.padding.left
        await pilot.click(scale, offset=(left + 3 * SCALE_CELL + 3, scale_row))
        choice.scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        rows = choice.lines(choice.content_region.width)
        second = next(y for y, (_, option) in enumerate(rows) if option == 1)
        await pilot.click(choice, offset=(left + 6, second))
        await pilot.pause()
        assert app.assessment is not None
        answers = app.assessment.session.answers
        assert answers[scale.question.id].value == 4
        assert answers[choice.question.id].choice == choice.picks[1].key


async def test_enter_alone_answers_and_goes_on_through_every_section(sessions_dir: Path) -> None:
    """One key a question: Enter picks the option under the cursor and shows the next
    question (the next section after a section's last); tick-any questions go on as they
    are. Tab still reaches the note."""
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Quick hire", "enter")
        await pilot.pause()
        first = focused_card(app)
        assert first is not None
        await pilot.press("tab")
        assert focused_card(app) is None, "Tab goes to the note, not on"
        await pilot.press("shift+tab")
        assert focused_card(app) is first
        seen: list[str] = []
        for _ in range(80):
            if not isinstance(app.screen, CriterionScreen):
                break
            card = focused_card(app)
            assert card is not None, f"focus left the questions: {app.focused}"
            seen.append(card.question.id)
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen), "Enter on each section's last question"
        assert len(seen) == len(set(seen)), "each question was shown once"
        assessment = app.assessment
        assert assessment is not None
        single = [
            q for q in app.bank.questions if q.id in seen and getattr(q, "kind", "") != "multi"
        ]
        answers = assessment.session.answers
        assert single and all(answers[q.id].is_answered for q in single)
    saved = read_session(session_files(sessions_dir)[0])
    assert all(saved.answers[q.id].is_answered for q in single), "saved as they were given"


async def test_back_from_the_summary_returns_to_the_question_it_was_opened_from(
    sessions_dir: Path, bank
) -> None:
    """`s` on a question of section 2, then `p` on the summary: the same question again, not
    the last section."""
    from tui.core.assessment import Assessment

    started = Assessment.start(bank, sessions_dir, "Back hire")
    second = bank.criteria[1]
    started.move(second.id, second.questions[2].id)
    app = make_app(sessions_dir=sessions_dir, resume=started.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen) and app.screen.index == 1
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen) and app.screen.index == 1
        card = focused_card(app)
        assert card is not None and card.question.id == second.questions[2].id


async def test_a_replaced_screen_keeps_none_of_the_lines_it_drew(sessions_dir: Path) -> None:
    """Textual keeps the app's first screen (here the new assessment's) for the app's life;
    once the summary replaces it, it must not keep what it drew (a whole screen of lines)."""
    from textual.widget import Widget

    from tests.conftest import new_assessment

    async with new_assessment(sessions_dir) as (app, pilot, _):
        first = app.screen
        assert isinstance(first, CriterionScreen)
        widgets = list(first.walk_children(Widget, with_self=True))
        # Textual's per-widget cache of drawn lines (private; what the switch must empty).
        assert sum(len(w._styles_cache._cache) for w in widgets) > 100
        app.navigator.summary()
        await wait_until(lambda: isinstance(app.screen, SummaryScreen), pilot=pilot)
        await pilot.pause()
        assert sum(len(w._styles_cache._cache) for w in widgets) == 0
