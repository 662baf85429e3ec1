"""Answers whose own folder cannot be written (disk full, folder replaced by a file) go to a
place the user names, or to the terminal: the last ways out before they would be lost."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from tui.core.errors import SessionFileError
from tui.core.session import Session
from tui.core.store import dumps
from tui.core.text import safe_text


def write_copy(target: Path, session: Session, source: Path) -> Path:
    """Write ``session`` to ``target`` (a file, or a folder to hold ``source``'s name).

    Never replaces a file and never follows a symlink at the target; the copy is private
    (0600) and fsynced. A failed write leaves nothing half-written behind.
    """
    target = target.expanduser()
    if target.is_dir():
        target = target / source.name
    data = dumps(session).encode("utf-8")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    return target


def write_copies(target: Path, sessions: list[tuple[Session, Path]]) -> list[Path]:
    """Write each (session, its file) to ``target``: a file for one, a folder for several."""
    if len(sessions) > 1 and not target.expanduser().is_dir():
        raise SessionFileError(f"{len(sessions)} assessments to keep: give a folder")
    return [write_copy(target, session, source) for session, source in sessions]


def printable(session: Session, source: Path) -> str:
    """The session as TOML to print on the terminal, every control character made visible."""
    return f"# Not saved: the answers of {source}\n{safe_text(dumps(session))}"
