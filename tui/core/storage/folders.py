"""Folders and files the app may use: created private, reached without following a link.

Every folder the app creates is made here, 0700 whatever the umask, except in a sessions folder
shared with a group (``shared_group``: setgid, group rwx, nothing for others), where bookkeeping
folders are 2770 and files 0660 so that colleagues with their own Unix accounts can pair
(README, "Assess together"). The bookkeeping folders of a sessions folder are reached through
open folder descriptors, each opened with ``O_NOFOLLOW`` and checked to be a real folder of
this user that nobody else can write into, so a symlink planted in their place never takes a
write, a delete or the lock elsewhere. Files are read only when they are regular files: opened
non-blocking (a named pipe never hangs a read) and checked with ``fstat`` before any read.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

from tui.core.errors import SessionFileError
from tui.core.storage.paths import INTERNAL

_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_PRIVATE_DIR = _DIR | os.O_NOFOLLOW
READ = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC
"""Flags to open a file for reading: never through a link, never blocking on a pipe."""
UID = os.geteuid()


class UnsafePathError(SessionFileError):
    """A file or bookkeeping folder is a link, someone else's, or open to others: not used."""


def make_dir(directory: Path) -> Path:
    """Create a folder and its missing parents, each 0700 whatever the umask.

    The one place folders are created (sessions, bookkeeping, cache): hiring notes are private.
    """
    try:
        os.mkdir(directory, 0o700)
    except FileExistsError:
        return directory
    except FileNotFoundError:
        make_dir(directory.parent)
        with contextlib.suppress(FileExistsError):
            os.mkdir(directory, 0o700)
    _tighten(directory)
    return directory


def _tighten(directory: Path) -> None:
    """0700 even when the umask took owner bits away; never through a link swapped in."""
    fd = os.open(directory, _PRIVATE_DIR)
    try:
        os.fchmod(fd, 0o700)
    finally:
        os.close(fd)


def ensure_dir(directory: Path) -> Path:
    """Create a sessions folder readable by its owner only (hiring notes are private)."""
    if not directory.is_dir():
        make_dir(directory)
    return directory


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_folder(directory: Path) -> int:
    """A descriptor of a sessions folder (the user's choice, so a link to it is fine),
    recreated 0700 if it was removed while the app was open."""
    try:
        return os.open(directory, _DIR)
    except FileNotFoundError:
        make_dir(directory)
        return os.open(directory, _DIR)


def shared_group(info: os.stat_result) -> int | None:
    """The group a sessions folder is shared with, if it is set up for that: setgid, read,
    write and search for the group, nothing for others. None: private to its owner."""
    mode = info.st_mode
    if mode & stat.S_ISGID and mode & 0o070 == 0o070 and not mode & 0o007:
        return info.st_gid
    return None


def private_folder(parent_fd: int, name: str, shown: Path, group: int | None = None) -> int:
    """Open (creating it if missing) a bookkeeping folder: a real folder of this user that
    nobody else can write into, never reached through a link. A folder of ours that others
    can only read is made 0700; anything else is refused with one message.

    In a folder shared with ``group`` it is 2770 instead, and may be a colleague's: owned by
    another user of that group, writable by the group, never by everyone."""
    wanted = 0o2770 if group is not None else 0o700
    try:
        try:
            fd = os.open(name, _PRIVATE_DIR, dir_fd=parent_fd)
        except FileNotFoundError:
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, wanted & 0o777, dir_fd=parent_fd)
            fd = os.open(name, _PRIVATE_DIR, dir_fd=parent_fd)
    except OSError:
        try:  # a link or a file in its place is refused; a full disk is only an OSError
            mode = os.stat(name, dir_fd=parent_fd, follow_symlinks=False).st_mode
        except OSError:
            mode = 0
        if not mode or stat.S_ISDIR(mode):
            raise
        raise UnsafePathError(refusal(shown, kind_of(mode))) from None
    info = os.fstat(fd)
    problem = ""
    colleague = group is not None and info.st_gid == group
    if info.st_uid != UID and not colleague:
        problem = f"owned by another user (uid {info.st_uid})"
    elif info.st_mode & (0o002 if group is not None else 0o022):
        problem = f"writable by others (mode {stat.S_IMODE(info.st_mode):04o})"
    if problem:
        os.close(fd)
        raise UnsafePathError(refusal(shown, problem))
    if info.st_uid == UID and stat.S_IMODE(info.st_mode) != wanted:
        os.fchmod(fd, wanted)
    return fd


def refusal(shown: Path, found: str) -> str:
    return (
        f"{shown}: {found}; hiring-clarity only writes into a private folder of yours "
        f"(mode 0700), never through a link: remove or fix it"
    )


@contextlib.contextmanager
def opened(directory: Path, folder: str = "") -> Iterator[tuple[int, int, int]]:
    """Descriptors of the sessions folder, its ``.hiring-clarity`` and (if named) one folder
    in that, each checked. On the main thread (where the app saves) they stay open for the
    next call, which checks them again with one ``stat`` each (see ``_kept_folder``); on any
    other thread they are opened and closed here."""
    if threading.current_thread() is threading.main_thread():
        dir_fd = _kept_folder(directory, (str(directory),), -1, "")
        group = shared_group(os.fstat(dir_fd))
        internal = _kept_folder(directory, (str(directory), INTERNAL), dir_fd, INTERNAL, group)
        inner = (
            internal
            if not folder
            else _kept_folder(
                directory, (str(directory), INTERNAL, folder), internal, folder, group
            )
        )
        yield dir_fd, internal, inner
        return
    dir_fd = open_folder(directory)
    try:
        group = shared_group(os.fstat(dir_fd))
        internal = private_folder(dir_fd, INTERNAL, directory / INTERNAL, group)
        try:
            if not folder:
                yield dir_fd, internal, internal
                return
            inner = private_folder(internal, folder, directory / INTERNAL / folder, group)
            try:
                yield dir_fd, internal, inner
            finally:
                os.close(inner)
        finally:
            os.close(internal)
    finally:
        os.close(dir_fd)


@contextlib.contextmanager
def folder_in(
    directory: Path, internal: int, folder: str, group: int | None = None
) -> Iterator[int]:
    """One more bookkeeping folder, in the ``.hiring-clarity`` that ``opened`` gave, checked
    (and, on the main thread, kept) the same way; ``group``: the folder's sharing group."""
    if threading.current_thread() is threading.main_thread():
        yield _kept_folder(directory, (str(directory), INTERNAL, folder), internal, folder, group)
        return
    fd = private_folder(internal, folder, directory / INTERNAL / folder, group)
    try:
        yield fd
    finally:
        os.close(fd)


_kept: dict[tuple[str, ...], tuple[int, int, int]] = {}
"""Checked folder descriptors kept open on the main thread: path parts -> (fd, device, inode).
Speed work-around (docs/architecture.md): a save reaches four folders, and reopening and
checking each every time was most of a save's system calls."""
_KEEP = 12
"""Descriptors kept at most (three or four per sessions folder; tests use many folders)."""


def _kept_folder(
    directory: Path, key: tuple[str, ...], parent_fd: int, name: str, group: int | None = None
) -> int:
    """The kept descriptor for ``key`` if its name still leads to that same folder, still
    ours and private (one stat, no link followed below the sessions folder); otherwise it
    is opened and checked again, exactly as the first time."""
    kept = _kept.pop(key, None)
    if kept is not None:
        fd, device, inode = kept
        try:
            if name:
                info = os.stat(name, dir_fd=parent_fd, follow_symlinks=False)
            else:
                info = os.stat(directory)  # the user's choice: a link to it is fine
        except OSError:
            info = None
        wanted = 0o700 if group is None else 0o2770
        ours = info is not None and (
            info.st_uid == UID or (group is not None and info.st_gid == group)
        )
        if (
            info is not None
            and (info.st_dev, info.st_ino) == (device, inode)
            and stat.S_ISDIR(info.st_mode)
            and (not name or (ours and stat.S_IMODE(info.st_mode) == wanted))
        ):
            _kept[key] = kept
            return fd
        os.close(fd)  # replaced, removed, or changed hands or mode: check it from scratch
    fd = (
        private_folder(parent_fd, name, directory.joinpath(*key[1:]), group)
        if name
        else (open_folder(directory))
    )
    info = os.fstat(fd)
    _kept[key] = (fd, info.st_dev, info.st_ino)
    while len(_kept) > _KEEP:
        os.close(_kept.pop(next(iter(_kept)))[0])
    return fd


def read_regular(path: Path, limit: int, follow_links: bool = False) -> bytes:
    """Up to ``limit + 1`` bytes of a regular file. Never blocks on a named pipe or device
    (opened non-blocking, checked with fstat before any read) and, unless ``follow_links``,
    never reads through a symbolic link; OSError (ELOOP for a link) or UnsafePathError."""
    fd = os.open(path, READ & ~os.O_NOFOLLOW if follow_links else READ)
    return read_fd(fd, path, limit)


def read_fd(fd: int, shown: Path, limit: int) -> bytes:
    """Read and close ``fd`` if it is a regular file (checked before any read)."""
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnsafePathError(f"{shown}: not a regular file ({kind_of(mode)})")
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
