"""The session model's rules: what an answer may hold, when a question is shown, what counts."""

from __future__ import annotations

from dataclasses import asdict, replace

import pytest

from tui.core.bank.constraints import FieldError
from tui.core.bank.models import ShowIf
from tui.core.session.answering import (
    answer_fits,
    condition_holds,
    is_visible,
    progress,
    retired_answers,
    set_answer,
    set_note,
    unanswered,
    visible_questions,
)
from tui.core.session.models import Answer, Session


@pytest.fixture
def session() -> Session:
    return Session(title="Payments API hire")


@pytest.mark.parametrize("value", [0, 6, -1, 100])
def test_scale_value_outside_one_to_five_is_refused(value):
    """A scale answer is 1..5; anything else never gets into a session."""
    with pytest.raises(FieldError, match="value"):
        Answer(value=value)


@pytest.mark.parametrize("value", [1, 3, 5])
def test_scale_values_in_range_are_kept(bank, session, value):
    """Both ends and the middle of the scale are valid answers."""
    set_answer(bank, session, "sla-strictness", Answer(value=value))
    assert session.answers["sla-strictness"].value == value


def test_lone_surrogate_in_title_is_refused(session):
    """A title that cannot be written as UTF-8 fails at once, naming the field, not on save."""
    with pytest.raises(ValueError) as caught:
        Session(title="Hire \ud800 now")
    assert "title" in str(caught.value)
    assert "unicode" in str(caught.value).lower()
    with pytest.raises(ValueError, match="title"):
        session.title = "bad \udfff"
    assert session.title == "Payments API hire"


def test_lone_surrogate_in_note_is_refused(bank, session):
    """Notes are checked the same way, through set_note too."""
    with pytest.raises(ValueError, match="note"):
        Answer(note="x\ud83d")
    with pytest.raises(ValueError):
        set_note(session, "primary-outcome", "x\ud83d")
    assert "primary-outcome" not in session.answers


def test_empty_and_overlong_titles_are_refused():
    """A session needs a title, and a title is short enough to show in a list."""
    with pytest.raises(FieldError):
        Session(title="")
    with pytest.raises(FieldError):
        Session(title="x" * 201)
    assert Session(title="x" * 200).title == "x" * 200


def test_set_answer_rejects_an_unknown_option(bank, session):
    """An option the question does not have is refused and the session is left as it was."""
    set_answer(bank, session, "primary-outcome", Answer(choice="mvp"))
    with pytest.raises(ValueError, match="primary-outcome"):
        set_answer(bank, session, "primary-outcome", Answer(choice="no-such-option"))
    assert session.answers["primary-outcome"].choice == "mvp"
    with pytest.raises(ValueError):
        set_answer(bank, session, "outcome-constraints", Answer(choices=["launch-date", "nope"]))
    assert "outcome-constraints" not in session.answers


def test_set_answer_rejects_the_wrong_kind_and_unknown_questions(bank, session):
    """A scale value for a choice question, a choice for a scale, or an unknown id: refused."""
    with pytest.raises(ValueError):
        set_answer(bank, session, "primary-outcome", Answer(value=3))
    with pytest.raises(ValueError):
        set_answer(bank, session, "sla-strictness", Answer(choice="mvp"))
    with pytest.raises(ValueError):
        set_answer(bank, session, "outcome-constraints", Answer(choice="launch-date"))
    with pytest.raises(KeyError):
        set_answer(bank, session, "no-such-question", Answer(choice="mvp"))
    assert session.answers == {}


def test_set_answer_keeps_an_existing_note(bank, session):
    """Changing the choice does not throw away what the assessor wrote."""
    set_note(session, "primary-outcome", "CTO insists on Q3")
    set_answer(bank, session, "primary-outcome", Answer(choice="mvp"))
    set_answer(bank, session, "primary-outcome", Answer(choice="modernize"))
    kept = session.answers["primary-outcome"]
    assert (kept.choice, kept.note) == ("modernize", "CTO insists on Q3")


def test_set_answer_with_a_note_replaces_the_note(bank, session):
    """An answer that brings its own note wins over the old one."""
    set_note(session, "primary-outcome", "old")
    set_answer(bank, session, "primary-outcome", Answer(choice="mvp", note="new"))
    assert session.answers["primary-outcome"].note == "new"


def test_set_note_and_clear(bank, session):
    """A note alone is stored; clearing it keeps the choice; clearing both removes the entry."""
    set_note(session, "data-sensitivity", "ask legal")
    assert session.answers["data-sensitivity"] == Answer(note="ask legal")
    assert not session.answers["data-sensitivity"].is_answered
    set_answer(bank, session, "data-sensitivity", Answer(choice="regulated"))
    set_note(session, "data-sensitivity", "")
    assert session.answers["data-sensitivity"] == Answer(choice="regulated")
    set_answer(bank, session, "data-sensitivity", Answer())
    assert "data-sensitivity" not in session.answers


def test_clearing_a_note_on_an_unanswered_question_leaves_no_entry(bank, session):
    """set_note with an empty text on a fresh question does not store an empty answer."""
    set_note(session, "data-sensitivity", "draft")
    set_note(session, "data-sensitivity", "")
    assert session.answers == {}


def test_multi_choices_are_deduplicated_in_bank_order(bank, session):
    """Choices come back once each, in the order the bank lists the options."""
    set_answer(
        bank,
        session,
        "outcome-constraints",
        Answer(choices=["peak-traffic", "launch-date", "peak-traffic", "audit-trail"]),
    )
    assert session.answers["outcome-constraints"].choices == [
        "launch-date",
        "audit-trail",
        "peak-traffic",
    ]


def test_empty_multi_answer_is_unanswered(bank, session):
    """Unticking every box leaves the question unanswered (and keeps its note)."""
    set_answer(bank, session, "outcome-constraints", Answer(choices=["launch-date"]))
    set_answer(bank, session, "outcome-constraints", Answer(choices=[]))
    assert "outcome-constraints" not in session.answers
    set_note(session, "outcome-constraints", "tbd")
    set_answer(bank, session, "outcome-constraints", Answer(choices=[]))
    assert session.answers["outcome-constraints"].note == "tbd"
    assert not session.answers["outcome-constraints"].is_answered


def test_show_if_on_a_choice(bank):
    """A follow-up is shown only while its trigger option is chosen."""
    follow_up = bank.question("scale-bottleneck")
    assert not is_visible(follow_up, {})
    assert not is_visible(follow_up, {"primary-outcome": Answer(choice="mvp")})
    assert not is_visible(follow_up, {"primary-outcome": Answer(note="only a note")})
    assert is_visible(follow_up, {"primary-outcome": Answer(choice="scale-api")})
    assert is_visible(bank.question("primary-outcome"), {})


def test_show_if_on_a_multi_choice():
    """any_of holds when any ticked box is one of the listed options."""
    rule = ShowIf(question="q", any_of=["b", "c"])
    assert condition_holds(rule, Answer(choices=["a", "c"]))
    assert not condition_holds(rule, Answer(choices=["a"]))
    assert not condition_holds(rule, Answer(choices=[]))


@pytest.mark.parametrize(
    ("at_least", "at_most", "shown_for"),
    [(4, None, {4, 5}), (None, 2, {1, 2}), (2, 3, {2, 3}), (3, 3, {3})],
)
def test_show_if_on_a_scale(bank, at_least, at_most, shown_for):
    """at_least / at_most bound the scale value, inclusive at both ends."""
    rule = ShowIf(question="sla-strictness", at_least=at_least, at_most=at_most)
    question = replace(bank.question("ui-collaboration"), show_if=rule)
    for value in range(1, 6):
        answers = {"sla-strictness": Answer(value=value)}
        assert is_visible(question, answers) == (value in shown_for), value
    assert not is_visible(question, {})
    assert not condition_holds(rule, Answer(choice="mvp"))


def test_progress_counts_only_visible_answered_questions(bank, session):
    """Hidden follow-ups leave the total; their stale answers are not counted."""
    total = len(bank.questions)
    hidden = sum(1 for q in bank.questions if q.show_if is not None)
    assert asdict(progress(bank, session.answers)) == {"answered": 0, "total": total - hidden}

    set_answer(bank, session, "primary-outcome", Answer(choice="scale-api"))
    set_answer(bank, session, "scale-bottleneck", Answer(choices=["spikes"]))
    assert asdict(progress(bank, session.answers)) == {
        "answered": 2,
        "total": total - hidden + 1,
    }
    set_answer(bank, session, "primary-outcome", Answer(choice="mvp"))
    assert "scale-bottleneck" in session.answers
    assert asdict(progress(bank, session.answers)) == {"answered": 1, "total": total - hidden}
    assert bank.question("scale-bottleneck") not in visible_questions(bank, session.answers)


def test_progress_ignores_notes_and_counts_per_criterion(bank, session):
    """A note is not an answer; per-criterion progress only counts that criterion's questions."""
    set_note(session, "language-mix", "ask")
    set_answer(bank, session, "hosting-model", Answer(choice="paas"))
    stack = next(c for c in bank.criteria if c.id == "tech-stack")
    shown = [q for q in stack.questions if q.show_if is None]
    assert asdict(progress(bank, session.answers, "tech-stack")) == {
        "answered": 1,
        "total": len(shown),
    }
    assert progress(bank, session.answers, "problem-framing").answered == 0
    assert progress(bank, session.answers, "no-such-criterion").total == 0
    assert bank.question("language-mix") in unanswered(bank, session.answers)


def test_retired_answers_are_kept_not_dropped(bank):
    """Answers to removed questions or removed options are reported, and stay in the session."""
    session = Session(
        title="old bank",
        answers={
            "primary-outcome": Answer(choice="mvp"),
            "removed-question": Answer(choice="whatever"),
            "data-sensitivity": Answer(choice="top-secret"),
            "outcome-constraints": Answer(choices=["launch-date", "gone"]),
            "sla-strictness": Answer(choice="high"),
            "language-mix": Answer(note="a note alone is not retired"),
        },
    )
    retired = retired_answers(bank, session)
    assert set(retired) == {
        "removed-question",
        "data-sensitivity",
        "outcome-constraints",
        "sla-strictness",
    }
    assert retired["data-sensitivity"].choice == "top-secret"
    assert len(session.answers) == 6
    assert progress(bank, session.answers).answered == 1


def test_answer_fits_each_kind(bank):
    """The fit check used by progress, the engine and retirement, one case per kind."""
    single, multi, scale = (
        bank.question(q) for q in ("primary-outcome", "outcome-constraints", "sla-strictness")
    )
    assert answer_fits(single, Answer(choice="mvp"))
    assert not answer_fits(single, Answer(choices=["mvp"]))
    assert answer_fits(multi, Answer(choices=["launch-date", "audit-trail"]))
    assert not answer_fits(multi, Answer(choices=[]))
    assert answer_fits(scale, Answer(value=2))
    assert not answer_fits(scale, Answer(value=2, choice="mvp"))


def test_pick_up_to_three_and_exclusive_options(bank, session):
    """Four priorities do not fit a 'pick up to three' question, nor 'none' with another
    option; an older file holding them shows them as retired rather than counting them."""
    four = Answer(choices=["flask-craft", "concurrency", "data-caching", "reliability"])
    question = bank.question("scorecard-priorities")
    assert not answer_fits(question, four)
    assert answer_fits(question, Answer(choices=["flask-craft", "concurrency", "data-caching"]))
    with pytest.raises(ValueError, match="does not fit"):
        set_answer(bank, session, "scorecard-priorities", four)
    mandates = bank.question("mandates")
    assert not answer_fits(mandates, Answer(choices=["company-sso", "none"]))
    assert answer_fits(mandates, Answer(choices=["none"]))
