"""Shared fixtures: every test gets its own sessions folder; the user's files stay untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.core.bank import Bank
from tui.core.bank_loading import load_bank

REPO = Path(__file__).resolve().parents[1]
SHIPPED_BANK = REPO / "questions"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at a fresh sessions folder and the shipped bank, whatever the caller set."""
    sessions = tmp_path / "sessions"
    monkeypatch.setenv("HIRING_CLARITY_SESSIONS", str(sessions))
    monkeypatch.setenv("HIRING_CLARITY_QUESTIONS", str(SHIPPED_BANK))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("ACCESSIBLE", raising=False)  # it would turn the full screen into plain mode
    monkeypatch.setenv("HIRING_CLARITY_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("HIRING_CLARITY_ASSESSOR", raising=False)
    monkeypatch.delenv("HIRING_CLARITY_READ_ONLY", raising=False)
    return sessions


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank(SHIPPED_BANK)


@pytest.fixture
def sessions_dir(private_dirs: Path) -> Path:
    return private_dirs


@pytest.fixture
def bank_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped bank, for tests that break it on purpose."""
    target = tmp_path / "bank"
    shutil.copytree(SHIPPED_BANK, target)
    return target


