"""One line on stderr per server event, for a terminal or a journal (systemd, docker logs).

``2026-11-30T02:15:07Z connect peer=127.0.0.1:50412 name="Alice Smith" key=SHA256:... pid=4242``:
a time, a word for what happened, then ``field=value`` pairs. Values come from key comments
and client requests, so they are made one safe line and quoted when they hold a space.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import TextIO

from tui.core.text import one_line


def _value(value: object) -> str:
    text = one_line(str(value), 400)
    if not text or any(c in text for c in ' "='):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def format_event(kind: str, **fields: object) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    pairs = " ".join(f"{key}={_value(value)}" for key, value in fields.items())
    return f"{stamp} {kind} {pairs}".rstrip()


def log_event(kind: str, stream: TextIO | None = None, **fields: object) -> None:
    """Write the event at once: a journal must see a refusal when it happens, not at exit."""
    out = stream or sys.stderr
    print(format_event(kind, **fields), file=out, flush=True)
