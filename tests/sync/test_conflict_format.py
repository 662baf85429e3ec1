"""Recorded conflicts in the session format, and the per-answer merge that records them."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from tests.sync.helpers import run_cli
from tui.core.session.answering import set_answer
from tui.core.session.models import Alternative, Answer, Session
from tui.core.storage.listing import list_sessions
from tui.core.storage.reading import read_session
from tui.core.storage.session_file import SessionFile, dumps, merge
from tui.sync.merge import merge_sessions

EARLY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
LATE = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)


def _session(**answers: Answer) -> Session:
    return Session(
        id="abcd1234",
        title="Format",
        created=EARLY,
        updated=EARLY,
        answers={k.replace("_", "-"): v for k, v in answers.items()},
    )


def test_both_sides_values_are_recorded_with_author_and_time():
    base = _session(sla_strictness=Answer(value=3), primary_outcome=Answer(choice="mvp"))
    mine = replace(base, updated=EARLY, answers={**base.answers, "sla-strictness": Answer(value=2)})
    theirs = replace(base, updated=LATE, answers={"sla-strictness": Answer(value=4)})
    merged = merge_sessions(base, mine, theirs, "Ann", "Bob")
    assert merged.answers["sla-strictness"].value == 2  # counted until settled
    assert "primary-outcome" not in merged.answers  # only they removed it: taken
    assert merged.conflicts == {
        "sla-strictness": [
            Alternative(author="Ann", at=EARLY, value=2),
            Alternative(author="Bob", at=LATE, value=4),
        ]
    }
    assert merged.revision == max(mine.revision, theirs.revision) + 1


def test_a_removed_answer_is_an_alternative_with_no_value():
    base = _session(sla_strictness=Answer(value=3))
    mine = replace(base, answers={})
    theirs = replace(base, answers={"sla-strictness": Answer(value=5)})
    merged = merge_sessions(base, mine, theirs, "Ann", "Bob")
    first, second = merged.conflicts["sla-strictness"]
    assert not first.answer.is_answered and second.value == 5


def test_records_join_and_a_settlement_on_one_side_wins():
    one = Alternative(author="Ann", at=EARLY, value=2)
    two = Alternative(author="Bob", at=LATE, value=4)
    three = Alternative(author="Cy", at=LATE, value=1)
    base = replace(_session(), conflicts={"q": [one, two]})
    settled = replace(base, conflicts={})
    joined = replace(base, conflicts={"q": [one, two, three]})
    assert merge(base, settled, base)[0].conflicts == {}
    assert merge(base, base, settled)[0].conflicts == {}
    other = replace(base, conflicts={"q": [one, two, Alternative(author="Di", at=LATE)]})
    found = merge(base, joined, other)[0].conflicts["q"]
    assert [a.author for a in found] == ["Ann", "Bob", "Cy", "Di"]


def test_a_conflict_file_is_schema_2_reads_back_and_lists(tmp_path: Path):
    session = _session(sla_strictness=Answer(value=2, note="line\none"))
    session.conflicts = {
        "sla-strictness": [
            Alternative(author="Ann", at=EARLY, value=2),
            Alternative(author="Bob", at=LATE, note="x"),
        ]
    }
    text = dumps(session)
    assert text.startswith("schema_version = 2\n")
    assert text.index("[conflicts]") > text.index("[answers.sla-strictness]")
    path = SessionFile.create(tmp_path, session).path
    back = read_session(path)
    assert back.conflicts == session.conflicts
    assert dumps(back) == text
    (row,) = list_sessions(tmp_path, header_only=True)
    assert row.session is not None and row.session.title == "Format"


def test_without_conflicts_the_file_is_what_version_1_wrote(bank):
    session = _session(sla_strictness=Answer(value=2))
    session.conflicts = {"sla-strictness": [Alternative(author="Ann", at=EARLY, value=2)]}
    set_answer(bank, session, "sla-strictness", Answer(value=3))  # answering settles it
    assert session.conflicts == {}
    text = dumps(session)
    assert text.startswith("schema_version = 1\n") and "conflicts" not in text


def test_the_merge_driver_refuses_a_damaged_side_in_one_line(tmp_path: Path):
    good = dumps(_session())
    for name, text in (("base", good), ("mine", good), ("theirs", "title = [")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = run_cli(
        "merge-driver",
        *(str(tmp_path / n) for n in ("base", "mine", "theirs")),
        "x.toml",
        env=dict(os.environ),
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "damaged TOML" in done.stderr
    assert (tmp_path / "mine").read_text(encoding="utf-8") == good
