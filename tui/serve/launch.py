"""How the server starts the app for one person: the command line and the environment.

The app is started as ``python -m tui`` by the server's own interpreter, so it runs the same
installed code. The person's name and whether they only watch reach it through the environment
(``HIRING_CLARITY_ASSESSOR``, ``HIRING_CLARITY_READ_ONLY``), and so does the one assessment
they are kept on (``HIRING_CLARITY_ONLY``), which the app reads as it does when someone sets
them in their own shell.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tui.core.storage.paths import ASSESSOR_ENV, ONLY_ENV, READ_ONLY_ENV

# The client's terminal decides these, never the server's own environment.
TERMINAL_VARIABLES = {
    "TERM",
    "COLORTERM",
    "NO_COLOR",
    "FORCE_COLOR",
    "COLUMNS",
    "LINES",
    "TEXTUAL_DRIVER",
    ASSESSOR_ENV,
    READ_ONLY_ENV,
    ONLY_ENV,
}
FROM_CLIENT = ("COLORTERM", "NO_COLOR")
"""Passed through when the client sends them (OpenSSH sends neither unless told: SendEnv)."""


@dataclass(frozen=True)
class AppLauncher:
    sessions_dir: Path
    questions_dir: Path
    session: Path | None = None
    """With ``--session``: every key without a scope of its own is kept on this assessment."""

    def scope(self, own: str | None) -> str | None:
        """The one assessment a key may open: its own scope, else the server's ``--session``."""
        if own:
            return own
        return str(self.session) if self.session is not None else None

    def argv(self, watcher: bool, scope: str | None = None) -> list[str]:
        argv = [
            sys.executable,
            "-m",
            "tui",
            "--sessions-dir",
            str(self.sessions_dir),
            "--questions-dir",
            str(self.questions_dir),
        ]
        if scope is not None:
            argv += ["resume", scope]
            if watcher:
                argv.append("--read-only")
        return argv

    def env(
        self,
        name: str,
        watcher: bool,
        term: str = "",
        client_env: Mapping[str, str] = {},
        scope: str | None = None,
    ) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in TERMINAL_VARIABLES}
        if term:
            env["TERM"] = term
        env.update({k: client_env[k] for k in FROM_CLIENT if k in client_env})
        env[ASSESSOR_ENV] = name
        if watcher:
            env[READ_ONLY_ENV] = "1"
        if scope is not None:
            env[ONLY_ENV] = scope
        return env
