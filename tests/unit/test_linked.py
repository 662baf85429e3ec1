"""Assess independently, then compare: copy, the blind seal, compare and settle, with real
session files and the real command line."""

from __future__ import annotations

import json
import os
import tomllib

import pytest

from tests.unit.test_cli import run
from tui.core.assessment import Assessment
from tui.core.errors import HiringClarityError
from tui.core.linked.compare import compare, settle
from tui.core.linked.copies import (
    SealedError,
    check_unsealed,
    copy_assessment,
    sealed_ids,
    siblings,
)
from tui.core.reports.list_table import format_table
from tui.core.reports.report import render
from tui.core.session.models import Answer
from tui.core.storage.listing import list_sessions
from tui.core.storage.reading import read_session


@pytest.fixture
def pair(bank, sessions_dir) -> tuple[Assessment, Assessment]:
    """Ann's assessment leaning Flask and Ben's blind copy leaning generalist, both done."""
    ann = Assessment.start(bank, sessions_dir, "Payments API hire", "Senior Python", "Ann")
    ann.answer("primary-outcome", Answer(choice="mvp", note="Launch in March"))
    ann.answer("service-count", Answer(choice="one"))
    ann.answer("hosting-model", Answer(choice="paas"))
    ann.set_notes("Ann: small team, tight date")
    ben = copy_assessment(bank, ann.path, "Ben")
    ben.answer("primary-outcome", Answer(choice="modernize", note="Legacy is the real work"))
    ben.answer("service-count", Answer(choice="one"))
    ben.answer("hosting-model", Answer(choice="paas"))
    ann = Assessment.open(bank, ann.path)
    return ann, ben


def test_copy_is_blank_linked_and_keeps_the_original(pair, bank):
    ann, ben = pair
    assert ben.session.title == ann.session.title
    assert ben.session.role_title == "Senior Python" and ben.session.assessor == "Ben"
    assert ben.session.bank_version == bank.version
    assert [qid for qid in ben.session.answers] == [
        "primary-outcome",
        "service-count",
        "hosting-model",
    ]
    original = read_session(ann.path)
    assert original.link is not None and original.link.group == original.id
    assert ben.session.link is not None and ben.session.link.group == original.id
    assert original.link.blind and ben.session.link.blind
    assert original.answers["primary-outcome"].choice == "mvp", "the original's answers changed"
    assert [r.session.id for r in siblings(ann.path.parent, original) if r.session] == [
        ben.session.id
    ]


def test_copy_from_the_command_line_is_blank(bank, sessions_dir, pair):
    ann, _ = pair
    result = run("copy", ann.session.id, "--assessor", "Cy", sessions=sessions_dir)
    assert result.returncode == 0, result.stderr
    assert "sealed until both are marked done" in result.stdout
    copy_id = result.stdout.split("(id ")[1].split(")")[0]
    copy = next(
        r.session for r in list_sessions(sessions_dir) if r.session and r.session.id == copy_id
    )
    assert copy.answers == {} and copy.assessor == "Cy" and copy.title == "Payments API hire"
    missing = run("copy", ann.session.id, sessions=sessions_dir)
    assert missing.returncode == 2 and "--assessor" in missing.stderr


def test_blind_pair_is_sealed_until_both_are_done(pair, sessions_dir):
    ann, ben = pair
    with pytest.raises(SealedError, match="Ann, Ben"):
        check_unsealed([ann.session, ben.session])
    rows = list_sessions(sessions_dir)
    assert sealed_ids(rows) == {ann.session.id, ben.session.id}
    listing = format_table(rows)
    assert "Flask specialist" not in listing and "sealed" in listing
    refused = run("compare", ann.session.id, ben.session.id, sessions=sessions_dir)
    assert refused.returncode == 2 and "not yet marked done by Ann, Ben" in refused.stderr
    ann.mark_done()
    refused = run("compare", ann.session.id, ben.session.id, sessions=sessions_dir)
    assert refused.returncode == 2 and "by Ben;" in refused.stderr
    assert run("done", ben.session.id, sessions=sessions_dir).returncode == 0
    assert sealed_ids(list_sessions(sessions_dir)) == set()
    assert run("compare", ann.session.id, ben.session.id, sessions=sessions_dir).returncode == 0


def test_compare_sorts_differences_by_how_much_they_move_the_result(pair, bank):
    ann, ben = pair
    ann.answer("release-process", Answer(choice="manual"))
    result = compare(bank, ann.session, ben.session)
    assert result.agreed == 2
    ids = [d.question_id for d in result.differences]
    assert ids[0] == "primary-outcome", "the verdict-changing difference is not first"
    assert set(ids) == {"primary-outcome", "release-process"}
    first = result.differences[0]
    assert first.note_a == "Launch in March"
    assert first.note_b == "Legacy is the real work"
    assert result.differences[1].answer_b == "(not answered)"
    keys = [(d.flips, d.moves) for d in result.differences]
    assert keys == sorted(keys, reverse=True)
    assert first.moves > result.differences[1].moves


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_compare_command_in_each_format(pair, bank, sessions_dir, fmt):
    ann, ben = pair
    expected = compare(bank, ann.session, ben.session)
    ann.mark_done()
    ben.mark_done()
    result = run("compare", ann.session.id, ben.session.id, "--format", fmt, sessions=sessions_dir)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["same_verdict"] is (expected.rec_a.role == expected.rec_b.role)
        assert data["a"]["role_name"] == expected.rec_a.role_name
        assert data["differences"][0]["question"] == "primary-outcome"
        assert data["differences"][0]["note_b"] == "Legacy is the real work"
    else:
        assert "Ann" in result.stdout and "Ben" in result.stdout
        assert "Legacy is the real work" in result.stdout
        assert expected.rec_a.role_name in result.stdout
        assert expected.rec_b.role_name in result.stdout


def test_settle_makes_a_new_agreed_session_and_leaves_both_untouched(pair, bank, sessions_dir):
    ann, ben = pair
    before = (ann.path.read_bytes(), ben.path.read_bytes())
    with pytest.raises(HiringClarityError, match="not settled"):
        settle(bank, ann.session, ben.session, {}, sessions_dir)
    agreed = settle(bank, ann.session, ben.session, {"primary-outcome": "b"}, sessions_dir)
    assert (ann.path.read_bytes(), ben.path.read_bytes()) == before
    session = read_session(agreed.path)
    assert session.answers["primary-outcome"].choice == "modernize"
    assert session.answers["service-count"].choice == "one"
    note = session.answers["primary-outcome"].note or ""
    assert "Ann: Launch in March" in note and "Ben: Legacy is the real work" in note
    assert session.link is not None and session.link.assessors == ["Ann", "Ben"]
    assert session.link.agreed_from == [ann.session.id, ben.session.id]
    assert session.assessor == "Ann, Ben"
    scorecard = render(bank, session, "markdown")
    assert "Agreed from 2 independent assessments by Ann, Ben" in scorecard
    assert "Agreed from" in render(bank, session, "text")
    assert json.loads(render(bank, session, "json"))["agreed_from"] == session.link.agreed_from


def test_settle_from_the_command_line(pair, sessions_dir):
    ann, ben = pair
    ann.mark_done()
    ben.mark_done()
    args = ("settle", ann.session.id, ben.session.id)
    unsettled = run(*args, sessions=sessions_dir)
    assert unsettled.returncode == 2 and "primary-outcome" in unsettled.stderr
    bad = run(*args, "--take", "service-count=a", sessions=sessions_dir)
    assert bad.returncode == 2 and "not a question that differs" in bad.stderr
    result = run(*args, "--take", "primary-outcome=a", sessions=sessions_dir)
    assert result.returncode == 0, result.stderr
    assert "Verdict: " in result.stdout
    path = result.stdout.split("Agreed assessment: ")[1].split(" (id")[0]
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    assert data["link"]["agreed_from"] == [ann.session.id, ben.session.id]
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"


def test_two_assessments_made_on_their_own_compare(bank, sessions_dir):
    """Two managers who each assessed alone: compared like linked copies, multi-choice labels
    (which hold commas) kept apart with ';'."""
    one = Assessment.start(bank, sessions_dir, "Orders hire", assessor="Maya")
    one.answer("primary-outcome", Answer(choice="mvp"))
    one.answer("mandates", Answer(choices=["compliance-regime", "company-sso"]))
    two = Assessment.start(bank, sessions_dir, "Orders hire (platform view)", assessor="Lee")
    two.answer("primary-outcome", Answer(choice="modernize"))
    result = run(
        "compare", one.session.id, two.session.id, "--format", "json", sessions=sessions_dir
    )
    assert result.returncode == 0, result.stderr
    differences = {d["question"]: d for d in json.loads(result.stdout)["differences"]}
    assert {"primary-outcome", "mandates"} <= set(differences)
    assert differences["mandates"]["a"] == (
        "A compliance regime (SOC 2, HIPAA, PCI DSS, ISO 27001); "
        "Company-wide SSO and central identity"
    )


def test_a_sealed_copy_stays_sealed_beside_an_unrelated_assessment(pair, bank, sessions_dir):
    ann, ben = pair  # blind, neither done
    mine = Assessment.start(bank, sessions_dir, "Someone else's hire", assessor="Cy")
    result = run("compare", mine.session.id, ben.session.id, sessions=sessions_dir)
    assert result.returncode == 2 and "sealed" in result.stderr, result
    assert "modernize" not in result.stdout and "Legacy" not in result.stdout


def test_older_files_without_link_or_done_still_read(bank, sessions_dir):
    old = Assessment.start(bank, sessions_dir, "Old file")
    text = old.path.read_text(encoding="utf-8").replace("done = false\n", "")
    old.path.write_text(text, encoding="utf-8")
    session = read_session(old.path)
    assert session.done is False and session.link is None
    assert read_session(old.path, header_only=True).done is False


def test_an_open_copy_is_not_sealed(bank, sessions_dir):
    """`copy --open-answers`: linked, but comparable before anyone is done."""
    ann = Assessment.start(bank, sessions_dir, "Open hire", assessor="Ann")
    result = run(
        "copy", ann.session.id, "--assessor", "Ben", "--open-answers", sessions=sessions_dir
    )
    assert result.returncode == 0, result.stderr
    assert "sealed" not in result.stdout
    sessions = [r.session for r in list_sessions(sessions_dir) if r.session]
    assert all(s.link is not None and not s.link.blind for s in sessions)
    check_unsealed(sessions)
    assert sealed_ids(list_sessions(sessions_dir)) == set()


def test_linked_and_agreed_files_are_read_without_pydantic(pair, bank, sessions_dir):
    """What this app writes (link table, done flag) takes the fast path, not the validator."""
    from tui.core.storage.plain_session import plain_session

    ann, ben = pair
    ben.mark_done()
    agreed = settle(bank, ann.session, ben.session, {"primary-outcome": "a"}, sessions_dir)
    for path in (ben.path, agreed.path):
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
        session = plain_session(document)
        assert session is not None, f"{path.name} fell back to pydantic"
        assert session == read_session(path)
    assert plain_session({**document, "link": {"group": "NOT AN ID"}}) is None


def test_settle_with_notes_too_long_together_writes_nothing(bank, sessions_dir):
    """Issue 22 item 8: both notes fit alone but not joined; the settle failed after saving a
    blank 'agreed' assessment that stayed listed. Nothing is written unless all of it can be."""
    ann = Assessment.start(bank, sessions_dir, "Long notes", "", "Ann")
    ann.answer("primary-outcome", Answer(choice="mvp", note="a" * 150_000))
    ben = copy_assessment(bank, ann.path, "Ben")
    ben.answer("primary-outcome", Answer(choice="mvp", note="b" * 150_000))
    ann, ben = Assessment.open(bank, ann.path), Assessment.open(bank, ben.path)
    ann.mark_done()
    ben.mark_done()
    files = sorted(sessions_dir.glob("*.toml"))
    with pytest.raises(ValueError, match="200000"):
        settle(bank, ann.session, ben.session, {}, sessions_dir)
    assert sorted(sessions_dir.glob("*.toml")) == files
    result = run("settle", ann.session.id, ben.session.id, sessions=sessions_dir)
    assert result.returncode == 2 and "200000" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert sorted(sessions_dir.glob("*.toml")) == files


def _settle_cli(a: Assessment, b: Assessment, sessions_dir, *extra: str):
    return run("settle", a.session.id, b.session.id, *extra, sessions=sessions_dir)


def test_settle_names_what_it_creates_and_asks_before_a_second(bank, sessions_dir):
    """Picks that put two answers together that cannot both be true are named before
    anything is written; a pair settled once is settled again only when asked."""
    ann = Assessment.start(bank, sessions_dir, "Contradiction hire", assessor="Ann")
    ann.answer("service-count", Answer(choice="one", note="Just the monolith"))
    ann.answer("code-layout", Answer(choice="monorepo-shared-libs"))
    ben = Assessment.start(bank, sessions_dir, "Contradiction hire (Ben)", assessor="Ben")
    ben.answer("service-count", Answer(choice="few"))
    ben.answer("code-layout", Answer(choice="repo-per-service"))
    listed = lambda: len(list_sessions(sessions_dir))  # noqa: E731
    mixed = ("--take", "service-count=a", "--take", "code-layout=b")
    refused = _settle_cli(ann, ben, sessions_dir, *mixed)
    assert refused.returncode == 2 and "cannot both be true" in refused.stderr, refused
    assert "--keep-contradictions" in refused.stderr and listed() == 2  # nothing written
    kept = _settle_cli(ann, ben, sessions_dir, *mixed, "--keep-contradictions")
    assert kept.returncode == 0, kept.stderr
    assert "Contradiction to settle in it:" in kept.stdout and "sure" not in kept.stdout
    again = _settle_cli(ann, ben, sessions_dir, "--rest", "a")
    assert again.returncode == 2 and "settled already" in again.stderr and listed() == 3
    assert _settle_cli(ann, ben, sessions_dir, "--rest", "a", "--again").returncode == 0
    assert listed() == 4
    sessions = [r.session for r in list_sessions(sessions_dir) if r.session is not None]
    notes = {s.answers["service-count"].note for s in sessions if s.link is not None}
    assert notes == {"Ann: Just the monolith"}, "a note alone lost its author's name"
