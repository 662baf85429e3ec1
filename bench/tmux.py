"""A private tmux server to run apps in a real terminal and watch what they draw."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

POLL = 0.005
"""Seconds between two looks at the pane."""
WIDTH, HEIGHT = 100, 30


class PaneTimeout(RuntimeError):
    """The expected text never showed (time ran out or the program exited)."""


class Tmux:
    """One tmux server on its own socket, with no user config, killed on close.

    Programs started in it get ``env`` (given once, to the server) plus their own extras.
    """

    def __init__(self, cwd: Path, env: Mapping[str, str]) -> None:
        binary = shutil.which("tmux") or "/usr/bin/tmux"
        self.base = [binary, "-L", f"hc-bench-{os.getpid()}", "-f", os.devnull]
        self.cwd = cwd
        self.env = dict(env)
        self._names = itertools.count()
        # A keeper session holds the server up, so no launch pays for starting tmux.
        self._run(
            "new-session",
            "-d",
            "-s",
            "keeper",
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            "sleep",
            "86400",
        )
        self._run("set-option", "-g", "default-terminal", "tmux-256color")

    def _run(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args], capture_output=True, text=True, check=False, env=self.env
        )
        if done.returncode != 0 and args[0] not in ("kill-session", "has-session"):
            raise RuntimeError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def launch(self, argv: Sequence[str], env: Mapping[str, str]) -> str:
        """Start ``argv`` in a new WIDTHxHEIGHT session with ``env`` added; returns its name."""
        name = f"run{next(self._names):04d}x"  # never a prefix of another name
        extra = [item for key, value in env.items() for item in ("-e", f"{key}={value}")]
        self._run(
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            "-c",
            str(self.cwd),
            *extra,
            *argv,
        )
        return name

    def capture(self, name: str) -> list[str]:
        return self._run("capture-pane", "-p", "-t", name).splitlines()

    def pane_pid(self, name: str) -> int:
        """The program tmux started in the pane (``launch`` starts it directly, no shell)."""
        return int(self._run("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def keys(self, name: str, *keys: str) -> None:
        self._run("send-keys", "-t", name, *keys)

    def paste(self, name: str, text: str) -> None:
        """Paste ``text`` as a terminal does: bracketed, if the program asked for that."""
        self._run("set-buffer", "-b", "bench-paste", text)
        self._run("paste-buffer", "-p", "-d", "-b", "bench-paste", "-t", name)

    def wait(self, name: str, ready: Callable[[list[str]], bool], timeout: float = 20.0) -> float:
        """Poll the pane until ``ready`` holds; the time of the first capture that showed it."""
        start = time.perf_counter()
        screen: list[str] = []
        while time.perf_counter() - start < timeout:
            try:
                screen = self.capture(name)
            except RuntimeError:
                if self.alive(name):
                    raise
                raise PaneTimeout(f"{name} exited before showing what was expected") from None
            if ready(screen):
                return time.perf_counter()
            time.sleep(POLL)
        raise PaneTimeout("nothing expected showed; the screen was:\n" + "\n".join(screen))

    def alive(self, name: str) -> bool:
        done = subprocess.run(
            [*self.base, "has-session", "-t", name], capture_output=True, check=False, env=self.env
        )
        return done.returncode == 0

    def stop(self, name: str, quit_key: str = "C-q", timeout: float = 5.0) -> None:
        """Quit the app the way a user would and wait for it to exit (else kill it)."""
        if self.alive(name):
            self.keys(name, quit_key)
        deadline = time.perf_counter() + timeout
        while self.alive(name) and time.perf_counter() < deadline:
            time.sleep(0.02)
        self._run("kill-session", "-t", name)

    def close(self) -> None:
        """Stop the server and remove its socket file."""
        try:
            socket = self._run("display-message", "-p", "#{socket_path}").strip()
        except RuntimeError:
            socket = ""
        subprocess.run([*self.base, "kill-server"], capture_output=True, check=False, env=self.env)
        if socket:
            Path(socket).unlink(missing_ok=True)


def shows(*texts: str) -> Callable[[list[str]], bool]:
    """A ``ready`` test: every one of ``texts`` is somewhere on the screen."""

    def ready(screen: list[str]) -> bool:
        joined = "\n".join(screen)
        return all(text in joined for text in texts)

    return ready
