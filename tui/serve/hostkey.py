"""The server's host key: made once (ed25519), kept private (0600), the same at every start.

People check its fingerprint the first time they connect; a key that changed at each restart
would teach them to ignore the warning that protects them from a man in the middle.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import asyncssh

from tui.core.errors import HiringClarityError
from tui.core.storage.folders import make_dir

HOST_KEY_NAME = "ssh_host_ed25519_key"


class HostKeyError(HiringClarityError):
    """The host key exists but cannot be used safely."""


def ensure_state_dir(directory: Path) -> Path:
    """The server's own folder (host key, default keys file): created private if missing."""
    return make_dir(directory)  # its missing parents too are 0700, whatever the umask


def load_or_create(directory: Path) -> asyncssh.SSHKey:
    path = ensure_state_dir(directory) / HOST_KEY_NAME
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return _create(path)
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise HostKeyError(
            f"{path} can be read by others (mode {stat.S_IMODE(mode):o}): anyone who copied it "
            "can pose as this server. Run `chmod 600` on it, or delete it to make a new one "
            "(people will then see a new fingerprint)."
        )
    try:
        return asyncssh.read_private_key(path)
    except (OSError, asyncssh.KeyImportError) as exc:
        raise HostKeyError(f"{path}: not a usable private key ({exc})") from None


def _create(path: Path) -> asyncssh.SSHKey:
    """Write the new key with O_EXCL and mode 0600 from the start: never readable by others,
    and two servers started at once cannot both write it."""
    key = asyncssh.generate_private_key("ssh-ed25519", comment="hiring-clarity serve")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return asyncssh.read_private_key(path)
    with os.fdopen(fd, "wb") as out:
        out.write(key.export_private_key())
        out.flush()
        os.fsync(out.fileno())
    return key


def fingerprint(key: asyncssh.SSHKey) -> str:
    """What `ssh` shows on first connection, e.g. ``SHA256:...``."""
    return key.get_fingerprint()
