"""Recovery copies: the last good version put back over a damaged file, and answers whose own
file cannot be written kept in ``recovered/``, in a place the user names, or on the terminal:
the last ways out before they would be lost."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from tui.core.errors import SessionFileError
from tui.core.session.models import Session
from tui.core.storage.atomic import atomic_write, locked, move_aside, read_internal, write_new
from tui.core.storage.folders import ensure_dir
from tui.core.storage.reading import MAX_FILE_BYTES, SUFFIX, session_from_bytes
from tui.core.storage.session_file import backup_path, dumps, stamp
from tui.core.text import safe_text


def restore_backup(path: Path, wait: float | None = None) -> Session:
    """Put the last good version back; the damaged file is kept aside, not destroyed.

    The backup is read once, never through a link, and those very bytes are written back.
    """
    directory = path.parent
    with locked(directory, wait):
        try:
            raw = read_internal(directory, "backups", path.name, MAX_FILE_BYTES)
        except FileNotFoundError:
            raise SessionFileError(f"{path}: no backup to restore from") from None
        except OSError as exc:
            reason = (
                "a symbolic link (not followed)"
                if exc.errno == errno.ELOOP
                else (exc.strerror or str(exc))
            )
            raise SessionFileError(f"{backup_path(path)}: {reason}; not restored") from None
        keep = backup_path(path)
        if not raw.strip() or len(raw) > MAX_FILE_BYTES:
            raise SessionFileError(f"{keep}: empty or too large; not restored")
        session = session_from_bytes(keep, raw)
        if os.path.lexists(path):
            move_aside(path, "damaged", f"{path.stem}.{stamp()}", SUFFIX)
        atomic_write(path, raw)
    return session


def write_recovery(path: Path, session: Session) -> Path:
    """Write a session that could not be saved to its file into ``recovered/`` instead,
    under a name of its own: two apps hung up in the same second keep both copies."""
    directory = ensure_dir(path.parent)
    data = dumps(session).encode("utf-8")
    return write_new(directory, "recovered", f"{path.stem}.{stamp()}", SUFFIX, data)


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
