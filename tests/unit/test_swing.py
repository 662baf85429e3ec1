"""The swing of an open question, worked out by hand on banks small enough to check on paper.

With 0.25 log-odds a point: p(net) = 1 / (1 + exp(-0.25 * net)); a role is named from
confidence |2p - 1| >= 0.4, that is |net| >= 3.39 points. These banks count the unknown as
(almost) nothing (``unknown`` near 0), so the confidence is the points' strength alone.
"""

from __future__ import annotations

import math

import pytest

from tui.core.bank.models import (
    Bank,
    BankMeta,
    ChoiceQuestion,
    Contradiction,
    Criterion,
    Effect,
    EngineSettings,
    Option,
    Picked,
    Role,
    RoleId,
    ScaleQuestion,
    Skill,
    SkillGroup,
    SkillsCatalogue,
)
from tui.core.session.models import Answer
from tui.core.verdict.engine import recommend

F: RoleId = "flask-specialist"
G: RoleId = "backend-generalist"


def p(net: float) -> float:
    return 1 / (1 + math.exp(-0.25 * net))


def small_bank(*questions, contradictions=()) -> Bank:
    catalogue = SkillsCatalogue(
        groups=[SkillGroup(id="g", name="G", scope="essential", skills=[Skill(id="s", name="S")])]
    )
    meta = BankMeta(
        version="t",
        engine=EngineSettings(leans=0.4, recommend=0.7, unknown=1e-9),
        roles=[Role(id=F, name="Flask"), Role(id=G, name="General")],
        contradictions=list(contradictions),
    )
    return Bank(
        meta=meta,
        catalogue=catalogue,
        criteria=[Criterion(id="c", title="C", questions=list(questions))],
    )


def option(oid: str, points: float, fact: str | None = None) -> Option:
    roles = {} if not points else {F: points} if points > 0 else {G: -points}
    return Option(id=oid, label=oid.upper(), roles=roles, fact=fact or oid, source="s")


Q1 = ChoiceQuestion(
    id="q1", prompt="Q1", kind="single", options=[option("a", 3.0, "f1"), option("b", -1.0, "f3")]
)
Q2 = ChoiceQuestion(
    id="q2",
    prompt="Q2",
    kind="single",
    options=[option("x", 2.0, "f2"), option("y", -3.0, "f3"), option("z", 0.0)],
)


def test_swing_and_flip_may_come_from_different_answers():
    """q1 = a: net +3, p = 0.679, confidence 0.358: no verdict yet.
    q2 = x: net +5, p = 0.777, confidence 0.55: Flask (swing 0.098).
    q2 = y: net 0, p = 0.5 (swing 0.179), still no verdict. z: no change.
    So the swing is 0.179 (from y) and it could flip to Flask (from x)."""
    bank = small_bank(Q1, Q2)
    rec = recommend(bank, {"q1": Answer(choice="a")})
    assert rec.role is None and rec.p_flask == pytest.approx(p(3), abs=1e-4)
    [swing] = rec.open_swing
    assert swing.question_id == "q2"
    assert swing.swing == pytest.approx(p(3) - p(0), abs=1e-4) == pytest.approx(0.1792, abs=1e-4)
    assert swing.flip_to == F


def test_a_fact_already_counted_adds_nothing():
    """q2's x rests on q1's fact f1 at a smaller weight: answering x changes nothing, so the
    only swing left is y (net +3 -> 0)."""
    q2 = ChoiceQuestion(
        id="q2",
        prompt="Q2",
        kind="single",
        options=[option("x", 2.0, "f1"), option("y", -3.0, "f3")],
    )
    rec = recommend(small_bank(Q1, q2), {"q1": Answer(choice="a")})
    [swing] = rec.open_swing
    assert swing.swing == pytest.approx(p(3) - p(0), abs=1e-4)
    assert swing.flip_to is None


def test_a_multiple_choice_tries_every_allowed_set():
    """Up to two of m1 (+2), m2 (+2), m3 (+2): the best answer adds 4 (not 6). From q1 = a
    (net +3) to net +7: p 0.679 -> 0.852, confidence 0.70: Flask (swing 0.173)."""
    multi = ChoiceQuestion(
        id="q3",
        prompt="Q3",
        kind="multi",
        max_choices=2,
        options=[option("m1", 2.0), option("m2", 2.0), option("m3", 2.0)],
    )
    rec = recommend(small_bank(Q1, multi), {"q1": Answer(choice="a")})
    [swing] = rec.open_swing
    assert swing.swing == pytest.approx(p(7) - p(3), abs=1e-4)
    assert swing.flip_to == F


def test_a_scale_tries_each_value():
    """A scale whose high end is -3 points: 5/5 gives -3, 4/5 gives -1.5. From net +3 the
    largest swing is to net 0."""
    scale = ScaleQuestion(
        id="q4",
        prompt="Q4",
        kind="scale",
        low="L",
        high="H",
        at_high=Effect(roles={G: 3.0}, fact="f9", source="s"),
    )
    rec = recommend(small_bank(Q1, scale), {"q1": Answer(choice="a")})
    [swing] = rec.open_swing
    assert swing.swing == pytest.approx(p(3) - p(0), abs=1e-4)


def test_an_answer_that_completes_a_contradiction_sets_both_aside():
    """q1 = a (+3) contradicts q2 = x: answering x would set a aside too, so net goes from
    +3 to 0 (not to +5), and y (net 0) is the same swing."""
    pair = Contradiction(
        first=Picked(question="q1", any_of=["a"]),
        second=Picked(question="q2", any_of=["x"]),
        why="cannot both",
    )
    rec = recommend(small_bank(Q1, Q2, contradictions=[pair]), {"q1": Answer(choice="a")})
    [swing] = rec.open_swing
    assert swing.swing == pytest.approx(p(3) - p(0), abs=1e-4)
    assert swing.flip_to is None
    both = recommend(
        small_bank(Q1, Q2, contradictions=[pair]),
        {"q1": Answer(choice="a"), "q2": Answer(choice="x")},
    )
    assert both.p_flask == 0.5 and len(both.contradictions) == 1


def test_either_needs_strong_evidence_on_both_sides():
    """+3 and -3 cancel (p = 0.5): too little on each side for 'either' (5 points each),
    so there is no verdict; +6 and -6 would be 'either'."""
    weak = small_bank(Q1, Q2)
    rec = recommend(weak, {"q1": Answer(choice="a"), "q2": Answer(choice="y")})
    assert (rec.role, rec.p_flask) == (None, 0.5)
    strong_q1 = ChoiceQuestion(
        id="q1", prompt="Q1", kind="single", options=[option("a", 3.0), option("a2", 3.0)]
    )
    strong = small_bank(
        strong_q1,
        ChoiceQuestion(
            id="q2", prompt="Q2", kind="multi", options=[option("y", -3.0), option("y2", -3.0)]
        ),
        ChoiceQuestion(
            id="q5", prompt="Q5", kind="single", options=[option("c", 3.0), option("d", 0.0)]
        ),
    )
    rec = recommend(
        strong,
        {"q1": Answer(choice="a"), "q5": Answer(choice="c"), "q2": Answer(choices=["y", "y2"])},
    )
    assert rec.role == "either" and rec.strength == "either"
