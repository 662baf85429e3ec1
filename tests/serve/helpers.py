"""A real ``hiring-clarity serve --ssh`` in a subprocess, and asyncssh clients that log in to it.

The server listens on port 0 (a free port the kernel picks) and its event log on stderr says
which; every wait is for a condition with a generous deadline, never a fixed sleep, so the
tests hold on a loaded machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import asyncssh

from tests import REPO
from tests.conftest import wait_until_sync
from tests.reliability.pty_app import _ESCAPES, TUI, base_env

WAIT = 30.0
HOME_TEXT = "Start a new assessment"
SECTION_ONE = "Problem framing and outcomes"


def make_key(directory: Path, comment: str) -> tuple[asyncssh.SSHKey, str]:
    """A fresh ed25519 key; returns it and its authorized_keys line."""
    key = asyncssh.generate_private_key("ssh-ed25519", comment=comment)
    return key, key.export_public_key().decode().strip()


def alive(pid: int) -> bool:
    """True while the process exists, zombies included: a child nobody reaped still counts."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class ServerProcess:
    """The server as people run it. Use as a context manager: it never outlives the test."""

    def __init__(self, state_dir: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.lines: list[str] = []
        self._lock = threading.Lock()
        self.process = subprocess.Popen(
            [*TUI, "serve", "--ssh", "--port", "0", "--state-dir", str(state_dir), *args],
            cwd=REPO,
            env=env or base_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.port = int(self.wait_line(r"listening .*port=(\d+)").group(1))

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._lock:
                self.lines.append(line.rstrip("\n"))

    def log(self) -> str:
        with self._lock:
            return "\n".join(self.lines)

    def wait_line(self, pattern: str, timeout: float = WAIT) -> re.Match[str]:
        """The first event line matching ``pattern``, waiting for it if need be."""
        found: list[re.Match[str]] = []

        def seen() -> bool:
            with self._lock:
                found.extend(m for line in self.lines if (m := re.search(pattern, line)))
            return bool(found) or self.process.poll() is not None

        wait_until_sync(seen, timeout, f"a log line like {pattern!r}; log:\n{self.log()}")
        assert found, f"server exited {self.process.returncode}; log:\n{self.log()}"
        return found[0]

    def stop(self, timeout: float = WAIT) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self._reader.join(timeout=5)


class Screen:
    """What the server sends to one client's terminal, as text a reader could see."""

    def __init__(self, process: asyncssh.SSHClientProcess[bytes]) -> None:
        self.process = process
        self.output = bytearray()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(asyncssh.Error, OSError):
            while chunk := await self.process.stdout.read(65536):
                self.output += chunk

    def text(self) -> str:
        return _ESCAPES.sub(b"", bytes(self.output)).decode("utf-8", "replace")

    async def wait_for(self, text: str, timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.text():
            if self._reader.done():
                raise AssertionError(f"connection closed before {text!r}: {self.text()[-600:]!r}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not shown in {timeout} s: {self.text()[-600:]!r}")
            await asyncio.sleep(0.02)

    def send(self, keys: str) -> None:
        self.process.stdin.write(keys.encode())

    async def wait_for_new(self, text: str, since: int, timeout: float = WAIT) -> None:
        """Wait until ``text`` is drawn in the output that came after byte ``since``."""
        deadline = time.monotonic() + timeout
        while text not in _ESCAPES.sub(b"", bytes(self.output[since:])).decode("utf-8", "replace"):
            if self._reader.done() or time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not drawn again: {self.text()[-600:]!r}")
            await asyncio.sleep(0.02)

    async def closed(self, timeout: float = WAIT) -> None:
        """Wait for the app to end the connection; if it does not, show what it drew last
        (a dialog, a notice): a rare hang is then diagnosed from the failure alone."""
        try:
            await asyncio.wait_for(asyncio.shield(self._reader), timeout)
        except TimeoutError:
            raise AssertionError(
                f"still connected after {timeout} s; the screen ends with {self.text()[-1200:]!r}"
            ) from None


async def connect(
    port: int, key: asyncssh.SSHKey | None, **options: object
) -> asyncssh.SSHClientConnection:
    """Log in with exactly this key (or none): no agent, no ~/.ssh keys, no known_hosts."""
    return await asyncio.wait_for(
        asyncssh.connect(
            "127.0.0.1",
            port,
            username="anyone",
            client_keys=[key] if key else None,
            known_hosts=None,
            agent_path=None,
            config=None,
            **options,
        ),
        WAIT,
    )


async def open_terminal(
    conn: asyncssh.SSHClientConnection, size: tuple[int, int] = (100, 30), **options: object
) -> Screen:
    process = await conn.create_process(
        term_type="xterm-256color", term_size=size, encoding=None, **options
    )
    return Screen(process)
