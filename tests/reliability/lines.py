"""Read a child's output line by line with a deadline, so no test waits forever on a pipe."""

from __future__ import annotations

import os
import select
import time


class LineReader:
    """Lines from a pipe's file descriptor; ``readline`` fails after ``timeout`` seconds."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._buffer = b""
        self.closed = False

    def readline(self, timeout: float) -> str:
        """The next whole line without its newline; '' once the writer has gone."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            if self.closed:
                rest, self._buffer = self._buffer, b""
                return rest.decode()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no line within {timeout} s (have {self._buffer!r})")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 65536)
                self._buffer += chunk
                self.closed = not chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def until(self, prefix: str, timeout: float) -> tuple[str, list[str]]:
        """Read up to the first line starting with ``prefix``: (that line, the lines before)."""
        before: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            line = self.readline(max(deadline - time.monotonic(), 0.001))
            if line.startswith(prefix):
                return line, before
            if not line and self.closed:
                raise EOFError(f"output ended before {prefix!r}; got {before[-5:]}")
            before.append(line)
