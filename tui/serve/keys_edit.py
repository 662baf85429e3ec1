"""Changing the keys file for ``invite``: add a person, list them, remove them.

Every other line (comments, keys added by hand, lines the server skips) is kept as it was. The
file is replaced atomically, 0600, under a lock next to it, so two invites at once both land.
The server reads it again at its next login and, for removals, within a second for the
sessions already open (``tui.serve.ssh``).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from tui.core.errors import HiringClarityError
from tui.core.text import one_line
from tui.serve.keys import KEY_TYPE_PREFIXES, MAX_NAME, Person, parse_line, split_options


class InviteError(HiringClarityError):
    """The key or the name cannot be used."""


@dataclass(frozen=True)
class Change:
    person: Person
    replaced: Person | None
    """The same key's earlier line, now replaced (its access changes at once)."""


def read_public_key(given: str) -> asyncssh.SSHKey:
    """A public key given as its text (``ssh-ed25519 AAAA... comment``) or as a file holding
    it (``id_ed25519.pub``); a private key is refused before it is used anywhere."""
    text = given
    path = Path(given).expanduser()
    if not given.lstrip().startswith(KEY_TYPE_PREFIXES) and path.is_file():
        text = path.read_text(encoding="utf-8", errors="replace")
    if "PRIVATE KEY" in text:
        raise InviteError(
            "that is a private key: send the .pub file instead (the private key stays with "
            "its owner)"
        )
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("#")]
    if not lines:
        raise InviteError(f"{one_line(given, 80)}: no public key there")
    line = lines[0]
    if not line.startswith(KEY_TYPE_PREFIXES):
        with contextlib.suppress(ValueError):
            _, line = split_options(line)
    parts = line.split()
    try:
        return asyncssh.import_public_key(" ".join(parts[:2]))
    except (asyncssh.KeyImportError, ValueError, IndexError):
        raise InviteError(
            f"{one_line(given, 80)}: not a public key (expected a line like "
            "`ssh-ed25519 AAAA... name`, or the .pub file holding it)"
        ) from None


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def key_line(key: asyncssh.SSHKey, name: str, session: str | None, watcher: bool) -> str:
    options = [f"name={quoted(name)}"]
    if session:
        options.append(f"session={quoted(session)}")
    if watcher:
        options.append("watcher")
    key_text = " ".join(key.export_public_key().decode().split()[:2])
    return f"{','.join(options)} {key_text}"


def people(path: Path) -> list[Person]:
    """Everyone the file lets in, in its order (lines that do not parse left out)."""
    found: list[Person] = []
    for line in _lines(path):
        with contextlib.suppress(ValueError, asyncssh.KeyImportError):
            person = parse_line(line)
            if person is not None and all(p.public_data != person.public_data for p in found):
                found.append(person)
    return found


def add(path: Path, key: asyncssh.SSHKey, name: str, session: str | None, watcher: bool) -> Change:
    """Give ``key`` its line (replacing the same key's earlier lines, if any)."""
    name = one_line(name, MAX_NAME)
    if not name:
        raise InviteError("give the person's name (what the others see)")
    line = key_line(key, name, session, watcher)
    person = parse_line(line)
    assert person is not None
    with _editing(path) as lines:
        replaced = None
        kept: list[str] = []
        for existing in lines:
            old = _person(existing)
            if old is not None and old.public_data == person.public_data:
                if replaced is None:
                    replaced = old
                    kept.append(line)
                continue
            kept.append(existing)
        if replaced is None:
            kept.append(line)
        lines[:] = kept
    return Change(person, replaced)


def remove(path: Path, name: str) -> list[Person]:
    """Remove every key named ``name`` (exactly, else ignoring case); who was removed."""
    with _editing(path) as lines:
        named = [(line, _person(line)) for line in lines]
        exact = [p for _, p in named if p is not None and p.name == name]
        wanted = exact or [
            p for _, p in named if p is not None and p.name.casefold() == name.casefold()
        ]
        if not wanted:
            known = ", ".join(sorted({p.name for _, p in named if p is not None})) or "nobody"
            raise InviteError(f"nobody named {one_line(name, 60)!r} in {path} (there: {known})")
        gone = {p.public_data for p in wanted}
        lines[:] = [line for line, p in named if p is None or p.public_data not in gone]
    return wanted


def _person(line: str) -> Person | None:
    try:
        return parse_line(line)
    except (ValueError, asyncssh.KeyImportError):
        return None


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []


@contextlib.contextmanager
def _editing(path: Path) -> Iterator[list[str]]:
    """The file's lines to change in place; written back atomically (0600) under a lock."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = os.open(path.parent / f".{path.name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lines = _lines(path)
        yield lines
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write("".join(f"{line}\n" for line in lines))
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    finally:
        os.close(lock)
