"""Loading the question bank, and the message each kind of broken bank gives.

Every broken bank is a real copy of the shipped one with one edit, so these tests break when the
shipped TOML changes shape as well as when the loader does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.bank.loading import QUESTIONS_ENV, default_questions_dir, load_bank
from tui.core.bank.models import ScaleQuestion
from tui.core.errors import BankError

PROBLEM = "01-problem-framing.toml"
STACK = "02-tech-stack.toml"
ARTICLE_ORDER = ["problem-framing", "tech-stack", "team-interfaces", "budget-timeline"]


def edit(bank_dir: Path, name: str, old: str, new: str) -> Path:
    """Replace one exact snippet of a bank file; fail loudly if the snippet is gone."""
    path = bank_dir / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def bank_error(bank_dir: Path) -> str:
    with pytest.raises(BankError) as caught:
        load_bank(bank_dir)
    return str(caught.value)


def assert_names(message: str, path: Path, question: str, field: str) -> None:
    """The one problem line about ``path`` names the file, the question and the field."""
    lines = [line for line in message.splitlines() if line.startswith(str(path))]
    assert lines, f"no problem names {path}: {message}"
    assert any(f"question {question!r}" in line and field in line for line in lines), message


def test_shipped_bank_loads_in_article_order(bank):
    """The shipped bank has the article's four criteria in order and a help text everywhere."""
    assert [c.id for c in bank.criteria] == ARTICLE_ORDER
    assert len(bank.questions) >= 16
    assert all(q.help.strip() for q in bank.questions)
    assert {r.id for r in bank.meta.roles} == {"flask-specialist", "backend-generalist"}
    assert len({q.id for q in bank.questions}) == len(bank.questions)


def test_shipped_bank_has_every_kind_and_lookups(bank):
    """Lookup tables answer for every question and every skill a question refers to."""
    kinds = {q.kind for q in bank.questions}
    assert kinds == {"single", "multi", "scale"}
    for question in bank.questions:
        assert bank.question(question.id) is question
        assert bank.criterion_of(question.id) in bank.criteria
        effects = (
            [question.at_low, question.at_high]
            if isinstance(question, ScaleQuestion)
            else question.options
        )
        for effect in effects:
            for skill_id in effect.skills:
                assert bank.skill(skill_id) is not None, skill_id
                assert bank.group_of(skill_id) is not None, skill_id


def test_duplicate_question_id_in_one_file(bank_copy):
    """Two questions with one id in the same file: the second is named, field id."""
    path = edit(bank_copy, PROBLEM, 'id = "success-measure"', 'id = "data-sensitivity"')
    message = bank_error(bank_copy)
    assert_names(message, path, "data-sensitivity", "field id")
    assert "duplicate question id" in message


def test_duplicate_question_id_across_files(bank_copy):
    """An id reused in a later file is reported against the later file."""
    path = edit(bank_copy, STACK, 'id = "code-layout"', 'id = "data-sensitivity"')
    message = bank_error(bank_copy)
    assert_names(message, path, "data-sensitivity", "field id")
    assert "duplicate question id" in message


def test_duplicate_question_id_reports_only_the_duplicate(bank_copy):
    """A duplicate id must not make later, correct show_if references look broken."""
    edit(bank_copy, PROBLEM, 'id = "sla-strictness"', 'id = "primary-outcome"')
    message = bank_error(bank_copy)
    assert "duplicate question id" in message
    assert "legacy-strategy" not in message, message


def test_show_if_unknown_option(bank_copy):
    """show_if naming an option the earlier question does not have."""
    path = edit(bank_copy, PROBLEM, 'any_of = ["scale-api"]', 'any_of = ["scale-apii"]')
    message = bank_error(bank_copy)
    assert_names(message, path, "scale-bottleneck", "field show_if.any_of")
    assert "'scale-apii'" in message


def test_unknown_skill_in_option(bank_copy):
    """An option that adds weight to a skill the catalogue does not define."""
    path = edit(
        bank_copy,
        PROBLEM,
        "flask-app-factory = 1.5, flask-extensions = 1.0, managed-db",
        "flask-app-factry = 1.5, flask-extensions = 1.0, managed-db",
    )
    message = bank_error(bank_copy)
    assert_names(message, path, "primary-outcome", "field options.mvp.skills.flask-app-factry")
    assert "unknown skill" in message


def test_show_if_on_later_question(bank_copy):
    """show_if may only look back: a question further down is refused."""
    path = edit(
        bank_copy,
        PROBLEM,
        'show_if = { question = "primary-outcome", any_of = ["scale-api"] }',
        'show_if = { question = "data-sensitivity", any_of = ["low"] }',
    )
    message = bank_error(bank_copy)
    assert_names(message, path, "scale-bottleneck", "field show_if.question")
    assert "'data-sensitivity' is not an earlier question" in message


def test_show_if_on_unknown_question(bank_copy):
    """show_if naming a question that exists nowhere."""
    path = edit(
        bank_copy,
        PROBLEM,
        'show_if = { question = "primary-outcome", any_of = ["scale-api"] }',
        'show_if = { question = "no-such-question", any_of = ["low"] }',
    )
    message = bank_error(bank_copy)
    assert_names(message, path, "scale-bottleneck", "field show_if.question")
    assert "no-such-question" in message


def test_role_weight_out_of_range(bank_copy):
    """Role weights live in -3..3: 7.5 is refused with the role named."""
    path = edit(
        bank_copy,
        PROBLEM,
        "roles = { flask-specialist = 2.5 }\nskills = { flask-app-factory = 1.5, "
        "flask-extensions = 1.0, managed",
        "roles = { flask-specialist = 7.5 }\nskills = { flask-app-factory = 1.5, "
        "flask-extensions = 1.0, managed",
    )
    message = bank_error(bank_copy)
    assert_names(message, path, "primary-outcome", "roles.flask-specialist")
    assert "less than or equal to 3" in message


def test_skill_weight_negative(bank_copy):
    """Skill weights cannot be negative: a skill is needed or not, never un-needed."""
    path = edit(
        bank_copy,
        PROBLEM,
        "flask-app-factory = 1.5, flask-extensions = 1.0, managed-db",
        "flask-app-factory = -1.0, flask-extensions = 1.0, managed-db",
    )
    message = bank_error(bank_copy)
    assert_names(message, path, "primary-outcome", "skills.flask-app-factory")
    assert "greater than or equal to 0" in message


def test_toml_syntax_error_names_the_line(bank_copy):
    """An unclosed string: the message names the file and the line of the damage."""
    path = edit(
        bank_copy,
        PROBLEM,
        'kind = "single"\nprompt = "What is the main',
        'kind = "single\nprompt = "What is the main',
    )
    message = bank_error(bank_copy)
    assert message.startswith(f"{path}: TOML syntax error")
    line = (bank_copy / PROBLEM).read_text(encoding="utf-8").splitlines().index(
        'kind = "single'
    ) + 1
    assert f"line {line}" in message


def test_unknown_key_is_a_typo(bank_copy):
    """A misspelt key (``promt``) is refused, not silently ignored."""
    path = edit(bank_copy, PROBLEM, 'prompt = "What is the main', 'promt = "What is the main')
    message = bank_error(bank_copy)
    assert_names(message, path, "primary-outcome", "field promt")
    assert "Extra inputs are not permitted" in message
    assert_names(message, path, "primary-outcome", "field prompt")


def test_unknown_question_kind(bank_copy):
    """A kind the app cannot draw: the message names the question and the bad kind."""
    path = edit(
        bank_copy,
        PROBLEM,
        'id = "primary-outcome"\nkind = "single"',
        'id = "primary-outcome"\nkind = "ranking"',
    )
    message = bank_error(bank_copy)
    assert_names(message, path, "primary-outcome", "kind")
    assert "'ranking'" in message


def test_missing_bank_toml(bank_copy):
    """Without bank.toml the message names that file."""
    (bank_copy / "bank.toml").unlink()
    message = bank_error(bank_copy)
    assert message == f"{bank_copy / 'bank.toml'}: file not found"


def test_no_criterion_files(bank_copy):
    """A bank with only its metadata and skills has nothing to ask."""
    for path in bank_copy.glob("0*.toml"):
        path.unlink()
    message = bank_error(bank_copy)
    assert message.startswith(f"{bank_copy}: no criterion files")


def test_missing_folder(tmp_path):
    """A folder that does not exist is named, not a FileNotFoundError traceback."""
    message = bank_error(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in message


def test_several_problems_are_all_listed(bank_copy):
    """Cross-checks collect every problem, one line each, so one run fixes them all."""
    edit(bank_copy, PROBLEM, 'any_of = ["scale-api"]', 'any_of = ["scale-apii"]')
    edit(bank_copy, STACK, 'id = "code-layout"', 'id = "data-sensitivity"')
    edit(
        bank_copy,
        STACK,
        'states = { services = "one" }\n\n[[questions.options]]\nid = "few',
        'states = { service = "one" }\n\n[[questions.options]]\nid = "few',
    )
    lines = bank_error(bank_copy).splitlines()
    assert len(lines) == 3
    assert any("scale-apii" in line for line in lines)
    assert any("duplicate question id" in line for line in lines)
    assert any("states: 'service' is not in [[dimensions]]" in line for line in lines)


def test_default_questions_dir_honours_environment(monkeypatch, bank_copy):
    """HIRING_CLARITY_QUESTIONS picks the bank; load_bank() with no argument uses it."""
    monkeypatch.setenv(QUESTIONS_ENV, str(bank_copy))
    assert default_questions_dir() == bank_copy
    assert load_bank().source == str(bank_copy)
    monkeypatch.setenv(QUESTIONS_ENV, str(bank_copy / "elsewhere"))
    assert default_questions_dir() == bank_copy / "elsewhere"


def test_default_questions_dir_without_environment(monkeypatch):
    """Unset, the bank beside the code is used, and it is the shipped one."""
    monkeypatch.delenv(QUESTIONS_ENV)
    chosen = default_questions_dir()
    assert (chosen / "bank.toml").is_file()
    assert [c.id for c in load_bank(chosen).criteria] == ARTICLE_ORDER


def test_validation_errors_name_file_line_question_and_field(bank_copy):
    """Each problem pydantic finds is one line 'file:line: question <id>, field <path>: what',
    the line being where that question's id is declared, however deep the field."""
    path = edit(
        bank_copy,
        PROBLEM,
        'label = "Get a first product version in front of users fast"',
        'label = ""',
    )
    edit(
        bank_copy,
        PROBLEM,
        'kind = "single"\nprompt = "What is the main',
        'kind = "single"\nhelpp = "typo"\nprompt = "What is the main',
    )
    line = path.read_text(encoding="utf-8").splitlines().index('id = "primary-outcome"') + 1
    where = f"{path}:{line}: question 'primary-outcome'"
    assert bank_error(bank_copy).splitlines() == [
        f"{where}, field options.0.label: String should have at least 1 character",
        f"{where}, field helpp: Extra inputs are not permitted",
    ]


def test_a_broken_file_outside_questions_names_the_field(bank_copy):
    path = edit(bank_copy, "bank.toml", "leans = 0.3 ", "leans = 2 ")
    assert bank_error(bank_copy) == f"{path}: field engine.leans: Input should be less than 1"


def test_max_choices_beyond_the_options_is_refused(bank_copy):
    """'Pick up to three' is data (max_choices), checked: at most the number of options."""
    path = edit(bank_copy, PROBLEM, "max_choices = 3", "max_choices = 9")
    assert_names(bank_error(bank_copy), path, "scorecard-priorities", "field max_choices")


def test_an_exclusive_option_must_be_neutral(bank_copy):
    """'None of these' and 'not sure' are exclusive and weigh nothing toward a role."""
    path = edit(
        bank_copy,
        STACK,
        'label = "None of these"\nexclusive = true',
        'label = "None of these"\nexclusive = true\nroles = { flask-specialist = 1.0 }',
    )
    message = bank_error(bank_copy)
    assert_names(message, path, "mandates", "field options.none.roles")
    assert "exclusive" in message


def test_weights_without_their_article_source_are_refused(bank_copy):
    """Every weight names the article phrase it rests on."""
    path = edit(
        bank_copy,
        STACK,
        'source = "FAQ 4: general backend strength transfers to Flask when needed"\n',
        "",
    )
    assert_names(bank_error(bank_copy), path, "existing-flask", "field options.some-flask.source")


def test_a_fact_points_one_way_only(bank_copy):
    """Answers resting on one fact count once; so a fact cannot point to both roles."""
    path = edit(
        bank_copy,
        STACK,
        'label = "Another framework or language (Django, FastAPI, Go, Java...)"\n'
        "roles = { backend-generalist = 3.0 }",
        'label = "Another framework or language (Django, FastAPI, Go, Java...)"\n'
        "roles = { flask-specialist = 1.0 }",
    )
    message = bank_error(bank_copy)
    assert_names(message, path, "existing-flask", "field options.other-frameworks.fact")
    assert "points the other way in language-mix" in message


def test_one_answer_carrying_too_many_points_is_refused(bank_copy):
    """A multiple choice whose options together pass max_answer_points must be capped."""
    path = edit(
        bank_copy,
        PROBLEM,
        "roles = { backend-generalist = 0.5 }\nskills = { compliance-audit",
        "roles = { backend-generalist = 1.5 }\nskills = { compliance-audit",
    )
    message = bank_error(bank_copy)
    assert_names(message, path, "outcome-constraints", "field options")
    assert "can carry 4 points, more than 3" in message


def test_a_contradiction_names_real_options(bank_copy):
    path = bank_copy / "bank.toml"
    with path.open("a", encoding="utf-8") as out:
        out.write(
            '\n[[contradictions]]\nfirst = { question = "service-count", any_of = ["one"] }\n'
            'second = { question = "on-call-owner", any_of = ["typo"] }\nwhy = "x"\n'
        )
    assert f"{path}: contradictions[0].second: 'typo' is not an option of 'on-call-owner'" in (
        bank_error(bank_copy)
    )


def test_every_fact_is_declared_as_work_or_setting(bank_copy):
    """An answer's fact must be in [[facts]], which says whether it is about the work or the
    setting (the setting counts only up to a share of the work)."""
    edit(bank_copy, PROBLEM, 'fact = "mvp"', 'fact = "mvpp"')
    assert "field options.mvp.fact: 'mvpp' is not in [[facts]]" in bank_error(bank_copy)
