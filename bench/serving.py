"""Serving figures: the app over SSH (the built-in server, loopback, key auth) against the app
started locally, all in tmux; and the memory of ten people connected at once.

The SSH side runs OpenSSH's own client (`ssh`) in the tmux pane, as a colleague would.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import asyncssh

from bench.tmux import Tmux

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 10


class SshServer:
    """``hiring-clarity serve --ssh --session SESSION`` on a free loopback port, with one key."""

    def __init__(self, work: Path, session: Path, env: dict[str, str]) -> None:
        """``work``: a folder of its own for the host key, the keys file and the client key."""
        ssh = shutil.which("ssh")
        if ssh is None:
            raise RuntimeError("no `ssh` client on this machine (apt-get install openssh-client)")
        state = work / "state"
        state.mkdir(mode=0o700, parents=True)
        key = asyncssh.generate_private_key("ssh-ed25519", comment="bench")
        self.key_path = work / "bench_key"
        self.key_path.write_bytes(key.export_private_key())
        self.key_path.chmod(0o600)
        (state / "authorized_keys").write_bytes(key.export_public_key())
        (state / "authorized_keys").chmod(0o600)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tui",
                "--sessions-dir",
                str(session.parent),
                "serve",
                "--ssh",
                "--port",
                "0",
                "--state-dir",
                str(state),
                "--session",
                str(session),
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.ssh = ssh
        self.port = self._port()

    def _port(self) -> int:
        """Read the event log up to the 'listening' line, then keep draining it."""
        assert self.process.stderr is not None
        for line in self.process.stderr:
            found = re.search(r"listening .*port=(\d+)", line)
            if found:
                threading.Thread(target=self.process.stderr.read, daemon=True).start()
                return int(found.group(1))
        raise RuntimeError(f"the SSH server exited ({self.process.wait()}) before listening")

    def client(self) -> list[str]:
        """The command a colleague types, without prompts or files of their own."""
        return [
            self.ssh,
            "-p",
            str(self.port),
            "-i",
            str(self.key_path),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "BatchMode=yes",
            "-t",
            "127.0.0.1",
        ]

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="utf-8") as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return kib / 1024


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                found.append(int(entry))
    return found


def memory_per_client(tmux: Tmux, server: SshServer, ready: Callable[[list[str]], bool]) -> float:
    """Server plus its app processes with CLIENTS people connected, divided by CLIENTS (MiB)."""
    names = [tmux.launch(server.client(), {}) for _ in range(CLIENTS)]
    try:
        for name in names:
            tmux.wait(name, ready, timeout=60.0)
        time.sleep(1.0)  # every app past its first frame and its first poll
        apps = children(server.process.pid)
        if len(apps) != CLIENTS:
            raise RuntimeError(f"expected {CLIENTS} app processes, found {len(apps)}")
        return (rss_mib(server.process.pid) + sum(rss_mib(p) for p in apps)) / CLIENTS
    finally:
        for name in names:
            tmux.stop(name)


def local_memory(
    tmux: Tmux, argv: list[str], env: dict[str, str], ready: Callable[[list[str]], bool]
) -> float:
    """One app started locally in tmux, measured the same way, after the same settling."""
    name = tmux.launch(argv, env)
    try:
        tmux.wait(name, ready)
        time.sleep(1.0)
        return rss_mib(tmux.pane_pid(name))
    finally:
        tmux.stop(name)
