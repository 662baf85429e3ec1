"""How git finds the per-answer merge driver: the ``.gitattributes`` line and its definition.

Apart from the merge itself (``merge.py``) so that ``sync`` starts without loading the models.
"""

from __future__ import annotations

import shlex
import sys

DRIVER = "hiring-clarity"
"""The merge driver's name in ``.gitattributes`` and in git config."""
ATTRIBUTES = f"*.toml merge={DRIVER}\n"


def driver_command() -> str:
    """How git starts the driver: this very Python, so the driver matches the app syncing."""
    return f"{shlex.quote(sys.executable)} -m tui merge-driver %O %A %B %P"


def driver_config() -> list[str]:
    """``-c`` options defining the driver for one git command: nothing to configure by hand."""
    return [
        "-c",
        f"merge.{DRIVER}.name=hiring-clarity: per-answer merge",
        "-c",
        f"merge.{DRIVER}.driver={driver_command()}",
    ]
