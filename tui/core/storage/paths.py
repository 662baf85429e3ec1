"""Where the sessions folder is, and the variables that set up a run, without importing the
session models (sync and the servers start faster), nor even ``pathlib``: ``hiring-clarity
sync`` starts git before anything else is loaded (``tui.sync.spawn``)."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # for type checkers only: ``typing`` itself takes longer to load than git
if TYPE_CHECKING:
    from pathlib import Path

SESSIONS_ENV = "HIRING_CLARITY_SESSIONS"
INTERNAL = ".hiring-clarity"
"""The bookkeeping folder inside a sessions folder: lock, tmp/, backups/, damaged/, deleted/."""
ASSESSOR_ENV = "HIRING_CLARITY_ASSESSOR"
"""Who is assessing, when ``new --assessor`` does not say (the SSH server sets it per key)."""
READ_ONLY_ENV = "HIRING_CLARITY_READ_ONLY"
"""Set (to anything but 0 or empty) to open everything read-only: what a watcher gets."""
ONLY_ENV = "HIRING_CLARITY_ONLY"
"""One assessment (id, file name or path) and nothing else: no home, no other assessment, no
delete. The SSH server sets it for a key invited to one assessment, and under ``--session``."""


def default_sessions_dir() -> Path:
    """The environment's choice, else ``sessions/`` of a source checkout, else the user's data."""
    from pathlib import Path

    return Path(sessions_folder())


def sessions_folder() -> str:
    """``default_sessions_dir`` as a string, with ``os.path`` alone."""
    chosen = os.environ.get(SESSIONS_ENV)
    if chosen:
        return chosen
    checkout = os.path.realpath(__file__)
    for _ in range(4):  # tui/core/storage/paths.py: the checkout is four levels up
        checkout = os.path.dirname(checkout)
    sessions = os.path.join(checkout, "sessions")
    if os.path.isfile(os.path.join(checkout, "pyproject.toml")) and os.path.isdir(sessions):
        return sessions
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return os.path.join(data_home, "hiring-clarity", "sessions")
