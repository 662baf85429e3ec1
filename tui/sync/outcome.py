"""What the last sync did, whoever ran it: the app, ``hiring-clarity sync`` or a colleague's
app on a shared folder. Written at the end of every sync into the folder's bookkeeping
(``.hiring-clarity/sync/last.json``) and read by the home screen's Sync line, so the line says
what really happened (it failed and why, an assessment came back) rather than what one app
remembers.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from tui.core.storage.atomic import atomic_write
from tui.core.storage.paths import INTERNAL
from tui.core.text import one_line

NAME = "last.json"
WHY_LENGTH = 120
"""A failure's reason as the line shows it: the first line, this long at most."""


class Restored:
    """An assessment that had been deleted and came back because a colleague changed it
    meanwhile (the sync's rule: a change beats a deletion, so no answer is lost)."""

    def __init__(self, path: str, title: str, by: str) -> None:
        self.path = path
        self.title = title
        self.by = by
        """Who changed it (the author of their last change to it)."""

    def describe(self) -> str:
        title, by = one_line(self.title, 60), one_line(self.by, 40)
        return f"\u201c{title}\u201d was deleted and is back: {by} changed it"


class Outcome:
    def __init__(self, when: float, failed: str = "", restored: list[Restored] | None = None):
        self.when = when
        self.failed = failed
        """Why the sync failed ('' when it reached the remote)."""
        self.restored = restored or []


def outcome_path(directory: Path) -> Path:
    return directory / INTERNAL / "sync" / NAME


def brief(why: str) -> str:
    line = next((part.strip() for part in why.splitlines() if part.strip()), "unknown error")
    return line if len(line) <= WHY_LENGTH else line[: WHY_LENGTH - 1] + "\u2026"


def write_outcome(directory: Path, outcome: Outcome) -> None:
    """Replace the record atomically; a folder that cannot take it keeps the last one (the
    sync's own result still reaches whoever ran it)."""
    data = {
        "when": outcome.when,
        "failed": outcome.failed,
        "restored": [{"path": r.path, "title": r.title, "by": r.by} for r in outcome.restored],
    }
    with contextlib.suppress(OSError):
        atomic_write(outcome_path(directory), json.dumps(data).encode("utf-8"))


def read_outcome(directory: Path) -> Outcome | None:
    """The last sync's record, or None (none yet, or unreadable)."""
    try:
        data = json.loads(outcome_path(directory).read_bytes())
        restored = [
            Restored(str(r["path"]), str(r["title"]), str(r["by"])) for r in data["restored"]
        ]
        return Outcome(float(data["when"]), str(data["failed"]), restored)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def outcome_signature(directory: Path) -> tuple[int, int, int] | None:
    """Changes whenever any sync of this folder ends: the home screen polls it."""
    try:
        found = os.stat(outcome_path(directory))
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino)
