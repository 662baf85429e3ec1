"""Identity and per-part merges (issue 11 items 1 and 3): who changed each answer and note,
schema 4 read and older files still read, a pick and a note merged apart, conflicts settled."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tui.core.bank.models import Bank, ChoiceQuestion
from tui.core.session.answering import set_answer, set_note
from tui.core.session.conflicts import settle, sides
from tui.core.session.merging import merge
from tui.core.session.models import Alternative, Answer, Session
from tui.core.session.remote_changes import RemoteChanges
from tui.core.storage.reading import read_session
from tui.core.storage.session_file import SessionFile, dumps, snapshot

WHEN = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
Q = "primary-outcome"


def test_answers_and_notes_record_who_and_when_as_schema_4(bank: Bank, tmp_path: Path) -> None:
    session = Session(title="Who")
    set_answer(bank, session, Q, Answer(choice="mvp"), "Ann")
    set_note(session, Q, "ask about scaling", "Bob")
    answer = session.answers[Q]
    assert (answer.by, answer.note_by) == ("Ann", "Bob")
    assert answer.at is not None and answer.note_at is not None
    text = dumps(session)
    assert text.startswith("schema_version = 4\n") and 'note_by = "Bob"' in text
    path = SessionFile.create(tmp_path, session).path
    back = read_session(path).answers[Q]
    assert (back.by, back.at, back.note_by) == ("Ann", answer.at, "Bob")


def test_older_files_read_and_stay_older_without_an_author(bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "old-abcd1234.toml"
    path.write_text(
        'schema_version = 1\nid = "abcd1234"\ntitle = "Old"\n'
        '[answers.primary-outcome]\nchoice = "mvp"\n',
        encoding="utf-8",
    )
    session = read_session(path)
    assert session.answers[Q].choice == "mvp" and session.answers[Q].by is None
    set_note(session, Q, "no author here")
    assert dumps(session).startswith("schema_version = 1\n")


def _session(**answers: Answer) -> Session:
    return Session(title="Merge", id="abcd1234", answers=dict(answers))


def test_a_pick_and_a_note_on_one_question_by_two_people_both_arrive() -> None:
    base = _session(q=Answer(choice="a"))
    mine = snapshot(base)
    mine.answers["q"] = Answer(choice="a", note="mine", note_by="Ann")
    theirs = snapshot(base)
    theirs.answers["q"] = Answer(choice="b", by="Bob")
    merged, took, both = merge(base, mine, theirs)
    assert merged.answers["q"] == Answer(choice="b", note="mine")
    assert merged.answers["q"].by == "Bob" and merged.answers["q"].note_by == "Ann"
    assert both == [] and merged.conflicts == {} and took == ["q"]


def test_the_same_note_changed_on_both_sides_keeps_both_until_settled() -> None:
    base = _session(q=Answer(choice="a"))
    mine = snapshot(base)
    mine.answers["q"] = Answer(choice="a", note="abc", note_by="Ann", note_at=WHEN)
    theirs = snapshot(base)
    theirs.answers["q"] = Answer(choice="a", note="xyz", note_by="Bob", note_at=WHEN)
    merged, _, both = merge(base, mine, theirs)
    assert both == ["q"]
    assert [(a.author, a.note) for a in merged.conflicts["q"]] == [("Ann", "abc"), ("Bob", "xyz")]
    found = sides(merged.conflicts["q"], "Ann", merged.answers["q"])
    assert found is not None and found.theirs.author == "Bob"
    settle(merged, "q", found.theirs, "Ann")
    assert merged.answers["q"].note == "xyz" and merged.answers["q"].choice == "a"
    assert merged.conflicts == {}


def test_a_sync_conflict_between_two_others_keeps_the_answer_shown_as_mine() -> None:
    """A conflict two git authors left: 'mine' is the value the answer holds now."""
    alternatives = [
        Alternative.of(Answer(choice="x"), "Cy", WHEN),
        Alternative.of(Answer(choice="y"), "Di", WHEN),
    ]
    found = sides(alternatives, "Ann", Answer(choice="y"))
    assert found is not None and (found.mine.author, found.theirs.author) == ("Di", "Cy")


def test_a_hundred_changes_make_one_line_and_seen_ones_lose_their_mark() -> None:
    now = [100.0]
    remote = RemoteChanges(clock=lambda: now[0])
    before: dict[str, Answer] = {}
    after = {f"q{n}": Answer(value=n % 5 + 1, by="Bob") for n in range(100)}
    after["n"] = Answer(note="hi", note_by="Cy")
    assert remote.record(before, after, [*after]) == 101
    now[0] = 102.0
    assert remote.line() == "Bob changed 100 answers, 2 s ago; Cy changed 1 note, 2 s ago"
    assert remote.seen("q1") and not remote.seen("q1")
    assert "q1" not in remote.unseen() and len(remote.unseen()) == 100
    assert remote.record(after, {"q1": Answer(value=1, by="Ann")}, ["q1"], me="Ann") == 0


def test_the_scorecard_names_everyone_who_answered_in_a_pairing(bank: Bank) -> None:
    from tui.core.reports.scorecard import contributors

    session = Session(title="Pair", assessor="Ann")
    set_answer(bank, session, Q, Answer(choice="mvp"), "Bob")
    set_note(session, "sla-strictness", "strict", "Cy")
    assert contributors(session) == ["Ann", "Bob", "Cy"]


def test_ticking_again_on_a_tick_any_question_in_conflict_settles_it(bank: Bank) -> None:
    """Issue 22 item 1: a conflict between two lists of ticks, then a tick, crashed with
    ``TypeError: unhashable type: 'list'``."""
    multi = "outcome-constraints"
    session = Session(title="Ticks", id="abcd1234")
    set_answer(bank, session, multi, Answer(choices=["launch-date"]), "Ann")
    session.conflicts = {
        multi: [
            Alternative(author="Ann", at=WHEN, choices=["launch-date"]),
            Alternative(author="Bob", at=WHEN, choices=["audit-trail"]),
        ]
    }
    set_answer(bank, session, multi, Answer(choices=["launch-date", "peak-traffic"]), "Ann")
    assert session.answers[multi].choices == ["launch-date", "peak-traffic"]
    assert session.conflicts == {}


def test_ticks_both_changed_merge_as_a_union_never_a_conflict() -> None:
    """Issue 25 item 3: Ann ticks one box and unticks another, Bob ticks a third."""
    base = _session(q=Answer(choices=["a", "b"]))
    mine = snapshot(base)
    mine.answers["q"] = Answer(choices=["b", "c"], by="Ann")
    theirs = snapshot(base)
    theirs.answers["q"] = Answer(choices=["a", "b", "d"], by="Bob")
    merged, took, both = merge(base, mine, theirs)
    assert merged.answers["q"].choices == ["b", "c", "d"]
    assert both == [] and merged.conflicts == {}
    assert "q" in took


def test_identical_notes_written_by_both_are_not_a_conflict() -> None:
    base = _session(q=Answer(choice="a"))
    mine = snapshot(base)
    mine.answers["q"] = Answer(choice="a", note="same words", note_by="Ann")
    theirs = snapshot(base)
    theirs.answers["q"] = Answer(choice="a", note="same words", note_by="Bob")
    merged, _, both = merge(base, mine, theirs)
    assert both == [] and merged.conflicts == {}
    assert merged.answers["q"].note == "same words"


def test_a_save_that_takes_in_a_colleague_writes_once_and_counts_both(
    bank: Bank, tmp_path: Path
) -> None:
    """Merging costs no second write: the summary is recounted before the one write."""
    from tui.core.assessment import Assessment, summarize
    from tui.core.verdict.engine import recommend

    first, second = bank.criteria[0].questions[0], bank.criteria[1].questions[0]
    assert isinstance(first, ChoiceQuestion) and isinstance(second, ChoiceQuestion)
    mine = Assessment.start(bank, tmp_path, "One write")
    theirs = Assessment.open(bank, mine.path)
    theirs.answer(first.id, Answer(choice=first.options[0].id))
    before = read_session(mine.path).revision
    result = mine.answer(second.id, Answer(choice=second.options[0].id))
    saved = read_session(mine.path)
    assert result.merged == [first.id]
    assert saved.revision == before + 1
    assert set(saved.answers) == {first.id, second.id}
    assert saved.summary == summarize(recommend(bank, saved.answers))
    assert mine.recommendation == recommend(bank, saved.answers)


def test_ticks_given_over_a_stale_card_keep_the_colleagues_tick(bank: Bank, tmp_path: Path) -> None:
    """A colleague's tick taken in while my card still showed the old set: my tick (given
    over what the card showed) joins theirs instead of replacing it."""
    from tui.core.assessment import Assessment

    question = next(
        q
        for c in bank.criteria
        for q in c.questions
        if isinstance(q, ChoiceQuestion) and q.kind == "multi" and q.show_if is None
    )
    first, second = [o.id for o in question.options if not o.exclusive][:2]
    mine = Assessment.start(bank, tmp_path, "Stale card")
    theirs = Assessment.open(bank, mine.path)
    theirs.answer(question.id, Answer(choices=[first]))
    mine.refresh()  # taken in; the card has not been redrawn yet
    mine.answer(question.id, Answer(choices=[second]), seen=Answer())
    assert set(read_session(mine.path).answers[question.id].choices or []) == {first, second}
    # Unticking what the card showed still unticks it.
    mine.answer(question.id, Answer(choices=[first]), seen=Answer(choices=[second, first]))
    assert read_session(mine.path).answers[question.id].choices == [first]


def test_a_pick_over_a_stale_card_keeps_the_colleagues_pick_as_a_conflict(
    bank: Bank, tmp_path: Path
) -> None:
    """A single choice given over a card that never showed the colleague's newer pick: mine
    is the answer, both are kept with who picked each; a card that showed theirs, or the
    same pick, makes no conflict."""
    from tui.core.assessment import Assessment

    question = bank.criteria[0].questions[0]
    assert isinstance(question, ChoiceQuestion) and question.kind == "single"
    first, second, third = (o.id for o in question.options[:3])
    mine = Assessment.start(bank, tmp_path, "Stale pick")
    mine.author = "Ann"
    theirs = Assessment.open(bank, mine.path)
    theirs.author = "Bob"
    theirs.answer(question.id, Answer(choice=first))
    mine.refresh()  # taken in; the card has not been redrawn yet
    mine.answer(question.id, Answer(choice=second), seen=Answer())
    saved = read_session(mine.path)
    assert saved.answers[question.id].choice == second
    assert {(a.author, a.choice) for a in saved.conflicts[question.id]} == {
        ("Ann", second),
        ("Bob", first),
    }
    mine.settle(question.id, keep_mine=True)
    mine.answer(question.id, Answer(choice=third), seen=Answer(choice=second))
    mine.answer(question.id, Answer(choice=third), seen=Answer())  # the same pick as the file
    assert question.id not in read_session(mine.path).conflicts
