"""Where the SSH server listens, written at every start for ``invite`` to put in the line
it prints: the port need not be looked up in a log (``--port 0`` picks a different one each
time)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

ADDRESS_NAME = "listening.json"


def write_address(state_dir: Path, host: str, port: int) -> None:
    """Replace the file atomically, private (0600 from ``mkstemp``), as the state folder is."""
    fd, temporary = tempfile.mkstemp(dir=state_dir, prefix=".listening-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"host": host, "port": port}, out)
        os.replace(temporary, state_dir / ADDRESS_NAME)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_address(state_dir: Path) -> tuple[str, int] | None:
    """The last address a server of this state folder listened on, if any."""
    try:
        given = json.loads((state_dir / ADDRESS_NAME).read_text(encoding="utf-8"))
        return str(given["host"]), int(given["port"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
