"""The installed program, not the checkout: ``make test-installed`` builds the wheel and the
sdist, installs each with its extras in a fresh virtual environment and points
``HIRING_CLARITY_INSTALLED`` at that environment's ``bin`` folder. Every command runs from a
folder outside the checkout, with the user's default sessions folder, as a user would."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

INSTALLED_ENV = "HIRING_CLARITY_INSTALLED"


@dataclass(frozen=True)
class Installed:
    """One installed copy of the program and a user's home to run it in."""

    bin: Path
    home: Path
    env: dict[str, str]

    @property
    def command(self) -> str:
        return str(self.bin / "hiring-clarity")

    @property
    def sessions(self) -> Path:
        """Where an installed program keeps assessments when nothing says otherwise."""
        return self.home / "data" / "hiring-clarity" / "sessions"

    def run(self, *args: str, typed: str | None = None) -> subprocess.CompletedProcess[str]:
        """The command with ``args``, from the user's home; fails the test on a traceback."""
        return self._run(self.command, *args, typed=typed)

    def python(self, code: str) -> str:
        """What the installed environment's Python prints for ``code``."""
        result = self._run(str(self.bin / "python"), "-c", code, typed=None)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def _run(self, *argv: str, typed: str | None) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            argv,
            cwd=self.home,
            env=self.env,
            input=typed,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in result.stderr + result.stdout, result.stderr
        return result


@pytest.fixture
def installed(tmp_path: Path) -> Installed:
    where = os.environ.get(INSTALLED_ENV)
    if not where:
        pytest.fail(f"set {INSTALLED_ENV} to an installed venv's bin folder: `make test-installed`")
    home = tmp_path / "home"
    home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HIRING_CLARITY_", "PYTHON", "VIRTUAL_ENV"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        PATH=f"{where}{os.pathsep}{env.get('PATH', '')}",
        PYTHONIOENCODING="utf-8",
    )
    return Installed(bin=Path(where), home=home, env=env)
