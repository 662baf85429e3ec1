"""What ``serve`` and ``invite`` both need before anything else: the extra installed, and the
server's state folder (host key, keys file). Nothing here imports asyncssh or textual-serve."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from tui.core.errors import HiringClarityError

EXTRAS = {"ssh": ("asyncssh", "ssh"), "web": ("textual_serve", "web")}


def default_state_dir() -> Path:
    chosen = os.environ.get("HIRING_CLARITY_STATE")
    if chosen:
        return Path(chosen)
    state_home = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return state_home / "hiring-clarity" / "serve"


def require_extra(kind: str) -> None:
    module, extra = EXTRAS[kind]
    try:
        importlib.import_module(module)
    except ImportError:
        raise HiringClarityError(
            f"serve --{kind} needs the [{extra}] extra: pip install 'hiring-clarity[{extra}]'"
        ) from None
