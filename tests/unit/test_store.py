"""Session files on disk: safe names, exact round trips, private modes, atomic saves, damaged
files reported and never overwritten, backups, deletion, and merging two writers.

Everything here writes real files in a temporary folder; the only fakes are a failing
``os.fsync`` / ``os.replace``, because failing a real disk on demand is not cheap.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tui.core.assessment import Assessment
from tui.core.errors import SessionFileError
from tui.core.session.models import Answer, Session
from tui.core.storage.folders import INTERNAL
from tui.core.storage.listing import find_session, list_sessions
from tui.core.storage.paths import default_sessions_dir
from tui.core.storage.reading import read_session
from tui.core.storage.rescue import restore_backup
from tui.core.storage.session_file import (
    SessionFile,
    backup_path,
    delete_session,
    dumps,
    session_path,
    slugify,
)

HOSTILE_TITLES = [
    "a/b/c",
    "..\\..\\windows\\system32",
    "..",
    "../../etc/passwd",
    ".hidden",
    "...",
    "nul\x00byte",
    "面接の評価",
    "Ünïcödé façade",
    "-",
    " ",
    "x" * 200,
]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(directory: Path) -> list[Path]:
    tmp = directory / INTERNAL / "tmp"
    return sorted(tmp.iterdir()) if tmp.is_dir() else []


def make(directory: Path, title: str = "Payments API hire", **fields) -> SessionFile:
    return SessionFile.create(directory, Session(title=title, **fields))


# -- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("title", HOSTILE_TITLES + ["y" * 500])
def test_slug_is_a_plain_file_name(title):
    """Whatever the title, the slug has no separator, dot, NUL or leading dash, and is short."""
    slug = slugify(title)
    assert slug
    assert len(slug) <= 40
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug), slug
    assert not slug.startswith("-") and not slug.endswith("-")


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_session_path_stays_in_the_folder(sessions_dir, title):
    """The file lands directly in the sessions folder under a visible, harmless name."""
    session = Session(title=title)
    path = session_path(sessions_dir, session)
    assert path.parent == sessions_dir
    name = path.name
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert ".." not in name
    assert not name.startswith(".")
    assert name.endswith(f"-{session.id}.toml")
    assert len(name.encode()) < 255


def test_non_latin_title_still_gets_a_readable_name(sessions_dir):
    """A title with no Latin letters falls back to a generic slug, never an empty name."""
    path = make(sessions_dir, "面接の評価").path
    assert path.name.startswith("assessment-")


def test_same_title_twice_gives_two_files(sessions_dir):
    """Two sessions with the same title never share (or overwrite) a file."""
    first, second = make(sessions_dir, "../same"), make(sessions_dir, "../same")
    assert first.path != second.path
    assert sorted(p.name for p in sessions_dir.glob("*.toml")) == sorted(
        [first.path.name, second.path.name]
    )


def test_same_id_twice_gets_a_counter(sessions_dir):
    """Even a repeated id (a copied session) does not overwrite the existing file."""
    first = make(sessions_dir, "Copy", id="abcd1234")
    original = first.path.read_bytes()
    second = make(sessions_dir, "Copy", id="abcd1234")
    assert second.path.name == "copy-abcd1234-2.toml"
    assert first.path.read_bytes() == original


def test_default_sessions_dir_honours_environment(sessions_dir, monkeypatch, tmp_path):
    """HIRING_CLARITY_SESSIONS decides where sessions go."""
    assert default_sessions_dir() == sessions_dir
    monkeypatch.setenv("HIRING_CLARITY_SESSIONS", str(tmp_path / "other"))
    assert default_sessions_dir() == tmp_path / "other"


# -- round trips ---------------------------------------------------------------------------

TEXT = st.characters(exclude_categories=["Cs"])
ANSWERS = st.dictionaries(
    st.text(TEXT, max_size=12),
    st.builds(
        Answer,
        choice=st.none() | st.text(TEXT, max_size=12),
        choices=st.none() | st.lists(st.text(TEXT, max_size=8), max_size=3),
        value=st.none() | st.integers(1, 5),
        note=st.none() | st.text(TEXT, max_size=60),
    ),
    max_size=4,
)
OFFSETS = st.integers(-23 * 60, 23 * 60).map(lambda m: timezone(timedelta(minutes=m)))
DATES = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC) | OFFSETS
)
TRICKY = "\r\n'''\"\"\"\\\x00\x1b[31m\x7f\x9b\u2028\u202e\t🙂"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.text(TEXT, min_size=1, max_size=200),
    role=st.text(TEXT, max_size=200),
    assessor=st.text(TEXT, max_size=200),
    notes=st.text(TEXT, max_size=300),
    answers=ANSWERS,
    created=DATES,
    updated=DATES,
)
@example(
    title=TRICKY,
    role=TRICKY,
    assessor=TRICKY,
    notes=TRICKY * 3,
    answers={TRICKY: Answer(choice=TRICKY, note=TRICKY), "": Answer(note="\r\n")},
    created=datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=UTC),
    updated=datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=5, minutes=30))),
)
def test_save_and_load_round_trip_exactly(title, role, assessor, notes, answers, created, updated):
    """Any Unicode text and any whole-minute-offset datetime come back exactly as saved."""
    session = Session(
        title=title,
        role_title=role,
        assessor=assessor,
        notes=notes,
        answers=answers,
        created=created,
        updated=updated,
    )
    with tempfile.TemporaryDirectory() as folder:
        path = SessionFile.create(Path(folder), session).path
        loaded = read_session(path)
    assert loaded == session
    assert loaded.created == created and loaded.created.utcoffset() == timedelta(0)
    assert loaded.updated == updated and loaded.updated.utcoffset() == timedelta(0)
    assert loaded.answers == answers


def test_round_trip_after_saves_keeps_datetimes_and_revision(sessions_dir):
    """A saved and re-read session keeps its created time to the second and counts revisions."""
    handle = make(sessions_dir, created=datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC))
    handle.save()
    handle.save()
    loaded = read_session(handle.path)
    assert loaded.created == datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert loaded.revision == 2
    assert loaded.updated == handle.session.updated
    assert loaded.updated.tzinfo is not None


def test_session_with_offsetless_dates_can_be_saved(sessions_dir):
    """A file whose dates carry no UTC offset (hand edited) loads, so it must also save."""
    handle = make(sessions_dir)
    text = handle.path.read_text(encoding="utf-8")
    handle.path.write_text(text.replace("+00:00", ""), encoding="utf-8")
    reopened = SessionFile.open(handle.path)
    assert reopened.session.updated.tzinfo is UTC
    reopened.save()
    assert read_session(handle.path).revision == 1


# -- modes ---------------------------------------------------------------------------------


def test_session_file_is_0600_and_new_folder_0700(sessions_dir):
    """Hiring notes are private: the created folder is 0700, every session file 0600."""
    assert not sessions_dir.exists()
    handle = make(sessions_dir)
    handle.save()
    assert mode(sessions_dir) == 0o700
    assert mode(sessions_dir / INTERNAL) == 0o700
    assert mode(handle.path) == 0o600
    assert mode(backup_path(handle.path)) == 0o600


def test_modes_hold_under_a_permissive_umask(sessions_dir):
    """A umask of 0 (some containers) still gives private files and folders."""
    old = os.umask(0)
    try:
        handle = make(sessions_dir / "nested")
        handle.save()
    finally:
        os.umask(old)
    assert mode(sessions_dir / "nested") == 0o700
    assert mode(handle.path) == 0o600


# -- atomic saves --------------------------------------------------------------------------


def test_failed_fsync_leaves_the_old_file_intact(sessions_dir, monkeypatch):
    """A save that fails while writing keeps the previous file byte for byte, and no temp file."""
    handle = make(sessions_dir)
    handle.save()
    before = handle.path.read_bytes()
    handle.session.notes = "this never reaches the disk"

    def broken_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "simulated disk failure")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="simulated"):
        handle.save()
    monkeypatch.undo()
    assert handle.path.read_bytes() == before
    assert leftovers(sessions_dir) == []
    assert read_session(handle.path).notes == ""


def test_failed_rename_leaves_the_old_file_intact(sessions_dir, monkeypatch):
    """If the final rename fails, the old file stays and the temporary file is removed."""
    handle = make(sessions_dir)
    handle.save()
    before = handle.path.read_bytes()
    real_replace = os.replace

    def replace(src, dst, **kwargs):
        if Path(dst).name == handle.path.name:  # the sessions folder's name, or its path
            raise OSError(errno.ENOSPC, "simulated full disk")
        return real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    handle.session.notes = "lost"
    with pytest.raises(OSError, match="simulated"):
        handle.save()
    monkeypatch.undo()
    assert handle.path.read_bytes() == before
    assert leftovers(sessions_dir) == []
    assert sorted(p.name for p in sessions_dir.iterdir()) == sorted([INTERNAL, handle.path.name])


def test_failed_save_then_other_writer_loses_nothing(bank, sessions_dir, monkeypatch):
    """After a failed save, retrying must still merge what another writer saved meanwhile."""
    mine = make(sessions_dir)
    theirs = SessionFile.open(mine.path)
    mine.session.answers = {"primary-outcome": Answer(choice="mvp")}

    def broken_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "simulated disk failure")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        mine.save()
    monkeypatch.undo()
    theirs.session.answers = {"language-mix": Answer(choice="polyglot")}
    theirs.save()
    mine.save()
    assert set(read_session(mine.path).answers) == {"primary-outcome", "language-mix"}


def test_leftover_temporaries_are_swept(sessions_dir):
    """A temp file left by a killed save is removed by the next save."""
    handle = make(sessions_dir)
    stale = sessions_dir / INTERNAL / "tmp" / "killed.tmp"
    stale.write_bytes(b"half a session")
    handle.save()
    assert leftovers(sessions_dir) == []


# -- damaged files -------------------------------------------------------------------------


def _good_text() -> str:
    return dumps(Session(title="Good", id="feedc0de"))


DAMAGE = {
    "empty": (b"", "empty file"),
    "blank": (b"  \n\n", "empty file"),
    "truncated": (_good_text()[:40].encode() + b'"unterminated', "damaged TOML"),
    "binary": (bytes(range(256)) * 4, "not a text file"),
    "wrong type": (
        _good_text().replace("revision = 0", 'revision = "x"').encode(),
        "wrong data at revision",
    ),
    "newer schema": (
        _good_text().replace("schema_version = 1", "schema_version = 99").encode(),
        "newer hiring-clarity",
    ),
    "foreign": (
        b'[tool.poetry]\nname = "not-a-session"\nversion = "1.0"\n',
        "not a hiring-clarity session",
    ),
    "schema as text": (
        _good_text().replace("schema_version = 1", 'schema_version = "1"').encode(),
        "schema_version must be a whole number",
    ),
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_damaged_file_is_reported_by_name(sessions_dir, kind):
    """Each kind of damage gives a SessionFileError naming the file and saying what is wrong."""
    data, reason = DAMAGE[kind]
    sessions_dir.mkdir()
    path = sessions_dir / "damaged-feedc0de.toml"
    path.write_bytes(data)
    with pytest.raises(SessionFileError) as caught:
        read_session(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("kind", DAMAGE)
def test_save_never_overwrites_a_damaged_file(sessions_dir, kind):
    """A handle whose file was damaged under it refuses to save and leaves the damage as is."""
    data, _ = DAMAGE[kind]
    handle = make(sessions_dir, id="feedc0de")
    handle.path.write_bytes(data)
    handle.session.notes = "would overwrite the damage"
    with pytest.raises(SessionFileError, match=str(handle.path)):
        handle.save()
    assert handle.path.read_bytes() == data
    assert not backup_path(handle.path).exists()
    assert leftovers(sessions_dir) == []


def test_missing_and_folder_paths_are_session_errors(sessions_dir):
    """A missing file or a folder named like a session is a clear error, not an OSError."""
    with pytest.raises(SessionFileError, match="no such session file"):
        read_session(sessions_dir / "missing.toml")
    (sessions_dir / "folder.toml").mkdir(parents=True)
    with pytest.raises(SessionFileError, match="a folder"):
        read_session(sessions_dir / "folder.toml")


# -- listing and finding -------------------------------------------------------------------


def test_list_sessions_newest_first_with_damaged_files_shown(sessions_dir):
    """Healthy sessions come newest first; damaged files are listed with their error."""
    when = [
        datetime(2024, 1, 1, tzinfo=UTC),
        datetime(2025, 1, 1, tzinfo=UTC),
        datetime(2023, 1, 1, tzinfo=UTC),
    ]
    for n, updated in enumerate(when):
        make(sessions_dir, f"Hire {n}", updated=updated)
    (sessions_dir / "broken.toml").write_bytes(b"")
    (sessions_dir / "newer.toml").write_text(
        _good_text().replace("schema_version = 1", "schema_version = 99"), encoding="utf-8"
    )
    (sessions_dir / "notes.txt").write_text("not a session")
    rows = list_sessions(sessions_dir)
    healthy = [r.session.title for r in rows if r.session]
    assert healthy == ["Hire 1", "Hire 0", "Hire 2"]
    damaged = {r.path.name: r.error for r in rows if r.session is None}
    assert damaged.keys() == {"broken.toml", "newer.toml"}
    assert damaged["broken.toml"] == "empty file"
    assert "newer hiring-clarity" in damaged["newer.toml"]
    assert all(r.error == "" for r in rows if r.session)


def test_list_sessions_skips_bookkeeping_and_missing_folders(sessions_dir):
    """Backups, deleted and temporary files are never listed; a missing folder lists nothing."""
    assert list_sessions(sessions_dir) == []
    handle = make(sessions_dir)
    handle.save()
    handle.save()
    delete_session(make(sessions_dir, "Gone").path)
    assert [r.path for r in list_sessions(sessions_dir)] == [handle.path]


def test_find_session_by_id_name_and_path(sessions_dir, monkeypatch, tmp_path):
    """SESSION on the command line may be an id, a file name, or a path."""
    target = make(sessions_dir, "Find me").path
    make(sessions_dir, "Someone else")
    session_id = read_session(target).id
    assert find_session(session_id, sessions_dir) == target
    assert find_session(target.name, sessions_dir) == target
    assert find_session(str(target), sessions_dir) == target
    monkeypatch.chdir(tmp_path)
    relative = f"{sessions_dir.name}/{target.name}"
    assert find_session(relative, tmp_path / "elsewhere").resolve() == target.resolve()


def test_find_session_by_id_after_a_rename(sessions_dir):
    """A file renamed by hand is still found by the id inside it."""
    handle = make(sessions_dir, "Renamed")
    renamed = handle.path.with_name("my-favourite.toml")
    handle.path.rename(renamed)
    assert find_session(handle.session.id, sessions_dir) == renamed


def test_find_session_unknown_id(sessions_dir):
    """An id nobody has gives a SessionFileError naming the folder."""
    make(sessions_dir)
    with pytest.raises(SessionFileError, match=str(sessions_dir)):
        find_session("0000ffff", sessions_dir)


def test_find_session_id_does_not_match_title_words(sessions_dir):
    """'2024' is no session's id, so it must not pick the session titled 'Payments 2024 hire'."""
    make(sessions_dir, "Payments 2024 hire")
    with pytest.raises(SessionFileError):
        find_session("2024", sessions_dir)


# -- backups, restore, delete --------------------------------------------------------------


def test_backup_holds_the_previous_version(sessions_dir):
    """After two saves the backup is the first save's version, the file the second's."""
    handle = make(sessions_dir)
    handle.session.notes = "first"
    handle.save()
    handle.session.notes = "second"
    handle.save()
    backup = read_session(backup_path(handle.path))
    assert (backup.revision, backup.notes) == (1, "first")
    current = read_session(handle.path)
    assert (current.revision, current.notes) == (2, "second")


def test_restore_backup_keeps_the_damaged_file_aside(sessions_dir):
    """restore_backup puts the last good version back and keeps the damaged bytes."""
    handle = make(sessions_dir)
    handle.session.notes = "good"
    handle.save()
    handle.save()
    good = backup_path(handle.path).read_bytes()
    handle.path.write_bytes(b"\x00garbage")
    restored = restore_backup(handle.path)
    assert restored.notes == "good"
    assert handle.path.read_bytes() == good
    assert mode(handle.path) == 0o600
    aside = list((sessions_dir / INTERNAL / "damaged").iterdir())
    assert [p.read_bytes() for p in aside] == [b"\x00garbage"]
    assert [r.path for r in list_sessions(sessions_dir)] == [handle.path]


def test_restore_without_backup_is_an_error(sessions_dir):
    """A session never saved twice has no backup; restoring says so and changes nothing."""
    handle = make(sessions_dir)
    before = handle.path.read_bytes()
    with pytest.raises(SessionFileError, match="no backup"):
        restore_backup(handle.path)
    assert handle.path.read_bytes() == before


def test_delete_moves_the_file_out_of_the_list(sessions_dir):
    """Deleting keeps the bytes in the bookkeeping area and drops the session from the list."""
    keep, gone = make(sessions_dir, "Keep"), make(sessions_dir, "Gone")
    data = gone.path.read_bytes()
    target = delete_session(gone.path)
    assert not gone.path.exists()
    assert target.read_bytes() == data
    assert INTERNAL in target.parts
    assert [r.path for r in list_sessions(sessions_dir)] == [keep.path]


# -- two writers ---------------------------------------------------------------------------


def test_two_writers_merge_answer_by_answer(sessions_dir):
    """Two handles on one file save in turn; each save takes in the other's answers."""
    mine = make(sessions_dir)
    theirs = SessionFile.open(mine.path)

    mine.session.answers = {"primary-outcome": Answer(choice="mvp")}
    assert mine.save().merged == []

    theirs.session.answers = {"language-mix": Answer(choice="polyglot")}
    theirs.session.assessor = "Bea"
    result = theirs.save()
    assert result.merged == ["primary-outcome"]
    assert result.conflicts == []

    mine.session.answers = {**mine.session.answers, "hosting-model": Answer(choice="paas")}
    result = mine.save()
    assert sorted(result.merged) == ["assessor", "language-mix"]
    assert "merged 2 change(s)" in result.message

    saved = read_session(mine.path)
    assert set(saved.answers) == {"primary-outcome", "language-mix", "hosting-model"}
    assert saved.assessor == "Bea"
    assert saved.revision == 3
    assert mine.session == saved


def test_conflict_keeps_both_values(sessions_dir):
    """When both changed the same answer, the later saver's value is the answer for now and
    both values are recorded as a conflict (who wrote each, when) until someone settles it."""
    mine = make(sessions_dir)
    theirs = SessionFile.open(mine.path)
    mine.session.answers = {"primary-outcome": Answer(choice="mvp")}
    mine.save()
    theirs.session.answers = {
        "primary-outcome": Answer(choice="modernize"),
        "language-mix": Answer(choice="polyglot"),
    }
    result = theirs.save()
    assert result.conflicts == ["primary-outcome"]
    assert result.merged == ["conflicts"]
    assert "both values kept" in result.message and "kept yours" not in result.message
    saved = read_session(mine.path)
    assert saved.answers["primary-outcome"].choice == "modernize"
    assert sorted(a.choice or "" for a in saved.conflicts["primary-outcome"]) == [
        "modernize",
        "mvp",
    ]

    result = mine.save()
    assert sorted(result.merged) == ["conflicts", "language-mix", "primary-outcome"]
    assert result.conflicts == []
    assert mine.session.answers["primary-outcome"].choice == "modernize"


def test_a_file_replaced_by_another_session_is_not_overwritten(sessions_dir):
    """If the path now holds a different session, the save is refused."""
    mine = make(sessions_dir, id="aaaa1111")
    other = dumps(Session(title="Other", id="bbbb2222")).encode()
    mine.path.write_bytes(other)
    with pytest.raises(SessionFileError, match="another session"):
        mine.save()
    assert mine.path.read_bytes() == other


def test_100_kb_of_toml_looking_note_round_trips(sessions_dir):
    """A huge note full of TOML syntax, quotes, newlines and escapes is stored exactly."""
    chunk = '[answers.x]\nchoice = "evil"\n"""\'\'\'\\u0000 \x1b[2J \r\n\t'
    note = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    handle = make(sessions_dir, notes=note)
    handle.session.answers = {"primary-outcome": Answer(choice="mvp", note=note)}
    handle.save()
    loaded = read_session(handle.path)
    assert loaded.notes == note
    assert loaded.answers["primary-outcome"].note == note


def test_overlong_title_is_refused_with_a_message():
    with pytest.raises(ValueError, match="at most 200 characters"):
        Session(title="x" * 201)


def test_list_in_passes_newest_headers_first_then_damage_found_in_full(sessions_dir):
    """Headers of the newest files come first; a file damaged only among its answers is
    listed as readable at first and as damaged in the last pass."""
    from tui.core.storage.listing import list_in_passes

    handles = [make(sessions_dir, f"Hire {n}") for n in range(5)]
    for handle in handles:
        handle.save()
    broken = handles[0].path
    broken.write_text(
        broken.read_text(encoding="utf-8") + "\n[answers.x]\nvalue = \n", encoding="utf-8"
    )
    passes = list(list_in_passes(sessions_dir, first=2))
    assert [len(rows) for rows in passes] == [2, 5, 5]
    assert all(row.session is not None for row in passes[1])
    damaged = [row for row in passes[2] if row.session is None]
    assert [row.path for row in damaged] == [broken]
    assert "damaged TOML" in damaged[0].error


def test_backup_already_linked_to_the_file_leaves_no_staged_link(sessions_dir):
    """A kill after the backup step but before the rename leaves the backup a hard link to
    the live file; rename(2) between two links of one file does nothing, so the next save
    must remove the staged link itself."""
    handle = make(sessions_dir)
    handle.save()
    keep = backup_path(handle.path)
    keep.unlink()
    os.link(handle.path, keep)
    handle.save()
    assert sorted(p.name for p in keep.parent.iterdir()) == [handle.path.name]
    assert read_session(keep).revision == handle.session.revision - 1


def test_only_written_changes_update_the_time(bank, sessions_dir):
    """Moving around saves the position without making the session "updated"; an answer, a
    note or a title does."""
    path = Assessment.start(bank, sessions_dir, "Browse me").path
    long_ago = datetime(2024, 1, 1, 9, tzinfo=UTC)

    def updated_after(change) -> datetime:
        session = read_session(path)
        session.updated = long_ago
        path.write_text(dumps(session))
        assessment = Assessment.open(bank, path)
        change(assessment)
        return read_session(path).updated

    def rename(assessment: Assessment) -> None:
        assessment.session.title = "Renamed"
        assessment.save()

    assert updated_after(lambda a: a.move("team-shape", "team-size")) == long_ago
    assert updated_after(lambda a: a.move("budget", "", summary=True)) == long_ago
    assert read_session(path).position.summary, "the position is saved all the same"
    assert updated_after(lambda a: a.answer("primary-outcome", Answer(choice="mvp"))) > long_ago
    assert updated_after(lambda a: a.note("primary-outcome", "why")) > long_ago
    assert updated_after(rename) > long_ago
