"""Screens see the app only as ``AppHost``: the real app must have all of it (mypy checks the
signatures through the typed assignment below, this test that nothing is missing)."""

from __future__ import annotations

from pathlib import Path

from tui.app import HiringClarityApp, make_app
from tui.screens.host import AppHost


def test_the_app_has_everything_screens_ask_of_it(tmp_path: Path) -> None:
    app: HiringClarityApp = make_app(sessions_dir=tmp_path)
    host: AppHost = app
    wanted = {name for name in dir(AppHost) if not name.startswith("_")}
    wanted |= set(AppHost.__annotations__)
    assert wanted >= {"save_change", "bank", "NARROW_BELOW"}
    assert [name for name in sorted(wanted) if not hasattr(host, name)] == []
