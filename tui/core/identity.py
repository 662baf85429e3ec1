"""Who this instance is: the author name its saves, presence and follow are shown under."""

from __future__ import annotations

import getpass
import os
import socket

from tui.core.storage.paths import ASSESSOR_ENV

MAX_NAME = 200


def host_name() -> str:
    """This machine's short name (presence tells a live process apart by host and pid)."""
    return socket.gethostname().split(".")[0] or "localhost"


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
