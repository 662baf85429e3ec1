"""A verdict that holds up before a hiring committee (issue 23), on the shipped bank.

The job outweighs its surroundings and Flask advice needs Flask; the confidence counts what
is unknown and 'Settled' means settled; the skills follow the answers; contradictions are
found by rule and named as such; the 'Why' shows both sides; bank 3 keeps bank 2's answers.
"""

from __future__ import annotations

import json
from pathlib import Path

from tui.core.bank.models import Bank, ChoiceQuestion
from tui.core.reports.report import render_markdown, render_text, report_data
from tui.core.reports.scorecard import interview_plan
from tui.core.session.models import Answer, Session
from tui.core.storage.reading import read_session
from tui.core.verdict.engine import Recommendation, recommend
from tui.core.verdict.evidence import answer_label
from tui.core.verdict.wording import flip_summary, percent
from tui.widgets.panel import panel_lines

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FLASK = "flask-specialist"
GENERALIST = "backend-generalist"


def answers(**given: object) -> dict[str, Answer]:
    """Keyword per question (underscores for dashes): a str is a choice, a list ticks
    several, an int is a scale value."""
    out = {}
    for key, value in given.items():
        qid = key.replace("_", "-")
        if isinstance(value, int):
            out[qid] = Answer(value=value)
        elif isinstance(value, list):
            out[qid] = Answer(choices=value)
        else:
            out[qid] = Answer(choice=str(value))
    return out


def flask_only(bank: Bank, rec: Recommendation) -> set[str]:
    return {s.id for s in rec.skills if (skill := bank.skill(s.id)) and skill.flask_only}


# -- 1. The work outweighs the setting; Flask advice only where Flask is ------------------

DJANGO_TEAM = answers(
    language_mix="python-only",
    success_measure="features-shipped",
    velocity_vs_durability="velocity",
    existing_flask="other-frameworks",
    work_placement="feature-api",
    release_window="fixed-soon",
)


def test_no_flask_advice_where_the_framework_is_not_flask(bank):
    """A Python team on another framework (FAQ 4): bank 2 said 'Leans Flask specialist' with
    'App factory, blueprints' a must-have and a Flask work sample. Now no Flask point counts,
    no Flask skill is listed and the interview plan has no Flask step."""
    rec = recommend(bank, DJANGO_TEAM)
    assert rec.role != FLASK and rec.scores[FLASK] == 0
    assert rec.not_flask and "framework is not Flask" in rec.message
    assert not flask_only(bank, rec)
    plan = interview_plan(bank, rec)
    assert all(bank.group_of(p.skill_id).id != "flask-ecosystem" for p in plan)
    assert any("the framework is not Flask" in u.why for u in rec.uncounted)


def test_flask_skills_wait_for_the_framework(bank):
    """Until the framework is known, a Flask skill is at most 'should'; once Flask is (or
    will be) the framework, the same answers make it a must-have."""
    mvp = read_session(FIXTURES / "scenarios" / "mvp.toml").answers
    open_framework = {k: v for k, v in mvp.items() if k != "existing-flask"}
    waiting = recommend(bank, open_framework)
    chosen = recommend(bank, mvp)
    assert not flask_only(bank, waiting) & {s.id for s in waiting.skills_at("must")}
    assert {"flask-app-factory", "flask-extensions"} <= {s.id for s in chosen.skills_at("must")}


def test_the_framework_is_asked(bank):
    """One question states the framework: Flask now, Flask chosen, another one, or open."""
    question = bank.question("existing-flask")
    assert isinstance(question, ChoiceQuestion)
    stated = {o.id: o.states.get("framework") for o in question.options}
    assert stated == {
        "core-on-flask": "flask",
        "flask-chosen": "flask",
        "some-flask": None,
        "other-frameworks": "other",
        "greenfield": None,
    }


def test_the_setting_alone_is_never_a_verdict(bank):
    """Python only, one app, PaaS, a tight budget, a monorepo: what surrounds the hire, all
    pointing to Flask, counts at most 2 points without a word about the work."""
    rec = recommend(
        bank,
        answers(
            language_mix="python-only",
            code_layout="single-app",
            hosting_model="paas",
            budget_tightness=1,
            infra_commitments=["paas-plan"],
            hiring_slots="just-one",
        ),
    )
    assert rec.setting_points == 7.0 and rec.setting_counted == 2.0
    assert rec.role is None


def test_the_work_outweighs_a_flask_monolith_around_it(bank):
    """The hire's work is the data pipeline of a Flask monolith: bank 2 said 'Either profile'.
    The setting (+5: Python, one app, PaaS) can only halve the work's pull, never reverse it;
    with the work described, the verdict leans to the generalist."""
    monolith = answers(
        language_mix="python-only",
        code_layout="monorepo-shared-libs",
        existing_flask="core-on-flask",
        hosting_model="paas",
    )
    work = answers(
        primary_outcome="data-platform",
        work_placement="data-backbone",
        consumer_teams="many-tribes",
        success_measure="platform-adoption",
        contract_practice="governed-schemas",
        strength_needed="platform-breadth",
        on_call_owner="hire-many-services",
        api_consumers=["analytics", "internal-services"],
        funding_runway="one-two-years",
    )
    rec = recommend(bank, {**monolith, **work})
    assert rec.setting_points > 0 > rec.work_points
    assert abs(rec.setting_counted) <= abs(rec.work_points) / 2
    assert rec.role == GENERALIST, rec.message
    assert not rec.contradictions


# -- 2. Strength and completeness ----------------------------------------------------------


def test_three_answers_are_a_lean_at_most_and_not_settled(bank):
    """MVP, core on Flask, a fixed date: bank 2 said 'Recommend Flask specialist (73%)' and
    'Settled'. Now a lean under one half, naming the criterion still open."""
    rec = recommend(
        bank,
        answers(primary_outcome="mvp", existing_flask="core-on-flask", release_window="fixed-soon"),
    )
    assert rec.headline == "Leans Flask specialist"
    assert rec.confidence < 0.5
    assert rec.open_criteria == ["Team composition and interfaces"]
    assert "Team composition and interfaces" in rec.message
    assert not rec.settled.settled
    assert flip_summary(rec).startswith("Not settled: ")


def test_recommend_waits_for_every_criterion(bank):
    """Strong evidence in three criteria is a lean until the fourth has an answer."""
    mvp = read_session(FIXTURES / "scenarios" / "mvp.toml").answers
    criteria = {q.id: bank.criterion_of(q.id).id for q in bank.questions}
    without_team = {k: v for k, v in mvp.items() if criteria[k] != "team-interfaces"}
    assert recommend(bank, mvp).strength == "strong"
    lean = recommend(bank, without_team)
    assert lean.strength == "moderate" and lean.open_criteria == ["Team composition and interfaces"]


def test_settled_when_no_combination_could_change_it(bank):
    """Every question answered but the ones that cannot move it: 'Settled', and it says so."""
    rec = recommend(bank, read_session(FIXTURES / "scenarios" / "mvp.toml").answers)
    assert not rec.settled.settled  # the framework-free answers still open could turn it
    full = dict(read_session(FIXTURES / "scenarios" / "mvp.toml").answers)
    full.update(
        answers(
            sla_strictness=2,
            data_sensitivity="personal",
            success_measure="features-shipped",
            strength_needed="framework-depth",
            scorecard_priorities=["flask-craft"],
            release_process="single-pipeline",
            mandates=["none"],
            toolchain_spread=1,
            partner_teams=["frontend", "product"],
            api_consumers=["own-web-ui"],
            contract_practice="not-needed",
            ownership_clarity=4,
            on_call_owner="hire-own-service",
            seniority="senior",
            hiring_slots="just-one",
            infra_commitments=["paas-plan"],
        )
    )
    rec = recommend(bank, full)
    assert rec.strength == "strong" and rec.settled.settled
    assert flip_summary(rec) == "Settled: no combination of the open answers could change this."


def test_one_number_everywhere(bank):
    """The confidence is defined once and shown the same in the panel, the text report, the
    scorecard and the JSON; the per-role percentages are gone; never 0% or 100%."""
    session = read_session(FIXTURES / "scenarios" / "mvp.toml")
    rec = recommend(bank, session.answers)
    shown = percent(rec.confidence)
    data = report_data(bank, session, rec)
    assert data["confidence"] == rec.confidence
    panel = "\n".join(line.text for line in panel_lines(rec))
    assert shown in panel and f"confidence {shown}" in render_text(bank, session)
    assert f"confidence {shown}" in render_markdown(bank, session)
    for text in (panel, render_text(bank, session), render_markdown(bank, session)):
        assert "100%" not in text and " 0%" not in text
    assert percent(0.0) == "1%" and percent(1.0) == "99%"


def test_correlated_answers_do_not_compound(bank):
    """Launch date, fixed date and 'ship fast' are one fact (near-term velocity); Python only,
    monorepo and a Flask core another: each counts once."""
    rec = recommend(
        bank,
        answers(
            outcome_constraints=["launch-date"],
            release_window="fixed-soon",
            velocity_vs_durability="velocity",
            language_mix="python-only",
            code_layout="monorepo-shared-libs",
            existing_flask="core-on-flask",
        ),
    )
    assert rec.work_points == 2.5 and rec.setting_points == 2.0
    assert len([u for u in rec.uncounted if u.why.startswith("same fact")]) == 4


# -- 4. Skills follow the answers ----------------------------------------------------------


def _answer_weights(bank: Bank) -> dict[str, list[float]]:
    """Per skill, the weights single options (or scale ends) give it."""
    found: dict[str, list[float]] = {}
    for question in bank.questions:
        effects = (
            question.options
            if isinstance(question, ChoiceQuestion)
            else [question.at_low, question.at_high]
        )
        for effect in effects:
            for skill, weight in effect.skills.items():
                found.setdefault(skill, []).append(weight)
    return found


def test_one_tangential_answer_never_makes_a_must_have(bank):
    """Baseline plus any one answer below 2 points (a tangential tie) stays under 'must':
    only answers the article ties to the skill, several answers, or a ranking get there."""
    must = bank.meta.engine.must
    weights = _answer_weights(bank)
    for role in bank.meta.roles:
        for skill, base in role.skills.items():
            for weight in weights.get(skill, []):
                if weight < 2.0:
                    assert base + weight < must, (role.id, skill, base, weight)


def test_every_skill_can_reach_must(bank):
    """Every skill of the catalogue can reach 'must' from answers (best answer per question
    plus the higher baseline), without ranking it."""
    must = bank.meta.engine.must
    best: dict[str, float] = {}
    for question in bank.questions:
        if isinstance(question, ChoiceQuestion) and question.priority:
            continue
        effects = (
            question.options
            if isinstance(question, ChoiceQuestion)
            else [question.at_low, question.at_high]
        )
        for skill in {s for e in effects for s in e.skills}:
            top = max(e.skills.get(skill, 0.0) for e in effects)
            if isinstance(question, ChoiceQuestion) and question.kind == "multi":
                top = sum(e.skills.get(skill, 0.0) for e in effects)
            best[skill] = best.get(skill, 0.0) + top
    for group in bank.catalogue.groups:
        for skill in group.skills:
            base = max(r.skills.get(skill.id, 0.0) for r in bank.meta.roles)
            assert base + best.get(skill.id, 0.0) >= must, skill.id


def test_skills_named_for_their_situations_reach_must(bank):
    """Bank 2 capped these below 'must' whatever was answered; now the situations the article
    ties them to make them must-haves."""
    cases = {
        "idempotency-keys": answers(
            data_sensitivity="regulated", outcome_constraints=["cross-system-consistency"]
        ),
        "app-security-hardening": answers(
            data_sensitivity="personal", api_consumers=["partners"], seniority="lead"
        ),
        "sso-identity": answers(primary_outcome="modernize", mandates=["company-sso"]),
        "policy-as-code": answers(
            mandates=["compliance-regime", "standard-tooling"], hosting_model="multi-cloud"
        ),
        "resilience-patterns": answers(
            primary_outcome="scale-api", scale_bottleneck=["slow-upstreams", "spikes"]
        ),
        "app-instrumentation": answers(on_call_owner="hire-own-service", release_process="manual"),
        "python-typing": answers(release_process="greenfield", seniority="lead"),
    }
    for skill, given in cases.items():
        rec = recommend(bank, given)
        assert skill in {s.id for s in rec.skills_at("must")}, (skill, rec.skills)


def test_faq3_seniority_skills_and_typing(bank):
    """FAQ 3: API architecture, async patterns, testing culture, CI/CD automation,
    observability and security define seniority; a 2026 Python hire is typed."""
    question = bank.question("seniority")
    assert isinstance(question, ChoiceQuestion)
    lead = question.option("lead")
    assert lead is not None
    faq3 = {
        "rest-openapi-design",
        "asyncio-event-loops",
        "unit-integration-tests",
        "ci-quality-gates",
        "app-instrumentation",
        "app-security-hardening",
        "python-typing",
    }
    assert faq3 <= set(lead.skills)
    assert bank.skill("python-typing") is not None


def test_each_must_have_cites_the_answers_behind_it(bank):
    for path in sorted((FIXTURES / "scenarios").glob("*.toml")):
        rec = recommend(bank, read_session(path).answers)
        for skill in rec.skills_at("must"):
            assert any(not b.startswith("core of") for b in skill.because), (path.stem, skill)


def test_scale_answers_quote_their_own_value_and_both_ends(bank):
    """Bank 2 quoted a 2 with the label of 1 and a 4 with the label of 5."""
    question = bank.question("budget-tightness")
    assert question is not None
    assert answer_label(question, Answer(value=2)) == "2/5 (1 = Very tight, 5 = Comfortable)"
    assert answer_label(question, Answer(value=4)).startswith("4/5 (1 = Very tight")


# -- 3. Contradictions by rule -------------------------------------------------------------


def test_contradictions_are_found_by_rule_and_named_to_settle(bank):
    """Velocity first yet a five-year horizon; PaaS yet hard portability; a very tight budget
    yet a multi-year programme; one service yet a polyglot stack: none of them is one of bank
    2's six pairs. Each is flagged, set aside, and never read as 'either can work'."""
    cases = [
        answers(velocity_vs_durability="velocity", time_horizon=5),
        answers(hosting_model="paas", portability="hard-requirement"),
        answers(budget_tightness=1, funding_runway="multi-year"),
        answers(service_count="one", language_mix="polyglot"),
    ]
    for given in cases:
        rec = recommend(bank, {**given, "primary-outcome": Answer(choice="modernize")})
        assert len(rec.contradictions) == 1, given
        assert "settle which is true" in rec.contradictions[0].why
        assert "settle" in rec.message and "either profile" not in rec.message.lower()
        assert rec.headline != "Either profile"


def test_bank_2_pairs_are_still_contradictions(bank):
    for given in (
        answers(service_count="one", on_call_owner="hire-many-services"),
        answers(service_count="one", code_layout="repo-per-service"),
        answers(hosting_model="paas", infra_commitments=["several-clouds"]),
        answers(hosting_model="multi-cloud", infra_commitments=["paas-plan"]),
        answers(funding_runway="under-year", release_window="phased-roadmap"),
        answers(partner_teams=["none"], on_call_owner="sre-team"),
    ):
        assert len(recommend(bank, given).contradictions) == 1, given


def test_work_needing_both_strengths_is_either_not_a_contradiction(bank):
    """Slow handlers and bursts at once: the article's balanced design, 'either profile'."""
    rec = recommend(bank, read_session(FIXTURES / "scenarios" / "high-traffic.toml").answers)
    assert rec.role == "either" and not rec.contradictions
    assert "both strengths" in rec.message


# -- 5. The Why shows both sides -----------------------------------------------------------


def test_why_shows_counter_evidence_and_what_was_not_counted(bank):
    """The MVP with contractual SLAs and regulated data: the verdict stands, and the 'Why'
    says what argues against it and which answers did not count."""
    given = {
        **read_session(FIXTURES / "scenarios" / "mvp.toml").answers,
        **answers(sla_strictness=5, data_sensitivity="regulated"),
    }
    rec = recommend(bank, given)
    assert rec.role == FLASK
    assert {r.question_id for r in rec.counter} == {"sla-strictness", "data-sensitivity"}
    assert any(u.why.startswith("same fact as") for u in rec.uncounted)
    panel = [line.text for line in panel_lines(rec)]
    assert "Against:" in panel and "Not counted:" in panel
    text = render_text(bank, Session(title="t", answers=given))
    assert "  Against:" in text and "  Not counted:" in text


# -- 6. Bank 3 keeps bank 2's answers ------------------------------------------------------


def test_every_bank_2_question_and_option_is_kept(bank):
    old = json.loads((FIXTURES / "bank2-ids.json").read_text(encoding="utf-8"))
    assert bank.version.startswith("3.")
    for qid, shape in old["questions"].items():
        question = bank.question(qid)
        assert question is not None, qid
        assert question.kind == shape["kind"], qid
        if isinstance(question, ChoiceQuestion):
            assert set(shape["options"]) <= {o.id for o in question.options}, qid


def test_a_bank_2_session_reads_with_every_answer_counted(bank):
    for path in [
        *sorted((FIXTURES / "scenarios").glob("*.toml")),
        FIXTURES / "example-checkout-mvp.toml",
    ]:
        session = read_session(path)
        rec = recommend(bank, session.answers)
        answered = [a for a in session.answers.values() if a.is_answered]
        assert rec.answered == len(answered), path.stem
        assert not report_data(bank, session, rec)["retired"], path.stem
