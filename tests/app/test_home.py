"""The home screen: list, filter, delete, damaged files and their backups."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from tui.app import make_app
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.session.models import Answer
from tui.core.storage.listing import session_files
from tui.core.storage.reading import read_session
from tui.core.storage.session_file import backup_path
from tui.screens.confirm import ConfirmScreen
from tui.screens.criterion import CriterionScreen
from tui.screens.home import HomeScreen
from tui.widgets.title_bar import TitleBar


def _table(app) -> DataTable:
    return app.screen.query_one("#sessions", DataTable)


def _cells(app) -> list[str]:
    table = _table(app)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def _loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_lists_newest_first_and_filters_by_typing(bank: Bank, sessions_dir: Path) -> None:
    older = Assessment.start(bank, sessions_dir, "Payments API hire")
    newer = Assessment.start(bank, sessions_dir, "Checkout BFF hire")
    newer.answer("primary-outcome", Answer(choice="mvp"))
    assert newer.session.updated >= older.session.updated
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        assert _cells(app) == ["Checkout BFF hire", "Payments API hire"]
        await pilot.press("down", "slash", *"payments")
        assert isinstance(app.focused, Input)
        assert _cells(app) == ["Payments API hire"]
        await pilot.press("enter")
        assert app.focused is _table(app)
        await pilot.press("enter")
        assert isinstance(app.screen, CriterionScreen)
        assert app.assessment is not None
        assert app.assessment.session.title == "Payments API hire"


async def test_delete_asks_first_and_keeps_a_copy(bank: Bank, sessions_dir: Path) -> None:
    Assessment.start(bank, sessions_dir, "To be deleted")
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        _table(app).focus()
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert session_files(sessions_dir), "cancel keeps the file"
        await pilot.press("d")
        await pilot.press("y")
        await _loaded(pilot)
        assert session_files(sessions_dir) == []
        assert _cells(app) == []
        empty = app.screen.query_one("#empty", Static)
        assert "No saved assessments" in str(empty.render())
    assert list((sessions_dir / ".hiring-clarity" / "deleted").glob("*.toml"))


async def test_damaged_file_is_listed_with_its_error_and_restored(
    bank: Bank, sessions_dir: Path
) -> None:
    """A damaged file shows its reason; choosing it offers the last good backup."""
    good = Assessment.start(bank, sessions_dir, "Backed up")
    good.answer("primary-outcome", Answer(choice="mvp"))
    good.answer("sla-strictness", Answer(value=4))
    assert backup_path(good.path).exists()
    good.path.write_bytes(b"\x00\x01 not toml at all \xff")
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        row = _table(app).get_row_at(0)
        assert "DAMAGED" in str(row[3]) and "not a text file" in str(row[3])
        _table(app).focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen)
    restored = read_session(good.path)
    assert restored.answers["primary-outcome"].choice == "mvp"
    aside = list((sessions_dir / ".hiring-clarity" / "damaged").iterdir())
    assert aside and aside[0].read_bytes().startswith(b"\x00\x01")


async def test_damaged_file_without_backup_is_reported_not_fatal(
    sessions_dir: Path, notices: list[str]
) -> None:
    sessions_dir.mkdir(parents=True)
    (sessions_dir / "broken-abcd1234.toml").write_text("schema_version = 99\ntitle = 'x'\n")
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        _table(app).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("newer hiring-clarity" in m for m in notices)
    assert (sessions_dir / "broken-abcd1234.toml").read_text().startswith("schema_version = 99")


async def test_read_only_open_never_writes(
    bank: Bank, sessions_dir: Path, notices: list[str]
) -> None:
    """Read-only means the answers cannot be changed: a pick or a note is refused with a
    message, every screen says READ-ONLY, and an export shows the answers as saved."""
    assessment = Assessment.start(bank, sessions_dir, "Look only")
    assessment.answer("primary-outcome", Answer(choice="mvp", note="saved note"))
    before = assessment.path.read_bytes()
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        _table(app).focus()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen)
        assert "READ-ONLY" in str(app.screen.query_one("#section-header").render())
        await pilot.press("down", "space", "tab", *"changed", "backspace")
        await pilot.pause()
        assert any("Read-only" in m for m in notices)
        assert app.screen.query_one("#note", Input).value == "saved note"
        await pilot.press("tab", "3", "space")
        await pilot.pause()
        assert app.assessment is not None
        assert app.assessment.session.answers == read_session(assessment.path).answers
        assert app.assessment.recommendation.answered == 1
        await pilot.press("s", "j")
        await pilot.pause()
        assert "READ-ONLY" in str(app.screen.query_one(TitleBar).render())
        assert app.screen.query_one("#summary-read-only")
    report = json.loads(
        assessment.path.with_name(assessment.path.stem + ".report.json").read_text()
    )
    assert report["answered"] == 1
    assert assessment.path.read_bytes() == before


async def test_home_as_the_first_screen_is_laid_out_like_any_other(sessions_dir: Path) -> None:
    """Home is the app's first (base) screen: its styles apply, so the form is one row with
    every field and the Start button on screen (a regression: they were pushed off it)."""
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen.region
        start = app.screen.query_one("#start").region
        fields = [app.screen.query_one(f"#{name}").region for name in ("title", "role")]
        assert start.width > 0 and screen.contains_region(start)
        assert all(f.y == start.y for f in fields), "title, role and Start share one row"


def _age(path: Path, updated: str) -> None:
    """Set a saved session's "updated" time back, as if it was last changed then."""
    text = path.read_text()
    start = text.index("\nupdated = ") + 1
    end = text.index("\n", start)
    path.write_text(text[:start] + f"updated = {updated}" + text[end:])


async def test_browsing_an_assessment_keeps_its_place_in_the_list(
    bank: Bank, sessions_dir: Path
) -> None:
    """Opening a session and moving through its sections saves the position, but only a
    change of an answer, a note or the title makes it "updated" (and moves it up the list)."""
    older = Assessment.start(bank, sessions_dir, "Older hire")
    newer = Assessment.start(bank, sessions_dir, "Newer hire")
    _age(older.path, "2024-01-01T09:00:00Z")
    _age(newer.path, "2024-06-01T09:00:00Z")
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        assert _cells(app) == ["Newer hire", "Older hire"]
        _table(app).focus()
        await pilot.press("down", "enter")
        assert isinstance(app.screen, CriterionScreen)
        await pilot.press("down", "tab", "tab", "n", "n", "s", "escape")
        await _loaded(pilot)
        assert _cells(app) == ["Newer hire", "Older hire"]
        browsed = read_session(older.path)
        assert browsed.position.summary, "the position is still saved"
        assert browsed.updated.isoformat() == "2024-01-01T09:00:00+00:00"
        _table(app).focus()
        await pilot.press("end", "enter")
        assert app.assessment is not None and app.assessment.path == older.path
        await pilot.press("1", "space", "escape")
        await _loaded(pilot)
        assert _cells(app) == ["Older hire", "Newer hire"], "an answer is an update"


async def test_typing_on_home_goes_to_the_title_field(bank: Bank, sessions_dir: Path) -> None:
    """With saved sessions listed, typing still starts a new assessment: letters that are list
    commands (o opens read-only, d deletes) are part of the title. Down goes to the list."""
    Assessment.start(bank, sessions_dir, "Existing hire")
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await pilot.press(*"Backend lead for orders", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen)
        assert app.assessment is not None and not app.assessment.read_only
        assert app.assessment.session.title == "Backend lead for orders"
        await pilot.press("escape")
        await _loaded(pilot)
        assert isinstance(app.focused, Input) and app.focused.id == "title"
        await pilot.press("down")
        assert app.focused is _table(app)
        await pilot.press("enter")
        assert isinstance(app.screen, CriterionScreen)
    assert sorted(read_session(p).title for p in session_files(sessions_dir)) == [
        "Backend lead for orders",
        "Existing hire",
    ]


async def test_a_field_left_shows_its_text_from_the_first_character(sessions_dir: Path) -> None:
    """Typed at the end, a field scrolls to keep the cursor in view; left, it shows the text
    from its start ("Backend engineer", never "ackend engineer"), at 80 and 100 columns."""
    for size in ((80, 24), (100, 30)):
        app = make_app(sessions_dir=sessions_dir)
        async with app.run_test(size=size) as pilot:
            await _loaded(pilot)
            await pilot.press("tab", *"Backend engineer, platform and payments", "tab")
            await pilot.pause()
            role = app.screen.query_one("#role", Input)
            assert role.value == "Backend engineer, platform and payments"
            assert role.scroll_x == 0, f"scrolled {role.scroll_x} cells in at {size}"
            assert app.focused is not None and app.focused.id == "assessor"


async def test_long_titles_stay_readable_and_linked_copies_distinct(bank: Bank, sessions_dir: Path):
    """A sealed pair of linked copies of a long title: at 100 columns the title column keeps
    most of its width (the "sealed" line is cut instead), and each copy shows its assessor."""
    from tui.core.linked.copies import copy_assessment

    title = "Payments API platform modernisation hire"
    first = Assessment.start(bank, sessions_dir, title, assessor="Maya (CTO)")
    copy_assessment(bank, first.path, "Lee")
    for size, least in (((100, 30), 30), ((80, 24), 20)):
        app = make_app(sessions_dir=sessions_dir)
        async with app.run_test(size=size) as pilot:
            await _loaded(pilot)
            table = _table(app)
            width = next(iter(table.columns.values())).width
            assert width >= least, f"title column {width} wide at {size}"
            cells = sorted(_cells(app))
            assert len(set(cells)) == 2 and all(len(c) <= width for c in cells), cells
            assert cells[0].endswith(" · Lee") and cells[1].endswith(" · Maya (CTO)"), cells
