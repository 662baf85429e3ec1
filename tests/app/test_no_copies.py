"""No assessment content outside its sessions folder (issue 10, item 4).

An assessment with a title and a note found nowhere else is opened, listed and reported by the
real app and CLI, then deleted from the home screen: afterwards neither text is in any file (or
file name) under the per-user cache, nor anywhere in the sessions folder but the kept-deleted
copy. The cache may hold the bank; a cache another user owns is never unpickled.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from textual.widgets import DataTable

from tests.cli import run_tui
from tests.conftest import noting
from tui.app import make_app
from tui.core.assessment import Assessment
from tui.core.bank.loading import bank_via_cache
from tui.core.bank.models import Bank
from tui.core.session.models import Answer
from tui.core.storage.cache import cache_dir
from tui.core.storage.folders import INTERNAL
from tui.core.storage.listing import session_files
from tui.screens.criterion import CriterionScreen

TITLE = "Zanzibar Quokka hire"
NOTE = "quokka-remark-7731 about the candidate"
SECRETS = (TITLE.encode(), b"quokka-remark-7731", b"zanzibar-quokka")


def cli(*args: str) -> str:
    done = run_tui(
        *args,
        check=True,
    )
    return done.stdout


def holding_secrets(folder: Path, skip: Path | None = None) -> list[Path]:
    """Every file under ``folder`` (but ``skip``) whose name or bytes hold the assessment."""
    found = []
    for path in folder.rglob("*"):
        if skip is not None and path.is_relative_to(skip):
            continue
        named = str(path.relative_to(folder)).lower().encode()
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
        if any(secret.lower() in named or secret in data for secret in SECRETS):
            found.append(path)
    return found


async def test_deleting_leaves_no_title_or_note_outside_the_deleted_copy(
    bank: Bank, sessions_dir: Path
) -> None:
    started = Assessment.start(bank, sessions_dir, TITLE)
    started.answer("primary-outcome", Answer(choice="mvp"))
    started.note("primary-outcome", NOTE)  # a second save: the backup holds the title too
    path = started.path
    assert TITLE in cli("list")
    assert NOTE in cli("report", str(path), "--format", "json")
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one("#sessions", DataTable).focus()
        await pilot.press("enter")
        assert isinstance(app.screen, CriterionScreen)
        assert app.assessment is not None and app.assessment.session.title == TITLE
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one("#sessions", DataTable).focus()
        await pilot.press("d", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert session_files(sessions_dir) == []
    deleted = sessions_dir / INTERNAL / "deleted"
    assert holding_secrets(deleted), "the kept-deleted copy holds the assessment"
    assert cache_dir().is_dir() and any(cache_dir().iterdir()), "the bank was cached"
    assert holding_secrets(cache_dir()) == []
    assert holding_secrets(sessions_dir, skip=deleted) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
@pytest.mark.parametrize("given", ["folder", "entry"])
def test_a_cache_another_user_owns_is_never_unpickled(bank_copy: Path, given: str) -> None:
    """A pickle can run code when loaded: one another user owns (and so could have written)
    is not loaded, even when no one else has write permission."""
    bank_via_cache(bank_copy)
    [entry] = sorted(cache_dir().glob("bank-*.pickle"))
    target = cache_dir() if given == "folder" else entry
    os.chown(target, 54321, 54321)
    assert not stat.S_IMODE(target.stat().st_mode) & (stat.S_IWGRP | stat.S_IWOTH)
    calls: list[Path] = []
    bank_via_cache(bank_copy, noting(calls))
    assert calls == [bank_copy]
