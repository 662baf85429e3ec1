"""The SSH server's own process: started lean, so ten people cost its memory only once.

``hiring-clarity serve --ssh`` checks everything first (the extra, the bank, ``--session``, the
options), then replaces itself with ``python -m tui.serve OPTIONS`` (``os.execv``: the same
pid, a fresh interpreter). The server then runs days holding nothing of those checks: not the
bank, not pydantic (loaded when the bank's cache was cold: ~11 MiB), not the command line's
parsers. It also gets Python's cyclic garbage collector back, which the command line pauses
for the app's start (``tui.startup``) and never resumed in a server: the reference cycles
each closed connection leaves (asyncssh's channels and sessions) are collected again. The
server's memory divided by the people connected is the bench row ``ssh_memory``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import NoReturn

ENTRY = "tui.serve"

NOT_NEEDED = ("ssl", "asyncssh.crypto.x509")
"""Imports the server never uses, blocked before anything loads them (a ``None`` entry in
``sys.modules`` makes the import fail, and both asyncio and asyncssh treat these as optional):
TLS, which asyncio loads for TLS transports (~1.2 MiB), and X.509 certificate keys in asyncssh
(~1.1 MiB; the keys file accepts no certificates, see ``tui.serve.keys``)."""


def exec_server(options: dict[str, object]) -> NoReturn:
    """Become the lean server process; the caller has checked ``options``."""
    sys.stdout.flush()
    sys.stderr.flush()
    argv = [sys.executable, "-m", ENTRY, json.dumps(options)]
    os.execv(sys.executable, argv)


def main(argv: list[str]) -> int:
    for name in NOT_NEEDED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    from tui.core.errors import HiringClarityError, explain
    from tui.serve.launch import AppLauncher
    from tui.serve.ssh import SshOptions, serve_ssh

    try:
        given = json.loads(argv[0])
        session = given["session"]
        launcher = AppLauncher(
            Path(given["sessions_dir"]),
            Path(given["questions_dir"]),
            Path(session) if session else None,
        )
        options = SshOptions(
            given["host"],
            given["port"],
            Path(given["state_dir"]),
            Path(given["authorized_keys"]),
            launcher,
            given["idle_timeout"],
            given["max_connections"],
        )
    except (IndexError, KeyError, TypeError, ValueError):
        print(
            f"usage: python -m {ENTRY} OPTIONS (started by `hiring-clarity serve --ssh`)",
            file=sys.stderr,
        )
        return 2
    try:
        return serve_ssh(options)
    except HiringClarityError as exc:
        message = str(exc)
    except OSError as exc:  # the port is taken, the state folder cannot be written
        message = explain(exc)
    print(f"hiring-clarity: {message}", file=sys.stderr)
    return 2
