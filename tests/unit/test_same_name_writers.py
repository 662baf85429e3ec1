"""Two running apps under one display name (the same Unix user without ``--assessor``, or two
``--assessor Dana``) are two writers (issue 22 item 2): their conflicts keep both values, each
app's "mine" is its own, a note typed on by one never replaces the other's, and the other is
told apart by name ("Dana, another terminal")."""

from __future__ import annotations

from pathlib import Path

from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.pairing.identity import writer_id
from tui.core.session.conflicts import describe, sides
from tui.core.session.models import Answer
from tui.core.session.remote_changes import RemoteChanges
from tui.core.storage.reading import read_session

Q = "primary-outcome"
NOTE = "data-sensitivity"


def _dana(bank: Bank, path: Path) -> Assessment:
    """One app of Dana's: her name, and a writer id of its own (as the app gives each run)."""
    app = Assessment.open(bank, path)
    app.author = "Dana"
    app.writer = writer_id()
    return app


def test_a_note_typed_on_by_one_dana_keeps_the_other_danas_note(
    bank: Bank, sessions_dir: Path
) -> None:
    path = Assessment.start(bank, sessions_dir, "Same name").path
    one, two = _dana(bank, path), _dana(bank, path)
    two.note(NOTE, "xyz", seen="")  # the other terminal saves a note
    one.note(NOTE, "abc", seen="")  # this one, whose field showed nothing, typed its own
    one.refresh()
    one.note(NOTE, "abcd", seen="abc")  # and types on
    notes = {a.note for a in read_session(path).conflicts[NOTE]}
    assert notes == {"abcd", "xyz"}


def test_each_dana_keeps_her_own_pick_and_sees_the_other_as_another_terminal(
    bank: Bank, sessions_dir: Path
) -> None:
    path = Assessment.start(bank, sessions_dir, "Same name").path
    one, two = _dana(bank, path), _dana(bank, path)
    one.answer(Q, Answer(choice="mvp"))
    two.answer(Q, Answer(choice="modernize"))
    one.refresh()
    alternatives = one.session.conflicts[Q]
    mine = sides(alternatives, "Dana", one.session.answers.get(Q), one.writer)
    assert mine is not None and (mine.mine.choice, mine.theirs.choice) == ("mvp", "modernize")
    assert "theirs (Dana, another terminal," in describe(bank.question(Q), mine)
    one.settle(Q, keep_mine=True)
    assert read_session(path).answers[Q].choice == "mvp"


def test_the_other_danas_change_is_shown_as_hers_not_hidden_as_mine(
    bank: Bank, sessions_dir: Path
) -> None:
    path = Assessment.start(bank, sessions_dir, "Same name").path
    one, two = _dana(bank, path), _dana(bank, path)
    two.answer(Q, Answer(choice="modernize"))
    before = dict(one.session.answers)
    result = one.refresh()
    remote = RemoteChanges()
    assert remote.record(before, one.session.answers, result.merged, "Dana", one.writer) == 1
    assert remote.line().startswith("Dana, another terminal changed 1 answer")


def test_files_from_before_writers_still_load_and_newer_ones_say_so(
    bank: Bank, sessions_dir: Path
) -> None:
    path = Assessment.start(bank, sessions_dir, "Same name").path
    old = path.read_text(encoding="utf-8")
    assert read_session(path).answers == {}
    one = _dana(bank, path)
    one.answer(Q, Answer(choice="mvp"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("schema_version = 5\n") and f'writer = "{one.writer}"' in text
    assert read_session(path).answers[Q].writer == one.writer
    path.write_text(
        old + '\n[answers.primary-outcome]\nchoice = "mvp"\nby = "Dana"\n', encoding="utf-8"
    )
    assert read_session(path).answers[Q].by == "Dana"
