"""The sessions folder as a git repository: committing assessments, taking in the remote's.

The remote's changes reach the working tree through ``atomic_write``, file by file, never
through ``git checkout``: a sync killed at any moment leaves every session file whole (the old
version or the new), and the app, which saves under the same folder lock, never sees half a
merge. HEAD moves only after the files are in place, with a compare-and-swap ``update-ref``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from tui.core.errors import HiringClarityError
from tui.core.storage.atomic import atomic_write
from tui.core.storage.folders import INTERNAL, opened
from tui.sync.driver import driver_config
from tui.sync.git import Git, GitError

REMOTE = "origin"
SETUP_FILES = (".gitignore", ".gitattributes")
FIRST_BATCH = 50
"""More sessions than this in a folder's first sync go in one commit (one each takes ~20 ms)."""
_STALE_LOCKS = ("index.lock", "HEAD.lock", "ORIG_HEAD.lock", "FETCH_HEAD.lock",
                "packed-refs.lock", "config.lock")


def sync_folder(directory: Path) -> Path:
    """``.hiring-clarity/sync``: the marker of a running sync and the last sync's stamp."""
    with opened(directory, "sync"):  # created private, checked like every bookkeeping folder
        pass
    return directory / INTERNAL / "sync"


def not_set_up(directory: Path) -> GitError:
    return GitError(f"{directory} is not set up for syncing: run hiring-clarity sync --init REMOTE")


def no_remote(directory: Path, message: str) -> GitError | None:
    """The error to give when a fetch failed because the folder has no remote, else None."""
    if f"'{REMOTE}' does not appear to be a git repository" in message:
        return GitError(f"{directory}: no remote to sync with: "
                        "run hiring-clarity sync --init REMOTE")
    return None


class Repo:
    """One sessions folder that is a git repository of its own."""

    def __init__(self, directory: Path, interactive: bool = True) -> None:
        self.directory = directory
        self.git = Git(directory, interactive)

    def check(self) -> None:
        """A repository of its own, not a folder inside another one (such as a checkout).

        A missing remote is found by the fetch (``no_remote``): one git process less."""
        if not (self.directory / ".git").exists():
            self.git.run("--version")  # no git at all is the more useful thing to say
            raise not_set_up(self.directory)

    def branch(self) -> str:
        """The branch checked out: from ``.git/HEAD`` itself when it is there (a process less)."""
        with contextlib.suppress(OSError):
            head = (self.directory / ".git" / "HEAD").read_text(encoding="utf-8").strip()
            if head.startswith("ref: refs/heads/"):
                return head.removeprefix("ref: refs/heads/")
        found = self.git.run("symbolic-ref", "-q", "--short", "HEAD", check=False)
        if found.returncode != 0:
            raise GitError(f"{self.directory}: not on a branch (detached HEAD): "
                           "check out the branch to sync, e.g. git switch main")
        return found.stdout.strip()

    def head(self) -> str:
        """The current commit, or '' before the first one."""
        return self.git.run("rev-parse", "-q", "--verify", "HEAD", check=False).stdout.strip()

    def tracking(self, branch: str) -> str:
        return f"refs/remotes/{REMOTE}/{branch}"

    def counts(self, target: str) -> tuple[int, int, str, str] | None:
        """(commits only here, commits only in ``target``, HEAD, target's commit); None when
        ``target`` does not exist. Before the first commit here, everything is in ``target``."""
        found = self.git.run("rev-parse", "HEAD", target, check=False)
        shas = found.stdout.split()
        if found.returncode == 0 and shas[0] == shas[1]:
            return 0, 0, shas[0], shas[1]
        if found.returncode != 0:  # no commit here yet, or no such branch on the remote
            commit = self.git.run("rev-parse", "-q", "--verify", target, check=False)
            if commit.returncode != 0:
                return None
            return 0, 1, "", commit.stdout.strip()
        done = self.git.run("rev-list", "--left-right", "--count", f"HEAD...{target}")
        ahead, behind = done.stdout.split()
        return int(ahead), int(behind), shas[0], shas[1]

    def ahead(self, branch: str) -> int:
        """Commits here that the remote does not have yet."""
        found = self.counts(self.tracking(branch))
        if found is not None:
            return found[0]
        return int(self.git.out("rev-list", "--count", "HEAD")) if self.head() else 0

    def changed_files(self) -> list[str]:
        """Session files (and the setup files) that differ from the last commit."""
        out = self.git.run("status", "--porcelain=v1", "-z", "--untracked-files=all",
                           "--no-renames", "--", "*.toml", *SETUP_FILES).stdout
        return sorted({entry[3:] for entry in out.split("\0") if len(entry) > 3})

    def blobs(self, specs: list[str]) -> list[bytes | None]:
        """The contents of ``REV:PATH`` objects, in one git process; None for a missing one."""
        if not specs:
            return []
        raw = self.git.raw("cat-file", "--batch", stdin=("\n".join(specs) + "\n").encode())
        found: list[bytes | None] = []
        at = 0
        for _ in specs:
            end = raw.index(b"\n", at)
            header = raw[at:end].split()
            at = end + 1
            if len(header) < 3 or header[1] != b"blob":
                found.append(None)
                continue
            size = int(header[2])
            found.append(raw[at:at + size])
            at += size + 1
        return found

    # -- after a killed sync -----------------------------------------------------------------

    def marker(self) -> Path:
        return sync_folder(self.directory) / f"running-{os.getpid()}"

    def recover(self) -> bool:
        """If an earlier sync was killed, remove the lock files its git commands left.

        Call with the folder lock held. A sync leaves a marker naming its process; a marker
        whose process is gone means its git locks are stale (git would refuse to run).
        """
        folder = self.directory / INTERNAL / "sync"
        stale = [m for m in folder.glob("running-*") if not _alive(m.name.removeprefix("running-"))]
        if not stale:
            return False
        git_dir = self.directory / ".git"
        locks = [git_dir / name for name in _STALE_LOCKS] + list(git_dir.glob("refs/**/*.lock"))
        # git hands the merge driver temporary copies beside the session files
        leftovers = list(self.directory.glob(".merge_file_*"))
        for path in [*locks, *leftovers, *stale]:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        return True

    # -- committing --------------------------------------------------------------------------

    def commit_changes(self, unreadable: dict[str, str]) -> list[str]:
        """One commit per changed assessment, its message naming what changed; the lines.

        A session file that cannot be read is not committed: its name and why go to
        ``unreadable`` (the app keeps a backup of its last good version).
        """
        paths = self.changed_files()
        if len(paths) > FIRST_BATCH and not self.head():  # a big folder's first commit
            readable = [p for p in paths if self._readable(p, unreadable)]
            self._commit(readable, f"Start syncing: {len(readable)} file(s)", new=True)
            return [f"{p}: shared" for p in readable]
        setup = [p for p in paths if p in SETUP_FILES]
        if setup:
            self._commit(setup, "Set up syncing with hiring-clarity", new=True)
        sessions = [p for p in paths if p not in SETUP_FILES]
        done = []
        for path, old in zip(sessions, self.blobs([f"HEAD:{p}" for p in sessions]), strict=True):
            try:
                message, author = describe_change(self.directory / path, old)
            except HiringClarityError as exc:
                unreadable[path] = str(exc).removeprefix(f"{self.directory / path}: ")
                continue
            self._commit([path], message, author, new=old is None)
            done.append(message)
        return done

    def _readable(self, path: str, unreadable: dict[str, str]) -> bool:
        if path in SETUP_FILES:
            return True
        from tui.core.storage.reading import read_session

        try:
            read_session(self.directory / path)
        except HiringClarityError as exc:
            unreadable[path] = str(exc).removeprefix(f"{self.directory / path}: ")
            return False
        return True

    def _commit(self, paths: list[str], message: str, author: str = "", new: bool = False) -> None:
        """Commit exactly ``paths`` (a file git does not know yet is added first)."""
        if new:
            self.git.run("add", "-A", "--", *paths)
        name = " ".join(author.replace("<", " ").replace(">", " ").split())  # git's ident rules
        options = [f"--author={name} <>"] if name else []
        self.git.run("commit", "-q", "-m", message, *options, "--", *paths)

    # -- taking in the remote's changes ------------------------------------------------------

    def integrate(self, target: str, skip: set[str], ahead: int, head: str,
                  commit: str) -> list[str]:
        """Make HEAD (``head``) include ``target`` (at ``commit``): a fast-forward, or a
        per-answer merge when ``ahead`` commits are only here; the paths changed.

        Call with the folder lock held. Nothing changes if the merge cannot be made, and
        HEAD moves only if it is still ``head``.
        """
        if not head or not ahead:
            tree, new = f"{commit}^{{tree}}", commit
        else:
            tree = self._merge_tree(head, commit, target)
            new = self.git.out("commit-tree", tree, "-p", head, "-p", commit,
                               "-m", f"Merge {target.removeprefix('refs/remotes/')} "
                               "(hiring-clarity sync, per-answer merge)")
        changed = self._changes(head, tree)
        blocked = sorted(skip & {path for path, _ in changed})
        if blocked:
            raise GitError(f"{blocked[0]} cannot be read here and the remote changed it: "
                           "repair it (or delete it) and sync again")
        here = [] if head else [c[0] for c in changed if (self.directory / c[0]).exists()]
        self._apply([c for c in changed if c[0] not in here], tree)
        self._merge_here(here, commit)
        self.git.run("update-ref", "-m", "hiring-clarity sync", "HEAD", new, head)
        paths = [path for path, _ in changed]
        if paths:
            self.git.run("update-index", "--add", "--remove", "-z", "--stdin",
                         stdin="\0".join(paths) + "\0")
        return paths

    def _merge_tree(self, head: str, commit: str, name: str) -> str:
        """The merged tree, made by git with the per-answer driver; the working tree untouched."""
        done = self.git.run(
            *driver_config(), "merge-tree", "--write-tree", "--name-only", head, commit,
            check=False, env={f"GITHEAD_{commit}": name},
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
            raise GitError(f"cannot merge {', '.join(files[:3]) or 'the remote changes'}: "
                           "not readable as sessions on one side; nothing was changed here")
        if done.returncode != 0 or not lines:
            raise GitError(f"git merge-tree failed: {done.stderr.strip() or 'no output'}")
        return lines[0]

    def _changes(self, head: str, tree: str) -> list[tuple[str, str]]:
        """(path, status) of what differs between HEAD and ``tree``."""
        if not head:
            out = self.git.out("ls-tree", "-r", "-z", "--name-only", tree)
            return [(path, "A") for path in out.split("\0") if path]
        out = self.git.run("diff-tree", "-r", "-z", "--no-renames", "--name-status",
                           head, tree).stdout
        fields = [f for f in out.split("\0") if f]
        return [(fields[i + 1], fields[i]) for i in range(0, len(fields) - 1, 2)]

    def _merge_here(self, paths: list[str], commit: str) -> None:
        """A new clone never writes over a file already here: the remote's version is merged
        into it per answer, and the result is committed as a change made here."""
        from tui.sync.merge import merge_with_remote

        ident = self.git.run("var", "GIT_COMMITTER_IDENT", check=False).stdout
        me = ident.rsplit("<", 1)[0].strip() or "this machine"
        for path, theirs in zip(paths, self.blobs([f"{commit}:{p}" for p in paths]),
                                strict=True):
            target = self.directory / path
            if theirs is None or target.read_bytes() == theirs:
                continue
            by = self.git.run("log", "-1", "--format=%cn", commit, "--", path).stdout.strip()
            with contextlib.suppress(HiringClarityError):  # unreadable: left as it is here
                atomic_write(target, merge_with_remote(target, theirs, me, by or "the remote"))

    def _apply(self, changed: list[tuple[str, str]], tree: str) -> None:
        """Write each changed file atomically (or remove it), so none is ever half there."""
        wanted = [path for path, status in changed if status != "D"]
        contents = self.blobs([f"{tree}:{p}" for p in wanted])
        for path, content in zip(wanted, contents, strict=True):
            if content is None or (self.directory / path).parent != self.directory:
                raise GitError(f"{path}: not a session file of this folder; nothing was changed")
        for path, content in zip(wanted, contents, strict=True):
            atomic_write(self.directory / path, content or b"")
        for path, status in changed:
            if status == "D":
                with contextlib.suppress(FileNotFoundError):
                    (self.directory / path).unlink()
        if any(status == "D" for _, status in changed):  # writes fsynced it; removals did not
            fd = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


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
    changed = sorted(q for q in set(before.answers) | set(session.answers)
                     if before.answers.get(q) != session.answers.get(q))
    what = f"answers {', '.join(changed)}" if changed else "details"
    return f"{label}: changed {what}", session.assessor


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
