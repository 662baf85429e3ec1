"""Pairing across Unix accounts: a sessions folder shared with a group (setgid, 2770) keeps
group read/write on every file and bookkeeping folder; anywhere else stays 0600/0700; a folder
open to every user is made private (ours, readable) or refused (writable, or not ours).

A second Unix account is a child process that drops to another uid (root only, as in CI's
sandbox); the rest runs as any user.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import REPO
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.session.models import Answer
from tui.core.storage.folders import INTERNAL, UnsafePathError
from tui.core.storage.reading import read_session

FIRST = "primary-outcome"
COLLEAGUE_UID = 4242
NOBODY_GID = 65534


def modes(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry under ``folder`` (relative path -> (mode bits, gid))."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        found[str(path.relative_to(folder))] = (stat.S_IMODE(info.st_mode), info.st_gid)
    return found


def group_for_test() -> int:
    """A group of ours to share with: our own primary group unless we are root (then any)."""
    return 100 if os.geteuid() == 0 else os.getegid()


@pytest.fixture
def shared() -> Iterator[Path]:
    """A group-shared sessions folder any account can reach (pytest's folders are 0700)."""
    parent = Path(tempfile.mkdtemp(prefix="hc-shared-"))
    parent.chmod(0o711)
    folder = parent / "sessions"
    folder.mkdir()
    os.chown(folder, -1, group_for_test())
    folder.chmod(0o2770)
    try:
        yield folder
    finally:
        shutil.rmtree(parent)


def test_a_group_shared_folder_keeps_group_read_write(bank: Bank, shared: Path) -> None:
    assessment = Assessment.start(bank, shared, "Pair across accounts")
    assessment.answer(FIRST, Answer(choice="mvp"))
    assessment.answer(FIRST, Answer(choice="mvp", note="backup made"))
    found = modes(shared)
    group = group_for_test()
    assert found[assessment.path.name] == (0o660, group)
    for name in (INTERNAL, f"{INTERNAL}/tmp", f"{INTERNAL}/backups"):
        assert found[name] == (0o2770, group), name
    assert found[f"{INTERNAL}/lock"] == (0o660, group)
    assert found[f"{INTERNAL}/backups/{assessment.path.name}"][0] == 0o660


def test_a_private_folder_stays_0600_and_0700(bank: Bank, sessions_dir: Path) -> None:
    assessment = Assessment.start(bank, sessions_dir, "Alone")
    assessment.answer(FIRST, Answer(choice="mvp"))
    assessment.answer(FIRST, Answer(choice="mvp", note="backup made"))
    for name, (mode, _) in modes(sessions_dir).items():
        is_dir = (sessions_dir / name).is_dir()
        assert mode == (0o700 if is_dir else 0o600), name


def test_a_world_writable_folder_is_refused(bank: Bank, sessions_dir: Path) -> None:
    sessions_dir.mkdir()
    sessions_dir.chmod(0o777)
    with pytest.raises(UnsafePathError, match="writable by every user") as refused:
        Assessment.start(bank, sessions_dir, "Public")
    assert "chmod o-rwx" in str(refused.value) and "Assess together" in str(refused.value)
    assert [p.suffix for p in sessions_dir.iterdir()] in ([], [""]), "a session was written"


def test_a_world_readable_folder_of_ours_is_made_private(bank: Bank, sessions_dir: Path) -> None:
    sessions_dir.mkdir()
    sessions_dir.chmod(0o755)
    Assessment.start(bank, sessions_dir, "Was readable")
    assert stat.S_IMODE(sessions_dir.stat().st_mode) == 0o750


COLLEAGUE = f"""
import os, sys, json, tomllib, datetime
from pathlib import Path
import tomli_w
from tui.core.assessment import Assessment
from tui.core.bank.loading import load_bank
from tui.core.session.models import Answer
bank = load_bank()
# Everything is imported first: this Python's own files may be readable by root only.
os.setgroups([{group_for_test()}])
os.setgid({NOBODY_GID})
os.setuid({COLLEAGUE_UID})
assessment = Assessment.open(bank, Path(sys.argv[1]))
assert not assessment.read_only, assessment.file.owner
assessment.answer("hiring-slots", Answer(choice="just-one", note="from a colleague"))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as a second Unix account")
def test_a_colleague_with_another_account_saves_and_so_do_we(bank: Bank, shared: Path) -> None:
    mine = Assessment.start(bank, shared, "Two accounts")
    mine.answer(FIRST, Answer(choice="mvp"))
    env = {
        **os.environ,
        "HOME": str(shared.parent),
        "PYTHONDONTWRITEBYTECODE": "1",
        "HIRING_CLARITY_CACHE": str(shared.parent / "colleague-cache"),
    }
    done = subprocess.run(
        [sys.executable, "-c", COLLEAGUE, str(mine.path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    info = mine.path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (
        COLLEAGUE_UID,
        group_for_test(),
        0o660,
    ), "the colleague's save is the group's"
    mine.refresh()
    assert not mine.file.owner, "a colleague's file in the shared folder is not read-only"
    mine.answer(FIRST, Answer(choice="mvp", note="after the colleague"))
    saved = read_session(mine.path)
    assert saved.answers["hiring-slots"].note == "from a colleague"
    assert saved.answers[FIRST].note == "after the colleague"


def test_presence_heartbeats_in_a_group_shared_folder_are_the_groups(shared: Path) -> None:
    """A colleague with another account reads who else is here: heartbeats are 0660 there."""
    from tui.core.storage.presence import FOLDER, Presence

    presence = Presence(shared, "abcd1234", "Alice")
    assert presence.beat()
    beats = [p for p in (shared / INTERNAL / FOLDER).iterdir() if not p.name.startswith(".")]
    assert [(stat.S_IMODE(p.stat().st_mode), p.stat().st_gid) for p in beats] == [
        (0o660, group_for_test())
    ]
    presence.leave()
