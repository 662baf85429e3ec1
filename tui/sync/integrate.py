"""Taking in the remote's changes: a fast-forward, or a per-answer merge made by git.

The remote's changes reach the working tree through ``atomic_write``, file by file, never
through ``git checkout``: a sync killed at any moment leaves every session file whole (the old
version or the new), and the app, which saves under the same folder lock, never sees half a
merge. HEAD moves only after the files are in place, with a compare-and-swap ``update-ref``.
"""

from __future__ import annotations

import contextlib
import os

from tui.core.errors import HiringClarityError
from tui.core.storage.atomic import atomic_write
from tui.sync.driver import driver_config
from tui.sync.git import GitError, complaint
from tui.sync.objects import Objects, descends, files
from tui.sync.repo import Repo


class ChangedHere(Exception):
    """A file the remote changed was changed here too after the last commit: commit it, and
    integrate again (then it merges per answer)."""


def integrate(
    repo: Repo,
    target: str,
    skip: set[str],
    ahead: int,
    head: str,
    commit: str,
    guard: bool = True,
) -> list[str]:
    """Make HEAD (``head``) include ``target`` (at ``commit``): a fast-forward, or a
    per-answer merge when ``ahead`` commits are only here; the paths changed.

    Call with the folder lock held. Nothing changes if the merge cannot be made, and
    HEAD moves only if it is still ``head``. ``guard``: the folder's changes were committed
    under an earlier hold of the lock, so a file may have been saved since (``_apply``).
    """
    if not head or not ahead:
        tree, new = f"{commit}^{{tree}}", commit
    else:
        tree = _merge_tree(repo, head, commit, target)
        new = repo.git.out(
            "commit-tree",
            tree,
            "-p",
            head,
            "-p",
            commit,
            "-m",
            f"Merge {target.removeprefix('refs/remotes/')} (hiring-clarity sync, per-answer merge)",
        )
    changed = _changes(repo, head, tree)
    _check_readable(skip, [path for path, _ in changed])
    here = [] if head else [c[0] for c in changed if (repo.directory / c[0]).exists()]
    changed_here = [(path, status) for path, status in changed if path not in here]
    wanted = [path for path, status in changed_here if status != "D"]
    was = [f"{head}:{path}" for path, _ in changed_here] if head else []
    found = repo.blobs([f"{tree}:{p}" for p in wanted] + was)
    contents = dict(zip(wanted, found[: len(wanted)], strict=True))
    committed = dict(
        zip([p for p, _ in changed_here] if head else [], found[len(wanted) :], strict=True)
    )
    for path in wanted:
        if contents[path] is None:
            raise GitError(f"{path}: not a session file of this folder; nothing was changed")
    changes = [(p, committed.get(p), contents.get(p)) for p, _ in changed_here]
    _apply(repo, changes, guard and bool(head))
    _merge_here(repo, here, commit)
    paths = [path for path, _ in changed]
    _move_head(repo, paths, new, head)
    return paths


def fast_forward(repo: Repo, target: str, skip: set[str], guard: bool = True) -> list[str] | None:
    """The everyday case: only the remote moved on, and HEAD goes forward to it. Asked of one
    ``git cat-file`` (``tui.sync.objects``) rather than a git process per question; the paths
    changed, or None when this is not that case (then ``integrate`` does it).

    Call with the folder lock held."""
    with Objects(repo.git) as objects:
        head, there = objects.read("HEAD"), objects.read(target)
        if head is None or there is None or head.kind != "commit" or there.kind != "commit":
            return None
        if head.oid == there.oid:
            return []
        if not descends(objects, there, head.oid):
            return None
        before, after = files(objects, head), files(objects, there)
        if before is None or after is None:
            return None
        names = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
        try:
            paths = [name.decode("utf-8") for name in names]
        except UnicodeDecodeError:
            return None
        _check_readable(skip, paths)
        changed: list[tuple[str, bytes | None, bytes | None]] = []
        for path, name in zip(paths, names, strict=True):
            committed = objects.read(before[name].hex()) if name in before else None
            new = objects.read(after[name].hex()) if name in after else None
            if (name in before and committed is None) or (name in after and new is None):
                return None
            changed.append(
                (path, committed.content if committed else None, new.content if new else None)
            )
    _apply(repo, changed, guard)
    _move_head(repo, paths, there.oid, head.oid)
    return paths


def _check_readable(skip: set[str], paths: list[str] | set[str]) -> None:
    blocked = sorted(skip & set(paths))
    if blocked:
        raise GitError(
            f"{blocked[0]} cannot be read here and the remote changed it: "
            "repair it (or delete it) and sync again"
        )


def _move_head(repo: Repo, paths: list[str], new: str, head: str) -> None:
    """HEAD to ``new`` if it is still ``head``, and git's index to the files written.

    The index only mirrors HEAD here (for git status): it is updated beside the move of HEAD,
    and a sync killed between the two has it set back to HEAD (``Repo.recover``)."""
    listed = "\0".join(paths) + "\0"
    indexing = (
        repo.git.start("update-index", "--add", "--remove", "-z", "--stdin", stdin=listed)
        if paths
        else None
    )
    try:
        repo.git.run("update-ref", "-m", "hiring-clarity sync", "HEAD", new, head)
    finally:
        failed, _, said = indexing.wait() if indexing else (0, "", "")
    if failed:
        raise GitError(f"git update-index failed: {complaint(said)}")


def _merge_tree(repo: Repo, head: str, commit: str, name: str) -> str:
    """The merged tree, made by git with the per-answer driver; the working tree untouched."""
    done = repo.git.run(
        *driver_config(),
        "merge-tree",
        "--write-tree",
        "--name-only",
        head,
        commit,
        check=False,
        env={f"GITHEAD_{commit}": name},
    )
    lines = done.stdout.splitlines()
    if done.returncode == 1:
        # Deleted on one side, changed on the other: git leaves the changed version in
        # the tree, which is what we want (no answer lost; delete it again if meant).
        blank = lines.index("") if "" in lines else len(lines)
        files, messages = lines[1:blank], "\n".join(lines[blank:])
        kept = [f for f in files if f"CONFLICT (modify/delete): {f} " in messages]
        if files and kept == files:
            return lines[0]
        raise GitError(
            f"cannot merge {', '.join(files[:3]) or 'the remote changes'}: "
            "not readable as sessions on one side; nothing was changed here"
        )
    if done.returncode != 0 or not lines:
        raise GitError(f"git merge-tree failed: {done.stderr.strip() or 'no output'}")
    return lines[0]


def _changes(repo: Repo, head: str, tree: str) -> list[tuple[str, str]]:
    """(path, status) of what differs between HEAD and ``tree``."""
    if not head:
        out = repo.git.out("ls-tree", "-r", "-z", "--name-only", tree)
        return [(path, "A") for path in out.split("\0") if path]
    out = repo.git.run("diff-tree", "-r", "-z", "--no-renames", "--name-status", head, tree).stdout
    fields = [f for f in out.split("\0") if f]
    return [(fields[i + 1], fields[i]) for i in range(0, len(fields) - 1, 2)]


def _merge_here(repo: Repo, paths: list[str], commit: str) -> None:
    """A new clone never writes over a file already here: the remote's version is merged
    into it per answer, and the result is committed as a change made here."""
    if not paths:
        return
    from tui.sync.merge import merge_with_remote

    ident = repo.git.run("var", "GIT_COMMITTER_IDENT", check=False).stdout
    me = ident.rsplit("<", 1)[0].strip() or "this machine"
    for path, theirs in zip(paths, repo.blobs([f"{commit}:{p}" for p in paths]), strict=True):
        target = repo.directory / path
        if theirs is None or target.read_bytes() == theirs:
            continue
        by = repo.git.run("log", "-1", "--format=%cn", commit, "--", path).stdout.strip()
        with contextlib.suppress(HiringClarityError):  # unreadable: left as it is here
            atomic_write(target, merge_with_remote(target, theirs, me, by or "the remote"))


def _apply(repo: Repo, changed: list[tuple[str, bytes | None, bytes | None]], guard: bool) -> None:
    """Write each file (path, what HEAD has, what to write; None: no file) atomically, or
    remove it, so none is ever half there.

    With ``guard``, a file is only replaced while it still holds what HEAD has: anything else
    may be a change made here since it was committed, and ``ChangedHere`` says so before a
    file is written. (Without it, the caller committed under the same hold of the lock.)"""
    for path, *_ in changed:
        if (repo.directory / path).parent != repo.directory:
            raise GitError(f"{path}: not a session file of this folder; nothing was changed")
    if guard:
        for path, committed, _ in changed:
            if repo.here(path) != committed:
                raise ChangedHere(path)
    for path, _, new in changed:
        if new is not None:
            atomic_write(repo.directory / path, new)
    removed = [path for path, _, new in changed if new is None]
    for path in removed:
        with contextlib.suppress(FileNotFoundError):
            (repo.directory / path).unlink()
    if removed:  # writes fsynced the folder; removals did not
        fd = os.open(repo.directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
