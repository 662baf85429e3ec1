"""A sync killed at a random moment (SIGKILL of the real process and its git children) leaves
the repository and every session file whole, and the next sync finishes the job."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests import REPO
from tests.cli import TUI
from tests.sync.helpers import Team, person
from tui.core.assessment import Assessment
from tui.core.storage.folders import INTERNAL
from tui.core.storage.reading import read_session

ROUNDS = 12


def _note(path: Path, bank, question: str, text: str) -> None:
    Assessment.open(bank, path).note(question, text)


def _check_whole(team: Team, name: str, context: str, killed: bool = False) -> None:
    folder = team.folder(name)
    fsck = subprocess.run(
        ["git", "fsck", "--no-progress", "--no-dangling"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert fsck.returncode == 0, f"{context}: {fsck.stdout}{fsck.stderr}"
    names = set(os.listdir(folder))
    stray = names - {".git", INTERNAL, ".gitignore", ".gitattributes"}
    if killed:  # git's copies for the merge driver: ignored by git, swept by the next sync
        stray = {n for n in stray if not n.startswith(".merge_file_")}
    assert all(n.endswith(".toml") for n in stray), f"{context}: stray {stray}"
    for entry in stray:
        read_session(folder / entry)  # whole: it parses and validates


@pytest.mark.slow
def test_a_killed_sync_leaves_repository_and_files_whole(tmp_path, monkeypatch, bank):
    team = Team(tmp_path, monkeypatch)
    Assessment.start(bank, team.folder("ann"), "Payments API hire", assessor="Dana")
    team.join("ann")
    team.join("bob")
    questions = [q.id for q in bank.questions]
    rng = random.Random(15)
    env = {**os.environ, **person("Ann"), "HIRING_CLARITY_SESSIONS": str(team.folder("ann"))}
    for round_ in range(ROUNDS):
        _note(team.only_file("ann"), bank, questions[2 * round_], f"ann {round_}")
        _note(team.only_file("bob"), bank, questions[2 * round_ + 1], f"bob {round_}")
        team.sync("bob")
        started = subprocess.Popen(
            [*TUI, "sync"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        delay = rng.uniform(0.05, 0.9)
        time.sleep(delay)
        os.killpg(started.pid, signal.SIGKILL)
        started.wait()
        _check_whole(team, "ann", f"round {round_}, killed after {delay:.2f} s", killed=True)
    team.sync("ann")
    team.sync("bob")
    team.sync("ann")
    for name in ("ann", "bob"):
        _check_whole(team, name, "after the last syncs")
        answers = team.session(name).answers
        for round_ in range(ROUNDS):
            assert answers[questions[2 * round_]].note == f"ann {round_}", name
            assert answers[questions[2 * round_ + 1]].note == f"bob {round_}", name
    assert team.git("ann", "status", "--porcelain") == ""
