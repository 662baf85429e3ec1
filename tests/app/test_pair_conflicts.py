"""Two people changing the same answer or note: a conflict on the card, both values kept in
the file until one of them settles it (keep mine / take theirs), and remote changes summed up
in one status line instead of a toast each (issue 11 items 3 and 4)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from tests.app.helpers import card_text
from tests.conftest import wait_until
from tui.app import HiringClarityApp, make_app
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.session.models import Answer
from tui.core.storage.reading import read_session
from tui.screens.conflict import ConflictScreen
from tui.screens.criterion import CriterionScreen
from tui.widgets.note import NoteInput
from tui.widgets.question import QuestionCard

FIRST = "primary-outcome"
MULTI = "outcome-constraints"


def _bob(bank: Bank, path: Path) -> Assessment:
    """The colleague: the same file opened by another writer, saving as Bob."""
    bob = Assessment.open(bank, path)
    bob.author = "Bob"
    return bob


def _pair(bank: Bank, sessions_dir: Path) -> tuple[Path, Assessment, HiringClarityApp]:
    """A new assessment, Bob's window on it, and Ann's app."""
    path = Assessment.start(bank, sessions_dir, "Pair hire").path
    return path, _bob(bank, path), make_app(sessions_dir=sessions_dir, resume=path, author="Ann")


def _flat(app: object, question_id: str) -> str:
    return " ".join(card_text(app, question_id).split())  # type: ignore[arg-type]


async def test_both_pick_an_answer_keep_mine_settles_it(
    bank: Bank, sessions_dir: Path, notices: list[str]
) -> None:
    path = Assessment.start(bank, sessions_dir, "Pair hire").path
    bob = _bob(bank, path)  # opened before Ann answers: his base does not hold her answer
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen)
        await pilot.press("space")  # Ann picks the first option: mvp
        await wait_until(lambda: read_session(path).answers.get(FIRST) is not None, 5, "Ann")
        bob.answer(FIRST, Answer(choice="modernize"))  # Bob picks another at the same time
        saved = read_session(path)
        assert {(a.author, a.choice) for a in saved.conflicts[FIRST]} == {
            ("Ann", "mvp"),
            ("Bob", "modernize"),
        }
        await wait_until(lambda: "Both changed this" in _flat(app, FIRST), 5, "conflict shown")
        text = _flat(app, FIRST)
        assert "yours (Ann," in text and "theirs (Bob," in text
        assert "[k] keep mine" in text and "[t] take theirs" in text
        assert "changed by Bob" not in text  # Ann is on it: seen, no mark
        assert not [n for n in notices if "kept yours" in n or "merged" in n]
        await pilot.press("k")
        await wait_until(lambda: read_session(path).conflicts == {}, 5, "settled")
        assert "Both changed this" not in _flat(app, FIRST)
    saved = read_session(path)
    assert saved.answers[FIRST].choice == "mvp" and saved.answers[FIRST].by == "Ann"


async def test_both_type_a_note_take_theirs_by_click(bank: Bank, sessions_dir: Path) -> None:
    path = Assessment.start(bank, sessions_dir, "Pair hire").path
    bob = _bob(bank, path)
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "a", "b", "c")  # Ann types in the first question's note
        note = app.screen.query_one(NoteInput)
        await wait_until(
            lambda: (a := read_session(path).answers.get(FIRST)) is not None and a.note == "abc",
            5,
            "Ann's note saved",
        )
        bob.note(FIRST, "xyz")  # Bob typed his own note on the same question
        saved = read_session(path)
        assert {(a.author, a.note) for a in saved.conflicts[FIRST]} == {
            ("Ann", "abc"),
            ("Bob", "xyz"),
        }
        await wait_until(lambda: "Both changed this" in _flat(app, FIRST), 5, "conflict shown")
        # Bob's save never wrote into the note Ann is typing, nor moved her cursor.
        assert note.value == "abc" and note.cursor_position == 3 and note.has_focus
        await pilot.press("d")
        await wait_until(
            lambda: any(a.note == "abcd" for a in read_session(path).conflicts.get(FIRST, [])),
            5,
            "Ann's side follows her typing",
        )
        assert {a.note for a in read_session(path).conflicts[FIRST]} == {"abcd", "xyz"}
        assert "note \u201cabcd\u201d" in _flat(app, FIRST)
        await pilot.press("shift+tab")  # back on the card: its actions are clickable
        card = app.screen.query_one(f"#q-{FIRST}")
        rows = [line.plain for line, _ in card.lines(card.content_region.width)]  # type: ignore[attr-defined]
        row = next(i for i, text in enumerate(rows) if "[t] take theirs" in text)
        x = rows[row].index("[t] take theirs") + 2
        await pilot.click(
            f"#q-{FIRST}", offset=(card.styles.gutter.left + x, card.styles.gutter.top + row)
        )
        await wait_until(lambda: read_session(path).conflicts == {}, 5, "settled")
        assert note.value == "xyz"
    saved = read_session(path)
    assert saved.answers[FIRST].note == "xyz" and saved.answers[FIRST].note_by == "Ann"


async def test_a_hundred_remote_changes_make_one_status_line(
    bank: Bank, sessions_dir: Path, notices: list[str]
) -> None:
    path = Assessment.start(bank, sessions_dir, "Pair hire").path
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bob = _bob(bank, path)
        scale = [q for q in bank.questions if q.kind == "scale"]
        first_section = {q.id for q in bank.criteria[0].questions}
        for n in range(100):
            question = scale[n % len(scale)]
            bob.answer(question.id, Answer(value=n % 5 + 1))
            if n % 10 == 0:
                await pilot.pause()
        line = app.screen.query_one("#remote-changes", Static)
        await wait_until(
            lambda: line.display and "Bob changed" in str(line.render()), 5, "the status line"
        )
        text = str(line.render())
        assert text.count("Bob changed") == 1 and "\n" not in text
        assert f"Bob changed {len(scale)} answers" in text and "s ago" in text
        assert notices == [], "a toast for a remote change"
        marked = [
            c
            for c in app.screen.query(".question")
            if "changed by Bob" in _flat(app, c.id[2:])  # type: ignore[index]
        ]
        assert marked and all(c.id[2:] in first_section for c in marked)  # type: ignore[index]
        marked[0].focus()  # seen: its mark goes
        await wait_until(
            lambda: "changed by Bob" not in _flat(app, marked[0].id[2:]),  # type: ignore[index]
            5,
            "the mark goes once seen",
        )


async def test_a_conflict_a_sync_recorded_has_the_same_actions(
    bank: Bank, sessions_dir: Path
) -> None:
    """Two other people's values from a sync: 'mine' is the one the answer holds; t takes
    the other and the entry goes."""
    from datetime import UTC, datetime

    from tui.core.session.models import Alternative

    when = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
    started = Assessment.start(bank, sessions_dir, "Synced hire")
    started.answer(FIRST, Answer(choice="mvp"))
    started.session.conflicts = {
        FIRST: [
            Alternative.of(Answer(choice="mvp"), "Cy", when),
            Alternative.of(Answer(choice="modernize"), "Di", when),
        ]
    }
    started.save()
    app = make_app(sessions_dir=sessions_dir, resume=started.path, author="Ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = _flat(app, FIRST)
        assert "yours (Cy," in text and "theirs (Di," in text and "[t] take theirs" in text
        await pilot.press("t")
        await wait_until(lambda: read_session(started.path).conflicts == {}, 5, "settled")
    assert read_session(started.path).answers[FIRST].choice == "modernize"


async def test_ticks_by_two_people_are_both_kept_and_a_third_adds_to_them(
    bank: Bank, sessions_dir: Path
) -> None:
    """Issue 22 item 1: Ann and Bob tick different boxes; Ann's next tick ended the app.
    Since issue 25 both ticks are kept (no conflict), and Ann's next tick adds to them."""
    path, bob, app = _pair(bank, sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        card = app.screen.query_one(f"#q-{MULTI}", QuestionCard)
        card.focus_answer()
        await pilot.press("space")  # Ann ticks the first box: launch-date
        await wait_until(lambda: read_session(path).answers.get(MULTI) is not None, 5, "Ann")
        bob.answer(MULTI, Answer(choices=["audit-trail"]))  # Bob ticks another meanwhile
        ticked = {"launch-date", "audit-trail"}  # issue 25: ticks merge as their union
        await wait_until(lambda: set(_ticks(path, MULTI)) == ticked, 5, "both ticks kept")
        await pilot.press("down", "down", "space")  # Ann ticks another box
        await wait_until(lambda: "multi-region" in _ticks(path, MULTI), 5, "Ann's next tick")
        assert app.is_running and read_session(path).conflicts == {}
    answer = read_session(path).answers[MULTI]
    assert answer.by == "Ann" and set(answer.choices or []) == {*ticked, "multi-region"}


async def test_a_tick_taken_in_while_mine_waits_to_be_saved_stays_on_card_and_in_file(
    bank: Bank, sessions_dir: Path
) -> None:
    """Bob's save is taken in between Ann's tick and its save (the race two real apps hit
    one time in six): the card does not drop Ann's tick, shows both once saved, and the
    quit that follows writes no stale set over the file."""
    path, bob, app = _pair(bank, sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        card = app.screen.query_one(f"#q-{MULTI}", QuestionCard)
        card.focus_answer()
        await pilot.pause()
        bob.answer(MULTI, Answer(choices=["audit-trail"]))
        card.action_pick()  # Ann ticks launch-date: its save is queued...
        app.keeper.take_in_other_writers()  # ...behind Bob's save, taken in now
        ticked = {"launch-date", "audit-trail"}
        await wait_until(lambda: set(_ticks(path, MULTI)) == ticked, 5, "both ticks saved")
        await pilot.pause()
        assert set(card.answer.choices or []) == ticked and set(card.chosen) == ticked
        await pilot.press("ctrl+q")
    assert set(_ticks(path, MULTI)) == ticked and read_session(path).conflicts == {}


async def test_a_pick_over_a_colleagues_newer_pick_keeps_both_as_a_conflict(
    bank: Bank, sessions_dir: Path
) -> None:
    """Bob's pick is taken in between Ann's pick and its save: Ann's card never showed
    Bob's, so hers does not silently replace it; both are kept, with who picked each."""
    path = Assessment.start(bank, sessions_dir, "Pair hire").path
    bob = _bob(bank, path)
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        card = app.screen.query_one(f"#q-{FIRST}", QuestionCard)
        bob.answer(FIRST, Answer(choice="modernize"))
        card.action_pick()  # Ann picks mvp, over the empty answer her card shows
        app.keeper.take_in_other_writers()
        await wait_until(lambda: FIRST in read_session(path).conflicts, 5, "conflict kept")
        saved = read_session(path)
        assert saved.answers[FIRST].choice == "mvp"
        assert {(a.author, a.choice) for a in saved.conflicts[FIRST]} == {
            ("Ann", "mvp"),
            ("Bob", "modernize"),
        }
        await wait_until(lambda: "Both changed this" in _flat(app, FIRST), 5, "conflict shown")


def _ticks(path: Path, question_id: str) -> list[str]:
    answer = read_session(path).answers.get(question_id)
    return (answer.choices or []) if answer else []


async def _notes_in_conflict(pilot: Pilot[int], path: Path, bob: Assessment, note: str) -> None:
    """Ann types "abc" in the first question's note, then Bob saves ``note`` there too."""
    await pilot.press("tab", "a", "b", "c")
    await wait_until(
        lambda: (a := read_session(path).answers.get(FIRST)) is not None and a.note == "abc",
        5,
        "Ann's note saved",
    )
    bob.note(FIRST, note)
    await wait_until(lambda: "Both changed this" in _flat(pilot.app, FIRST), 5, "conflict shown")


async def test_both_type_a_note_keep_both_joins_them_with_their_authors(
    bank: Bank, sessions_dir: Path
) -> None:
    """Issue 25 item 3: nobody's words are dropped: `b` keeps both notes, each named."""
    path = Assessment.start(bank, sessions_dir, "Pair hire").path
    bob = _bob(bank, path)
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        long_note = "the board demo is on 14 March, but the real customer launch " * 3
        await _notes_in_conflict(pilot, path, bob, long_note)
        assert "[b] keep both notes" in _flat(app, FIRST)
        await pilot.press("shift+tab", "b")
        await wait_until(lambda: read_session(path).conflicts == {}, 5, "settled")
    saved = read_session(path).answers[FIRST]
    assert saved.note == f"Ann: abc\n\nBob: {long_note}"


async def test_the_whole_of_both_notes_is_read_before_keeping_mine(
    bank: Bank, sessions_dir: Path
) -> None:
    """Issue 25 item 3: Bob's long note is readable in full before Ann keeps hers; after `k`
    every word of it stays in the file, marked as not kept by Ann."""
    path = Assessment.start(bank, sessions_dir, "Pair hire").path
    bob = _bob(bank, path)
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Ann")
    long_note = "the board demo is on 14 March, but the real customer launch waits " * 8
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _notes_in_conflict(pilot, path, bob, long_note)
        assert long_note.strip() not in _flat(app, FIRST)  # the card shows a line of it
        await pilot.press("shift+tab", "v")
        await wait_until(lambda: isinstance(app.screen, ConflictScreen), 5, "full view")
        shown = " ".join(str(v.render()) for v in app.screen.query(".conflict-value"))
        assert long_note.strip() in " ".join(shown.split()) and "abc" in shown
        whose = " ".join(str(v.render()) for v in app.screen.query(".conflict-who"))
        assert "yours (Ann," in whose and "theirs (Bob," in whose
        await pilot.press("k")
        await wait_until(lambda: read_session(path).conflicts == {}, 5, "settled")
        assert isinstance(app.screen, CriterionScreen)
    saved = read_session(path)
    assert saved.answers[FIRST].note == "abc"
    [kept_aside] = saved.not_kept[FIRST]
    assert (kept_aside.author, kept_aside.note, kept_aside.settled_by) == ("Bob", long_note, "Ann")


async def test_the_writer_whose_note_was_not_kept_is_told_with_its_text(
    bank: Bank, sessions_dir: Path, notices: list[str]
) -> None:
    """Bob's app is running when Ann keeps her note over his: Bob sees his own words."""
    path = Assessment.start(bank, sessions_dir, "Pair hire").path
    ann = Assessment.open(bank, path)
    ann.author, ann.writer = "Ann", "aaaa1111"
    app = make_app(sessions_dir=sessions_dir, resume=path, author="Bob")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("tab", *"my words here")
        await wait_until(
            lambda: (
                (a := read_session(path).answers.get(FIRST)) is not None
                and a.note == "my words here"
            ),
            5,
            "Bob's note saved",
        )
        ann.note(FIRST, "Ann's view", seen="")  # typed over the empty note Ann's field showed
        assert FIRST in read_session(path).conflicts
        ann.settle(FIRST, keep_mine=True)
        await wait_until(lambda: any("did not keep yours" in n for n in notices), 5, "Bob told")
    [told] = [n for n in notices if "did not keep yours" in n]
    assert told.startswith("Ann settled the conflict") and "my words here" in told
