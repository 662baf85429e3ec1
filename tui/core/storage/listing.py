"""The sessions folder as rows: scanned, listed (all at once or in passes), and searched.

Four things were once all called "listing"; each has its own name now: ``scan_sessions`` (the
folder's entries, one lstat each), ``SessionRow`` (one row: a session or why not),
``list_sessions`` and ``list_in_passes`` (every row, at once or for a screen to show as they
come). ``find_session`` lives here, not in ``reading``, because finding an id reads the list.
The text table of ``hiring-clarity list`` is ``tui.core.reports.list_table``.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.core.errors import SessionFileError
from tui.core.session.models import Session
from tui.core.storage.folders import kind_of
from tui.core.storage.reading import SUFFIX, link_reason, read_session


def scan_sessions(directory: Path) -> list[tuple[Path, str]]:
    """Every ``*.toml`` entry of a folder, newest first by modification time, with why it
    cannot be a session file ('' for a regular file). One lstat an entry, nothing opened: a
    link, a named pipe or a device is known before anything could block on it or follow it."""
    if not directory.is_dir():
        return []
    entries = []
    try:
        with os.scandir(directory) as scan:
            for entry in scan:
                if entry.name.endswith(SUFFIX) and not entry.name.startswith("."):
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except OSError:  # gone since the folder was read
                        continue
                    entries.append((info.st_mtime_ns, entry.name, _not_a_file(entry, info)))
    except OSError as exc:
        raise SessionFileError(f"{directory}: cannot list: {exc.strerror or exc}") from None
    entries.sort(reverse=True)
    return [(directory / name, why) for _, name, why in entries]


def _not_a_file(entry: os.DirEntry[str], info: os.stat_result) -> str:
    if stat.S_ISREG(info.st_mode):
        return ""
    if stat.S_ISLNK(info.st_mode):
        return link_reason(Path(entry.path))
    return f"not a regular file ({kind_of(info.st_mode)})"


def session_files(directory: Path) -> list[Path]:
    """Every session file of a folder, newest first by modification time (a cheap stat)."""
    return [path for path, _ in scan_sessions(directory)]


@dataclass(frozen=True)
class SessionRow:
    """One row of the sessions folder: the session (its header, or all of it), or why it
    cannot be read."""

    path: Path
    session: Session | None = None
    error: str = ""


def row_of(path: Path, header_only: bool = False, why_not: str = "") -> SessionRow:
    """One row; ``why_not`` (from ``scan_sessions``) lists a link or a pipe without opening it."""
    if why_not:
        return SessionRow(path, error=why_not)
    try:
        return SessionRow(path, read_session(path, header_only))
    except SessionFileError as exc:
        return SessionRow(path, error=str(exc).removeprefix(f"{path}: "))


def newest_first(rows: list[SessionRow]) -> list[SessionRow]:
    """By last update, newest first; unreadable files (no update time) at the top."""
    return sorted(
        rows,
        key=lambda r: r.session.updated.timestamp() if r.session else float("inf"),
        reverse=True,
    )


def list_sessions(directory: Path, header_only: bool = False) -> list[SessionRow]:
    """Every session in a folder, newest first; damaged ones carry their error, never hidden."""
    return newest_first([row_of(path, header_only, why) for path, why in scan_sessions(directory)])


def list_in_passes(directory: Path, first: int = 40) -> Iterator[list[SessionRow]]:
    """The sessions list in passes, each complete and newest first, for a screen to show as
    they come: the newest ``first`` headers, then all headers, then (only if that finds
    damage among the answers) the list with every file read in full. Raises
    SessionFileError when the folder cannot be listed."""
    paths = scan_sessions(directory)
    rows = newest_first([row_of(path, True, why) for path, why in paths[:first]])
    yield rows
    if len(paths) > first:
        rows = newest_first(rows + [row_of(path, True, why) for path, why in paths[first:]])
        yield rows
    full = [row_of(row.path) if row.session is not None else row for row in rows]
    if any(a.session is None and b.session is not None for a, b in zip(full, rows, strict=True)):
        yield full


def _holds_id(path: Path, session_id: str) -> bool:
    """Whether a file named for an id holds it; a damaged one is taken at its name's word."""
    try:
        return read_session(path).id == session_id
    except SessionFileError:
        return True


def find_session(reference: str, directory: Path) -> Path:
    """Resolve SESSION as given on the command line: a path, a file name, or an id."""
    as_path = Path(reference)
    if as_path.suffix == SUFFIX or os.sep in reference or as_path.exists():
        if as_path.exists() or as_path.is_absolute() or os.sep in reference:
            return as_path
        return directory / reference
    if re.fullmatch(r"[a-z0-9]{4,32}", reference):
        named = re.compile(rf".*-{reference}(-\d+)?{re.escape(SUFFIX)}")
        for path in session_files(directory):
            if named.fullmatch(path.name) and _holds_id(path, reference):
                return path
        for row in list_sessions(directory):
            if row.session is not None and row.session.id == reference:
                return row.path
    raise SessionFileError(f"no session {reference!r} in {directory} (give a path or an id)")
