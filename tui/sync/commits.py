"""Committing a sessions folder's changes: one commit per changed assessment, named for it.

A session file that cannot be read is never committed; the sync names it and why.
"""

from __future__ import annotations

from pathlib import Path

from tui.core.errors import HiringClarityError
from tui.sync.repo import SETUP_FILES, Repo

FIRST_BATCH = 50
"""More sessions than this in a folder's first sync go in one commit (one each takes ~20 ms)."""


def commit_changes(repo: Repo, paths: list[str], unreadable: dict[str, str]) -> list[str]:
    """One commit per changed assessment (of ``paths``, from ``Repo.state``), its message
    naming what changed; the lines.

    A session file that cannot be read is not committed: its name and why go to
    ``unreadable`` (the app keeps a backup of its last good version).
    """
    if len(paths) > FIRST_BATCH and not repo.head():  # a big folder's first commit
        readable = [p for p in paths if _readable(repo, p, unreadable)]
        _commit(repo, readable, f"Start syncing: {len(readable)} file(s)", new=True)
        return [f"{p}: shared" for p in readable]
    setup = [p for p in paths if p in SETUP_FILES]
    if setup:
        _commit(repo, setup, "Set up syncing with hiring-clarity", new=True)
    sessions = [p for p in paths if p not in SETUP_FILES]
    done = []
    for path, old in zip(sessions, repo.blobs([f"HEAD:{p}" for p in sessions]), strict=True):
        if old is not None and repo.here(path) == old:
            continue  # only git's index is behind (a killed sync): nothing to commit
        try:
            message, author = describe_change(repo.directory / path, old)
        except HiringClarityError as exc:
            unreadable[path] = str(exc).removeprefix(f"{repo.directory / path}: ")
            continue
        _commit(repo, [path], message, author, new=old is None)
        done.append(message)
    return done


def _readable(repo: Repo, path: str, unreadable: dict[str, str]) -> bool:
    if path in SETUP_FILES:
        return True
    from tui.core.storage.reading import read_session

    try:
        read_session(repo.directory / path)
    except HiringClarityError as exc:
        unreadable[path] = str(exc).removeprefix(f"{repo.directory / path}: ")
        return False
    return True


def _commit(
    repo: Repo, paths: list[str], message: str, author: str = "", new: bool = False
) -> None:
    """Commit exactly ``paths`` (a file git does not know yet is added first)."""
    if new:
        repo.git.run("add", "-A", "--", *paths)
    name = " ".join(author.replace("<", " ").replace(">", " ").split())  # git's ident rules
    options = [f"--author={name} <>"] if name else []
    repo.git.run("commit", "-q", "-m", message, *options, "--", *paths)
    repo.commits += 1


def describe_change(path: Path, old: bytes | None) -> tuple[str, str]:
    """A commit message for one assessment's change, and its assessor (the commit's author)."""
    if not path.exists():
        return f"Delete {path.name}", ""
    if path.name in SETUP_FILES:
        return f"Update {path.name}", ""
    from tui.core.storage.reading import read_session, session_from_bytes

    session = read_session(path)
    label = f"{session.title} ({session.id})"
    if old is None:
        return f"{label}: new assessment", session.assessor
    try:
        before = session_from_bytes(path, old)
    except HiringClarityError:
        return f"{label}: replaced a version that could not be read", session.assessor
    changed = sorted(
        q
        for q in set(before.answers) | set(session.answers)
        if before.answers.get(q) != session.answers.get(q)
    )
    what = f"answers {', '.join(changed)}" if changed else "details"
    return f"{label}: changed {what}", session.assessor
