"""A sessions folder shared with a group, or private: which modes new files and folders get,
and a folder open to every user refused (README, "Assess together")."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tui.core.storage.folders import UID, UnsafePathError, shared_group


def file_mode(dir_fd: int) -> int:
    """The mode for a new file under the sessions folder ``dir_fd``: 0600, or 0660 when it
    is shared with a group (set it with ``fchmod``: the umask may take the group's bits)."""
    return 0o600 if shared_group(os.fstat(dir_fd)) is None else 0o660


def check_not_public(dir_fd: int, shown: Path) -> None:
    """A sessions folder open to every user of the machine: one of ours that others could
    only read or enter is made private (o-rwx); one they could write into, or someone else's,
    is refused with one message."""
    info = os.fstat(dir_fd)
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o007:
        return
    if mode & 0o002 or info.st_uid != UID:
        opened_to = "writable" if mode & 0o002 else "readable"
        raise UnsafePathError(
            f"{shown}: {opened_to} by every user of this machine (mode {mode:04o}); hiring "
            f"notes must stay private: run  chmod o-rwx {shown}  (to assess with colleagues, "
            "share it with a group: see 'Assess together' in the README)"
        )
    os.fchmod(dir_fd, mode & ~0o007)  # S_IMODE keeps the setgid bit
