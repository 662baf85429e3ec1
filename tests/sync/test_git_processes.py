"""How many git processes a sync starts: each is a few milliseconds of a sync the user waits
for (docs/performance.md, the sync row), so a change that adds one shows here.

A real repository and the real git, reached through a wrapper first on PATH that logs each
command line; git's own children (upload-pack, the merge driver) are not counted.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.sync.helpers import Team, answer


@pytest.fixture
def git_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file listing every git command the code under test runs, one a line."""
    real = shutil.which("git")
    assert real is not None
    folder = tmp_path / "wrapper"
    folder.mkdir()
    log = tmp_path / "git-commands.log"
    wrapper = folder / "git"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def commands(log: Path) -> list[str]:
    """The subcommands run since the last call (``-c name=value`` and ``-C DIR`` left out)."""
    lines = log.read_text().splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    verbs = []
    for line in lines:
        words = line.split()
        while words and words[0] in ("-c", "-C"):
            words = words[2:]
        verbs.append(words[0])
    return verbs


def beside_the_fetch(verbs: list[str]) -> list[str]:
    """The commands but the one fetch, which runs beside the first of them (so where it
    lands in the log is down to the scheduler)."""
    assert verbs.count("fetch") == 1, verbs
    return [verb for verb in verbs if verb != "fetch"]


def test_a_sync_with_nothing_to_do_runs_three_git_commands(team: Team, git_log: Path):
    commands(git_log)
    team.sync("bob")
    assert beside_the_fetch(commands(git_log)) == ["status", "cat-file"]


def test_taking_in_one_changed_assessment_runs_five(team: Team, bank, git_log: Path):
    """The bench's case: one answer changed on the remote, nothing here (a fast-forward): one
    cat-file answers for the commits, trees and files (tui.sync.objects)."""
    answer(bank, team.only_file("ann"), sla_strictness=4)
    team.sync("ann")
    commands(git_log)
    result = team.sync("bob")
    assert result.received == [team.only_file("bob").name]
    verbs = beside_the_fetch(commands(git_log))
    assert verbs[:2] == ["status", "cat-file"]
    assert sorted(verbs[2:]) == ["update-index", "update-ref"]  # run side by side


def test_sharing_one_change_runs_six(team: Team, bank, git_log: Path):
    answer(bank, team.only_file("bob"), sla_strictness=2)
    commands(git_log)
    result = team.sync("bob")
    assert result.pushed == 1
    assert beside_the_fetch(commands(git_log)) == [
        "status",
        "cat-file",
        "commit",
        "for-each-ref",
        "push",
    ]


def test_the_home_screens_sync_status_runs_one(team: Team, bank, git_log: Path):
    """What the home screen shows (changes to push) comes from one git status."""
    from tui.sync.engine import status

    answer(bank, team.only_file("ann"), sla_strictness=4)
    team.sync("ann")
    team.git("bob", "fetch", "-q", "origin")  # the remote is ahead of bob now
    answer(bank, team.only_file("bob"), primary_outcome="mvp")
    commands(git_log)
    found = status(team.folder("bob"))
    assert found is not None and found.to_push == 1
    assert commands(git_log) == ["status"]
