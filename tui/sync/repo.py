"""The sessions folder as a git repository: what it holds, and cleaning up after a killed sync.

Committing is ``tui.sync.commits``; taking in the remote's changes is ``tui.sync.integrate``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from tui.core.storage.folders import INTERNAL, opened
from tui.sync.git import Git, GitError
from tui.sync.spawn import REMOTE, STATUS, Running

SETUP_FILES = (".gitignore", ".gitattributes")
_STALE_LOCKS = (
    "index.lock",
    "HEAD.lock",
    "ORIG_HEAD.lock",
    "FETCH_HEAD.lock",
    "packed-refs.lock",
    "config.lock",
)


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
        return GitError(
            f"{directory}: no remote to sync with: run hiring-clarity sync --init REMOTE"
        )
    return None


class State:
    """What one ``git status`` says of a sessions folder (a plain class: see SyncResult)."""

    def __init__(self) -> None:
        self.changed: list[str] = []
        """Session files (and the setup files) that differ from the last commit."""
        self.head = ""
        """The current commit ('' before the first one)."""
        self.upstream = ""
        """The remote branch this one follows, such as 'origin/main' ('' for none)."""
        self.ahead_behind: tuple[int, int] | None = None
        """Commits only here and only on ``upstream``; None when git could not count."""


class Repo:
    """One sessions folder that is a git repository of its own."""

    def __init__(self, directory: Path, interactive: bool = True) -> None:
        self.directory = directory
        self.git = Git(directory, interactive)
        self.commits = 0
        """Commits made through ``tui.sync.commits`` so far."""

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
            raise GitError(
                f"{self.directory}: not on a branch (detached HEAD): "
                "check out the branch to sync, e.g. git switch main"
            )
        return found.stdout.strip()

    def head(self) -> str:
        """The current commit, or '' before the first one."""
        return self.git.run("rev-parse", "-q", "--verify", "HEAD", check=False).stdout.strip()

    def tracking(self, branch: str) -> str:
        return f"refs/remotes/{REMOTE}/{branch}"

    def state(self, status: Running | None = None) -> State:
        """Changed files, HEAD and how far it is from its remote branch: one git process, or
        the one already started (``start_sync``) when it succeeded."""
        code, out, _ = status.wait() if status is not None else (1, "", "")
        if code != 0:
            out = self.git.run(*STATUS).stdout
        found = State()
        changed = set()
        for entry in out.split("\0"):
            if entry.startswith("# branch.oid "):
                found.head = entry.split()[2].replace("(initial)", "")
            elif entry.startswith("# branch.upstream "):
                found.upstream = entry.split()[2]
            elif entry.startswith("# branch.ab "):
                ahead, behind = entry.split()[2:4]
                found.ahead_behind = int(ahead), -int(behind)
            elif entry.startswith(("1 ", "u ")):  # the path is the last of 9 (11) fields
                changed.add(entry.split(" ", 8 if entry[0] == "1" else 10)[-1])
            elif entry.startswith("? "):
                changed.add(entry[2:])
        # What is shared is this program's rule, not the ignore files': a .gitignore received
        # from the remote may un-ignore the bookkeeping, whose copies must never be committed.
        found.changed = sorted(p for p in changed if "/" not in p and _shared(p))
        return found

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

    def standing(self, branch: str, state: State) -> tuple[int, int, str, str] | None:
        """What ``counts`` gives for the remote branch, asked after a fetch: one process when
        ``state`` (taken before it) shows a commit here and the branch following the remote's.
        """
        target = self.tracking(branch)
        if not state.head or f"refs/remotes/{state.upstream}" != target:
            return self.counts(target)
        out = self.git.out(
            "for-each-ref",
            "--format=%(refname) %(objectname) %(upstream:track,nobracket)",
            f"refs/heads/{branch}",
            target,
        )
        refs: dict[str, tuple[str, str]] = {}
        for line in out.splitlines():
            name, oid, track = [*line.split(" ", 2), ""][:3]
            refs[name] = oid, track
        if target not in refs or f"refs/heads/{branch}" not in refs:
            return None
        (head, track), (commit, _) = refs[f"refs/heads/{branch}"], refs[target]
        count = {"ahead": 0, "behind": 0}
        for part in track.split(", "):  # 'ahead 1, behind 2', 'behind 2' or ''
            word, _, number = part.partition(" ")
            if word in count and number.isdigit():
                count[word] = int(number)
        return count["ahead"], count["behind"], head, commit

    def ahead(self, branch: str, state: State | None = None) -> int:
        """Commits here that the remote does not have yet."""
        target = self.tracking(branch)
        if (
            state is not None
            and state.ahead_behind is not None
            and (f"refs/remotes/{state.upstream}" == target)
        ):
            return state.ahead_behind[0]  # git counted: no commit needs looking up
        found = self.counts(target)
        if found is not None:
            return found[0]
        return int(self.git.out("rev-list", "--count", "HEAD")) if self.head() else 0

    def here(self, path: str) -> bytes | None:
        """What the folder holds at ``path`` now (None: nothing)."""
        try:
            return (self.directory / path).read_bytes()
        except FileNotFoundError:
            return None

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
            found.append(raw[at : at + size])
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
        # Killed between moving HEAD and updating the index, the index still holds the old
        # files: git would list them as changed with nothing to commit. Sync never stages
        # anything it does not commit at once, so the index is set back to HEAD (no file is
        # touched).
        self.git.run("reset", "-q", check=False)
        return True


def _shared(path: str) -> bool:
    """A session file or one of the two setup files, at the top of the folder."""
    return path.endswith(".toml") or path in SETUP_FILES


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
