"""One app process on its own pseudo-terminal, as a terminal window or sshd would run it.

The child starts in a new session with the PTY as its controlling terminal, so the kernel
delivers SIGWINCH when the size is set and hangs it up like any terminal program. Ending it is
always the same path, whatever the reason (disconnect, idle, server stop): SIGHUP to its
process group (the app saves what is on screen and leaves), SIGKILL after a grace period, and
the process is reaped, so nothing is ever left behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
import struct
import termios
from collections.abc import Callable, Mapping, Sequence

HANG_UP_GRACE = 5.0
READ_SIZE = 65536


def set_size(fd: int, columns: int, rows: int) -> None:
    """Give the terminal its size; on a PTY the kernel then sends the app SIGWINCH."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def _no_suspend(fd: int) -> None:
    """No key stops the child: a stopped app at the end of a remote link looks hung."""
    attrs = termios.tcgetattr(fd)
    attrs[6][termios.VSUSP] = 0  # _POSIX_VDISABLE on Linux
    termios.tcsetattr(fd, termios.TCSANOW, attrs)


def _take_terminal() -> None:
    """In the child, after setsid: make the PTY on stdin its controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyChild:
    """The app on a PTY. ``start`` it, feed it ``write``, hear it through ``on_output``."""

    def __init__(self, process: asyncio.subprocess.Process, master: int) -> None:
        self.process = process
        self.master = master
        self._closed = False

    @property
    def pid(self) -> int:
        return self.process.pid

    @classmethod
    async def start(
        cls, argv: Sequence[str], env: Mapping[str, str], size: tuple[int, int]
    ) -> PtyChild:
        master, slave = os.openpty()
        try:
            set_size(slave, *size)
            _no_suspend(slave)
            os.set_blocking(master, False)
            process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=dict(env),
                start_new_session=True,
                preexec_fn=_take_terminal,
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        return cls(process, master)

    def follow(self, on_output: Callable[[bytes], None], on_end: Callable[[], None]) -> None:
        """Pass every byte the app writes on; ``on_end`` once all its terminal users closed it."""
        loop = asyncio.get_running_loop()

        def readable() -> None:
            try:
                data = os.read(self.master, READ_SIZE)
            except BlockingIOError:
                return
            except OSError:  # EIO: the app and everything it started have closed the terminal
                data = b""
            if data:
                on_output(data)
                return
            loop.remove_reader(self.master)
            on_end()

        loop.add_reader(self.master, readable)

    async def write(self, data: bytes) -> None:
        """Keys from the person. A full terminal buffer (a long paste) makes the caller wait,
        which stops reading from the network: back-pressure, never dropped keys."""
        view = memoryview(data)
        while view and not self._closed:
            try:
                written = os.write(self.master, view)
            except BlockingIOError:
                await self._writable()
                continue
            except OSError:  # the app is gone: nothing left to type into
                return
            view = view[written:]

    async def _writable(self) -> None:
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        loop.add_writer(self.master, ready.set_result, None)
        try:
            await ready
        finally:
            loop.remove_writer(self.master)

    def resize(self, columns: int, rows: int) -> None:
        if not self._closed and columns > 0 and rows > 0:
            with contextlib.suppress(OSError):
                set_size(self.master, columns, rows)

    async def end(self, grace: float = HANG_UP_GRACE, quitting: bool = False) -> int:
        """Hang the app up, kill it if it lingers, reap it; returns its exit status.

        ``quitting``: the app closed its terminal itself, so it is on its way out; a hang-up
        now would cut its own shutdown short. It gets ``grace`` to finish first.
        """
        if quitting:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.process.wait(), grace)
        if self.process.returncode is None:  # not reaped yet, so its group id is still its own
            self._signal(signal.SIGHUP)
            try:
                await asyncio.wait_for(self.process.wait(), grace)
            except TimeoutError:
                self._signal(signal.SIGKILL)
                await self.process.wait()
        self.close()
        assert self.process.returncode is not None
        return self.process.returncode

    def _signal(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, sig)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            with contextlib.suppress(ValueError, RuntimeError):
                loop = asyncio.get_running_loop()
                loop.remove_reader(self.master)
                loop.remove_writer(self.master)
            os.close(self.master)
