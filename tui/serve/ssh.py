"""The built-in SSH server: keys only, one app process per person, nothing left behind.

No passwords, no keyboard-interactive, no forwarding, no SFTP or scp: a login gets the app on
a terminal or one line saying how to connect. Who may log in is re-read from the keys file at
every login; the host key is made once and its fingerprint printed at every start.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import signal
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from tui.serve.address import write_address
from tui.serve.events import log_event
from tui.serve.hostkey import fingerprint, load_or_create
from tui.serve.keys import KeyFile, Person
from tui.serve.launch import AppLauncher
from tui.serve.terminal import CLOSE_GRACE, GOODBYES, NO_TERMINAL, TerminalSession

LOGIN_TIMEOUT = 20
"""Seconds a connection may take to log in (sshd's LoginGraceTime, shorter: keys only)."""
MAX_UNAUTHENTICATED = 30
"""Connections not logged in yet, at most (sshd's MaxStartups): more are closed at once, so
a few hundred idle connections cannot hold the server's memory and descriptors."""
KEEPALIVE_SECONDS = 30
KEYS_CHECK_SECONDS = 1.0
"""How often the keys file is looked at (a stat) for people removed while connected: their
sessions end within about this long (``invite --remove``)."""


@dataclass(frozen=True)
class SshOptions:
    host: str
    port: int
    state_dir: Path
    authorized_keys: Path
    launcher: AppLauncher
    idle_timeout: float | None = None
    max_connections: int = 20


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Connection(asyncssh.SSHServer):
    """One client connection: who it is, once a key of the keys file has proved it."""

    def __init__(self, server: SshServer) -> None:
        self.server = server
        self.peer = "?"
        self.person: Person | None = None
        self._offered: Person | None = None
        self._tried: list[str] = []
        self._conn: asyncssh.SSHServerConnection | None = None
        self.hung_up = asyncio.Event()

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        host, port = (conn.get_extra_info("peername") or ("?", 0))[:2]
        self.peer = f"{host}:{port}"
        waiting = sum(c.person is None for c in self.server.connections.values())
        if waiting >= MAX_UNAUTHENTICATED:
            self.server.log("refused", peer=self.peer, reason="too many connections not logged in")
            self._conn = None  # not counted: connection_lost has nothing to remove or say
            conn.abort()
            return
        self.server.connections[conn] = self

    def connection_lost(self, exc: Exception | None) -> None:
        self.hung_up.set()
        if self._conn is None:
            return  # closed at once (connection_made)
        self.server.connections.pop(self._conn, None)
        if self.person is None:
            tried = ",".join(self._tried) or "none"
            self.server.log("refused", peer=self.peer, reason="no allowed key", keys_tried=tried)

    def begin_auth(self, username: str) -> bool:
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        """asyncssh checks the signature right after this says yes, so the last key accepted
        when authentication completes is the one that proved itself."""
        person = self.server.keys.lookup(key)
        if person is None:
            self._tried.append(key.get_fingerprint())
            return False
        self._offered = person
        return True

    def auth_completed(self) -> None:
        self.person = self._offered
        if self.person is not None:
            self.server.log(
                "connect",
                peer=self.peer,
                name=self.person.name,
                key=self.person.fingerprint,
                watcher=self.person.watcher,
            )


class SshServer:
    def __init__(self, options: SshOptions) -> None:
        self.options = options
        self.keys = KeyFile(options.authorized_keys, lambda text: self.log("keys", problem=text))
        self.connections: dict[asyncssh.SSHServerConnection, _Connection] = {}
        self.sessions: dict[TerminalSession, asyncio.Task[None]] = {}
        self.log = log_event

    async def _handle(self, process: asyncssh.SSHServerProcess[bytes]) -> None:
        conn = process.get_extra_info("connection")
        connection = self.connections.get(conn)
        person = connection.person if connection is not None else None
        if person is None:  # cannot happen after authentication; refuse rather than guess
            process.exit(1)
            return
        person = self.keys.current(person)  # removed or re-scoped since this login?
        if person is None:
            process.stderr.write(GOODBYES["removed"].encode())
            process.exit(1)
            conn.close()
            return
        session = TerminalSession(
            process, person, self.options.launcher, self.log, self.options.idle_timeout
        )
        if not TerminalSession.has_terminal(process):
            session.refuse(NO_TERMINAL, "no terminal requested")
            return
        if len(self.sessions) >= self.options.max_connections:
            session.refuse(
                f"The server already has {self.options.max_connections} people "
                "connected; try again later.\r\n",
                "too many connections",
            )
            return
        self.sessions[session] = asyncio.current_task()  # type: ignore[assignment]
        try:
            await session.run()
        finally:
            del self.sessions[session]
        if session.reason == "removed":
            conn.close()

    @staticmethod
    async def _let_clients_hang_up(connections: list[_Connection]) -> None:
        """A client whose session has closed hangs up by itself (ssh does), and only then has
        surely handed on all it was sent: closing the connection under it could still drop
        what it held back unread (the last frame, the terminal restore). One that stays is
        closed after CLOSE_GRACE."""
        waits = [asyncio.ensure_future(connection.hung_up.wait()) for connection in connections]
        if not waits:
            return
        _, pending = await asyncio.wait(waits, timeout=CLOSE_GRACE)
        for wait in pending:
            wait.cancel()

    async def _end_removed(self) -> None:
        """End the sessions of keys removed from the file (or whose access changed) since
        they logged in: the keys file decides, not only at the door."""
        while True:
            await asyncio.sleep(KEYS_CHECK_SECONDS)
            for session in list(self.sessions):
                now = self.keys.current(session.person)
                if now is None:
                    session.stop("removed")
                elif now != session.person:
                    session.stop("access changed")

    async def serve(self) -> int:
        options = self.options
        host_key = load_or_create(options.state_dir)
        server = await asyncssh.create_server(
            lambda: _Connection(self),
            options.host,
            options.port,
            server_host_keys=[host_key],
            process_factory=self._handle,
            encoding=None,
            line_editor=False,
            allow_pty=True,
            password_auth=False,
            kbdint_auth=False,
            gss_host=None,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_scp=False,
            login_timeout=LOGIN_TIMEOUT,
            keepalive_interval=KEEPALIVE_SECONDS,
        )
        port = server.sockets[0].getsockname()[1]
        self.log(
            "listening",
            host=options.host,
            port=port,
            host_key=fingerprint(host_key),
            keys=options.authorized_keys,
            people=self.keys.count(),
            session=options.launcher.session or "home",
        )
        if not is_loopback(options.host):
            self.log(
                "warning",
                message=f"listening on {options.host}, not only on this "
                "machine: anyone who can reach the port can try to log in",
            )
        if self.keys.count() == 0:
            self.log(
                "warning",
                message=f"no keys in {options.authorized_keys} yet: nobody "
                "can log in until a public key is added there (no restart needed)",
            )
        write_address(options.state_dir, options.host, port)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.add_signal_handler(sig, stop.set)
        watch_keys = asyncio.create_task(self._end_removed())
        await stop.wait()
        watch_keys.cancel()
        self.log("stopping", sessions=len(self.sessions))
        server.close()
        running = list(self.sessions.values())
        in_session = [
            self.connections[conn]
            for conn in {session.process.get_extra_info("connection") for session in self.sessions}
            if conn in self.connections
        ]
        for session in list(self.sessions):
            session.stop("server stopping")
        if running:
            await asyncio.wait(running)
        await self._let_clients_hang_up(in_session)
        for conn in list(self.connections):
            conn.close()
        with contextlib.suppress(Exception):
            await server.wait_closed()
        self.log("stopped")
        return 0


def serve_ssh(options: SshOptions) -> int:
    return asyncio.run(SshServer(options).serve())
