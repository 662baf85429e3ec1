"""The one way tests run the command line as users do: ``python -m tui ARGS`` in a new process,
from the checkout, text in and out. Long-lived processes (a PTY, a pipe read prompt by prompt)
start from ``TUI`` too."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from tests import REPO

TUI = [sys.executable, "-m", "tui"]


def run_tui(
    *args: str,
    env: Mapping[str, str] | None = None,
    input: str | None = None,  # noqa: A002  (subprocess.run's own name)
    cwd: Path | None = None,
    timeout: float = 60,
    check: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run the command to its end; ``env`` replaces the environment (default: this one)."""
    return subprocess.run(
        [*TUI, *args],
        cwd=cwd or REPO,
        env=dict(os.environ if env is None else env),
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )
