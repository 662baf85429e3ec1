"""Reports written where the user asks (``--output``, the summary's export folder)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tui.core.errors import HiringClarityError


def write_output(target: Path, text: str) -> Path:
    """Write a report to ``target``, atomically and private (0600); its absolute path."""
    if target.is_dir():
        raise HiringClarityError(f"{target}: is a folder")
    if not target.parent.is_dir():
        raise HiringClarityError(f"{target.parent}: no such folder")
    fd, staged = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(staged, target)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise
    return target.resolve()
