"""Session files: naming, reading, listing, finding, backups. Damage is reported, never written.

Layout of a sessions folder::

    sessions/
      <slug>-<id>.toml          one assessment each (0600)
      .hiring-clarity/          the app's own bookkeeping, never listed (0700)
        lock                    fcntl lock held around every read-modify-write
        tmp/                    temporary files of saves in flight (swept under the lock)
        backups/<name>          the previous good version of each session
        damaged/                damaged files set aside when a backup is restored
        deleted/                sessions deleted from the home screen
        recovered/              sessions that could not be saved to their own file

Writing goes through ``tui.core.disk``; an open session saves through ``tui.core.sessionfile``.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.disk import (
    INTERNAL,
    atomic_write,
    locked,
    move_aside,
    read_internal,
    write_new,
)
from tui.core.errors import SessionFileError, explain
from tui.core.folders import ensure_dir, kind_of, read_regular
from tui.core.header import plain_session
from tui.core.paths import SESSIONS_ENV as SESSIONS_ENV  # re-exported: where callers look
from tui.core.paths import default_sessions_dir as default_sessions_dir
from tui.core.session import SCHEMA_VERSION, Session, utc_now

SUFFIX = ".toml"
MAX_FILE_BYTES = 8_000_000

def slugify(title: str, limit: int = 40) -> str:
    """A file-name-safe ASCII slug: no separators, no dots, never empty, never hidden."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:limit].strip("-")
    return slug or "assessment"


def session_path(directory: Path, session: Session) -> Path:
    """A new, unique path for a session, derived from its title and id."""
    base = f"{slugify(session.title)}-{session.id}"
    candidate = directory / f"{base}{SUFFIX}"
    counter = 2
    while os.path.lexists(candidate):
        candidate = directory / f"{base}-{counter}{SUFFIX}"
        counter += 1
    return candidate


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
        return _link_reason(Path(entry.path))
    return f"not a regular file ({kind_of(info.st_mode)})"


def _link_reason(path: Path) -> str:
    target = "to nothing (dangling)" if not path.exists() else "(not followed)"
    return f"a symbolic link {target}; session files must be regular files"


def session_files(directory: Path) -> list[Path]:
    """Every session file of a folder, newest first by modification time (a cheap stat)."""
    return [path for path, _ in scan_sessions(directory)]


# -- reading -------------------------------------------------------------------------------


def read_bytes(path: Path) -> bytes:
    """A session file's bytes, turning every way it can be unreadable into one message.

    Only a regular file is read: never through a symbolic link, never blocking on a named
    pipe or a device (see ``read_regular``).
    """
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise SessionFileError(f"{path}: no such session file") from None
    except PermissionError:
        raise SessionFileError(f"{path}: not readable (permission denied)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SessionFileError(f"{path}: {_link_reason(path)}") from None
        raise SessionFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise SessionFileError(f"{path}: empty file")
    if len(raw) > MAX_FILE_BYTES:
        raise SessionFileError(f"{path}: too large to be a session ({MAX_FILE_BYTES:,} bytes max)")
    return raw


def parse_toml(path: Path, raw: bytes, header_only: bool = False) -> dict[str, Any]:
    """The TOML of a session file's bytes, or SessionFileError saying why it cannot be read.

    With ``header_only`` the answers are left unparsed: tomli-w writes them last and escapes
    newlines inside strings, so the first line starting with ``[answers`` ends the header.
    Listing a thousand sessions then costs a fraction of reading them whole.
    """
    if header_only:
        end = raw.find(b"\n[answers")
        raw = raw if end < 0 else raw[: end + 1]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionFileError(f"{path}: not a text file (binary or not UTF-8)") from None
    import tomllib  # only when a file is parsed: the caches usually answer first

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SessionFileError(f"{path}: damaged TOML: {exc}") from None
    except RecursionError:
        raise SessionFileError(f"{path}: damaged TOML: nested too deeply to read") from None
    except ValueError:  # Python's limit on the digits of an integer (4,300)
        raise SessionFileError(f"{path}: damaged TOML: a number too long to read") from None


def read_document(path: Path, header_only: bool = False) -> dict[str, Any]:
    """Parse a session file's TOML (see ``parse_toml``)."""
    return parse_toml(path, read_bytes(path), header_only)


def check_schema(path: Path, document: dict[str, Any]) -> None:
    """Tell a foreign file and a newer app's file apart from a damaged one."""
    version = document.get("schema_version")
    if version is None or "answers" not in document and "title" not in document:
        raise SessionFileError(f"{path}: not a hiring-clarity session (no schema_version)")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionFileError(f"{path}: schema_version must be a whole number, not {version!r}")
    if version > SCHEMA_VERSION:
        raise SessionFileError(
            f"{path}: written by a newer hiring-clarity (schema {version}; this one reads "
            f"{SCHEMA_VERSION}); upgrade to open it"
        )
    if version < 1:
        raise SessionFileError(f"{path}: unknown schema_version {version}")


def parse_session(path: Path, document: dict[str, Any]) -> Session:
    """Validate a session file's TOML with pydantic (loaded on first use)."""
    check_schema(path, document)
    from tui.core.validation import ValidationError, validate

    try:
        return validate(Session, document)
    except ValidationError as exc:
        raise SessionFileError(f"{path}: wrong data at {explain(exc)}") from None


def read_session(path: Path, header_only: bool = False) -> Session:
    """Load one session, or raise SessionFileError with a one-line reason naming the file.

    A file holding exactly what this app writes is built without pydantic (``plain_session``);
    anything else is validated. ``header_only`` gives the session without its answers (for
    lists): fast, but a file damaged only among its answers is noticed by a full read alone.
    """
    document = parse_toml(path, read_bytes(path), header_only)
    check_schema(path, document)
    return plain_session(document, header_only) or parse_session(path, document)


@dataclass(frozen=True)
class Listing:
    """One row of a sessions list: the session's header, or why it cannot be read."""

    path: Path
    session: Session | None = None
    error: str = ""


def listing(path: Path, header_only: bool = False, why_not: str = "") -> Listing:
    """One row; ``why_not`` (from ``scan_sessions``) lists a link or a pipe without opening it."""
    if why_not:
        return Listing(path, error=why_not)
    try:
        return Listing(path, read_session(path, header_only))
    except SessionFileError as exc:
        return Listing(path, error=str(exc).removeprefix(f"{path}: "))


def newest_first(rows: list[Listing]) -> list[Listing]:
    """By last update, newest first; unreadable files (no update time) at the top."""
    return sorted(
        rows,
        key=lambda r: r.session.updated.timestamp() if r.session else float("inf"),
        reverse=True,
    )


def list_sessions(directory: Path, header_only: bool = False) -> list[Listing]:
    """Every session in a folder, newest first; damaged ones carry their error, never hidden."""
    return newest_first([listing(path, header_only, why) for path, why in scan_sessions(directory)])


def listing_passes(directory: Path, first: int = 40) -> Iterator[list[Listing]]:
    """The sessions list in passes, each complete and newest first, for a screen to show as
    they come: the newest ``first`` headers, then all headers, then (only if that finds
    damage among the answers) the list with every file read in full. Raises
    SessionFileError when the folder cannot be listed."""
    paths = scan_sessions(directory)
    rows = newest_first([listing(path, True, why) for path, why in paths[:first]])
    yield rows
    if len(paths) > first:
        rows = newest_first(rows + [listing(path, True, why) for path, why in paths[first:]])
        yield rows
    full = [listing(row.path) if row.session is not None else row for row in rows]
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


# -- writing -------------------------------------------------------------------------------


def dumps(session: Session) -> str:
    """TOML text for a session: no nulls (TOML has none), user text never reflowed."""
    import tomli_w  # at the first save, not at start

    return tomli_w.dumps(session.to_document())


def backup_path(path: Path) -> Path:
    return path.parent / INTERNAL / "backups" / path.name


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
            reason = "a symbolic link (not followed)" if exc.errno == errno.ELOOP else (
                exc.strerror or str(exc))
            raise SessionFileError(f"{backup_path(path)}: {reason}; not restored") from None
        keep = backup_path(path)
        if not raw.strip() or len(raw) > MAX_FILE_BYTES:
            raise SessionFileError(f"{keep}: empty or too large; not restored")
        session = parse_session(keep, parse_toml(keep, raw))
        if os.path.lexists(path):
            move_aside(path, "damaged", f"{path.stem}.{_stamp()}", SUFFIX)
        atomic_write(path, raw)
    return session


def _stamp() -> str:
    return utc_now().strftime("%Y%m%dT%H%M%SZ")


def write_recovery(path: Path, session: Session) -> Path:
    """Write a session that could not be saved to its file into ``recovered/`` instead,
    under a name of its own: two apps hung up in the same second keep both copies."""
    directory = ensure_dir(path.parent)
    data = dumps(session).encode("utf-8")
    return write_new(directory, "recovered", f"{path.stem}.{_stamp()}", SUFFIX, data)


def delete_session(path: Path, wait: float | None = None) -> Path:
    """Move a session out of the list into the bookkeeping area, where it can still be found."""
    with locked(path.parent, wait):
        return move_aside(path, "deleted", f"{path.stem}.{_stamp()}", SUFFIX)
