"""The SSH server's own files and limits (issue 22 item 6): a keys file in a folder others can
write is not trusted (OpenSSH's StrictModes), the state folder's parents are private under any
umask, the first line naming a key decides what it may do (as in OpenSSH), and connections
that have not logged in are bounded."""

from __future__ import annotations

import os
import socket
import stat
import time
from pathlib import Path

from tests.serve.helpers import WAIT, ServerProcess, make_key
from tui.serve.hostkey import ensure_state_dir
from tui.serve.keys import KeyFile
from tui.serve.ssh import MAX_UNAUTHENTICATED


def test_a_keys_file_in_a_folder_others_can_write_lets_nobody_in(tmp_path: Path) -> None:
    private, line = make_key(tmp_path, "alice@laptop")
    shared = tmp_path / "shared"
    shared.mkdir()
    path = shared / "authorized_keys"
    path.write_text(line + "\n")
    os.chmod(path, 0o600)
    os.chmod(shared, 0o777)  # anyone could swap the file for their own
    problems: list[str] = []
    assert KeyFile(path, problems.append).lookup(private) is None
    assert str(shared) in problems[0] and "chmod go-w" in problems[0]
    os.chmod(shared, 0o755)
    assert KeyFile(path, problems.append).lookup(private) is not None


def test_the_state_folders_parents_are_private_under_umask_0(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        ensure_state_dir(tmp_path / "state" / "hiring-clarity" / "serve")
    finally:
        os.umask(previous)
    for folder in ("state", "state/hiring-clarity", "state/hiring-clarity/serve"):
        assert stat.S_IMODE((tmp_path / folder).stat().st_mode) == 0o700, folder


def test_the_first_line_naming_a_key_decides_as_in_openssh(tmp_path: Path) -> None:
    private, line = make_key(tmp_path, "alice@laptop")
    path = tmp_path / "authorized_keys"
    path.write_text(f"watcher {line}\n{line}\n")
    os.chmod(path, 0o600)
    problems: list[str] = []
    found = KeyFile(path, problems.append).lookup(private)
    assert found is not None and found.watcher
    assert any(":2:" in p and "first" in p for p in problems)


def _banner_or_end(sock: socket.socket) -> bytes:
    """What the server sends first: its SSH banner, or b'' when it closes the connection."""
    sock.settimeout(WAIT)
    return sock.recv(256)


def test_connections_that_never_log_in_are_bounded(tmp_path: Path) -> None:
    with ServerProcess(tmp_path / "state") as server:
        held = []
        try:
            for _ in range(MAX_UNAUTHENTICATED):
                sock = socket.create_connection(("127.0.0.1", server.port), timeout=WAIT)
                held.append(sock)
                assert _banner_or_end(sock).startswith(b"SSH-2.0-")
            extra = socket.create_connection(("127.0.0.1", server.port), timeout=WAIT)
            held.append(extra)
            deadline = time.monotonic() + WAIT
            received = b""
            while chunk := _banner_or_end(extra):  # a banner may come first, then the end
                received += chunk
                assert time.monotonic() < deadline
            server.wait_line(r"refused .*too many connections not logged in")
        finally:
            for sock in held:
                sock.close()
        server.stop()
