"""Links, owners and modes: nothing is written, deleted, restored or locked through a symbolic
link; another user's file is never taken over; every folder the app makes is 0700.

Real symlinks, real folders, a real umask; the outside folder stands for anywhere outside the
sessions folder that a planted link could point at.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import REPO
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.errors import SessionFileError
from tui.core.session.models import Session
from tui.core.storage.cache import cache_dir, cached
from tui.core.storage.folders import INTERNAL
from tui.core.storage.listing import list_sessions
from tui.core.storage.reading import read_session
from tui.core.storage.rescue import restore_backup, write_recovery
from tui.core.storage.session_file import SessionFile, backup_path, delete_session


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the sessions folder holding a file nobody may touch."""
    target = tmp_path / "outside"
    target.mkdir()
    (target / "precious.txt").write_text("keep me")
    return target


def untouched(outside: Path) -> bool:
    return [p.name for p in outside.iterdir()] == ["precious.txt"] and (
        outside / "precious.txt"
    ).read_text() == "keep me"


def saved(sessions_dir: Path) -> SessionFile:
    """A session saved twice, so that every bookkeeping folder a save uses exists."""
    handle = SessionFile.create(sessions_dir, Session(title="Payments API hire"))
    handle.save()
    handle.save()
    return handle


def plant_link(sessions_dir: Path, folder: str, outside: Path) -> None:
    """Replace ``.hiring-clarity/<folder>`` (or the bookkeeping folder itself) by a link."""
    place = sessions_dir / INTERNAL / folder if folder else sessions_dir / INTERNAL
    if place.is_dir():
        shutil.rmtree(place)
    place.symlink_to(outside, target_is_directory=True)


def _save(handle: SessionFile) -> None:
    handle.session.notes = "changed"
    handle.save()


def _recover(handle: SessionFile) -> None:
    write_recovery(handle.path, handle.session)


def _delete(handle: SessionFile) -> None:
    delete_session(handle.path)


def _restore(handle: SessionFile) -> None:
    handle.path.write_text("damaged")
    restore_backup(handle.path)


OPERATIONS: dict[str, tuple[str, Callable[[SessionFile], None]]] = {
    "tmp": ("tmp", _save),
    "backups": ("backups", _save),
    "bookkeeping folder": ("", _save),
    "recovered": ("recovered", _recover),
    "deleted": ("deleted", _delete),
    "damaged": ("damaged", _restore),
}


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_a_linked_bookkeeping_folder_is_refused(sessions_dir, outside, name):
    """A save, a recovery copy, a delete or a restore refuses a folder replaced by a link,
    with one message naming it; nothing outside is written, moved or swept away."""
    folder, operation = OPERATIONS[name]
    handle = saved(sessions_dir)
    before = handle.path.read_bytes()
    plant_link(sessions_dir, folder, outside)
    with pytest.raises(SessionFileError, match="a symbolic link.*never through a link"):
        operation(handle)
    assert untouched(outside)
    if name != "damaged":
        assert handle.path.read_bytes() == before


def test_a_linked_lock_file_is_refused(sessions_dir, outside):
    handle = saved(sessions_dir)
    lock = sessions_dir / INTERNAL / "lock"
    lock.unlink()
    lock.symlink_to(outside / "planted.lock")
    with pytest.raises(SessionFileError, match="lock"):
        handle.save()
    assert untouched(outside)


def test_restore_never_follows_a_linked_backup(sessions_dir, outside):
    """A backup replaced by a link to someone's file is not copied into the session."""
    handle = saved(sessions_dir)
    planted = handle.path.read_bytes().replace(b"Payments", b"Planted")
    (outside / "precious.txt").write_bytes(planted)
    handle.path.write_text("damaged")
    keep = backup_path(handle.path)
    keep.unlink()
    keep.symlink_to(outside / "precious.txt")
    with pytest.raises(SessionFileError, match="symbolic link"):
        restore_backup(handle.path)
    assert handle.path.read_text() == "damaged"


def test_a_bookkeeping_folder_others_can_write_is_refused_and_a_readable_one_tightened(
    sessions_dir,
):
    handle = saved(sessions_dir)
    backups = sessions_dir / INTERNAL / "backups"
    os.chmod(backups, 0o777)
    with pytest.raises(SessionFileError, match="writable by others"):
        _save(handle)
    os.chmod(backups, 0o755)
    _save(handle)
    assert mode(backups) == 0o700


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_another_users_file_is_never_taken_over(bank: Bank, sessions_dir):
    """A save would replace it with a 0600 file of ours its owner cannot read: refused, and
    the app opens such a file read-only, saying why."""
    handle = saved(sessions_dir)
    os.chown(handle.path, 54321, 54321)
    before = handle.path.read_bytes()
    with pytest.raises(SessionFileError, match="another user"):
        _save(handle)
    assert handle.path.stat().st_uid == 54321
    assert handle.path.read_bytes() == before
    opened = Assessment.open(bank, handle.path)
    assert opened.read_only
    assert "another user" in opened.file.owner
    opened.save()
    assert handle.path.read_bytes() == before


# -- links in the list (item 5) ----------------------------------------------------------------


def test_a_dangling_link_is_listed_with_its_reason(sessions_dir, outside):
    saved(sessions_dir)
    (sessions_dir / "gone-abcd1234.toml").symlink_to(outside / "deleted.toml")
    (sessions_dir / "elsewhere-abcd1234.toml").symlink_to(outside / "precious.txt")
    rows = {row.path.name: row for row in list_sessions(sessions_dir)}
    assert "dangling" in rows["gone-abcd1234.toml"].error
    assert "symbolic link" in rows["elsewhere-abcd1234.toml"].error
    assert rows["elsewhere-abcd1234.toml"].session is None
    with pytest.raises(SessionFileError, match="dangling"):
        read_session(sessions_dir / "gone-abcd1234.toml")


# -- recovery copies (item 14) -----------------------------------------------------------------


def test_recovery_copies_made_in_the_same_second_all_stay(sessions_dir):
    """Named by the second, copies of two apps hung up at once used to overwrite each other."""
    handle = saved(sessions_dir)
    copies = []
    for n in range(5):
        handle.session.notes = f"copy {n}"
        copies.append(write_recovery(handle.path, handle.session))
    assert len(set(copies)) == 5
    assert [read_session(p).notes for p in copies] == [f"copy {n}" for n in range(5)]
    assert not list((sessions_dir / INTERNAL / "tmp").iterdir())


def test_two_processes_hung_up_at_once_keep_both_recovery_copies(sessions_dir, tmp_path):
    """Two real processes write a recovery copy of the same session at the same moment."""
    handle = saved(sessions_dir)
    go = tmp_path / "go"
    code = (
        "import sys, time; from pathlib import Path; from tui.core.storage.reading import "
        "read_session; from tui.core.storage.rescue import write_recovery\n"
        "path, go, tag = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]\n"
        "session = read_session(path); session.notes = tag\n"
        "print('ready', flush=True)\n"
        "while not go.exists(): time.sleep(0.001)\n"
        "print(write_recovery(path, session))\n"
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(handle.path), str(go), tag],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        for tag in ("first", "second")
    ]
    assert [w.stdout.readline() for w in writers] == ["ready\n"] * 2  # type: ignore[union-attr]
    go.touch()  # both are waiting for it
    copies = [Path(w.communicate(timeout=60)[0].strip()) for w in writers]
    assert copies[0] != copies[1]
    assert sorted(read_session(p).notes for p in copies) == ["first", "second"]


# -- modes (item 10) ---------------------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_missing_parents_of_the_sessions_folder_are_0700_under_umask_0(tmp_path, open_umask):
    deep = tmp_path / "a" / "b" / "sessions"
    handle = saved(deep)
    for folder in (
        tmp_path / "a",
        tmp_path / "a" / "b",
        deep,
        deep / INTERNAL,
        deep / INTERNAL / "tmp",
        deep / INTERNAL / "backups",
    ):
        assert mode(folder) == 0o700, folder
    assert mode(handle.path) == 0o600


def test_folders_a_recovery_copy_creates_are_0700_under_umask_0(tmp_path, open_umask):
    directory = tmp_path / "x" / "sessions"
    copy = write_recovery(directory / "lost-abcd1234.toml", Session(title="Lost"))
    for folder in (tmp_path / "x", directory, directory / INTERNAL, copy.parent):
        assert mode(folder) == 0o700, folder
    assert mode(copy) == 0o600


def test_a_sessions_folder_removed_while_open_is_recreated_0700(sessions_dir):
    handle = saved(sessions_dir)
    for path in sorted(sessions_dir.rglob("*"), key=lambda p: -len(p.parts)):
        path.rmdir() if path.is_dir() else path.unlink()
    sessions_dir.rmdir()
    _save(handle)
    assert mode(sessions_dir) == 0o700
    assert read_session(handle.path).notes == "changed"


def test_cache_folders_are_0700_under_umask_0(tmp_path, monkeypatch, open_umask):
    monkeypatch.setenv("HIRING_CLARITY_CACHE", str(tmp_path / "c" / "hiring-clarity"))
    cached("probe", [], lambda: Session(title="Cached"), Session)
    for folder in (tmp_path / "c", cache_dir()):
        assert mode(folder) == 0o700, folder


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
async def test_the_app_opens_another_users_file_read_only_and_says_so(sessions_dir, notices):
    from tui.app import make_app

    handle = saved(sessions_dir)
    os.chown(handle.path, 54321, 54321)
    before = handle.path.read_bytes()
    app = make_app(sessions_dir=sessions_dir, resume=handle.path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.assessment is not None and app.assessment.read_only
        assert any("another user" in m for m in notices)
        await pilot.press("space")
        await pilot.pause()
    assert handle.path.read_bytes() == before
