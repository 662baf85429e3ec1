"""File-system events on sessions folders, pushed to the event loop: a colleague's save shows
at once instead of at the next poll.

Linux inotify through ``ctypes`` (no new dependency), its descriptor handed to the asyncio loop
with ``add_reader`` (no thread). The FOLDER is watched, not the file: an atomic save renames a
new inode over the old one, and a watch on the file would stay on the old inode. Only entries
directly in the folder are reported, so the bookkeeping folder's traffic (temporary files,
backups, presence heartbeats) never wakes anyone. Anywhere inotify is missing or fails, or with
``HIRING_CLARITY_WATCH=poll``, ``start`` returns None and the caller's poll does the work.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ctypes

WATCH_ENV = "HIRING_CLARITY_WATCH"
"""Set to ``poll`` to leave file-system events unused (the poll alone takes saves in)."""

IN_CLOSE_WRITE = 0x00000008
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
IN_IGNORED = 0x00008000
IN_Q_OVERFLOW = 0x00004000
IN_ONLYDIR = 0x01000000
IN_NONBLOCK = 0o4000
IN_CLOEXEC = 0o2000000
MASK = IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE
_HEADER = struct.Struct("iIII")
"""struct inotify_event: wd, mask, cookie, len; then ``len`` bytes of NUL-padded name."""

Changed = Callable[[Path], None]
"""Told the path of each entry created, replaced, written or deleted in a watched folder
(the folder itself when the kernel dropped events: look at everything)."""


class FolderWatch:
    """One inotify instance on the running loop; folders are added as they are opened."""

    def __init__(
        self, fd: int, libc: ctypes.CDLL, changed: Changed, loop: asyncio.AbstractEventLoop
    ) -> None:
        self._fd = fd
        self._libc = libc
        self._changed = changed
        self._loop = loop
        self._folders: dict[int, Path] = {}
        loop.add_reader(fd, self._read)

    def watch(self, folder: Path) -> bool:
        """Watch ``folder`` (once); False if it cannot be (the poll still covers it)."""
        if folder in self._folders.values() or self._fd < 0:
            return folder in self._folders.values()
        wd = self._libc.inotify_add_watch(self._fd, os.fsencode(folder), MASK | IN_ONLYDIR)
        if wd < 0:
            return False
        self._folders[wd] = folder
        return True

    def _read(self) -> None:
        try:
            data = os.read(self._fd, 65536)
        except BlockingIOError:
            return
        except OSError:
            self.close()
            return
        seen: list[Path] = []
        offset = 0
        while offset + _HEADER.size <= len(data):
            wd, mask, _, length = _HEADER.unpack_from(data, offset)
            raw = data[offset + _HEADER.size : offset + _HEADER.size + length]
            offset += _HEADER.size + length
            folder = self._folders.get(wd)
            if mask & IN_Q_OVERFLOW:
                seen.extend(self._folders.values())
            elif mask & IN_IGNORED:
                self._folders.pop(wd, None)  # the folder went away; the poll takes over
            elif folder is not None and raw:
                seen.append(folder / os.fsdecode(raw.rstrip(b"\0")))
        for path in dict.fromkeys(seen):  # one call per entry, however many events it had
            self._changed(path)

    def close(self) -> None:
        if self._fd >= 0:
            with contextlib.suppress(Exception):
                self._loop.remove_reader(self._fd)
            os.close(self._fd)
            self._fd = -1
        self._folders.clear()


def start(changed: Changed) -> FolderWatch | None:
    """File-system events for the running loop, or None where they are not to be had."""
    if os.environ.get(WATCH_ENV, "").strip().lower() == "poll" or not sys.platform.startswith(
        "linux"
    ):
        return None
    import ctypes  # here, not at the top: the watch starts after the first frame

    try:
        loop = asyncio.get_running_loop()
        # The running program's own symbols (dlopen(NULL)) include libc's on Linux:
        # ctypes.util.find_library would import 2 MiB of modules and run ldconfig.
        libc = ctypes.CDLL(None, use_errno=True)
        libc.inotify_init1.argtypes = [ctypes.c_int]
        libc.inotify_add_watch.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
    except (OSError, AttributeError, RuntimeError):
        return None
    if fd < 0:
        return None
    try:
        return FolderWatch(fd, libc, changed, loop)
    except (OSError, RuntimeError, NotImplementedError):  # a loop without add_reader
        os.close(fd)
        return None
