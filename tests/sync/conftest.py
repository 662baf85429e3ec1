"""The team every sync test starts from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sync.helpers import Team
from tui.core.assessment import Assessment


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bank) -> Team:
    """Ann starts an assessment and shares it; Bob joins with sync --init."""
    team = Team(tmp_path, monkeypatch)
    Assessment.start(bank, team.folder("ann"), "Payments API hire", assessor="Dana")
    team.join("ann")
    team.join("bob")
    return team
