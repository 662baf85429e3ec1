"""git started and not waited for: a sync's fetch and status run while the rest of the sync is
loaded, and the folder's changes are committed meanwhile.

Only ``os`` here, no ``subprocess``, ``pathlib`` or ``typing``: on our servers each of those takes
longer to load than git takes to start, and ``hiring-clarity sync`` starts git before anything
else is loaded ("Speed work-arounds" in ``docs/architecture.md``).
"""

from __future__ import annotations

import os

from tui.core.storage.paths import INTERNAL

TYPE_CHECKING = False  # for type checkers only (see above)
if TYPE_CHECKING:
    from collections.abc import Mapping

REMOTE = "origin"
STATUS = (
    "status",
    "--porcelain=v2",
    "--branch",
    "-z",
    "--untracked-files=all",
    "--no-renames",
    "--",
    "*.toml",
    ".gitignore",
    ".gitattributes",
)
"""What changed in a sessions folder, and where its branch stands (``Repo.state`` reads it)."""
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
    """A git command started by ``start``: ``wait`` for its exit code, output (when kept) and
    what it said on stderr, or ``stop`` it."""

    def __init__(self, pid: int, stdout: int | None, stderr: int) -> None:
        self.pid = pid
        self.pipes: tuple[int | None, int | None] = stdout, stderr
        self.result: tuple[int, str, str] | None = None
        self.reaped = False

    def wait(self) -> tuple[int, str, str]:
        if self.result is None:
            out, err = b"", b""
            try:  # stdout first: what git says on stderr is short, it never fills its pipe
                out = _read_all(self.pipes[0])
                err = _read_all(self.pipes[1])
            finally:  # even when interrupted (Ctrl+C): git is reaped, the pipes closed
                self.pipes = None, None
                _, status = os.waitpid(self.pid, 0)
                self.reaped = True
            code = os.waitstatus_to_exitcode(status)
            self.result = code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        return self.result

    def stop(self) -> None:
        """End it, unless it has ended and been waited for (the sync failed meanwhile): git
        removes its own lock files on SIGTERM."""
        if self.reaped:
            return
        import signal

        os.kill(self.pid, signal.SIGTERM)  # not reaped yet: the pid is still git's
        self.wait()


def _read_all(fd: int | None) -> bytes:
    if fd is None:
        return b""
    chunks = []
    try:
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def start(
    directory: str,
    args: tuple[str, ...] | list[str],
    env: Mapping[str, str],
    own_session: bool = False,
    keep_output: bool = False,
    stdin: bytes | None = None,
) -> Running:
    """``git ARGS`` in ``directory``, not waited for (``stdin`` written to it first); OSError
    when git cannot be started."""
    made: list[int] = []  # every descriptor made here; the child's are copies (close on exec)
    try:
        in_read, in_write = _pipe(made) if stdin is not None else (None, None)
        out_read, out_write = _pipe(made) if keep_output else (None, None)
        err_read, err_write = _pipe(made)
        pid = os.posix_spawnp(
            "git",
            ["git", "-C", directory, *args],
            env,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, in_read, 0)
                if in_read is not None
                else (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, out_write, 1)
                if out_write is not None
                else (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_DUP2, err_write, 2),
            ],
            setsid=own_session,
        )
    except OSError:
        for fd in made:
            os.close(fd)
        raise
    for end in (in_read, out_write, err_write):  # the child's copies are its own now
        if end is not None:
            os.close(end)
    running = Running(pid, out_read, err_read)
    if in_write is not None and stdin is not None:
        try:
            _write_all(in_write, stdin)
        except OSError:  # git has gone: what it said tells why
            pass
        finally:
            os.close(in_write)
    return running


def _pipe(made: list[int]) -> tuple[int, int]:
    read, write = os.pipe()
    made += [read, write]
    return read, write


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def start_sync(directory: str) -> tuple[Running, Running] | None:
    """``hiring-clarity sync``'s fetch and status, started first thing; None when the sync
    must start them itself: not a repository (the sync says so), a folder open to every user
    (the sync refuses it before any git runs there: ``sharing.check_not_public``), a killed
    sync's git locks to clear first (``Repo.recover``), or no git to start."""
    try:
        info = os.stat(directory)
    except OSError:
        return None
    if info.st_mode & 0o002 or (info.st_mode & 0o007 and info.st_uid != os.getuid()):
        return None
    if not os.path.exists(os.path.join(directory, ".git")):
        return None
    try:
        markers = os.listdir(os.path.join(directory, INTERNAL, "sync"))
    except FileNotFoundError:
        markers = []  # no sync has run here yet
    except OSError:
        return None
    if any(name.startswith("running-") for name in markers):
        return None
    env = git_environment(True)
    try:
        fetching = start(directory, ("fetch", "-q", REMOTE), env)
    except OSError:
        return None
    try:
        # A look only: never the index lock another git command may need (the lock is the
        # same one the sync takes later, under the folder lock).
        looking = {**env, "GIT_OPTIONAL_LOCKS": "0"}
        return fetching, start(directory, STATUS, looking, keep_output=True)
    except OSError:
        fetching.stop()
        return None
