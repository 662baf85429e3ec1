"""Who may connect: an OpenSSH-style authorized_keys file, re-read whenever it changes.

Each line is ``[options] keytype base64 [comment]``. The person's name is the ``name="..."``
option, else the comment, else the key's fingerprint. The ``watcher`` option gives that key the
app read-only; ``session="ID"`` keeps it on that one assessment (``hiring-clarity invite``
writes both). Any other option (``from=``, ``command=``...) makes the line refused, loudly:
silently ignoring a restriction the organiser wrote would let in more than they meant.
A bad line is reported and skipped; the other lines still work.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from tui.core.text import one_line

KEY_TYPE_PREFIXES = ("ssh-", "ecdsa-", "sk-", "rsa-")
KNOWN_OPTIONS = {"name", "watcher", "session"}
MAX_NAME = 60


@dataclass(frozen=True)
class Person:
    """A key allowed in, and what it is allowed to do."""

    name: str
    fingerprint: str
    watcher: bool
    public_data: bytes
    """The key as the client presents it: what a login is matched on."""
    session: str | None = None
    """The one assessment this key may open (an id or file name), None when not scoped."""


def split_options(text: str) -> tuple[dict[str, str | None], str]:
    """Split ``opt,opt="a,b" rest`` into the options and the rest of the line."""
    options: dict[str, str | None] = {}
    i, key, value, quoted, escaped = 0, "", None, False, False
    while i < len(text):
        char = text[i]
        if value is not None and quoted:
            if escaped:
                value, escaped = value + char, False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
            else:
                value += char
        elif char == '"' and value == "":
            quoted = True
        elif char in ", \t":
            options[key.lower()] = value
            key, value = "", None
            if char != ",":
                return options, text[i:].strip()
        elif char == "=" and value is None:
            value = ""
        elif value is None:
            key += char
        else:
            value += char
        i += 1
    if quoted:
        raise ValueError("an option's quotes are not closed")
    raise ValueError("no key after the options")


def parse_line(line: str) -> Person | None:
    """The person a line lets in, None for a blank or comment line; ValueError if it is bad."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    options: dict[str, str | None] = {}
    if not text.startswith(KEY_TYPE_PREFIXES):
        options, text = split_options(text)
    unknown = sorted(set(options) - KNOWN_OPTIONS)
    if unknown:
        raise ValueError(
            f"option {unknown[0]!r} is not supported here (only name=, session= and watcher)"
        )
    parts = text.split(None, 2)
    if len(parts) < 2:
        raise ValueError("expected a key type and the key")
    key = asyncssh.import_public_key(f"{parts[0]} {parts[1]}")
    fingerprint = key.get_fingerprint()
    name = one_line(options.get("name") or (parts[2] if len(parts) > 2 else ""), MAX_NAME)
    session = one_line(options.get("session") or "", 200) or None
    if "session" in options and session is None:
        raise ValueError('session= needs an assessment id (session="ID")')
    return Person(name or fingerprint, fingerprint, "watcher" in options, key.public_data, session)


class KeyFile:
    """The allowed keys, read again when the file's (mtime, size, inode) changes.

    Checked at every login: a stat is cheap, and adding a colleague then needs no restart and
    no watcher thread. ``report`` hears about each bad line once per version of the file.
    """

    def __init__(self, path: Path, report: Callable[[str], None]) -> None:
        self.path = path
        self._report = report
        self._stamp: tuple[int, int, int] | None = None
        self._people: dict[bytes, Person] = {}

    def lookup(self, key: asyncssh.SSHKey) -> Person | None:
        self._reload_if_changed()
        return self._people.get(key.public_data)

    def current(self, person: Person) -> Person | None:
        """What the file now says about ``person``'s key: None once it is removed."""
        self._reload_if_changed()
        return self._people.get(person.public_data)

    def count(self) -> int:
        self._reload_if_changed()
        return len(self._people)

    def _reload_if_changed(self) -> None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            stamp = None
        else:
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        if stamp == self._stamp:
            return
        self._stamp = stamp
        self._people = self._read() if stamp is not None else {}

    def _read(self) -> dict[bytes, Person]:
        try:
            unsafe = unsafe_place(self.path)
            if unsafe:
                self._report(
                    f"{unsafe}: others can write to it, so anyone could add a key; "
                    "nobody can log in until `chmod go-w` on it (as sshd does)"
                )
                return {}
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            self._report(f"{self.path}: cannot be read ({exc.strerror}); nobody can log in")
            return {}
        people: dict[bytes, Person] = {}
        for number, line in enumerate(lines, start=1):
            try:
                person = parse_line(line)
            except (ValueError, asyncssh.KeyImportError) as exc:
                self._report(f"{self.path}:{number}: skipped: {one_line(str(exc), 200)}")
                continue
            if person is None:
                continue
            if person.public_data in people:  # as sshd: the first line naming a key decides
                self._report(
                    f"{self.path}:{number}: skipped: the key is on an earlier line, "
                    "which decides (the first line naming a key wins, as in OpenSSH)"
                )
                continue
            people[person.public_data] = person
        return people


def unsafe_place(path: Path) -> Path | None:
    """The keys file, or the first folder above it, that someone else could change (and so
    put their own key in), as OpenSSH's StrictModes refuses; None when all are safe.

    Safe: owned by root or this user, writable by nobody else; a folder others can write is
    still safe when it is sticky and root's (``/tmp``): nobody can rename what is ours in it."""
    me = os.geteuid()
    for place in (path, *path.absolute().parents):
        info = os.stat(place)
        if info.st_uid not in (0, me):
            return place
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            sticky = place != path and info.st_mode & stat.S_ISVTX and info.st_uid == 0
            if not sticky:
                return place
    return None
