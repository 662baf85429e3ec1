"""The fetch runs while the folder's changes are committed, so the folder is not locked while
it waits for the network: what is saved meanwhile, or left behind by a killed sync, must still
never be lost or block the next sync. And the fast-forward read through one cat-file
(tui.sync.objects) hands over to git's own counting and diff where it stops. Real git, real
files; the save is made by a real second process while git's own fetch runs."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import REPO
from tests.cli import TUI
from tests.sync.helpers import Team, answer, person, run_cli
from tui.core.assessment import Assessment
from tui.core.storage.folders import INTERNAL
from tui.sync.git import GitError
from tui.sync.objects import ANCESTORS_WALKED


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
            "from tui.core.bank.loading import load_bank\n"
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


def test_a_remote_far_ahead_is_taken_in_past_the_history_walk(team: Team, bank):
    """More commits than the fast-forward walks (tui.sync.objects.ANCESTORS_WALKED): git
    counts them instead, and everything arrives."""
    path = team.only_file("ann")
    for value in range(ANCESTORS_WALKED + 6):  # commits made with plain git: quick
        Assessment.open(bank, path).note("sla-strictness", f"round {value}")
        team.git("ann", "commit", "-q", "-am", f"round {value}")
    team.sync("ann")
    result = team.sync("bob")
    assert result.received == [team.only_file("bob").name]
    assert team.only_file("bob").read_bytes() == path.read_bytes()
    assert team.git("bob", "status", "--porcelain") == ""


def test_a_remote_with_a_sub_folder_is_refused_as_before(team: Team):
    """Only session files are synced: a folder pushed with plain git is named, nothing written."""
    (team.folder("ann") / "notes").mkdir()
    (team.folder("ann") / "notes" / "x.toml").write_text("a = 1\n")
    team.git("ann", "add", "-f", "notes/x.toml")
    team.git("ann", "commit", "-q", "-m", "a folder")
    team.git("ann", "push", "-q", "origin", "HEAD")
    before = team.only_file("bob").read_bytes()
    with pytest.raises(GitError, match="notes/x.toml: not a session file of this folder"):
        team.sync("bob")
    assert team.only_file("bob").read_bytes() == before
    assert not (team.folder("bob") / "notes").exists()


def test_the_command_after_a_killed_sync_clears_up_before_starting_git(team: Team, bank):
    """``hiring-clarity sync`` starts git first thing, except after a killed sync: then its
    leftovers are cleared first (a stale index here) and the sync works."""
    answer(bank, team.only_file("ann"), sla_strictness=4)
    team.sync("ann")
    team.sync("bob")
    team.git("bob", "read-tree", "HEAD~1")
    (team.folder("bob") / INTERNAL / "sync" / "running-999999999").touch()
    answer(bank, team.only_file("ann"), primary_outcome="mvp")
    team.sync("ann")
    env = {**os.environ, **person("Bob"), "HIRING_CLARITY_SESSIONS": str(team.folder("bob"))}
    done = run_cli("sync", env=env)
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout
        == f"{team.folder('bob')}: 0 change(s) committed; 1 file(s) received; 0 commit(s) pushed\n"
    )
    assert team.session("bob").answers["primary-outcome"].choice == "mvp"
    assert team.git("bob", "status", "--porcelain") == ""
    assert not list((team.folder("bob") / INTERNAL / "sync").glob("running-*"))


def test_the_plain_command_and_the_parsed_one_say_the_same(team: Team, bank):
    """``sync`` alone skips the command-line parser: the same sync, the same words."""
    env = {**os.environ, **person("Bob")}
    answer(bank, team.only_file("ann"), sla_strictness=2)
    team.sync("ann")
    plain = run_cli("sync", env={**env, "HIRING_CLARITY_SESSIONS": str(team.folder("bob"))})
    answer(bank, team.only_file("ann"), sla_strictness=3)
    team.sync("ann")
    parsed = run_cli("--sessions-dir", str(team.folder("bob")), "sync", env=env)
    assert (plain.returncode, plain.stdout, plain.stderr) == (
        parsed.returncode,
        parsed.stdout,
        parsed.stderr,
    )
    assert plain.stdout.endswith("0 change(s) committed; 1 file(s) received; 0 commit(s) pushed\n")


def test_a_file_git_sees_as_unchanged_does_not_stop_the_sync(team: Team, bank):
    """A checkout with core.autocrlf holds CRLF where git's copy has LF: the bytes differ,
    git sees no change. The guard's retry commits nothing, so it must not stop again."""
    team.git("bob", "config", "core.autocrlf", "true")
    mine = team.only_file("bob")
    mine.unlink()
    team.git("bob", "checkout", "--", mine.name)
    assert b"\r\n" in mine.read_bytes() and team.git("bob", "status", "--porcelain") == ""
    answer(bank, team.only_file("ann"), sla_strictness=4)
    team.sync("ann")
    result = team.sync("bob")
    assert result.received == [mine.name] and result.committed == []
    assert team.session("bob").answers["sla-strictness"].value == 4


def test_a_file_pushed_with_plain_git_takes_the_place_of_an_ignored_one(team: Team):
    """Only sessions are shared; a file someone force-added with plain git still arrives,
    as it did before the guard (git ignores the one here, so it was never committed)."""
    (team.folder("ann") / "README.md").write_text("ann's\n")
    team.git("ann", "add", "-f", "README.md")
    team.git("ann", "commit", "-q", "-m", "a readme")
    team.git("ann", "push", "-q", "origin", "HEAD")
    (team.folder("bob") / "README.md").write_text("bob's notes\n")
    result = team.sync("bob")
    assert result.received == ["README.md"]
    assert (team.folder("bob") / "README.md").read_text() == "ann's\n"


@pytest.mark.parametrize("how", [["sync"], ["--sessions-dir", "FOLDER", "sync"]])
def test_ctrl_c_during_the_fetch_ends_quietly(team: Team, tmp_path: Path, how: list[str]):
    """Ctrl+C (SIGINT to the terminal's process group) while git fetches: exit 130, no
    traceback, no marker of a running sync left, with or without the parser."""
    real = shutil.which("git")
    assert real is not None
    slow = tmp_path / "slow-git"
    slow.mkdir()
    wrapper = slow / "git"
    wrapper.write_text(
        f'#!/bin/sh\ncase " $* " in *" fetch "*) sleep 5 ;; esac\nexec "{real}" "$@"\n'
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    folder = team.folder("bob")
    env = {
        **os.environ,
        **person("Bob"),
        "PATH": f"{slow}{os.pathsep}{os.environ['PATH']}",
        "HIRING_CLARITY_SESSIONS": str(folder),
    }
    args = [str(folder) if word == "FOLDER" else word for word in how]
    started = subprocess.Popen(
        [*TUI, *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    markers = folder / INTERNAL / "sync"
    deadline = time.monotonic() + 10
    while not list(markers.glob("running-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(started.pid, signal.SIGINT)
    out, err = started.communicate(timeout=30)
    assert started.returncode == 130, err
    assert "Traceback" not in err and out == "" and err == ""
    assert not list(markers.glob("running-*"))


def test_a_folder_open_to_everyone_is_refused_before_git_runs_there(team: Team, tmp_path: Path):
    """git started first thing must not start in a folder the sync refuses: anyone could have
    put a repository configuration there that runs commands (core.fsmonitor, hooks)."""
    real = shutil.which("git")
    assert real is not None
    logged = tmp_path / "git-calls"
    spy = tmp_path / "spy"
    spy.mkdir()
    wrapper = spy / "git"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{logged}"\nexec "{real}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    folder = team.folder("bob")
    folder.chmod(0o777)
    env = {
        **os.environ,
        **person("Bob"),
        "PATH": f"{spy}{os.pathsep}{os.environ['PATH']}",
        "HIRING_CLARITY_SESSIONS": str(folder),
    }
    done = run_cli("sync", env=env)
    assert done.returncode == 2 and "writable by every user" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not logged.exists(), logged.read_text()
