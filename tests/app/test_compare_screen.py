"""The summary's wrap-up (overall notes, done, export folder) and the compare screen, driven
with Pilot over real session files."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, TextArea

from tests.app.test_fast_keys import in_one_read, keys_handled
from tests.conftest import wait_until
from tui.app import make_app
from tui.core.assessment import Assessment
from tui.core.linked.copies import copy_assessment
from tui.core.session.models import Answer, Position
from tui.core.storage.listing import list_sessions
from tui.core.storage.reading import read_session
from tui.screens.compare import CompareScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.criterion import CriterionScreen
from tui.screens.summary import SummaryScreen


def on_summary(assessment: Assessment) -> None:
    assessment.session.position = Position(criterion="problem-framing", summary=True)
    assessment.save()


def make_pair(bank, sessions_dir: Path) -> tuple[Assessment, Assessment]:
    ann = Assessment.start(bank, sessions_dir, "Payments API hire", assessor="Ann")
    ann.answer("primary-outcome", Answer(choice="mvp", note="Launch in March"))
    ann.answer("hosting-model", Answer(choice="paas"))
    ben = copy_assessment(bank, ann.path, "Ben")
    ben.answer("primary-outcome", Answer(choice="modernize"))
    ben.answer("hosting-model", Answer(choice="paas"))
    ben.answer("release-process", Answer(choice="manual"))
    ann = Assessment.open(bank, ann.path)
    on_summary(ann)
    return ann, ben


async def test_overall_notes_and_export_folder_on_the_summary(bank, sessions_dir, tmp_path):
    started = Assessment.start(bank, sessions_dir, "Notes hire")
    on_summary(started)
    out = tmp_path / "exports"
    out.mkdir()
    app = make_app(sessions_dir=sessions_dir, resume=started.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert not app.screen.query(TextArea)  # the editor loads only when the notes are used
        app.screen.query_one("#overall-notes-preview").focus()
        await pilot.press(*"Good team fit")
        await pilot.pause()
        assert app.screen.query_one("#overall-notes", TextArea).has_focus
        assert read_session(started.path).notes == "Good team fit"
        await pilot.press("tab")  # out of the notes: keys are commands again
        app.screen.query_one("#export-folder", Input).value = str(out)
        await pilot.press("e")
        await pilot.pause()
        written = out / (started.path.stem + ".scorecard.md")
        assert written.exists() and "Good team fit" in written.read_text(encoding="utf-8")
        shown = str(app.screen.query_one("#export-paths").render())
        assert str(written) in shown
        await pilot.press("b", "a")  # the brief and the job description draft
        await pilot.pause()
        brief = out / (started.path.stem + ".brief.md")
        job = out / (started.path.stem + ".job.md")
        assert "# Hiring brief: Notes hire" in brief.read_text(encoding="utf-8")
        assert "## What you bring" in job.read_text(encoding="utf-8")
        assert str(job) in str(app.screen.query_one("#export-paths").render())
        await pilot.press("d")
        await pilot.pause()
        assert read_session(started.path).done


async def test_sealed_until_done_then_compare_and_settle(bank, sessions_dir):
    ann, ben = make_pair(bank, sessions_dir)
    app = make_app(sessions_dir=sessions_dir, resume=ann.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        button = app.screen.query_one(f"#compare-{ben.session.id}", Button)
        assert button.disabled, "a sealed colleague's assessment can be opened"
        assert "Sealed" in str(app.screen.query_one("#linked-status").render())
        ben.mark_done()
        await pilot.press("d")  # Ann marks hers done: now both are
        await pilot.pause()
        assert not button.disabled
        button.press()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        ids = [d.question_id for d in screen.comparison.differences]
        assert set(ids) == {"primary-outcome", "release-process"}
        assert ids[0] == "primary-outcome"
        await pilot.press("c")  # nothing settled yet: refused
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("b", "a")  # primary-outcome: keep Ben's; release-process: keep Ann's
        await pilot.pause()
        assert screen.picks == {ids[0]: "b", ids[1]: "a"}
        before = (ann.path.read_bytes(), ben.path.read_bytes())
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen)
        assert app.assessment is not None and app.assessment.path not in (ann.path, ben.path)
        agreed = read_session(app.assessment.path)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        status = str(app.screen.query_one("#linked-status").render())
        assert "Agreed from 2 independent assessments by Ann, Ben" in status
        assert [b.id for b in app.screen.query("#wrap-up-buttons Button")] == ["toggle-done"]
    assert (ann.path.read_bytes(), ben.path.read_bytes()) == before
    assert agreed.answers["primary-outcome"].choice == "modernize"
    # Ann's note under Ben's answer keeps her name: it must not read as his.
    assert agreed.answers["primary-outcome"].note == "Ann: Launch in March"
    assert (
        "release-process" not in agreed.answers or not agreed.answers["release-process"].is_answered
    )
    assert agreed.link is not None and agreed.link.assessors == ["Ann", "Ben"]
    assert len(list_sessions(sessions_dir)) == 3


async def test_keys_right_behind_the_tab_into_the_overall_notes_are_all_typed(bank, sessions_dir):
    """The notes editor loads when the notes are reached: letters read together with the
    Tab that reaches them, or right behind focusing them, all land in the notes in order."""
    started = Assessment.start(bank, sessions_dir, "Burst hire")
    on_summary(started)
    app = make_app(sessions_dir=sessions_dir, resume=started.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#toggle-done", Button).focus()
        await pilot.pause()
        in_one_read(app, "shift+tab", *"Strong", "space", *"fit")
        await keys_handled(pilot)
        assert app.screen.query_one("#overall-notes", TextArea).has_focus
        await wait_until(
            lambda: read_session(started.path).notes == "Strong fit",
            pilot=pilot,
            what="the notes saved",
        )


async def test_pasted_control_characters_in_overall_notes_are_made_visible(bank, sessions_dir):
    """A paste holding escape sequences never reaches the terminal raw: it shows (and is
    saved) as visible escapes, like every other text the app draws."""
    started = Assessment.start(bank, sessions_dir, "Paste hire")
    on_summary(started)
    app = make_app(sessions_dir=sessions_dir, resume=started.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#overall-notes-preview").focus()
        await pilot.pause()
        area = app.screen.query_one("#overall-notes", TextArea)
        area.insert("\x1b[2Jwipe\nnext line")
        await pilot.pause()
        assert "\x1b" not in area.text and "\\x1b[2Jwipe" in area.text
    assert read_session(started.path).notes == "\\x1b[2Jwipe\nnext line"


async def test_opening_a_colleagues_sealed_assessment_asks_first(bank, sessions_dir):
    from textual.widgets import DataTable

    from tui.screens.confirm import ConfirmScreen
    from tui.screens.home import HomeScreen

    ann, ben = make_pair(bank, sessions_dir)
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        cells = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert sorted(cells) == ["Payments API hire \u00b7 Ann", "Payments API hire \u00b7 Ben"]
        verdicts = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert all("sealed" in v for v in verdicts), verdicts
        table.focus()
        table.move_cursor(row=cells.index("Payments API hire \u00b7 Ben"))
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Ben's assessment" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("n")
        assert isinstance(app.screen, HomeScreen) and app.assessment is None
        await pilot.press("enter", "y")
        await pilot.pause()
        assert app.assessment is not None and app.assessment.path == ben.path


async def test_settling_the_same_pair_again_asks_first(bank, sessions_dir):
    ann, ben = make_pair(bank, sessions_dir)
    ben.mark_done()
    Assessment.open(bank, ann.path).mark_done()
    app = make_app(sessions_dir=sessions_dir, resume=ann.path)
    async with app.run_test(size=(100, 30)) as pilot:
        for round_ in (1, 2):
            await pilot.pause()
            if not isinstance(app.screen, SummaryScreen):
                await pilot.press("s")
                await pilot.pause()
            app.screen.query_one(f"#compare-{ben.session.id}", Button).press()
            await pilot.pause()
            assert isinstance(app.screen, CompareScreen)
            await pilot.press("b", "a", "c")
            await pilot.pause()
            if round_ == 1:
                assert isinstance(app.screen, CriterionScreen)
                app.open_path(ann.path)
                continue
            assert isinstance(app.screen, ConfirmScreen), "a second settle was not asked about"
            assert "settled already" in str(app.screen.query_one(".dialog-text").render())
            await pilot.press("escape")  # no: nothing more is written
            await pilot.pause()
            assert isinstance(app.screen, CompareScreen)
    agreed = [
        r
        for r in list_sessions(sessions_dir)
        if r.session and r.session.link and r.session.link.agreed_from
    ]
    assert len(agreed) == 1


async def test_a_colleague_named_like_markup_is_shown_as_typed(bank, sessions_dir):
    """The summary's compare button names the colleague as typed: ``x[/]`` parsed as markup
    would end the app with a MarkupError."""
    ann = Assessment.start(bank, sessions_dir, "Payments API hire", assessor="Ann")
    copy_assessment(bank, ann.path, "x[/]")
    on_summary(ann)
    app = make_app(sessions_dir=sessions_dir, resume=ann.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        labels = [str(b.label) for b in app.screen.query(Button)]
        assert "Compare with x[/]" in labels
