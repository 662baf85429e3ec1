"""Syncing through git: a bare repository on disk, two clones, the real ``git`` command."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.sync.helpers import Team, answer, person, run_cli
from tui.core.assessment import Assessment
from tui.core.session.models import Answer
from tui.core.storage.reading import read_session
from tui.sync.history import format_history, history


def test_init_shares_the_assessment_and_never_the_bookkeeping(team: Team):
    assert team.session("bob") == team.session("ann")
    tracked = team.git("ann", "ls-files").split()
    assert tracked == [".gitattributes", ".gitignore", team.only_file("ann").name]
    assert (team.folder("ann") / ".hiring-clarity" / "lock").exists()
    assert "merge=hiring-clarity" in (team.folder("bob") / ".gitattributes").read_text()


def test_different_answers_changed_on_each_side_both_arrive(team: Team, bank):
    answer(bank, team.only_file("ann"), primary_outcome="mvp")
    answer(bank, team.only_file("bob"), sla_strictness=4)
    team.sync("ann")
    result = team.sync("bob")
    team.sync("ann")
    assert result.conflicts == 0
    for name in ("ann", "bob"):
        answers = team.session(name).answers
        assert answers["primary-outcome"].choice == "mvp"
        assert answers["sla-strictness"].value == 4
        assert team.session(name).conflicts == {}
    assert team.only_file("ann").read_bytes() == team.only_file("bob").read_bytes()


def test_the_same_answer_changed_on_both_sides_is_a_conflict_that_loses_neither(team: Team, bank):
    answer(bank, team.only_file("ann"), sla_strictness=2)
    answer(bank, team.only_file("bob"), sla_strictness=4)
    team.sync("ann")
    assert team.sync("bob").conflicts == 1
    team.sync("ann")
    text = team.only_file("ann").read_text()
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    assert text.startswith("schema_version = 2\n")
    for name in ("ann", "bob"):
        conflict = team.session(name).conflicts["sla-strictness"]
        assert {(a.author, a.value) for a in conflict} == {("Ann", 2), ("Bob", 4)}
    # Answering again is choosing: the conflict is over, and the file is schema 1 again.
    answer(bank, team.only_file("ann"), sla_strictness=3)
    team.sync("ann")
    team.sync("bob")
    assert team.session("bob").conflicts == {}
    assert team.session("bob").answers["sla-strictness"].value == 3
    assert team.only_file("bob").read_text().startswith("schema_version = 1\n")


def test_offline_commits_are_pushed_by_the_next_sync(team: Team, bank):
    answer(bank, team.only_file("ann"), primary_outcome="mvp")
    away = team.remote.with_name("moved.git")
    team.remote.rename(away)
    result = team.sync("ann")
    assert result.offline and len(result.committed) == 1 and result.pushed == 0
    assert "changed answers primary-outcome" in team.git("ann", "log", "-1", "--format=%s")
    away.rename(team.remote)
    assert team.sync("ann").pushed == 1
    team.sync("bob")
    assert team.session("bob").answers["primary-outcome"].choice == "mvp"


def test_plain_git_pull_with_the_merge_driver_gives_what_sync_gives(team: Team, bank):
    answer(bank, team.only_file("ann"), sla_strictness=2, primary_outcome="mvp")
    team.sync("ann")
    answer(bank, team.only_file("bob"), sla_strictness=4, data_sensitivity="low")
    team.git("bob", "commit", "-qam", "Bob's answers")
    shutil.copytree(team.folder("bob"), team.folder("bob-pull"), symlinks=True)
    team.git("bob-pull", "pull", "-q", "--no-rebase", "--no-edit")  # driver set by --init
    team.sync("bob")
    pulled = (team.folder("bob-pull") / team.only_file("bob").name).read_bytes()
    assert pulled == team.only_file("bob").read_bytes()
    assert set(team.session("bob").conflicts) == {"sla-strictness"}


def test_history_lists_who_changed_which_answer(team: Team, bank):
    """Each change is credited to who the file says made it, not to the assessment's owner
    (each commit's git author) nor the machine that synced it; notes show their text."""
    answer(bank, team.only_file("ann"), sla_strictness=2)
    team.sync("ann")
    team.sync("bob")
    bobs = Assessment.open(bank, team.only_file("bob"))
    bobs.author = "Bob Reviewer"
    bobs.answer("sla-strictness", Answer(value=5))
    bobs.note("sla-strictness", "The board demo is on 14 March, and the real customer launch")
    team.sync("bob")
    team.sync("ann")
    changes = history(team.only_file("ann"))
    assert [c.committer for c in changes] == ["Ann", "Ann", "Bob"]
    assert {c.author for c in changes} == {"Dana"}  # the assessor, as each commit's author
    text = format_history(changes)
    assert "Ann: sla-strictness: (none) -> 2/5" in text  # no name in the file: who synced it
    assert (
        "Bob Reviewer: sla-strictness: 2/5 -> 5/5; note on sla-strictness: "
        "\u201cThe board demo is on 14 March, and the real customer launch\u201d "
        "(synced by Bob)" in text
    )
    assert "Dana" not in text and "+ note" not in text
    done = run_cli(
        "history",
        team.session("ann").id,
        env={**os.environ, **person("Ann"), "HIRING_CLARITY_SESSIONS": str(team.folder("ann"))},
    )
    assert done.returncode == 0, done.stderr
    assert "Bob Reviewer: sla-strictness: 2/5 -> 5/5" in done.stdout


def test_an_app_save_keeps_a_recorded_conflict(team: Team, bank):
    """The app's own merge (another writer saved meanwhile) must carry the record along."""
    open_here = Assessment.open(bank, team.only_file("bob"))
    answer(bank, team.only_file("ann"), sla_strictness=2)
    answer(bank, team.only_file("bob"), sla_strictness=4)
    team.sync("ann")
    team.sync("bob")  # the file now records a conflict; open_here read it before
    open_here.answer("primary-outcome", Answer(choice="mvp"))
    saved = read_session(team.only_file("bob"))
    assert set(saved.conflicts) == {"sla-strictness"}
    assert saved.answers["primary-outcome"].choice == "mvp"


# -- one clear line when it cannot work ----------------------------------------------------


def _one_line(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert done.returncode != 0, done
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for text in expected:
        assert text in lines[0], lines[0]


def test_without_git_on_path_sync_says_so_in_one_line(team: Team):
    env = {
        **os.environ,
        **person("Ann"),
        "PATH": str(team.root / "no-git-here"),
        "HIRING_CLARITY_SESSIONS": str(team.folder("ann")),
    }
    _one_line(run_cli("sync", env=env), "git is not installed")


def test_a_folder_without_a_remote_says_so_in_one_line(tmp_path: Path, bank):
    env = {**os.environ, **person("Ann"), "HIRING_CLARITY_SESSIONS": str(tmp_path / "s")}
    Assessment.start(bank, tmp_path / "s", "Hire")
    _one_line(run_cli("sync", env=env), "not set up for syncing", "sync --init")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path / "s", check=True)
    _one_line(run_cli("sync", env=env), "no remote")
    _one_line(run_cli("sync", "--init", str(tmp_path / "missing.git"), env=env))


def test_an_unreachable_remote_commits_here_and_exits_non_zero(team: Team, bank):
    answer(bank, team.only_file("ann"), primary_outcome="mvp")
    team.remote.rename(team.remote.with_name("gone.git"))
    env = {**os.environ, **person("Ann"), "HIRING_CLARITY_SESSIONS": str(team.folder("ann"))}
    done = run_cli("sync", env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "1 change(s) committed" in done.stdout
    assert "could not be reached" in done.stdout


def test_a_deletion_reaches_the_other_side_and_stays_in_history(team: Team, bank):
    name = team.only_file("ann").name
    from tui.core.storage.session_file import delete_session

    delete_session(team.only_file("ann"))
    assert "Delete" in " ".join(team.sync("ann").committed)
    team.sync("bob")
    assert not list(team.folder("bob").glob("*.toml"))
    assert "Payments API hire" in team.git("bob", "show", f"HEAD~1:{name}")


def test_changed_on_one_side_and_deleted_on_the_other_keeps_the_changed_one(team: Team, bank):
    from tui.core.storage.session_file import delete_session

    delete_session(team.only_file("ann"))
    team.sync("ann")
    answer(bank, team.only_file("bob"), sla_strictness=5)
    team.sync("bob")
    team.sync("ann")
    for name in ("ann", "bob"):
        assert team.session(name).answers["sla-strictness"].value == 5


def test_joining_never_writes_over_a_file_already_here(team: Team, bank):
    """A copy of the folder joined later: its own answers stay, committed on top."""
    answer(bank, team.only_file("ann"), sla_strictness=2)
    team.sync("ann")
    shutil.copytree(
        team.folder("bob"),
        team.folder("cy"),
        ignore=shutil.ignore_patterns(".git", ".hiring-clarity"),
    )
    answer(bank, team.only_file("cy"), primary_outcome="mvp")
    team.join("cy")
    team.sync("ann")
    for name in ("cy", "ann"):
        answers = team.session(name).answers
        assert answers["primary-outcome"].choice == "mvp"
        assert answers["sla-strictness"].value == 2, "the remote's answer is not lost"
