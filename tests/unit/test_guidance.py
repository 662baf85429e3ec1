"""The shipped question bank reproduces the source article's hiring guidance.

Each test answers the questions the way a hiring manager in one of the article's situations
would, then checks the recommended role and the skills that come out. When one of these fails
after a weight edit in questions/*.toml, the bank no longer says what the article says.
"""

from __future__ import annotations

import pytest

from tui.core.bank import default_questions_dir, load_bank
from tui.core.engine import Recommendation, recommend
from tui.core.session import Answer

FLASK = "flask-specialist"
GENERALIST = "backend-generalist"
FLASK_ECOSYSTEM = {
    "flask-app-factory",
    "flask-extensions",
    "wsgi-asgi-serving",
    "flask-request-conventions",
    "rest-openapi-design",
}
PLATFORM_OR_OBSERVABILITY = {
    "terraform-helm-iac",
    "container-orchestration",
    "gateways-service-mesh",
    "autoscaling-capacity",
    "service-decomposition",
    "app-instrumentation",
    "distributed-tracing",
    "slo-error-budgets",
    "incident-runbooks",
}
TESTING_CICD = {"unit-integration-tests", "contract-tests", "ci-quality-gates", "canary-releases"}


@pytest.fixture(scope="module")
def bank():
    return load_bank(default_questions_dir())


def one(option: str) -> Answer:
    return Answer(choice=option)


def many(*options: str) -> Answer:
    return Answer(choices=list(options))


def scale(value: int) -> Answer:
    return Answer(value=value)


def levels(rec: Recommendation) -> dict[str, str]:
    return {s.id: s.level for s in rec.skills}


MVP = {
    "primary-outcome": one("mvp"),
    "sla-strictness": scale(2),
    "outcome-constraints": many("launch-date"),
    "success-measure": one("features-shipped"),
    "language-mix": one("python-only"),
    "hosting-model": one("paas"),
    "code-layout": one("monorepo-shared-libs"),
    "service-count": one("one"),
    "work-placement": one("bff"),
    "ui-collaboration": scale(5),
    "funding-runway": one("under-year"),
    "release-window": one("fixed-soon"),
    "budget-tightness": scale(1),
    "time-horizon": scale(2),
    "velocity-vs-durability": one("velocity"),
}

ENTERPRISE = {
    "primary-outcome": one("modernize"),
    "legacy-strategy": one("strangler"),
    "sla-strictness": scale(5),
    "data-sensitivity": one("regulated"),
    "outcome-constraints": many("audit-trail", "multi-region"),
    "language-mix": one("polyglot"),
    "hosting-model": one("multi-cloud"),
    "mandates": many("compliance-regime", "company-sso"),
    "service-count": one("estate"),
    "work-placement": one("shared-services"),
    "consumer-teams": one("many-tribes"),
    "funding-runway": one("multi-year"),
    "release-window": one("phased-roadmap"),
    "time-horizon": scale(5),
    "portability": one("hard-requirement"),
}


def test_nothing_answered_gives_no_role(bank):
    """Unanswered questions are unknown, not evidence: no answers, no recommendation."""
    rec = recommend(bank, {})
    assert rec.role is None
    assert rec.confidence == 0.0
    assert rec.skills == []


def test_mvp_startup_web_app_recommends_flask_specialist(bank):
    """Scenario 'MVP or startup web app': a small Python team shipping fast on a PaaS.

    Also the criteria on stack (one Python monorepo), team (a BFF next to the UI squad) and
    budget (short runway, close fixed date) all point the same way.
    """
    rec = recommend(bank, MVP)
    assert rec.role == FLASK
    assert rec.confidence >= 0.6
    lv = levels(rec)
    assert lv.get("flask-app-factory") == "must"
    assert lv.get("flask-extensions") == "must"
    assert lv.get("managed-db-basics") in ("must", "should")
    assert lv.get("paas-deployment") in ("must", "should")
    must = {s.id for s in rec.skills_at("must")}
    assert must <= FLASK_ECOSYSTEM, must


def test_enterprise_modernization_recommends_backend_generalist(bank):
    """Scenario 'Enterprise platform modernization': decomposition, strangler patterns, SSO,
    mixed runtimes and governance; FAQ 6 adds multi-cloud and cross-cutting concerns.
    """
    rec = recommend(bank, ENTERPRISE)
    assert rec.role == GENERALIST
    assert rec.confidence >= 0.6
    lv = levels(rec)
    assert lv.get("service-decomposition") == "must"
    assert lv.get("terraform-helm-iac") == "must"
    assert lv.get("slo-error-budgets") == "must"
    assert lv.get("compliance-audit") in ("must", "should")
    assert lv.get("sso-identity") in ("must", "should")
    must = {s.id for s in rec.skills_at("must")}
    assert must & PLATFORM_OR_OBSERVABILITY
    assert not must & FLASK_ECOSYSTEM


@pytest.mark.parametrize("bottleneck", ["slow-handlers", "hot-reads", "spikes", "slow-upstreams"])
def test_high_traffic_apis_always_need_caching_and_async(bank, bottleneck):
    """Scenario 'High-traffic APIs and scale': whoever is hired, cache hierarchies and async
    workers for spikes are part of keeping p95/p99 latency in check.
    """
    answers = {
        "primary-outcome": one("scale-api"),
        "scale-bottleneck": one(bottleneck),
        "outcome-constraints": many("peak-traffic"),
        "success-measure": one("latency-under-load"),
    }
    rec = recommend(bank, answers)
    lv = levels(rec)
    assert lv.get("redis-caching") in ("must", "should")
    assert lv.get("asyncio-event-loops") in ("must", "should")


def test_high_traffic_scaling_leans_generalist_handler_tuning_leans_flask(bank):
    """Scenario 'High-traffic APIs and scale': scaling out and absorbing bursts is platform
    work, while making each request handler cheaper is framework work.
    """
    base = {
        "primary-outcome": one("scale-api"),
        "outcome-constraints": many("peak-traffic"),
        "success-measure": one("latency-under-load"),
    }
    spikes = recommend(bank, {**base, "scale-bottleneck": one("spikes")})
    handlers = recommend(bank, {**base, "scale-bottleneck": one("slow-handlers")})
    assert spikes.role == GENERALIST
    assert handlers.role in (FLASK, "either")
    assert handlers.scores[FLASK] > spikes.scores[FLASK]
    assert levels(spikes).get("autoscaling-capacity") in ("must", "should")
    assert levels(handlers).get("wsgi-asgi-serving") in ("must", "should")


def test_data_pipelines_recommend_generalist_with_pipeline_skills(bank):
    """Section 'Data pipelines and integrations' and 'ORM and data modeling': streams, ETL/ELT,
    CDC, schema registries and warehouses are backend-role territory.
    """
    answers = {
        "primary-outcome": one("data-platform"),
        "outcome-constraints": many("cross-system-consistency"),
        "work-placement": one("data-backbone"),
        "api-consumers": many("internal-services", "analytics"),
        "contract-practice": one("governed-schemas"),
    }
    rec = recommend(bank, answers)
    assert rec.role == GENERALIST
    lv = levels(rec)
    assert lv.get("cdc-schema-registry") == "must"
    assert lv.get("event-streams") == "must"
    assert lv.get("etl-warehouses") in ("must", "should")


def test_tight_budget_and_fixed_window_favour_specialization(bank):
    """Criterion 'Budget and timeline realities' (bullets 3 and 5): little money and a hard,
    close date point to a focused framework specialist.
    """
    answers = {
        "funding-runway": one("under-year"),
        "release-window": one("fixed-soon"),
        "budget-tightness": scale(1),
    }
    rec = recommend(bank, answers)
    assert rec.role == FLASK
    assert {s.id for s in rec.skills} & FLASK_ECOSYSTEM


def test_long_horizon_and_portability_favour_platform_breadth(bank):
    """Criterion 'Budget and timeline realities' (bullets 4 and 6) and FAQ 5: work that must
    last for years and stay portable is where platform breadth pays off.
    """
    answers = {
        "funding-runway": one("multi-year"),
        "time-horizon": scale(5),
        "portability": one("hard-requirement"),
        "velocity-vs-durability": one("durability"),
    }
    rec = recommend(bank, answers)
    assert rec.role == GENERALIST
    assert levels(rec).get("terraform-helm-iac") == "must"


def test_faq2_lightweight_apis_and_existing_flask_services(bank):
    """FAQ 2 (when to hire a dedicated Flask developer): small APIs on a mostly-Python stack
    that grow an existing Flask codebase.
    """
    answers = {
        "primary-outcome": one("extend-flask"),
        "existing-flask": one("core-on-flask"),
        "language-mix": one("python-first"),
        "api-consumers": many("own-web-ui", "mobile"),
    }
    rec = recommend(bank, answers)
    assert rec.role == FLASK
    assert any(lv == "must" for sid, lv in levels(rec).items() if sid in FLASK_ECOSYSTEM)


def test_faq6_complex_polyglot_multicloud_platforms(bank):
    """FAQ 6 (projects that suit a generalist): several languages, more than one cloud and
    concerns such as audit and consistency that cut across services.
    """
    answers = {
        "language-mix": one("polyglot"),
        "hosting-model": one("multi-cloud"),
        "strength-needed": one("platform-breadth"),
        "outcome-constraints": many("multi-region", "audit-trail", "cross-system-consistency"),
    }
    rec = recommend(bank, answers)
    assert rec.role == GENERALIST
    must = {s.id for s in rec.skills_at("must")}
    assert must & PLATFORM_OR_OBSERVABILITY


def test_python_first_monorepo_staffs_flask_polyglot_estate_staffs_generalist(bank):
    """Criterion 'Tech stack maturity and constraints' (bullets 5 and 6): a single Python
    repository favours the specialist, many services in many languages favour the generalist.
    """
    python_first = recommend(
        bank,
        {
            "language-mix": one("python-only"),
            "code-layout": one("monorepo-shared-libs"),
            "service-count": one("one"),
        },
    )
    polyglot = recommend(
        bank,
        {
            "language-mix": one("polyglot"),
            "code-layout": one("repo-per-service"),
            "service-count": one("estate"),
        },
    )
    assert python_first.role == FLASK
    assert polyglot.role == GENERALIST


def test_bff_near_ui_squad_vs_shared_services_across_tribes(bank):
    """Criterion 'Team composition and interfaces' (bullets 5 and 6): a BFF paired daily with
    one UI squad wants the specialist; services shared by many tribes want the generalist.
    """
    bff = recommend(bank, {"work-placement": one("bff"), "ui-collaboration": scale(5)})
    shared = recommend(
        bank, {"work-placement": one("shared-services"), "consumer-teams": one("many-tribes")}
    )
    assert bff.role == FLASK
    assert shared.role == GENERALIST
    assert levels(shared).get("contract-tests") in ("must", "should")


def test_follow_up_answers_count_only_when_their_question_is_shown(bank):
    """The BFF follow-up only applies to BFF or feature work: an answer left over from an
    earlier choice must not tip a shared-services assessment toward Flask.
    """
    shared = {"work-placement": one("shared-services")}
    with_stale = {**shared, "ui-collaboration": scale(5)}
    assert recommend(bank, with_stale).scores == recommend(bank, shared).scores


def test_testing_and_cicd_skills_show_up_for_both_roles(bank):
    """Section 'Testing and CI/CD' is an essential skill group for both roles."""
    for answers, role in ((MVP, FLASK), (ENTERPRISE, GENERALIST)):
        rec = recommend(bank, answers)
        assert rec.role == role
        found = {s.id for s in rec.skills if s.level in ("must", "should")}
        assert found & TESTING_CICD, role


def test_balanced_mix_gives_either(bank):
    """Section 'Framework depth vs platform breadth': when the answers pull equally hard both
    ways, the bank must not pretend one role is clearly better.
    """
    answers = {
        "language-mix": one("python-only"),
        "hosting-model": one("multi-cloud"),
        "release-window": one("fixed-soon"),
        "time-horizon": scale(4),
        "budget-tightness": scale(4),
    }
    rec = recommend(bank, answers)
    assert rec.role == "either"
    assert 0.0 <= rec.confidence <= 1.0


def test_more_agreeing_answers_raise_confidence(bank):
    """Criterion 'Problem framing' (bullet 6, the scorecard): more agreeing evidence, more sure."""
    keys = list(MVP)
    few = recommend(bank, {k: MVP[k] for k in keys[:3]})
    more = recommend(bank, {k: MVP[k] for k in keys[:8]})
    every = recommend(bank, MVP)
    assert few.role == more.role == every.role == FLASK
    assert 0.0 < few.confidence < more.confidence < every.confidence <= 1.0


def test_bank_covers_the_four_criteria_in_article_order(bank):
    """Section on the criteria for hiring clarity: four criteria in the article's order, each
    with enough questions to cover its bullets, and a mix of question kinds.
    """
    assert [c.id for c in bank.criteria] == [
        "problem-framing",
        "tech-stack",
        "team-interfaces",
        "budget-timeline",
    ]
    assert all(len(c.questions) >= 6 for c in bank.criteria)
    kinds = [q.kind for q in bank.questions]
    assert kinds.count("scale") >= 4
    assert kinds.count("multi") >= 2
    assert sum(q.show_if is not None for q in bank.questions) >= 2
