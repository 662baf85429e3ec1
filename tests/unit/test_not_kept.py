"""Settling a conflict never loses a word: the value not kept stays in the file, in full, with
who chose the other one; its writer can be told; a sync joins both sides' records."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tui.core.bank.models import Bank
from tui.core.reports.report import render
from tui.core.session.conflicts import both_notes, newly_not_kept, settle, sides, value_text
from tui.core.session.merging import merge
from tui.core.session.models import Alternative, Answer, NotKept, Session
from tui.core.storage.reading import read_session
from tui.core.storage.session_file import SessionFile, dumps, snapshot

WHEN = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
Q = "primary-outcome"
LONG = "the board demo is on 14 March, but the real customer launch " + "waits on audit; " * 40


def _in_conflict() -> Session:
    """Ann (app aaaa1111) and Bob (app bbbb2222) wrote different notes on question q."""
    base = Session(title="Settle", id="abcd1234", answers={"q": Answer(choice="a")})
    mine = snapshot(base)
    mine.answers["q"] = Answer(
        choice="a", note="Ann: ship by May", note_by="Ann", note_at=WHEN, note_writer="aaaa1111"
    )
    theirs = snapshot(base)
    theirs.answers["q"] = Answer(
        choice="a", note=LONG, note_by="Bob", note_at=WHEN, note_writer="bbbb2222"
    )
    merged, _, both = merge(base, mine, theirs)
    assert both == ["q"]
    return merged


def test_keep_mine_keeps_their_whole_note_in_the_file_with_who_settled(tmp_path: Path) -> None:
    session = _in_conflict()
    found = sides(session.conflicts["q"], "Ann", session.answers["q"], "aaaa1111")
    assert found is not None
    settle(session, "q", found.mine, "Ann", "aaaa1111")
    assert session.answers["q"].note == "Ann: ship by May" and session.conflicts == {}
    [entry] = session.not_kept["q"]
    assert (entry.author, entry.writer, entry.note) == ("Bob", "bbbb2222", LONG)
    assert (entry.settled_by, entry.settled_writer) == ("Ann", "aaaa1111")
    assert dumps(session).startswith("schema_version = 6\n")
    back = read_session(SessionFile.create(tmp_path, session).path)
    assert back.not_kept == session.not_kept


def test_keep_both_leaves_nothing_not_kept() -> None:
    session = _in_conflict()
    found = sides(session.conflicts["q"], "Ann", session.answers["q"], "aaaa1111")
    assert found is not None
    settle(session, "q", both_notes(found), "Ann", "aaaa1111")
    assert LONG in (session.answers["q"].note or "")
    assert session.not_kept == {}
    assert not dumps(session).startswith("schema_version = 6\n")


def test_only_the_writer_whose_value_was_not_kept_is_told_with_the_whole_text() -> None:
    session = _in_conflict()
    before = dict(session.not_kept)
    found = sides(session.conflicts["q"], "Ann", session.answers["q"], "aaaa1111")
    assert found is not None
    settle(session, "q", found.mine, "Ann", "aaaa1111")
    told = newly_not_kept(before, session.not_kept, "Bob", "bbbb2222")
    assert [(qid, entry.settled_by) for qid, entry in told] == [("q", "Ann")]
    assert LONG in value_text(None, told[0][1])
    assert newly_not_kept(before, session.not_kept, "Ann", "aaaa1111") == []
    # Bob in another terminal is another writer: that app did not write the value.
    assert newly_not_kept(before, session.not_kept, "Bob", "cccc3333") == []
    assert newly_not_kept(session.not_kept, session.not_kept, "Bob", "bbbb2222") == []


def test_a_sync_keeps_every_not_kept_value_of_both_sides() -> None:
    base = _in_conflict()
    mine, theirs = snapshot(base), snapshot(base)
    found = sides(mine.conflicts["q"], "Ann", mine.answers["q"], "aaaa1111")
    assert found is not None
    settle(mine, "q", found.mine, "Ann", "aaaa1111")
    found = sides(theirs.conflicts["q"], "Bob", theirs.answers["q"], "bbbb2222")
    assert found is not None
    settle(theirs, "q", found.mine, "Bob", "bbbb2222")
    merged, _, _ = merge(base, mine, theirs)
    notes = sorted(entry.note or "" for entry in merged.not_kept["q"])
    assert notes == sorted(["Ann: ship by May", LONG])


def test_every_report_shows_the_value_not_kept_in_full(bank: Bank) -> None:
    session = _in_conflict()
    session.answers = {Q: session.answers["q"]}
    session.conflicts = {Q: session.conflicts["q"]}
    found = sides(session.conflicts[Q], "Ann", session.answers[Q], "aaaa1111")
    assert found is not None
    settle(session, Q, found.mine, "Ann", "aaaa1111")
    prompt = bank.question(Q).prompt  # type: ignore[union-attr]
    markdown = render(bank, session, "markdown")
    assert "## Not kept when a conflict was settled" in markdown
    assert f"{prompt}: Bob's value, not kept by Ann" in markdown and LONG.strip() in markdown
    assert LONG.strip() in render(bank, session, "text")
    [row] = json.loads(render(bank, session, "json"))["not_kept"]
    assert (row["author"], row["settled_by"], row["note"]) == ("Bob", "Ann", LONG)
    assert "Bob" in json.loads(render(bank, session, "json"))["contributors"]


def test_a_later_run_of_mine_sees_my_value_as_mine() -> None:
    """Ann reopens the app (a new running app): her side is still 'yours', Bob's 'theirs',
    even though Bob saved last."""
    session = _in_conflict()
    bobs_saved_last = Answer(choice="a", note=LONG, note_by="Bob")
    found = sides(session.conflicts["q"], "Ann", bobs_saved_last, "dddd4444")
    assert found is not None
    assert (found.mine.author, found.theirs.author) == ("Ann", "Bob")


def test_a_long_value_not_kept_is_cut_in_its_notice_and_says_so(bank: Bank) -> None:
    """The toast shows the first NOT_KEPT_SHOWN characters and says the rest is in the file."""
    from tui.core.session.conflicts import NOT_KEPT_SHOWN, not_kept_message

    question = bank.criteria[0].questions[0]
    at = datetime(2026, 12, 5, tzinfo=UTC)

    def bobs(note: str) -> NotKept:
        return NotKept.from_side(Alternative.of(Answer(note=note), "Bob", at), "Ann", at)

    short, long = bobs("short note"), bobs("word " * 400)
    assert "short note" in not_kept_message(question, short)
    assert "Cut here" not in not_kept_message(question, short)
    told = not_kept_message(question, long)
    assert "Cut here" in told and "all of it stays in the file" in told
    assert len(told) < NOT_KEPT_SHOWN + 400
