"""Who this instance is: the author name its saves, presence and follow are shown under, and
the writer id that tells this running app apart from every other (names need not be unique)."""

from __future__ import annotations

import getpass
import os

from tui.core.storage.paths import ASSESSOR_ENV
from tui.core.storage.presence import host_name

MAX_NAME = 200


def author_name(explicit: str = "") -> str:
    """``--assessor`` if given, else ``$HIRING_CLARITY_ASSESSOR`` (the SSH server sets it per
    key), else ``user@host``: never empty, so every person has a name to be shown under."""
    for candidate in (explicit, os.environ.get(ASSESSOR_ENV, "")):
        name = " ".join(candidate.split()).encode("utf-8", "replace").decode("utf-8")
        if name:  # a stray byte in the variable (a lone surrogate) cannot be saved: '?'
            return name[:MAX_NAME]
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers) and no $USER
        user = f"uid{os.geteuid()}"
    return f"{user}@{host_name()}"[:MAX_NAME]


def writer_id() -> str:
    """A new id for one running app: two apps under one name (the same Unix user without
    ``--assessor``, or two ``--assessor Dana``) are still two writers to merges and conflicts."""
    return os.urandom(8).hex()
