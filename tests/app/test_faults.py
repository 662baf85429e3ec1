"""Faults seen from the app: bank changes, tiny terminals, crashes, other writers."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console
from textual.widgets import Static

from tests.app.helpers import card_text
from tests.conftest import RunningApp, wait_until
from tui.app import make_app
from tui.core.assessment import Assessment
from tui.core.bank.loading import load_bank
from tui.core.bank.models import Bank, ChoiceQuestion
from tui.core.session.models import Answer
from tui.core.storage.reading import read_session
from tui.core.storage.session_file import SessionFile
from tui.screens.criterion import CriterionScreen
from tui.screens.too_small import TooSmallScreen
from tui.widgets.question import QuestionCard


def _retire_option(bank_dir: Path, option_id: str, version: str) -> None:
    """Make a newer bank that no longer has one option of the first question."""
    path = bank_dir / "01-problem-framing.toml"
    text = path.read_text()
    start = text.index(f'id = "{option_id}"')
    block_start = text.rindex("[[questions.options]]", 0, start)
    block_end = text.index("[[", start)
    path.write_text(text[:block_start] + text[block_end:])
    meta = bank_dir / "bank.toml"
    meta.write_text(
        re.sub(
            r'^version = ".*"$',
            f'version = "{version}"',
            meta.read_text(),
            count=1,
            flags=re.MULTILINE,
        )
    )


async def test_older_bank_session_opens_with_changes_shown_and_keeps_retired(
    bank: Bank, bank_copy: Path, sessions_dir: Path, notices: list[str]
) -> None:
    old = Assessment.start(bank, sessions_dir, "Old bank")
    old.answer("primary-outcome", Answer(choice="extend-flask", note="kept"))
    _retire_option(bank_copy, "extend-flask", "9.0.0")
    newer = load_bank(bank_copy)
    app = make_app(questions_dir=bank_copy, sessions_dir=sessions_dir, resume=old.path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any(f"{bank.version}, now 9.0.0" in m and "retired" in m for m in notices), notices
        assert "Retired answer kept from an older bank: extend-flask" in card_text(
            app, "primary-outcome"
        )
        await pilot.press("3")
    saved = read_session(old.path)
    assert saved.bank_version == newer.version
    assert saved.answers["primary-outcome"] == Answer(choice="extend-flask", note="kept")


async def test_resizing_to_20x5_and_back_says_what_it_needs(running_app: RunningApp) -> None:
    app, pilot, _ = running_app
    await pilot.resize_terminal(20, 5)
    await wait_until(lambda: isinstance(app.screen, TooSmallScreen), pilot=pilot)
    assert "60x16" in str(app.screen.query_one("#too-small", Static).render())
    await pilot.resize_terminal(80, 24)
    await wait_until(lambda: isinstance(app.screen, CriterionScreen), pilot=pilot)
    await pilot.press("space")
    assert app.assessment is not None and app.assessment.recommendation.answered == 1


async def test_crash_report_has_no_candidate_text(sessions_dir: Path) -> None:
    """An unexpected error shows where the answers are, not the notes in local variables."""
    app = make_app(sessions_dir=sessions_dir, new=("Secret candidate: Ada", "", ""))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        secret = "salary expectation " + str(123_000 + 456)  # a traceback shows source lines
        app.assessment.note("primary-outcome", secret)  # type: ignore[union-attr]
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            report = app.crash_report()
        console = Console(record=True, width=200, file=io.StringIO())
        console.print(report)
        output = console.export_text()
    assert "Answers already saved are safe in" in output and "RuntimeError: boom" in output
    assert secret not in output and "Ada" not in output.split("safe in", 1)[0]


async def test_other_writer_changes_appear_on_screen(
    bank: Bank, sessions_dir: Path, notices: list[str]
) -> None:
    """A colleague's save to the same session shows up (merged) without anyone pressing a key."""
    app = make_app(sessions_dir=sessions_dir, new=("Pair session", "", ""))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.assessment is not None
        colleague = SessionFile.open(app.assessment.path)
        colleague.session.answers = {"primary-outcome": Answer(choice="modernize")}
        colleague.save()

        def card_shows_it() -> bool:
            card = app.screen.query_one("#q-primary-outcome", QuestionCard)
            return card.answer.choice == "modernize"

        await wait_until(card_shows_it, pilot=pilot)  # the app looks once a second
        assert app.assessment.session.answers["primary-outcome"].choice == "modernize"
        # Recomputed from the merged answer (one answer names no role, but leans).
        assert app.assessment.recommendation.answered == 1
        assert app.assessment.recommendation.p_flask < 0.5
        # Said quietly: one status line, no toast (issue 11 item 4).
        line = app.screen.query_one("#remote-changes", Static)
        assert line.display and "someone changed 1 answer" in str(line.render())
        assert notices == []


async def test_escape_right_after_typing_keeps_the_note(running_app: RunningApp) -> None:
    """Keys still queued when the user leaves reach the session they belong to; no crash."""
    _, pilot, path = running_app
    await pilot.press("tab", *"late keys", "escape")
    await pilot.pause()
    assert read_session(path).answers["primary-outcome"].note == "late keys"


async def test_retired_answer_shows_on_a_card_mounted_late(
    bank: Bank, bank_copy: Path, sessions_dir: Path
) -> None:
    """Cards below the first screenful mount after the first frame; they still show it."""
    last = bank.criteria[0].questions[-1]
    assert isinstance(last, ChoiceQuestion)
    old = Assessment.start(bank, sessions_dir, "Late card")
    answer = (
        Answer(choices=[last.options[0].id])
        if last.kind == "multi"
        else Answer(choice=last.options[0].id)
    )
    old.answer(last.id, answer)
    _retire_option(bank_copy, last.options[0].id, "9.0.0")
    app = make_app(questions_dir=bank_copy, sessions_dir=sessions_dir, resume=old.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = card_text(app, last.id)
        assert f"Retired answer kept from an older bank: {last.options[0].id}" in shown


async def test_failed_saves_are_kept_in_a_recovery_copy_on_quit(
    bank: Bank, sessions_dir: Path
) -> None:
    """When the file can no longer be written, quitting keeps the answers elsewhere."""
    app = make_app(sessions_dir=sessions_dir, new=("Doomed file", "", ""))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        path = app.assessment.path  # type: ignore[union-attr]
        stranger = Assessment.start(bank, sessions_dir, "Someone else")
        path.write_bytes(stranger.path.read_bytes())  # the file now holds another session
        await pilot.press("space")
        # The status line may already say why (the once-a-second look at the file can come
        # before or after the save): the answer being held in memory is what counts.
        assert app.assessment.unsaved  # type: ignore[union-attr]
        await pilot.press("ctrl+q")
    assert app.return_code == 1
    recovered = list((sessions_dir / ".hiring-clarity" / "recovered").glob("*.toml"))
    assert len(recovered) == 1
    assert read_session(recovered[0]).answers["primary-outcome"].is_answered
    assert read_session(path).title == "Someone else", "the other session is not overwritten"


async def test_markup_in_an_error_is_shown_as_text(sessions_dir: Path, notices: list[str]) -> None:
    """Error text quoting the file (here a key named like closing markup) never breaks a toast."""
    sessions_dir.mkdir(parents=True)
    (sessions_dir / "evil-abcd1234.toml").write_text(
        'schema_version = 1\ntitle = "x"\n[answers."[/]"]\nvalue = 9\n'
    )
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down", "enter")  # from the title field down to the list
        await pilot.pause()
        assert any("[/]" in m for m in notices)
