"""Run the real app in a real pseudo-terminal, as an SSH server or a terminal window would.

The app is started in a new session with the PTY as its controlling terminal, so closing the
master side makes the kernel hang it up exactly as a closed window or dropped SSH link does.
A thread copies everything the app writes into a buffer; tests wait for text in it with a
timeout, send key bytes, signal the app's process group, and always end the process.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Mapping
from typing import IO

from tests import REPO
from tests.cli import TUI as TUI  # re-exported: the PTY driver starts the same command

CTRL_Q = b"\x11"
TAB = b"\t"
SPACE = b" "

# CSI, OSC (ended by BEL or ST), two-byte escapes and charset selections: what remains is text.
_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[@-_]"
)


def base_env(term: str | None = "xterm-256color", **extra: str) -> dict[str, str]:
    """The test's environment (sessions folder, bank) with a chosen TERM and nothing that
    would override the PTY's size or colours."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES"}
    }
    if term is not None:
        env["TERM"] = term
    env["TEXTUAL_ANIMATIONS"] = "none"
    env.update(extra)
    return env


def _take_terminal() -> None:
    """In the child, after setsid: make the PTY on stdin its controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyApp:
    """One process on a PTY. Use as a context manager: the process never outlives the test."""

    def __init__(
        self,
        args: list[str],
        env: Mapping[str, str],
        size: tuple[int, int] = (30, 100),
        stderr_to_pipe: bool = False,
        controlling: bool = True,
        cwd: str | os.PathLike[str] = REPO,
    ) -> None:
        """``controlling=False`` leaves the app without a controlling terminal, as some
        launchers do: closing the terminal then sends it no SIGHUP."""
        self.master, slave = os.openpty()
        rows, cols = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        try:
            self.process = subprocess.Popen(
                args,
                cwd=cwd,
                env=dict(env),
                stdin=slave,
                stdout=slave,
                stderr=subprocess.PIPE if stderr_to_pipe else slave,
                start_new_session=True,
                close_fds=True,
                preexec_fn=_take_terminal if controlling else None,
            )
        except BaseException:
            os.close(self.master)
            raise
        finally:
            os.close(slave)
        self._output = bytearray()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ended = threading.Event()
        """Set once the reader has read everything: every process closed the terminal."""
        self._reader = threading.Thread(target=self._pump, daemon=True)
        self._reader.start()

    def _pump(self) -> None:
        """Copy output until told to stop; only this thread closes the master side, so a
        close never races a read (a read in flight would keep the terminal from hanging up)."""
        try:
            while not self._stop.is_set():
                ready, _, _ = select.select([self.master], [], [], 0.05)
                if not ready:
                    continue
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # EIO: every process has closed the slave side
                    chunk = b""
                if not chunk:
                    self._ended.set()
                    self._stop.wait()
                    break
                with self._lock:
                    self._output += chunk
        finally:
            os.close(self.master)
            self._ended.set()

    @property
    def output(self) -> bytes:
        """Every byte the app has written to the terminal so far."""
        with self._lock:
            return bytes(self._output)

    def screen_text(self) -> str:
        """The output with escape sequences removed, as text: what a reader could see."""
        return _ESCAPES.sub(b"", self.output).decode("utf-8", "replace")

    def printed_after_screen(self) -> str:
        """What the app printed once it had put the terminal's screen back (its exit report)."""
        after = self.output.rsplit(b"\x1b[?1049l", 1)[-1]
        return _ESCAPES.sub(b"", after).decode("utf-8", "replace").replace("\r", "")

    def wait_for(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen_text():
            if self.process.poll() is not None:
                self._ended.wait(2)  # the reader takes the last bytes before reporting them
                if text in self.screen_text():
                    return
                raise AssertionError(
                    f"exited {self.process.returncode} before showing "
                    f"{text!r}; it showed: {self.screen_text()[-600:]!r}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{text!r} not shown within {timeout} s; "
                    f"it showed: {self.screen_text()[-600:]!r}"
                )
            time.sleep(0.02)

    def send(self, keys: bytes) -> None:
        assert not self._stop.is_set(), "the terminal is closed"
        os.write(self.master, keys)

    def signal_group(self, sig: int) -> None:
        os.killpg(self.process.pid, sig)

    def hang_up_terminal(self) -> None:
        """Close the master side: the kernel sends SIGHUP, as when a window is closed."""
        self._stop.set()
        self._reader.join(timeout=5)

    def wait(self, timeout: float = 15.0) -> int:
        """The exit code, once the process has ended and its last output has been read."""
        code = self.process.wait(timeout=timeout)
        self._ended.wait(5)
        return code

    def wait_quiet(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Until the app has drawn all it had to: no new output for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        seen, since = len(self.output), time.monotonic()
        while time.monotonic() - since < quiet:
            assert time.monotonic() < deadline, f"still drawing after {timeout} s"
            time.sleep(0.02)
            if len(self.output) != seen:
                seen, since = len(self.output), time.monotonic()

    @property
    def stderr(self) -> IO[bytes] | None:
        return self.process.stderr

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self._stop.set()
        self._reader.join(timeout=5)
        if self.process.stderr is not None:
            self.process.stderr.close()

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
