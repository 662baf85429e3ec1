"""Where the sessions folder is, and the variables that set up a run, without importing the
session models (sync and the servers start faster)."""

from __future__ import annotations

import os
from pathlib import Path

SESSIONS_ENV = "HIRING_CLARITY_SESSIONS"
INTERNAL = ".hiring-clarity"
"""The bookkeeping folder inside a sessions folder: lock, tmp/, backups/, damaged/, deleted/."""
ASSESSOR_ENV = "HIRING_CLARITY_ASSESSOR"
"""Who is assessing, when ``new --assessor`` does not say (the SSH server sets it per key)."""
READ_ONLY_ENV = "HIRING_CLARITY_READ_ONLY"
"""Set (to anything but 0 or empty) to open everything read-only: what a watcher gets."""


def default_sessions_dir() -> Path:
    """The environment's choice, else ``sessions/`` of a source checkout, else the user's data."""
    chosen = os.environ.get(SESSIONS_ENV)
    if chosen:
        return Path(chosen)
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "pyproject.toml").is_file() and (checkout / "sessions").is_dir():
        return checkout / "sessions"
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "hiring-clarity" / "sessions"
