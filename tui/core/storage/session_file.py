"""One session file: named, created, saved with a revision check, merged, deleted.

Every save holds the folder lock, looks at the file's revision and, if another process saved
since this one last read or wrote, merges answer by answer before writing. Deleting moves the
file to ``deleted/`` and drops its backup: no other copy of its content stays behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui.core.errors import HiringClarityError, SessionFileError
from tui.core.session.merging import SHARED_FIELDS, merge
from tui.core.session.models import Session, utc_now
from tui.core.storage.atomic import atomic_write, locked, move_aside, sweep_temporaries
from tui.core.storage.folders import INTERNAL, ensure_dir, opened, read_regular, shared_group
from tui.core.storage.reading import SUFFIX, read_session


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


def dumps(session: Session) -> str:
    """TOML text for a session: no nulls (TOML has none), user text never reflowed."""
    import tomli_w  # at the first save, not at start

    return tomli_w.dumps(session.to_document())


def stamp() -> str:
    return utc_now().strftime("%Y%m%dT%H%M%SZ")


@dataclass
class SaveResult:
    """What a save did: which answers another writer had changed, merged in by id."""

    path: Path
    revision: int
    merged: list[str] = field(default_factory=list)
    """Question ids (or field names, or 'conflicts') taken from another writer's save."""
    conflicts: list[str] = field(default_factory=list)
    """Ids changed by both: for a question both values are now recorded in ``conflicts``;
    for a session field (title, notes...) this save's value was kept."""

    @property
    def message(self) -> str:
        """What happened, in words that claim nothing else: '' when nobody else saved."""
        changes = [name for name in self.merged if name != "conflicts"]
        kept = [name for name in self.conflicts if name in SHARED_FIELDS]
        both = [name for name in self.conflicts if name not in SHARED_FIELDS]
        parts = []
        if changes:
            parts.append(f"merged {len(changes)} change(s) saved by someone else")
        if both:
            parts.append(
                f"both changed {', '.join(both)}: both values kept, to settle on the question"
            )
        if kept:
            parts.append(f"kept yours where both changed: {', '.join(kept)}")
        return "; ".join(parts)


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.lstat()
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
    try:  # never blocks: a named pipe put in the file's place is not read
        match = _REVISION_LINE.search(read_regular(path, _HEADER_BYTES)[:_HEADER_BYTES])
    except (OSError, HiringClarityError):
        return None
    return int(match.group(1)) if match else None


def _content(session: Session) -> tuple[object, ...]:
    """What a person wrote: a change here is an update; position and summary are not."""
    return (session.answers, *(getattr(session, name) for name in SHARED_FIELDS))


def snapshot(session: Session) -> Session:
    """A copy that later changes to ``session`` leave alone. Answers, position and summary
    are frozen, so a new answers dict is all that needs copying (a tenth of a deep copy)."""
    return replace(session, answers=dict(session.answers))


class SessionFile:
    """An open session bound to its file: the only way the app and CLI save.

    It remembers the version it last read or wrote (``base``) so that a save can tell what
    another process changed meanwhile and merge instead of overwriting.
    """

    def __init__(self, path: Path, session: Session) -> None:
        self.path = path
        self.session = session
        self.base = snapshot(session)
        self._signature = _signature(path)
        self.lock_wait: float | None = None
        """Seconds a save waits for another writer's lock (None: the default; the app: 0)."""

    @property
    def owner(self) -> str:
        """'' when the file is this user's, else why a save must not take it over."""
        try:
            info = self.path.lstat()
            group = shared_group(self.path.parent.stat())
        except OSError:
            return ""
        uid = info.st_uid
        if uid == os.geteuid() or (group is not None and info.st_gid == group):
            return ""  # ours, or a colleague's in a folder shared with their group
        return f"{self.path} belongs to another user (uid {uid}): opened read-only"

    @classmethod
    def open(cls, path: Path) -> SessionFile:
        return cls(path, read_session(path))

    @classmethod
    def create(cls, directory: Path, session: Session, wait: float | None = None) -> SessionFile:
        ensure_dir(directory)
        with locked(directory, wait):
            path = session_path(directory, session)
            atomic_write(path, dumps(session).encode("utf-8"))
        created = cls(path, session)
        created.lock_wait = wait
        return created

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

    def save(self, recount: Callable[[Session], None] | None = None) -> SaveResult:
        """Write the session now; merge first if another process saved since we last did.

        ``recount`` sees a merged session before it is written, so what is derived from the
        answers (the summary) counts the other writer's too: one write per save, not two."""
        directory = self.path.parent
        merged: list[str] = []
        conflicts: list[str] = []
        with locked(directory, self.lock_wait):
            sweep_temporaries(directory)
            current = self.session
            on_disk = self.base
            if self.path.exists() and self.changed_on_disk():
                theirs = on_disk = read_session(self.path)
                if theirs.id != current.id:
                    raise SessionFileError(f"{self.path}: now holds another session; not saved")
                if theirs != self.base:  # another app's save, or an edit by hand
                    current, merged, conflicts = merge(self.base, current, theirs)
                    if merged and recount is not None:
                        recount(current)
            # Only what someone wrote (answers, notes, names) makes it "updated": browsing
            # saves the position but must not move the session to the top of the list.
            updated = max(current.updated, on_disk.updated)
            if _content(current) != _content(on_disk):
                updated = max(utc_now(), updated)
            # The new revision exists only once it is on disk: a failed write changes nothing,
            # so a retry still sees (and merges) whatever another writer saved meanwhile.
            written = replace(
                current,
                revision=max(current.revision, self.base.revision) + 1,
                updated=updated,
            )
            atomic_write(self.path, dumps(written).encode("utf-8"), backup=True)
            self._signature = _signature(self.path)
        self.session = written
        self.base = snapshot(written)
        return SaveResult(self.path, written.revision, merged, conflicts)


def backup_path(path: Path) -> Path:
    """Where the previous good version of a session file is kept."""
    return path.parent / INTERNAL / "backups" / path.name


def delete_session(path: Path, wait: float | None = None) -> Path:
    """Move a session out of the list into ``deleted/``, where it can still be found, and
    drop its backup: the kept-deleted copy is the only one left of what it says."""
    with locked(path.parent, wait):
        kept = move_aside(path, "deleted", f"{path.stem}.{stamp()}", SUFFIX)
        with (
            opened(path.parent, "backups") as (_, _, backups),
            contextlib.suppress(FileNotFoundError),
        ):  # the previous version: no other copy stays behind
            os.unlink(path.name, dir_fd=backups)
        return kept
