"""Session files on disk: atomic, locked, merged with other writers, never overwriting damage.

Layout of a sessions folder::

    sessions/
      <slug>-<id>.toml          one assessment each (0600)
      .hiring-clarity/          the app's own bookkeeping, never listed (0700)
        lock                    fcntl lock held around every read-modify-write
        tmp/                    temporary files of saves in flight (swept under the lock)
        backups/<name>          the previous good version of each session

A lock on the data file itself would be lost when ``os.replace`` swaps the inode, so the lock is
a separate file (see NOTES.md: that design lost no update in 600 saves).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import tempfile
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from tui.core.errors import SessionFileError
from tui.core.session import SCHEMA_VERSION, Answer, Session, utc_now

SESSIONS_ENV = "HIRING_CLARITY_SESSIONS"
INTERNAL = ".hiring-clarity"
SUFFIX = ".toml"
MAX_FILE_BYTES = 8_000_000


def default_sessions_dir() -> Path:
    """The environment's choice, else ``sessions/`` of a source checkout, else the user's data."""
    chosen = os.environ.get(SESSIONS_ENV)
    if chosen:
        return Path(chosen)
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "sessions").is_dir():
        return checkout / "sessions"
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "hiring-clarity" / "sessions"


def ensure_dir(directory: Path) -> Path:
    """Create a sessions folder readable by its owner only (hiring notes are private)."""
    if not directory.is_dir():
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(directory, 0o700)
    return directory


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
    while candidate.exists():
        candidate = directory / f"{base}-{counter}{SUFFIX}"
        counter += 1
    return candidate


def session_files(directory: Path) -> list[Path]:
    """Every session file of a folder, newest first by modification time (a cheap stat)."""
    if not directory.is_dir():
        return []
    entries = []
    with os.scandir(directory) as scan:
        for entry in scan:
            if entry.name.endswith(SUFFIX) and not entry.name.startswith("."):
                with contextlib.suppress(OSError):
                    entries.append((entry.stat().st_mtime_ns, entry.name))
    entries.sort(reverse=True)
    return [directory / name for _, name in entries]


# -- reading -------------------------------------------------------------------------------


def read_document(path: Path, header_only: bool = False) -> dict[str, Any]:
    """Parse a session file's TOML, turning every way it can be unreadable into one message.

    With ``header_only`` the answers are left unparsed: tomli-w writes them last and escapes
    newlines inside strings, so the first line starting with ``[answers`` ends the header.
    Listing a thousand sessions then costs a fraction of reading them whole.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise SessionFileError(f"{path}: no such session file") from None
    except IsADirectoryError:
        raise SessionFileError(f"{path}: is a folder, not a session file") from None
    except PermissionError:
        raise SessionFileError(f"{path}: not readable (permission denied)") from None
    except OSError as exc:
        raise SessionFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise SessionFileError(f"{path}: empty file")
    if len(raw) > MAX_FILE_BYTES:
        raise SessionFileError(f"{path}: too large to be a session ({MAX_FILE_BYTES:,} bytes max)")
    if header_only:
        end = raw.find(b"\n[answers")
        raw = raw if end < 0 else raw[: end + 1]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionFileError(f"{path}: not a text file (binary or not UTF-8)") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SessionFileError(f"{path}: damaged TOML: {exc}") from None


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
    check_schema(path, document)
    try:
        return Session.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(file)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise SessionFileError(f"{path}: wrong data at {where}: {first['msg']}{more}") from None


def read_session(path: Path, header_only: bool = False) -> Session:
    """Load one session, or raise SessionFileError with a one-line reason naming the file.

    ``header_only`` gives the session without its answers (for lists): fast, but a file
    damaged only among its answers is noticed by a full read alone.
    """
    return parse_session(path, read_document(path, header_only))


@dataclass(frozen=True)
class Listing:
    """One row of a sessions list: the session's header, or why it cannot be read."""

    path: Path
    session: Session | None = None
    error: str = ""


def listing(path: Path, header_only: bool = False) -> Listing:
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
    return newest_first([listing(path, header_only) for path in session_files(directory)])


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
    return tomli_w.dumps(session.model_dump(mode="python", exclude_none=True))


def _internal(directory: Path, *parts: str) -> Path:
    path = directory / INTERNAL
    for part in parts:
        path = path / part
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def locked(directory: Path) -> Iterator[None]:
    """Hold the folder's write lock: one read-modify-write at a time, across processes."""
    lock_path = _internal(directory) / "lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sweep_temporaries(directory: Path) -> None:
    """Remove temporary files left by a killed save. Call only with the lock held."""
    tmp = directory / INTERNAL / "tmp"
    if tmp.is_dir():
        for leftover in tmp.iterdir():
            with contextlib.suppress(OSError):
                leftover.unlink()


def atomic_write(path: Path, data: bytes, backup: bool = False) -> None:
    """Replace ``path`` with ``data`` all at once: readers see the old or the new, never half.

    The temporary file lives in the same filesystem (the folder's bookkeeping area), is created
    0600, flushed and fsynced before the rename, and the folder is fsynced after it. With
    ``backup``, the version being replaced is kept as a hard link (no copy) in ``backups/``.
    """
    directory = path.parent
    tmp_dir = _internal(directory, "tmp")
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix=path.stem[:40] + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and path.exists():
            keep = _internal(directory, "backups") / path.name
            staged = keep.with_name(keep.name + ".new")
            with contextlib.suppress(FileNotFoundError):
                staged.unlink()
            os.link(path, staged)
            os.replace(staged, keep)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(directory)


def export_file(path: Path, text: str) -> Path:
    """Write a report beside its session, private like the session itself."""
    atomic_write(path, text.encode("utf-8"))
    return path


def backup_path(path: Path) -> Path:
    return path.parent / INTERNAL / "backups" / path.name


def restore_backup(path: Path) -> Session:
    """Put the last good version back; the damaged file is kept aside, not destroyed."""
    keep = backup_path(path)
    if not keep.exists():
        raise SessionFileError(f"{path}: no backup to restore from")
    session = read_session(keep)
    with locked(path.parent):
        if path.exists():
            stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
            aside = _internal(path.parent, "damaged") / f"{path.stem}.{stamp}{SUFFIX}"
            os.replace(path, aside)
        atomic_write(path, keep.read_bytes())
    return session


def delete_session(path: Path) -> Path:
    """Move a session out of the list into the bookkeeping area, where it can still be found."""
    with locked(path.parent):
        stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
        target = _internal(path.parent, "deleted") / f"{path.stem}.{stamp}{SUFFIX}"
        os.replace(path, target)
        _fsync_dir(path.parent)
    return target


# -- the open session ----------------------------------------------------------------------


@dataclass
class SaveResult:
    """What a save did: which answers another writer had changed, merged in by id."""

    path: Path
    revision: int
    merged: list[str] = field(default_factory=list)
    """Question ids (or field names) taken from another writer's save."""
    conflicts: list[str] = field(default_factory=list)
    """Ids changed by both: this save's value was kept, the other was overwritten."""

    @property
    def message(self) -> str:
        if not self.merged and not self.conflicts:
            return ""
        parts = []
        if self.merged:
            parts.append(f"merged {len(self.merged)} change(s) saved by someone else")
        if self.conflicts:
            parts.append(f"kept yours where both changed: {', '.join(self.conflicts)}")
        return "; ".join(parts)


_SHARED_FIELDS = ("title", "role_title", "assessor", "notes")


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


_REVISION_LINE = re.compile(rb"^revision = (\d+)$", re.MULTILINE)
_HEADER_BYTES = 8192


def _peek_revision(path: Path) -> int | None:
    """The revision from the file's header lines, without parsing the whole file.

    tomli-w escapes newlines inside strings, so a line starting with ``revision = `` can only
    be the key itself; None when it cannot be found (hand-formatted or damaged file).
    """
    try:
        with path.open("rb") as handle:
            match = _REVISION_LINE.search(handle.read(_HEADER_BYTES))
    except OSError:
        return None
    return int(match.group(1)) if match else None


def merge(base: Session, mine: Session, theirs: Session) -> tuple[Session, list[str], list[str]]:
    """Three-way merge, answer by answer: take their change where I changed nothing."""
    merged: list[str] = []
    conflicts: list[str] = []
    answers: dict[str, Answer] = {}
    for qid in sorted(set(base.answers) | set(mine.answers) | set(theirs.answers)):
        b, m, t = base.answers.get(qid), mine.answers.get(qid), theirs.answers.get(qid)
        if m == b and t != b:
            merged.append(qid)
            chosen = t
        else:
            if t != b and t != m:
                conflicts.append(qid)
            chosen = m
        if chosen is not None:
            answers[qid] = chosen
    update: dict[str, Any] = {"answers": answers, "revision": theirs.revision}
    for name in _SHARED_FIELDS:
        b, m, t = getattr(base, name), getattr(mine, name), getattr(theirs, name)
        if m == b and t != b:
            update[name] = t
            merged.append(name)
        elif t not in (b, m):
            conflicts.append(name)
    return mine.model_copy(update=update), merged, conflicts


class SessionFile:
    """An open session bound to its file: the only way the app and CLI save.

    It remembers the version it last read or wrote (``base``) so that a save can tell what
    another process changed meanwhile and merge instead of overwriting.
    """

    def __init__(self, path: Path, session: Session) -> None:
        self.path = path
        self.session = session
        self.base = session.model_copy(deep=True)
        self._signature = _signature(path)

    @classmethod
    def open(cls, path: Path) -> SessionFile:
        return cls(path, read_session(path))

    @classmethod
    def create(cls, directory: Path, session: Session) -> SessionFile:
        ensure_dir(directory)
        with locked(directory):
            path = session_path(directory, session)
            atomic_write(path, dumps(session).encode("utf-8"))
        handle = cls(path, session)
        handle._signature = _signature(path)
        return handle

    def changed_on_disk(self) -> bool:
        """Has anyone written the file since we last read or wrote it? A stat and a peek.

        The stat alone could miss a same-size write within the clock's resolution to a
        reused inode; the revision in the header cannot.
        """
        return (
            _signature(self.path) != self._signature
            or _peek_revision(self.path) != self.base.revision
        )

    def refresh(self) -> SaveResult:
        """Merge in what another process saved, without writing; for live pair sessions."""
        if not self.changed_on_disk():
            return SaveResult(self.path, self.session.revision)
        signature = _signature(self.path)
        theirs = read_session(self.path)
        if theirs.id != self.session.id:
            raise SessionFileError(f"{self.path}: now holds another session")
        self.session, merged, conflicts = merge(self.base, self.session, theirs)
        self.base = theirs
        self._signature = signature
        return SaveResult(self.path, self.session.revision, merged, conflicts)

    def save(self) -> SaveResult:
        """Write the session now; merge first if another process saved since we last did."""
        directory = self.path.parent
        merged: list[str] = []
        conflicts: list[str] = []
        with locked(directory):
            sweep_temporaries(directory)
            current = self.session
            if self.path.exists() and self.changed_on_disk():
                theirs = read_session(self.path)
                if theirs.id != current.id:
                    raise SessionFileError(f"{self.path}: now holds another session; not saved")
                if theirs.revision != self.base.revision:
                    current, merged, conflicts = merge(self.base, current, theirs)
            # The new revision exists only once it is on disk: a failed write changes nothing,
            # so a retry still sees (and merges) whatever another writer saved meanwhile.
            written = current.model_copy(
                update={
                    "revision": max(current.revision, self.base.revision) + 1,
                    "updated": max(utc_now(), current.updated),
                }
            )
            atomic_write(self.path, dumps(written).encode("utf-8"), backup=True)
            self._signature = _signature(self.path)
        self.session = written
        self.base = written.model_copy(deep=True)
        return SaveResult(self.path, written.revision, merged, conflicts)

