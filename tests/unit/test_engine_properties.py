"""What the engine promises, checked over the real bank: exhaustively where the space is small,
with hypothesis where it is not.

- one answer never gives 50% confidence or more, nor any verdict: no one answer decides;
- three answers never read as more than a lean, under one half;
- a neutral answer never moves the probability;
- adding an answer never moves the verdict against its own direction (nor its probability);
- "Recommend" implies every criterion has been looked at;
- "Settled" holds: no combination of answers to the open questions changes the role;
- the swing of an open question is exactly what answering it can do (brute force agrees);
- the must tier never passes max_must; nice-to-haves never push the list past max_skills.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SHIPPED_BANK
from tui.core.bank.models import Bank, ChoiceQuestion, Question
from tui.core.bank.weights import possible_answers
from tui.core.session.answering import is_visible
from tui.core.session.models import Answer
from tui.core.verdict.engine import recommend
from tui.core.verdict.evidence import items_of

BANK: Bank | None = None
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def shipped() -> Bank:
    global BANK
    if BANK is None:
        from tui.core.bank.loading import load_bank

        BANK = load_bank(SHIPPED_BANK)
    return BANK


def every_answer(question: Question) -> list[Answer]:
    """Every answer the app accepts for ``question``."""
    if isinstance(question, ChoiceQuestion):
        return [
            Answer(choices=[o.id for o in picked])
            if question.kind == "multi"
            else Answer(choice=picked[0].id)
            for picked in possible_answers(question)
        ]
    return [Answer(value=v) for v in (1, 2, 3, 4, 5)]


def points(question: Question, answer: Answer) -> list[float]:
    return [i.points for i in items_of(question, answer)]


@st.composite
def sessions(draw: st.DrawFn, share: float = 0.5) -> dict[str, Answer]:
    """A session as the app builds it: answers only to questions shown at the time, each
    question answered with probability ``share``."""
    bank = shipped()
    answers: dict[str, Answer] = {}
    for question in bank.questions:
        if is_visible(question, answers) and draw(st.floats(0, 1)) < share:
            answers[question.id] = draw(st.sampled_from(every_answer(question)))
    return answers


RANK = {"strong": 2, "moderate": 1, "either": 0, "none": 0}


def rank(rec) -> int:
    """Where a verdict stands from 'Recommend generalist' (-2) to 'Recommend Flask' (+2)."""
    return RANK[rec.strength] * (-1 if rec.role == "backend-generalist" else 1)


def open_questions(bank: Bank, answers: dict[str, Answer]) -> list[Question]:
    return [q for q in bank.questions if q.id not in answers and is_visible(q, answers)]


def test_one_answer_never_gives_fifty_percent(bank):
    """Every answer to every question, alone: confidence stays below 50% (p below 75%)."""
    tried = 0
    for question in bank.questions:
        if question.show_if is not None:
            continue  # a follow-up is never the only answer
        for answer in every_answer(question):
            rec = recommend(bank, {question.id: answer})
            assert rec.confidence < 0.5, (question.id, answer)
            assert rec.role is None, (question.id, answer)
            tried += 1
    assert tried > 100


@PROPERTY
@given(answers=sessions(), data=st.data())
def test_a_neutral_answer_never_moves_the_probability(answers, data):
    bank = shipped()
    before = recommend(bank, answers)
    candidates = [
        (q, a)
        for q in open_questions(bank, answers)
        for a in every_answer(q)
        if not any(points(q, a))
    ]
    if not candidates:
        return
    question, answer = data.draw(st.sampled_from(candidates))
    after = recommend(bank, {**answers, question.id: answer})
    if len(after.contradictions) == len(before.contradictions):
        assert after.p_flask == before.p_flask, (question.id, answer)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(answers=sessions(), data=st.data())
def test_an_answer_never_moves_the_verdict_against_its_own_direction(answers, data):
    """An answer for a role never lowers that role's probability, nor moves the verdict away
    from it (Recommend > Leans > no verdict or either, on each side). An answer that makes a
    new contradiction is left out: that is a question to settle, named as such."""
    bank = shipped()
    before = recommend(bank, answers)
    candidates = []
    for question in open_questions(bank, answers):
        for answer in every_answer(question):
            weights = points(question, answer)
            if any(weights) and (all(w >= 0 for w in weights) or all(w <= 0 for w in weights)):
                candidates.append((question, answer, sum(weights) > 0))
    if not candidates:
        return
    question, answer, for_flask = data.draw(st.sampled_from(candidates))
    after = recommend(bank, {**answers, question.id: answer})
    if len(after.contradictions) > len(before.contradictions):
        assert after.contradictions and "settle" in after.message
        return
    where = (question.id, answer, before.headline, after.headline)
    if for_flask:
        assert after.p_flask >= before.p_flask - 1e-9, where
        assert rank(after) >= rank(before), where
    else:
        assert after.p_flask <= before.p_flask + 1e-9, where
        assert rank(after) <= rank(before), where


@PROPERTY
@given(answers=sessions(share=0.8))
def test_recommend_implies_every_criterion_looked_at(answers):
    bank = shipped()
    rec = recommend(bank, answers)
    if rec.strength == "strong":
        answered = {bank.criterion_of(q).id for q in answers}  # type: ignore[union-attr]
        assert answered == {c.id for c in bank.criteria}
        assert not rec.open_criteria
    elif rec.strength == "moderate" and rec.open_criteria:
        assert "every criterion" in rec.message


@PROPERTY
@given(data=st.data())
def test_three_answers_are_never_more_than_a_lean(data):
    """However they point, three answers stay under one half and never say 'Recommend'."""
    bank = shipped()
    firsts = [q.id for q in bank.questions if q.show_if is None]
    chosen = data.draw(st.lists(st.sampled_from(firsts), min_size=3, max_size=3, unique=True))
    answers = {q: data.draw(st.sampled_from(every_answer(bank.question(q)))) for q in chosen}  # type: ignore[arg-type]
    rec = recommend(bank, answers)
    assert rec.confidence < 0.5 and rec.strength != "strong", answers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=sessions(share=0.9), data=st.data())
def test_settled_means_no_combination_of_open_answers_changes_it(answers, data):
    bank = shipped()
    rec = recommend(bank, answers)
    if not rec.settled.settled:
        return
    more = dict(answers)
    for question in bank.questions:
        if question.id not in more and is_visible(question, more) and data.draw(st.booleans()):
            more[question.id] = data.draw(st.sampled_from(every_answer(question)))
    assert recommend(bank, more).role == rec.role, (rec.headline, more)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=sessions())
def test_swing_is_what_answering_can_do(answers):
    """For each open question: the largest change of P(Flask) over every answer it accepts,
    and whether any of them changes the verdict, by brute force through ``recommend``."""
    bank = shipped()
    rec = recommend(bank, answers)
    swings = {s.question_id: s for s in rec.open_swing}
    assert set(swings) == {q.id for q in open_questions(bank, answers)}
    for question in open_questions(bank, answers):
        outcomes = [recommend(bank, {**answers, question.id: a}) for a in every_answer(question)]
        largest = max(abs(o.p_flask - rec.p_flask) for o in outcomes)
        swing = swings[question.id]
        assert abs(swing.swing - largest) <= 2e-4, question.id
        flips = {o.role or "none" for o in outcomes if o.role != rec.role}
        assert (swing.flip_to is not None) == bool(flips), question.id
        if swing.flip_to is not None:
            assert swing.flip_to in flips


@PROPERTY
@given(answers=sessions())
def test_must_tier_is_short(answers):
    rec = recommend(shipped(), answers)
    assert len(rec.skills_at("must")) <= shipped().meta.engine.max_must
    listed = len(rec.skills) - len(rec.skills_at("nice"))
    assert len(rec.skills) <= max(listed, shipped().meta.engine.max_skills)
    assert 0.01 <= rec.confidence <= 0.99
