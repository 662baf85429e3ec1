"""The sync's own rules, whatever the remote sends: how session files merge and what is shared.

A ``.gitattributes`` or ``.gitignore`` received from the remote is a file like any other; the
rules that matter are put back here at every sync (``tui.sync.engine``), and ``Repo.state``
commits only the top-level ``*.toml`` files and the two setup files.
"""

from __future__ import annotations

import os
from pathlib import Path

from tui.core.storage.atomic import atomic_write

IGNORE = (
    "# Only the assessments are shared: the app's bookkeeping (locks, backups, recovered\n"
    "# and deleted copies) and exports stay on this machine.\n"
    "/*\n!/*.toml\n!/.gitignore\n!/.gitattributes\n"
)


def own_attributes(directory: Path, line: str) -> None:
    """Make the per-answer merge this folder's rule whatever ``.gitattributes`` says: git's
    ``info/attributes`` comes before every ``.gitattributes`` (a remote's included), so a
    received one cannot turn the merge driver off (``-merge``, ``merge=union``...)."""
    info = directory / ".git" / "info"
    target = info / "attributes"
    try:
        existing = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        existing = ""
    except (OSError, UnicodeDecodeError):
        existing = None  # unreadable: replaced by ours
    if existing is not None and existing.endswith(line):
        return
    info.mkdir(mode=0o755, exist_ok=True)
    temporary = info / f".attributes.{os.getpid()}"
    temporary.write_text(
        (existing or "") + ("\n" if existing and not existing.endswith("\n") else "") + line,
        encoding="utf-8",
    )
    os.replace(temporary, target)


def own_ignore(directory: Path) -> bool:
    """What is shared is this program's rule: a ``.gitignore`` received from the remote (that
    hides sessions, say) gets ours after it, where git's last matching line decides. True
    when it had to be written."""
    target = directory / ".gitignore"
    try:
        existing = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        existing = ""
    except (OSError, UnicodeDecodeError):
        existing = None  # unreadable: replaced by ours
    if existing is not None and existing.endswith(IGNORE):
        return False
    kept = existing or ""
    atomic_write(
        target, (kept + ("\n" if kept and not kept.endswith("\n") else "") + IGNORE).encode()
    )
    os.chmod(target, 0o644)
    return True
