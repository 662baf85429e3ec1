"""Each person's own position: saved per author, merged per author, older files still read."""

from __future__ import annotations

from pathlib import Path

from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.bank.validation import validate
from tui.core.pairing.positions import merge_positions, position_for
from tui.core.session.models import Position, Session
from tui.core.storage.reading import parse_toml, read_bytes, read_session

FIRST = Position(criterion="problem-framing", question="primary-outcome")


def _two(bank: Bank, sessions_dir: Path) -> tuple[Assessment, Assessment]:
    ann = Assessment.start(bank, sessions_dir, "Pair hire", assessor="Ann")
    bob = Assessment.open(bank, ann.path)
    ann.author, bob.author = "Ann", "Bob"
    return ann, bob


def test_two_people_keep_their_own_positions(bank: Bank, sessions_dir: Path) -> None:
    ann, bob = _two(bank, sessions_dir)
    ann.move("tech-stack", "hosting-model")
    bob.move("team-interfaces", bob.bank.criteria[2].questions[0].id)  # merges Ann's save in
    ann.move("tech-stack", "hosting-model")  # Ann saves again: Bob's place survives the merge
    saved = read_session(ann.path)
    assert position_for(saved, "Ann") == Position(criterion="tech-stack", question="hosting-model")
    assert position_for(saved, "Bob") == Position(
        criterion="team-interfaces", question=bob.bank.criteria[2].questions[0].id
    )
    assert saved.schema_version == 3
    # The fast reader and pydantic agree on the new table.
    assert validate(Session, parse_toml(ann.path, read_bytes(ann.path))) == saved


def test_someone_new_and_older_files_get_the_shared_position(
    bank: Bank, sessions_dir: Path
) -> None:
    ann, _ = _two(bank, sessions_dir)
    ann.author = ""  # an instance without a name (older callers): only the shared position
    ann.move("tech-stack", "hosting-model")
    saved = read_session(ann.path)
    text = ann.path.read_text()
    assert saved.positions == {} and "positions" not in text
    assert text.startswith("schema_version = 1\n")  # no table: what older apps read
    assert position_for(saved, "Carol") == Position(
        criterion="tech-stack", question="hosting-model"
    )


def test_the_table_comes_after_the_answers(bank: Bank, sessions_dir: Path) -> None:
    """Lists read only up to the answers: the positions table is never parsed for them."""
    ann, _ = _two(bank, sessions_dir)
    ann.move("tech-stack", "hosting-model")
    text = ann.path.read_text()
    assert text.index("[positions.Ann]") > text.index("[summary]")
    assert read_session(ann.path, header_only=True).positions == {}


def test_merge_takes_each_authors_side_that_moved() -> None:
    there = Position(criterion="team")
    base = {"Ann": FIRST, "Bob": FIRST}
    mine = {"Ann": there, "Bob": FIRST}
    theirs = {"Ann": FIRST, "Bob": there, "Carol": FIRST}
    assert merge_positions(base, mine, theirs) == {"Ann": there, "Bob": there, "Carol": FIRST}


def test_a_hand_made_author_key_with_spaces_and_unicode_reads(
    sessions_dir: Path, bank: Bank
) -> None:
    ann, _ = _two(bank, sessions_dir)
    ann.author = "Zoë van Dijk"
    ann.move("tech-stack", "hosting-model")
    saved = read_session(ann.path)
    assert saved.positions["Zoë van Dijk"].question == "hosting-model"
