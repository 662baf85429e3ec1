"""The name this user last gave as assessor, kept in their own config folder, so the next start
credits answers to them without asking (a login name is never used: ``tui.core.pairing.identity``).

Best effort both ways: a missing, foreign, oversized or special file (a symlink, a pipe) reads
as no name, and a folder that cannot be written leaves nothing remembered. Never an error.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

CONFIG_ENV = "HIRING_CLARITY_CONFIG"
NAME_FILE = "assessor"
MAX_BYTES = 1024


def config_dir() -> Path:
    """``$HIRING_CLARITY_CONFIG``, else ``$XDG_CONFIG_HOME/hiring-clarity``, else
    ``~/.config/hiring-clarity``."""
    chosen = os.environ.get(CONFIG_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "hiring-clarity"


def remembered_name() -> str:
    """The remembered name, or '' when there is none that can be trusted."""
    try:
        descriptor = os.open(config_dir() / NAME_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return ""
    with open(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            return ""
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return ""
    return " ".join(data.decode("utf-8", "replace").split())


def remember_name(name: str) -> None:
    """Keep ``name`` for the next start (atomically, readable by this user only)."""
    name = " ".join(name.split())
    if not name or name == remembered_name():
        return
    folder = config_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".assessor-")
        try:
            with open(descriptor, "wb") as handle:
                handle.write(name.encode("utf-8", "replace")[:MAX_BYTES])
            os.replace(temporary, folder / NAME_FILE)
        except OSError:
            os.unlink(temporary)
            raise
    except OSError:
        return
