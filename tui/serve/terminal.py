"""One SSH session: the person's terminal joined to their own app process on a PTY.

Keys go from the channel to the PTY, screen bytes from the PTY to the channel, and a window
change on the client becomes the PTY's new size (the app gets SIGWINCH). The session ends when
the app quits (its exit status goes back to the client), when the client goes away, after
``idle_timeout`` seconds without a key, or when the server stops; in every case the app is
ended through ``PtyChild.end`` and reaped before ``run`` returns.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import asyncssh

from tui.serve.child import PtyChild
from tui.serve.keys import Person
from tui.serve.launch import AppLauncher

READ_SIZE = 65536
CLOSE_GRACE = 5.0
"""Seconds a slow client is given to take what is still queued for it, at the end."""
NO_TERMINAL = (
    "hiring-clarity is a full-screen app and needs a terminal: connect with "
    "`ssh -t -p PORT HOST` (no command).\r\n"
)


RESTORE_TERMINAL = (
    b"\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l"  # mouse reporting off
    b"\x1b[?2004l\x1b[?2048l\x1b[<u\x1b[?1004l"  # paste, resize, keyboard, focus modes
    b"\x1b[?7h\x1b[0m\x1b[?1049l\x1b[?25h"  # wrapping, colours, main screen, cursor
)
"""What Textual undoes on a normal exit. An app that was hung up (idle, server stopping)
leaves at once without it, while the person's terminal is still there: the server does it."""


GOODBYES = {
    "idle": "Closed after a long time without a key; what you typed is saved.\r\n",
    "server stopping": "The server is stopping; what you typed is saved.\r\n",
    "removed": "Your access to this server was removed by whoever runs it; what you typed "
    "is saved.\r\n",
    "access changed": "Your access to this server changed (another assessment, or watching "
    "only); connect again. What you typed is saved.\r\n",
}


def exit_status(returncode: int) -> int:
    """A child killed by a signal reports 128 + the signal, as a shell would."""
    return returncode if returncode >= 0 else 128 - returncode


class TerminalSession:
    def __init__(
        self,
        process: asyncssh.SSHServerProcess[bytes],
        person: Person,
        launcher: AppLauncher,
        log: Callable[..., None],
        idle_timeout: float | None = None,
    ) -> None:
        self.process = process
        self.person = person
        self.launcher = launcher
        self.log = log
        self.idle_timeout = idle_timeout
        self.reason = ""
        self.child: PtyChild | None = None
        self._input: asyncio.Task[None] | None = None

    @staticmethod
    def has_terminal(process: asyncssh.SSHServerProcess[bytes]) -> bool:
        return process.get_terminal_type() is not None

    def refuse(self, message: str, reason: str) -> None:
        """One line saying why, to the person and to the log; then the channel closes."""
        self.log("refused", name=self.person.name, reason=reason)
        self.process.stderr.write(message.encode())
        self.process.exit(1)

    async def run(self) -> None:
        process = self.process
        columns, rows, _, _ = process.get_terminal_size()
        watcher = self.person.watcher
        scope = self.launcher.scope(self.person.session)
        env = self.launcher.env(
            self.person.name, watcher, process.get_terminal_type() or "", process.env, scope
        )
        try:
            self.child = child = await PtyChild.start(
                self.launcher.argv(watcher, scope), env, (columns or 80, rows or 24)
            )
        except OSError as exc:  # out of PTYs or processes: say so, keep serving the others
            self.refuse(
                "The app could not be started here; tell whoever runs the server.\r\n",
                f"cannot start the app: {exc}",
            )
            return
        self.log(
            "session",
            name=self.person.name,
            key=self.person.fingerprint,
            pid=child.pid,
            watcher=watcher,
            session=scope or "home",
            term=env.get("TERM", ""),
            size=f"{columns}x{rows}",
        )
        app_closed = asyncio.Event()
        child.follow(self._to_client, app_closed.set)
        self._input = asyncio.create_task(self._pump_input(child))
        closed = asyncio.create_task(app_closed.wait())
        try:
            await asyncio.wait({self._input, closed}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._input.cancel()
            closed.cancel()
            status = exit_status(await child.end(quitting=app_closed.is_set()))
            if app_closed.is_set() and not self.reason:
                self.reason = "app quit"
            self.log(
                "disconnect",
                name=self.person.name,
                pid=child.pid,
                reason=self.reason or "closed",
                status=status,
            )
            with contextlib.suppress(OSError, asyncssh.Error):
                if self.reason in GOODBYES:
                    process.stdout.write(RESTORE_TERMINAL)
                    process.stderr.write(GOODBYES[self.reason].encode())
                process.exit(status)
            # What is still queued for a slow client (the last frames, the restore above) is
            # sent before the server closes the connection, or the terminal stays in the
            # app's screen with the mouse on. A client that never reads is not waited for.
            with contextlib.suppress(OSError, asyncssh.Error, TimeoutError):
                await asyncio.wait_for(process.wait_closed(), CLOSE_GRACE)

    def _to_client(self, data: bytes) -> None:
        try:
            self.process.stdout.write(data)
        except (OSError, asyncssh.Error):  # the channel closed under us: the client left
            self.stop("client left")

    async def _pump_input(self, child: PtyChild) -> None:
        stdin = self.process.stdin
        while True:
            try:
                data = await asyncio.wait_for(stdin.read(READ_SIZE), self.idle_timeout)
            except asyncssh.TerminalSizeChanged as change:
                child.resize(change.width, change.height)
                continue
            except (asyncssh.BreakReceived, asyncssh.SignalReceived):
                continue  # the app has its own keys for everything; a remote signal is not one
            except TimeoutError:
                self.reason = "idle"
                return
            except (OSError, asyncssh.Error):
                data = b""
            if not data:
                self.reason = "client left"
                return
            await child.write(data)

    def stop(self, reason: str) -> None:
        """End the session from outside (server stopping): ``run`` then ends the app."""
        if not self.reason:
            self.reason = reason
        if self._input is not None:
            self._input.cancel()
