"""The bookkeeping folders' descriptors kept open between saves (docs/architecture.md, "Speed
work-arounds"): a save reopens no folder, yet every save still checks each folder's name, so a
folder replaced since (by a link, or by another folder) is never written through the old one.

Real folders and real saves; ``os.open`` is only counted, never replaced.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from tui.core.errors import SessionFileError
from tui.core.session.models import Session
from tui.core.storage import folders
from tui.core.storage.folders import INTERNAL
from tui.core.storage.session_file import SessionFile


def saved(sessions_dir: Path) -> SessionFile:
    handle = SessionFile.create(sessions_dir, Session(title="Payments API hire"))
    handle.save()
    handle.save()
    return handle


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_saves_reopen_no_folder(sessions_dir, monkeypatch):
    handle = saved(sessions_dir)
    opened_folders: list[str] = []
    real_open = os.open

    def counting_open(path: str, flags: int, *args: int, **kwargs: int) -> int:
        if flags & os.O_DIRECTORY:
            opened_folders.append(str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", counting_open)
    for _ in range(20):
        handle.session.notes += "x"
        handle.save()
    assert opened_folders == []


def test_a_folder_replaced_by_another_takes_the_next_save(sessions_dir):
    """The kept descriptor of the moved-away folder is not used: the new folder gets the backup."""
    handle = saved(sessions_dir)
    backups = sessions_dir / INTERNAL / "backups"
    moved = sessions_dir / INTERNAL / "backups-moved"
    backups.rename(moved)
    before = {p.name: p.read_bytes() for p in moved.iterdir()}
    backups.mkdir(mode=0o700)
    handle.session.notes = "changed"
    handle.save()
    assert [p.name for p in backups.iterdir()] == [handle.path.name]
    assert {p.name: p.read_bytes() for p in moved.iterdir()} == before


def test_a_kept_folder_swapped_for_a_link_is_refused(sessions_dir, tmp_path):
    handle = saved(sessions_dir)
    outside = tmp_path / "outside"
    outside.mkdir()
    tmp = sessions_dir / INTERNAL / "tmp"
    shutil.rmtree(tmp)
    tmp.symlink_to(outside, target_is_directory=True)
    with pytest.raises(SessionFileError, match="a symbolic link"):
        handle.save()
    assert list(outside.iterdir()) == []


def test_descriptors_kept_stay_few_across_many_folders(tmp_path):
    saved(tmp_path / "first")
    before = open_fds()
    for number in range(30):
        saved(tmp_path / f"folder-{number}")
    assert open_fds() - before <= folders._KEEP


def test_saves_off_the_main_thread_keep_nothing_open(sessions_dir):
    handle = saved(sessions_dir)
    before = open_fds()
    errors: list[BaseException] = []

    def save_twice() -> None:
        try:
            saved(sessions_dir / "elsewhere")
            handle.save()
        except BaseException as exc:  # noqa: BLE001 - reported by the assert below
            errors.append(exc)

    worker = threading.Thread(target=save_twice)
    worker.start()
    worker.join()
    assert errors == []
    assert open_fds() == before
