"""Shared fixtures and helpers: every test gets its own sessions folder; the user's files stay
untouched. ``wait_until`` (and ``wait_until_sync``) waits for a condition instead of a fixed
sleep; ``running_app`` is a new assessment open in the real app; ``notices`` records every
notification shown."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest
from textual.app import App
from textual.pilot import Pilot

from tests import REPO
from tui.core.bank.loading import load_bank
from tui.core.bank.models import Bank

if TYPE_CHECKING:  # imported lazily: unit tests of the core never load the app
    from tui.app import HiringClarityApp

SHIPPED_BANK = REPO / "questions"

collect_ignore = [] if os.environ.get("HIRING_CLARITY_INSTALLED") else ["installed"]
"""The installed-program tests run only against an install: ``make test-installed``."""
WAIT = 10.0
"""Seconds ``wait_until`` waits by default: generous, a loaded 2-core machine is slow."""


SYSTEM_TIERS = ("reliability", "serve", "sync", "installed")
"""Folders of tests that start real PTYs, SSH servers, git remotes or app processes: marked
``system``, left out of ``make test-fast`` and run by ``make test`` and CI."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here) and item.path.relative_to(here).parts[0] in SYSTEM_TIERS:
            item.add_marker(pytest.mark.system)


def _failure(condition: Callable[[], object], timeout: float, what: str) -> str:
    return f"{what or getattr(condition, '__name__', 'condition')} not true after {timeout} s"


async def wait_until(
    condition: Callable[[], object],
    timeout: float = WAIT,
    what: str = "",
    pilot: Pilot[Any] | None = None,
    interval: float = 0.05,
) -> None:
    """Return as soon as ``condition()`` is true; fail after ``timeout`` seconds saying ``what``.

    With a ``pilot``, the app under test runs between looks (``pilot.pause``)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, _failure(condition, timeout, what)
        if pilot is not None:
            await pilot.pause(interval)
        else:
            await asyncio.sleep(interval)


def wait_until_sync(
    condition: Callable[[], object],
    timeout: float = WAIT,
    what: str = "",
    interval: float = 0.02,
) -> None:
    """``wait_until`` for tests without an event loop (subprocesses, files, threads)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, _failure(condition, timeout, what)
        time.sleep(interval)


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at a fresh sessions folder and the shipped bank, whatever the caller set."""
    sessions = tmp_path / "sessions"
    monkeypatch.setenv("HIRING_CLARITY_SESSIONS", str(sessions))
    monkeypatch.setenv("HIRING_CLARITY_QUESTIONS", str(SHIPPED_BANK))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("ACCESSIBLE", raising=False)  # it would turn the full screen into plain mode
    monkeypatch.setenv("HIRING_CLARITY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("HIRING_CLARITY_CONFIG", str(tmp_path / "config"))  # remembered name
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


def noting(calls: list[Path]) -> Callable[[Path], Bank]:
    """A bank loader that notes each folder it validates in ``calls``."""

    def load(folder: Path) -> Bank:
        calls.append(folder)
        return load_bank(folder)

    return load


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every notification any app shows during the test, in order.

    Recorded through ``App.notify``, Textual's public way to show one (no private state)."""
    shown: list[str] = []
    notify = App.notify

    def recording(self: App[Any], message: str, *args: Any, **kwargs: Any) -> None:
        shown.append(str(message))
        notify(self, message, *args, **kwargs)

    monkeypatch.setattr(App, "notify", recording)
    return shown


class RunningApp(NamedTuple):
    """A new assessment open in the real app, on its first section: ``app, pilot, path``."""

    app: HiringClarityApp
    pilot: Pilot[int]
    path: Path
    """The assessment's session file."""


@asynccontextmanager
async def new_assessment(
    sessions_dir: Path, title: str = "Test hire", size: tuple[int, int] = (100, 30)
) -> AsyncIterator[RunningApp]:
    """Start the app on a new assessment called ``title`` at ``size``; stop it afterwards."""
    from tui.app import make_app

    app = make_app(sessions_dir=sessions_dir, new=(title, "", ""))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.assessment is not None
        yield RunningApp(app, pilot, app.assessment.path)


@pytest.fixture
async def running_app(sessions_dir: Path) -> AsyncIterator[RunningApp]:
    """``new_assessment`` at 100x30, for a test that starts from a fresh assessment."""
    async with new_assessment(sessions_dir) as running:
        yield running
