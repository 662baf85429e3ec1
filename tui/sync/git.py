"""Running the ``git`` command: the one place that shells out, each failure as one clear line."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from tui.core.errors import HiringClarityError

NO_GIT = "git is not installed (or not on PATH): syncing needs the git command"
_REPO_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_NAMESPACE",
    "GIT_COMMON_DIR",
    "GIT_PREFIX",
)


class GitError(HiringClarityError):
    """A git command failed; the message is its last line of complaint."""


class Git:
    """git commands run in one folder.

    ``interactive`` False (the app's worker) gives git no terminal: a password prompt fails
    with a message instead of drawing over the screen or waiting for ever.
    """

    def __init__(
        self, directory: Path, interactive: bool = True, extra_env: Mapping[str, str] | None = None
    ) -> None:
        self.directory = directory
        self.interactive = interactive
        self.env = {k: v for k, v in os.environ.items() if k not in _REPO_VARIABLES}
        if not interactive:
            self.env["GIT_TERMINAL_PROMPT"] = "0"
        self.env.update(extra_env or {})

    def run(
        self,
        *args: str,
        check: bool = True,
        stdin: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """``git ARGS`` in the folder; GitError naming the command when it fails (``check``)."""
        done = self._spawn(args, stdin.encode() if stdin is not None else None, env)
        text = subprocess.CompletedProcess(
            done.args,
            done.returncode,
            done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"),
        )
        if check and done.returncode != 0:
            raise GitError(f"git {_verb(args)} failed: {complaint(text.stderr or text.stdout)}")
        return text

    def start(self, *args: str) -> Running:
        """``git ARGS`` started and left running (a fetch while the folder is committed):
        ``Running.wait`` gives what ``run(..., check=False)`` would."""
        return Running(self._open(args, None))

    def raw(self, *args: str, stdin: bytes) -> bytes:
        """The command's output as bytes (file contents), GitError when it fails."""
        done = self._spawn(args, stdin, None)
        if done.returncode != 0:
            message = complaint(done.stderr.decode("utf-8", "replace"))
            raise GitError(f"git {_verb(args)} failed: {message}")
        return done.stdout

    def _spawn(
        self, args: Sequence[str], stdin: bytes | None, env: Mapping[str, str] | None
    ) -> subprocess.CompletedProcess[bytes]:
        process = self._open(args, env, feeds_stdin=stdin is not None)
        with process:
            out, err = process.communicate(stdin)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)

    def _open(
        self, args: Sequence[str], env: Mapping[str, str] | None, feeds_stdin: bool = False
    ) -> subprocess.Popen[bytes]:
        try:
            return subprocess.Popen(
                ["git", *args],
                cwd=self.directory,
                stdin=subprocess.PIPE if feeds_stdin else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={**self.env, **(env or {})},
                start_new_session=not self.interactive,
            )
        except FileNotFoundError:
            if not self.directory.is_dir():
                raise GitError(f"{self.directory}: no such folder") from None
            raise GitError(NO_GIT) from None
        except OSError as exc:
            raise GitError(f"cannot run git: {exc.strerror or exc}") from None

    def out(self, *args: str, stdin: str | None = None) -> str:
        """The command's output, stripped; GitError when it fails."""
        return self.run(*args, stdin=stdin).stdout.strip()

    def ok(self, *args: str) -> bool:
        """Whether the command succeeds (a question, like ``merge-base --is-ancestor``)."""
        return self.run(*args, check=False).returncode == 0


class Running:
    """A git command started by ``Git.start``: ``wait`` for what it did, or ``stop`` it."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.result: subprocess.CompletedProcess[str] | None = None

    def wait(self) -> subprocess.CompletedProcess[str]:
        if self.result is None:
            with self.process:
                out, err = self.process.communicate()
            self.result = subprocess.CompletedProcess(
                self.process.args,
                self.process.returncode,
                out.decode("utf-8", "replace"),
                err.decode("utf-8", "replace"),
            )
        return self.result

    def stop(self) -> None:
        """End it, unless it was waited for (the sync failed meanwhile): git removes its own
        lock files on SIGTERM."""
        if self.result is None and self.process.poll() is None:
            self.process.terminate()
        self.wait()


def _verb(args: Sequence[str]) -> str:
    """The subcommand, skipping ``-c name=value`` options before it."""
    words = list(args)
    while words and words[0] == "-c":
        words = words[2:]
    return words[0] if words else ""


def complaint(text: str) -> str:
    """git's most telling line: the first 'fatal:'/'error:' line (later ones are generic, such
    as 'Could not read from remote repository.'), else the last line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:", "! [rejected]", "! [remote rejected]")):
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return lines[-1] if lines else "no message"
