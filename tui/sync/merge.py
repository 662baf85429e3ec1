"""Merging two versions of a session file answer by answer: the merge driver git runs.

Answers only one side changed are taken from it; the same answer changed differently on both
sides becomes a conflict recorded in the file (every value, who wrote it, when), never conflict
markers in TOML. ``sync`` and a plain ``git pull`` run this same code (``merge-driver``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from tui.core.errors import HiringClarityError
from tui.core.session.models import Session
from tui.core.storage.reading import read_session, session_from_bytes
from tui.core.storage.session_file import dumps, merge
from tui.sync.git import Git


def merge_sessions(
    base: Session | None, mine: Session, theirs: Session, mine_by: str, theirs_by: str
) -> Session:
    """Three-way merge of two versions of one session, recording answers both changed."""
    if base is None:  # added on both sides: nothing in common but the header
        base = replace(mine, answers={}, conflicts={})
    merged, _, _ = merge(base, mine, theirs, mine_by, theirs_by)
    merged.revision = max(mine.revision, theirs.revision) + 1
    merged.updated = max(mine.updated, theirs.updated)
    _refresh_summary(merged)
    return merged


def merge_with_remote(path: Path, theirs: bytes, mine_by: str, theirs_by: str) -> bytes:
    """A local session file merged with the remote's version of it, which shares no history
    (a folder joining a remote that already has the same assessment): per answer, as above.
    Raises SessionFileError when either version cannot be read."""
    mine = read_session(path)
    other = session_from_bytes(path, theirs)
    return dumps(merge_sessions(None, mine, other, mine_by, theirs_by)).encode("utf-8")


def _refresh_summary(session: Session) -> None:
    """The cached recommendation counted the answers of one side: count the merge's."""
    from tui.core.assessment import summarize
    from tui.core.bank.loading import default_questions_dir, load_bank_cached
    from tui.core.verdict.engine import recommend

    try:
        bank = load_bank_cached(str(default_questions_dir()))
    except (HiringClarityError, OSError):
        return  # the list shows the old count until the next save; reports recompute anyway
    session.summary = summarize(recommend(bank, session.answers))


def _read(path: Path) -> Session | None:
    """A side of the merge; None for git's empty stand-in when the file has no common base."""
    if path.stat().st_size == 0:
        return None
    return read_session(path)


def _writer(git: Git, commit: str, name: str) -> str:
    """Who committed the newest change of ``name`` on one side: the person at that machine."""
    if not commit:
        return ""
    found = git.run("log", "-1", "--format=%cn", commit, "--", name, check=False)
    return found.stdout.strip()


def _their_commit(git: Git) -> str:
    """The other side's commit: git merge (and sync) name it in a GITHEAD_<sha> variable."""
    head = git.run("rev-parse", "HEAD", check=False).stdout.strip()
    for key in os.environ:
        sha = key.removeprefix("GITHEAD_")
        if sha != key and sha != head:
            return sha
    return ""


def run_driver(base: Path, mine: Path, theirs: Path, name: str) -> int:
    """git's merge driver: the result goes to ``mine``; 0 when merged, 1 when it cannot be.

    A side that is not a readable session (damaged, foreign) is left to the person merging:
    exit 1 makes git stop with that file in conflict and everything else as it was.
    """
    try:
        sides = _read(mine), _read(theirs)
        common = _read(base)
    except (HiringClarityError, OSError) as exc:
        print(f"hiring-clarity merge-driver: {name}: {exc}", file=sys.stderr)
        return 1
    ours, other = sides
    if ours is None or other is None:
        return 1
    git = Git(Path.cwd())
    mine_by = _writer(git, "HEAD", name) or ours.assessor or "this side"
    theirs_by = _writer(git, _their_commit(git), name) or other.assessor or "the other side"
    merged = merge_sessions(common, ours, other, mine_by, theirs_by)
    mine.write_text(dumps(merged), encoding="utf-8")
    return 0
