"""The fetch runs while the folder's changes are committed, so the folder is not locked while
it waits for the network: what is saved meanwhile, or left behind by a killed sync, must still
never be lost or block the next sync. Real git, real files; the save is made by a real second
process while git's own fetch runs."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

from tests import REPO
from tests.sync.helpers import Team, answer
from tui.core.storage.folders import INTERNAL


@pytest.fixture
def saves_during_fetch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A ``git`` first on PATH whose fetch, once the real one has run, has a second process
    answer a question in the session file given (as the app would, with the folder lock)."""

    def arm(session: Path, **answers: object) -> None:
        real = shutil.which("git")
        assert real is not None
        folder = tmp_path / "git-that-saves"
        folder.mkdir()
        script = (
            "from pathlib import Path\n"
            "from tests.sync.helpers import answer\n"
            "from tui.core.bank_loading import load_bank\n"
            f"answer(load_bank(), Path({str(session)!r}), **{answers!r})\n"
        )
        wrapper = folder / "git"
        wrapper.write_text(
            "#!/bin/sh\n"
            f'"{real}" "$@" || exit $?\n'
            'case " $* " in *" fetch "*)\n'
            f'  cd "{REPO}" && exec "{sys.executable}" -c "$SAVE_SCRIPT" ;;\n'
            "esac\n"
        )
        wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setenv("SAVE_SCRIPT", script)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")

    return arm


def test_a_save_made_during_the_fetch_is_merged_not_overwritten(
    team: Team, bank, saves_during_fetch
):
    answer(bank, team.only_file("ann"), sla_strictness=4)
    team.sync("ann")
    saves_during_fetch(team.only_file("bob"), primary_outcome="mvp")
    result = team.sync("bob")
    assert result.received == [team.only_file("bob").name]
    assert result.pushed == 2  # the save (committed after the fetch) and the merge
    answers = team.session("bob").answers
    assert answers["sla-strictness"].value == 4  # the remote's change arrived
    assert answers["primary-outcome"].choice == "mvp"  # and the save made meanwhile stayed
    assert team.git("bob", "status", "--porcelain") == ""
    team.sync("ann")
    assert team.session("ann").answers["primary-outcome"].choice == "mvp"


def test_a_sync_killed_between_head_and_index_leaves_the_next_one_working(team: Team, bank):
    """HEAD moved to the remote's commit, the index still holds the old files: git lists them
    as changed though there is nothing to commit."""
    answer(bank, team.only_file("ann"), sla_strictness=4)
    team.sync("ann")
    team.sync("bob")
    team.git("bob", "read-tree", "HEAD~1")  # the index as the killed sync left it
    (team.folder("bob") / INTERNAL / "sync" / "running-999999999").touch()
    answer(bank, team.only_file("ann"), primary_outcome="mvp")
    team.sync("ann")
    result = team.sync("bob")
    assert result.received == [team.only_file("bob").name]
    assert team.session("bob").answers["primary-outcome"].choice == "mvp"
    assert team.git("bob", "status", "--porcelain") == ""


def test_an_index_behind_head_is_not_a_change_to_commit(team: Team, bank):
    """The same state without the killed sync's marker (say the marker was swept): sync still
    finishes, and commits nothing."""
    answer(bank, team.only_file("ann"), sla_strictness=4)
    team.sync("ann")
    team.sync("bob")
    team.git("bob", "read-tree", "HEAD~1")
    result = team.sync("bob")
    assert result.committed == []
    assert team.session("bob").answers["sla-strictness"].value == 4
