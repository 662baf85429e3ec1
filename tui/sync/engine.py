"""``sync`` and ``sync --init``: commit, fetch, merge answer by answer, push, retry.

Works offline: the commits are made now and pushed by the next sync that reaches the remote.
Only the working-tree steps hold the folder lock (the app's saves wait for them, not for the
network).
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from tui.core.errors import HiringClarityError
from tui.core.storage.atomic import atomic_write, locked
from tui.core.storage.folders import INTERNAL, ensure_dir
from tui.sync.commits import commit_changes
from tui.sync.driver import ATTRIBUTES, DRIVER, driver_command
from tui.sync.git import Git, GitError, complaint
from tui.sync.integrate import ChangedHere, fast_forward, integrate
from tui.sync.outcome import Outcome, Restored, brief, read_outcome, write_outcome
from tui.sync.repo import Repo, State, no_remote, sync_folder
from tui.sync.rules import own_attributes, own_ignore
from tui.sync.spawn import REMOTE, Running

TYPE_CHECKING = False  # for type checkers only: a plain sync never loads typing (spawn.py)
if TYPE_CHECKING:
    from datetime import datetime

ATTEMPTS = 3
"""Pushes tried when the remote moves between our fetch and our push."""
STAMP = "synced"


class SyncResult:
    """What one sync did, for a line of output or a toast.

    A plain class: ``dataclasses`` (with ``inspect``) would be most of sync's import time."""

    def __init__(self) -> None:
        self.committed: list[str] = []
        self.received: list[str] = []
        self.pushed = 0
        self.offline = ""
        """Why the remote could not be reached ('' when it was)."""
        self.unreadable: dict[str, str] = {}
        self.conflicts = 0
        """Answers recorded as conflicts in the files received."""
        self.restored: list[Restored] = []
        """Assessments deleted here that came back: a colleague changed them meanwhile."""

    def summary(self) -> str:
        parts = [f"{len(self.committed)} change(s) committed"]
        if self.offline:
            parts.append("not pushed: the remote could not be reached; the next sync pushes")
        else:
            parts += [f"{len(self.received)} file(s) received", f"{self.pushed} commit(s) pushed"]
        parts += [restored.describe() for restored in self.restored]
        if self.conflicts:
            parts.append(
                f"{self.conflicts} answer(s) changed on both sides: kept as conflicts "
                "to resolve in the app"
            )
        return "; ".join(parts)


def sync(
    directory: Path, interactive: bool = True, started: tuple[Running, Running] | None = None
) -> SyncResult:
    """Commit each changed assessment, fetch, merge per answer, push; retry if raced.

    The fetch runs while this folder's changes are committed: the user waits for the longer
    of the two, not for both. ``started``: the fetch and status already started
    (``start_sync``). However it ends, a folder set up for syncing records how
    (``tui.sync.outcome``): the home screen's Sync line reads it."""
    try:
        result = _sync(directory, interactive, started)
    except (HiringClarityError, OSError) as exc:
        _record(directory, Outcome(time.time(), brief(str(exc))))
        raise
    failed = brief(result.offline) if result.offline else ""
    _record(directory, Outcome(time.time(), failed, result.restored))
    return result


def _record(directory: Path, outcome: Outcome) -> None:
    if (directory / ".git").is_dir():
        with contextlib.suppress(OSError, HiringClarityError):
            sync_folder(directory)
            write_outcome(directory, outcome)


def _sync(
    directory: Path, interactive: bool, started: tuple[Running, Running] | None
) -> SyncResult:
    fetching, status = started or (None, None)
    repo = Repo(directory, interactive)
    repo.check()
    own_attributes(directory, ATTRIBUTES)
    branch = repo.branch()
    result = SyncResult()
    here: set[str] | None = None  # assessments here before the remote's changes came in
    with locked(directory):
        repo.recover()
        marker = repo.marker()
        marker.touch()
        if own_ignore(directory) and status is not None:
            status.stop()  # it looked with the remote's ignore rules: look again
            status = None
    try:
        for _ in range(ATTEMPTS):
            fetching = fetching or repo.git.start("fetch", "-q", REMOTE)
            try:
                with locked(directory):
                    state, status = repo.state(status), None
                    made = repo.commits
                    result.committed += commit_changes(repo, state.changed, result.unreadable)
                    unpushed = repo.commits > made or (state.ahead_behind or (1, 0))[0] > 0
                    if here is None:
                        here = {name for name in os.listdir(directory) if name.endswith(".toml")}
            except BaseException:
                fetching.stop()
                raise
            (fetch_failed, _, said), fetching = fetching.wait(), None
            if fetch_failed:
                missing = no_remote(directory, said)
                if missing is not None:
                    raise missing
                result.offline = f"git fetch failed: {complaint(said)}"
                return result  # offline: committed now, the next sync pushes
            with locked(directory):
                ahead = _take_in(repo, branch, state, result, unpushed)
            if not ahead:
                break
            pushed = repo.git.run("push", "-q", REMOTE, f"HEAD:refs/heads/{branch}", check=False)
            if pushed.returncode == 0:
                result.pushed += ahead
                if not state.upstream:
                    _track(repo.git, branch)
                break
            if "rejected" not in pushed.stderr and "fetch first" not in pushed.stderr:
                result.offline = f"git push failed: {complaint(pushed.stderr)}"
                return result
        else:
            raise GitError("the remote kept changing during the sync; sync again")
        result.conflicts = _conflicts_in(directory, result.received)
        result.restored = _restored(repo, here or set(), result.received)
        (sync_folder(directory) / STAMP).touch()
        return result
    finally:
        with contextlib.suppress(FileNotFoundError):
            marker.unlink()


def _take_in(
    repo: Repo, branch: str, state: State, result: SyncResult, unpushed: bool, again: bool = True
) -> int:
    """Merge what the fetch brought, with the folder lock held; the commits left to push.

    Without ``unpushed`` commits here, the remote can only have moved on: a fast-forward,
    tried first. A file the remote changed that was saved here after the commits (the app saves
    during the fetch) stops it (``ChangedHere``): the folder is committed again, now under this
    same hold of the lock, and the changes taken in again, so its answers merge with the
    remote's, never lost under them."""
    target, skip = repo.tracking(branch), set(result.unreadable)
    try:
        taken = None if unpushed else fast_forward(repo, target, skip, guard=again)
        if taken is not None:
            result.received += [p for p in taken if p not in result.received]
            return 0
        counts = repo.standing(branch, state)
        if counts is None:  # the remote does not have this branch yet
            return repo.ahead(branch)
        ahead, behind, head, commit = counts
        if not behind:
            return ahead
        received = integrate(repo, target, skip, ahead, head, commit, guard=again)
    except ChangedHere:
        if not again:  # cannot happen unguarded; kept so a mistake cannot loop
            raise
        state = repo.state()
        made = repo.commits
        result.committed += commit_changes(repo, state.changed, result.unreadable)
        return _take_in(repo, branch, state, result, unpushed or repo.commits > made, again=False)
    result.received += [p for p in received if p not in result.received]
    return ahead + 1 if ahead else 0  # the merge commit is pushed too


def _track(git: Git, branch: str) -> None:
    """Make ``branch`` follow the remote's, so plain ``git pull`` and ``git status`` agree."""
    if not git.run("config", f"branch.{branch}.remote", check=False).stdout.strip():
        git.run("config", f"branch.{branch}.remote", REMOTE)
        git.run("config", f"branch.{branch}.merge", f"refs/heads/{branch}")


def _conflicts_in(directory: Path, paths: list[str]) -> int:
    """Answers recorded as conflicts in these files: read as plain TOML, no validation."""
    count = 0
    for path in paths:
        raw = b""
        with contextlib.suppress(OSError):
            raw = (directory / path).read_bytes()
        if b"\n[conflicts]" in raw:
            from tui.core.errors import HiringClarityError
            from tui.core.storage.reading import parse_toml

            with contextlib.suppress(HiringClarityError):  # damaged: counted as nothing
                conflicts = parse_toml(directory / path, raw).get("conflicts")
                count += len(conflicts) if isinstance(conflicts, dict) else 0
    return count


def _restored(repo: Repo, here: set[str], received: list[str]) -> list[Restored]:
    """Assessments the remote brought that were not ``here`` because they had been deleted:
    a colleague changed them meanwhile, and a change beats a deletion (no answer lost). Asked
    of git only when the remote brings a file that was not here."""
    back = [p for p in received if p not in here and (repo.directory / p).exists()]
    if not back:
        return []
    # --full-history: the merge that kept a changed file follows the changed side, which
    # would hide the deletion made on the other.
    log = repo.git.out(
        "log", "--full-history", "--diff-filter=D", "--name-only", "--format=", "HEAD", "--", *back
    )
    deleted = set(log.splitlines())
    return [
        Restored(path, _title_of(repo.directory / path), _changed_by(repo, path))
        for path in back
        if path in deleted
    ]


def _changed_by(repo: Repo, path: str) -> str:
    """Who synced the last change to ``path`` (git's committer: the colleague's machine)."""
    by = repo.git.run("log", "-1", "--format=%cn", "HEAD", "--", path, check=False).stdout
    return by.strip() or "a colleague"


def _title_of(path: Path) -> str:
    """An assessment's title read as plain TOML (its file name when it has none)."""
    from tui.core.storage.reading import parse_toml

    with contextlib.suppress(OSError, HiringClarityError):
        title = parse_toml(path, path.read_bytes()).get("title")
        if isinstance(title, str) and title.strip():
            return title
    return path.name


def init(directory: Path, remote: str, interactive: bool = True) -> SyncResult:
    """Make the sessions folder a clone of ``remote`` (empty or not), then sync."""
    ensure_dir(directory)
    git = Git(directory, interactive)
    if not (directory / ".git").exists():
        git.run("init", "-q")
    current = git.run("config", f"remote.{REMOTE}.url", check=False).stdout.strip()
    if current and current != remote:
        raise GitError(f"{directory} already syncs with {current}")
    if not current:
        git.run("remote", "add", REMOTE, remote)
    # For plain `git pull` in this clone; sync passes the same definition with -c anyway.
    git.run("config", f"merge.{DRIVER}.name", "hiring-clarity: per-answer merge")
    git.run("config", f"merge.{DRIVER}.driver", driver_command())
    git.run("fetch", "-q", REMOTE)
    repo = Repo(directory, interactive)
    if not repo.head():
        _adopt(repo, _remote_branch(git))
    own_ignore(directory)
    target = directory / ".gitattributes"
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    if ATTRIBUTES not in existing:
        atomic_write(target, (existing + ATTRIBUTES).encode("utf-8"))
        os.chmod(target, 0o644)
    return sync(directory, interactive)


def _remote_branch(git: Git) -> str:
    """The remote's default branch, or '' when the remote is empty."""
    out = git.run("ls-remote", "--symref", REMOTE, "HEAD", check=False).stdout
    for line in out.splitlines():
        if line.startswith("ref: refs/heads/"):
            return line.split()[1].removeprefix("refs/heads/")
    heads = git.out("for-each-ref", "--format=%(refname:lstrip=3)", f"refs/remotes/{REMOTE}")
    return next((h for h in heads.splitlines() if h != "HEAD"), "")


def _adopt(repo: Repo, branch: str) -> None:
    """A new clone: take the remote's branch and files; local sessions stay as changes.

    With an empty remote, the branch is the one ``git init`` chose (as a bare remote does)."""
    git = repo.git
    if branch:
        git.run("symbolic-ref", "HEAD", f"refs/heads/{branch}")
        target = repo.tracking(branch)
        with locked(repo.directory):
            integrate(repo, target, set(), 0, "", git.out("rev-parse", target))
        _track(git, branch)


def ago(when: float, now: float) -> str:
    minutes = int((now - when) // 60)
    if minutes < 1:
        return "just now"
    if minutes < 120:
        return f"{minutes} min ago"
    if minutes < 48 * 60:
        return f"{minutes // 60} h ago"
    return f"{minutes // 1440} days ago"


class SyncStatus:
    def __init__(self, last: datetime | None, to_push: int, outcome: Outcome | None = None):
        self.last = last
        """When the last sync reached the remote (None: never)."""
        self.to_push = to_push
        """Changed assessments not committed yet, plus commits not pushed yet."""
        self.outcome = outcome
        """How the last sync ended, whoever ran it (None: no record)."""

    def describe(self, now: float | None = None) -> str:
        """'synced 2 min ago · 3 changes to push', or 'sync failed just now: why · last synced
        1 h ago · ...', and what the last sync brought back, for the home screen."""
        now = time.time() if now is None else now
        last = self.last.timestamp() if self.last is not None else None
        synced = f"synced {ago(last, now)}" if last is not None else "not synced yet"
        outcome = self.outcome
        if outcome is not None and outcome.failed and (last is None or outcome.when >= last):
            before = f"last {synced}" if last is not None else synced
            parts = [f"sync failed {ago(outcome.when, now)}: {outcome.failed}", before]
        else:
            parts = [synced]
        parts.append(
            "nothing to push"
            if not self.to_push
            else f"{self.to_push} change{'s' if self.to_push != 1 else ''} to push"
        )
        if outcome is not None:
            parts += [restored.describe() for restored in outcome.restored]
        return " \u00b7 ".join(parts)


def status(directory: Path) -> SyncStatus | None:
    """The folder's sync state, or None when it is not set up for syncing (or git is missing)."""
    repo = Repo(directory, interactive=False)
    repo.git.env["GIT_OPTIONAL_LOCKS"] = "0"  # a look: never hold the index lock a sync needs
    try:
        repo.check()
        branch = repo.branch()
        state = repo.state()
        to_push = len([p for p in state.changed if p.endswith(".toml")])
        to_push += repo.ahead(branch, state)
    except GitError:
        return None
    from datetime import UTC, datetime  # here: `sync` itself never needs it

    stamp = directory / INTERNAL / "sync" / STAMP
    try:
        last: datetime | None = datetime.fromtimestamp(stamp.stat().st_mtime, UTC)
    except OSError:
        last = None
    return SyncStatus(last, to_push, read_outcome(directory))
