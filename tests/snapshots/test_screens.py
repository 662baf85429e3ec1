"""Snapshots of the main screens at 80x24 and 120x40, from the shipped example assessment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

import tui.safekeeping
from tui.app import make_app

# A frozen copy: resuming the shipped example (as the README suggests) changes it.
EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "example-checkout-mvp.toml"
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def example_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example in a relative folder, so no temporary path shows on screen."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tui.safekeeping, "_clock", lambda: "09:00:00")
    sessions = Path("sessions")
    sessions.mkdir()
    shutil.copy(EXAMPLE, sessions / EXAMPLE.name)
    return sessions


async def _steady(pilot: Pilot[int]) -> None:
    """No blinking cursors and nothing pending, so the picture is the same every run."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.hover("KeyBar")  # the mouse off anything that lights up under it
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, example_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sessions_dir=example_dir), terminal_size=size, run_before=_steady)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_criterion(snap_compare, example_dir: Path, size: tuple[int, int]) -> None:
    app = make_app(sessions_dir=example_dir, resume=example_dir / EXAMPLE.name)
    assert snap_compare(app, terminal_size=size, run_before=_steady)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_summary(snap_compare, example_dir: Path, size: tuple[int, int]) -> None:
    app = make_app(sessions_dir=example_dir, resume=example_dir / EXAMPLE.name)
    assert snap_compare(app, terminal_size=size, press=["s"], run_before=_steady)
