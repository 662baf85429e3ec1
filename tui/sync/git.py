"""Running the ``git`` command: the one place that shells out, each failure as one clear line."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from tui.core.errors import HiringClarityError
from tui.sync.spawn import Running, git_environment, start

NO_GIT = "git is not installed (or not on PATH): syncing needs the git command"


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
        self.env = git_environment(interactive)
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

    def start(self, *args: str, stdin: str | None = None) -> Running:
        """``git ARGS`` started and left running (a fetch while the folder is committed)."""
        data = stdin.encode() if stdin is not None else None
        try:
            return start(
                str(self.directory), args, self.env, own_session=not self.interactive, stdin=data
            )
        except OSError as exc:
            raise self.cannot_run(exc) from None

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
        try:
            return subprocess.run(
                ["git", *args],
                cwd=self.directory,
                input=stdin,
                capture_output=True,
                env={**self.env, **(env or {})},
                check=False,
                stdin=None if stdin is not None else subprocess.DEVNULL,
                start_new_session=not self.interactive,
            )
        except OSError as exc:
            raise self.cannot_run(exc) from None

    def cannot_run(self, exc: OSError) -> GitError:
        """What to say when git could not be started at all."""
        if isinstance(exc, FileNotFoundError):
            if not self.directory.is_dir():
                return GitError(f"{self.directory}: no such folder")
            return GitError(NO_GIT)
        return GitError(f"cannot run git: {exc.strerror or exc}")

    def out(self, *args: str, stdin: str | None = None) -> str:
        """The command's output, stripped; GitError when it fails."""
        return self.run(*args, stdin=stdin).stdout.strip()


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
