"""git started and not waited for: a sync's fetch runs while the rest of the sync is loaded and
the folder's changes are committed.

Only ``os`` here: ``subprocess`` alone takes longer to import than git takes to start, and
``hiring-clarity sync`` starts its fetch before anything else is loaded
(``docs/architecture.md``, "Speed work-arounds").
"""

from __future__ import annotations

import os
from pathlib import Path

from tui.core.storage.paths import INTERNAL

REMOTE = "origin"
_REPO_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_NAMESPACE",
    "GIT_COMMON_DIR",
    "GIT_PREFIX",
)


def git_environment(interactive: bool) -> dict[str, str]:
    """This process's environment for git, without what would point git at another repository.

    Not ``interactive`` (the app's worker): no password prompt, which would draw over the
    screen or wait for ever; git fails with a message instead."""
    env = {k: v for k, v in os.environ.items() if k not in _REPO_VARIABLES}
    if not interactive:
        env["GIT_TERMINAL_PROMPT"] = "0"
    return env


class Running:
    """A git command started by ``start``: ``wait`` for its exit code and what it said on
    stderr (its output is not kept), or ``stop`` it."""

    def __init__(self, pid: int, stderr: int) -> None:
        self.pid = pid
        self.stderr = stderr
        self.result: tuple[int, str] | None = None

    def wait(self) -> tuple[int, str]:
        if self.result is None:
            said = b""
            try:
                while chunk := os.read(self.stderr, 65536):
                    said += chunk
            finally:
                os.close(self.stderr)
                _, status = os.waitpid(self.pid, 0)
            self.result = os.waitstatus_to_exitcode(status), said.decode("utf-8", "replace")
        return self.result

    def stop(self) -> None:
        """End it, unless it was waited for (the sync failed meanwhile): git removes its own
        lock files on SIGTERM."""
        if self.result is None:
            import signal

            os.kill(self.pid, signal.SIGTERM)  # ours and not reaped yet: the pid is still its
            self.wait()


def start(directory: Path, args: list[str], env: dict[str, str], own_session: bool) -> Running:
    """``git ARGS`` in ``directory``, not waited for; OSError when git cannot be started."""
    read, write = os.pipe()  # both ends close on exec; the child's stderr is a copy of one
    try:
        pid = os.posix_spawnp(
            "git",
            ["git", "-C", str(directory), *args],
            env,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_DUP2, write, 2),
            ],
            setsid=own_session,
        )
    except OSError:
        os.close(read)
        raise
    finally:
        os.close(write)
    return Running(pid, read)


def start_fetch(directory: Path) -> Running | None:
    """``hiring-clarity sync``'s fetch, started first thing; None when the sync must start it
    itself: not a repository (the sync says so), or a killed sync's git locks to clear first
    (``Repo.recover``)."""
    try:
        if not (directory / ".git").exists() or any(
            name.startswith("running-") for name in os.listdir(directory / INTERNAL / "sync")
        ):
            return None
    except FileNotFoundError:
        pass  # no sync has run here yet
    except OSError:
        return None
    try:
        return start(directory, ["fetch", "-q", REMOTE], git_environment(True), False)
    except OSError:
        return None  # no git: the sync says so
