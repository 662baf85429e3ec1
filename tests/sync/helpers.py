"""Two people syncing through a bare repository on disk: real git, real files, no mocks."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.cli import run_tui
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.session.models import Answer, Session
from tui.core.storage.reading import read_session
from tui.sync.engine import SyncResult, init, sync


def person(name: str) -> dict[str, str]:
    """Git's identity for one person, and no user or system config from this machine."""
    email = f"{name.lower()}@example.com"
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


class Team:
    """A bare remote and one sessions folder per person, set up with ``sync --init``."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.monkeypatch = monkeypatch
        self.remote = root / "remote.git"
        subprocess.run(
            ["git", "init", "-q", "--bare", str(self.remote)],
            check=True,
            env={**os.environ, **person("Setup")},
        )

    def folder(self, name: str) -> Path:
        return self.root / name

    @staticmethod
    def who(folder: str) -> str:
        """The person owning a folder: 'bob-pull' is Bob's."""
        return folder.split("-")[0].capitalize()

    def as_(self, name: str) -> None:
        for key, value in person(self.who(name)).items():
            self.monkeypatch.setenv(key, value)

    def join(self, name: str) -> SyncResult:
        self.as_(name)
        return init(self.folder(name), str(self.remote))

    def sync(self, name: str) -> SyncResult:
        self.as_(name)
        return sync(self.folder(name))

    def git(self, name: str, *args: str) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.folder(name),
            capture_output=True,
            text=True,
            env={**os.environ, **person(self.who(name))},
            check=True,
        )
        return done.stdout

    def session(self, name: str) -> Session:
        return read_session(self.only_file(name))

    def only_file(self, name: str) -> Path:
        (path,) = self.folder(name).glob("*.toml")
        return path


def answer(bank: Bank, path: Path, **answers: object) -> None:
    """Answer questions the way the app does (open, change, save), e.g. sla_strictness=2."""
    assessment = Assessment.open(bank, path)
    for key, value in answers.items():
        qid = key.replace("_", "-")
        if isinstance(value, int):
            assessment.answer(qid, Answer(value=value))
        elif isinstance(value, list):
            assessment.answer(qid, Answer(choices=value))
        else:
            assessment.answer(qid, Answer(choice=str(value)))


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_tui(*args, env=env, timeout=120)
