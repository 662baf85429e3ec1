"""``hiring-clarity invite``: one command to let a colleague in, one line to send them.

``invite NAME --key KEY [--session ID] [--watch]`` writes the key's line in the SSH server's
keys file (``tui.serve.keys_edit``) and prints the ``ssh`` command to send, with the host
key's fingerprint to check; ``--list`` shows who may log in, ``--remove NAME`` takes them out
(the server ends their open sessions within seconds). Imported by the command line to build
its parser, so asyncssh is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import shlex
import socket
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.errors import HiringClarityError
from tui.exits import say

if TYPE_CHECKING:
    from tui.core.cpython_compat import SubCommands
    from tui.serve.keys import Person

DEFAULT_PORT = 2222
WILDCARDS = {"", "0.0.0.0", "::", "*"}
LOGIN = "hiring"
"""The user name in the line sent: the server ignores it (the key decides)."""


def add_parser(commands: SubCommands) -> None:
    invite = commands.add_parser(
        "invite",
        help="let a colleague in over `serve --ssh`: add their key, print the line to send",
        description="Adds the key to the SSH server's keys file with the person's name and "
        "what they may open, and prints the ssh command to send them with the host key's "
        "fingerprint. No restart: the server reads the file at every login.",
    )
    invite.add_argument("name", nargs="?", help="the person's name, as the others see it")
    invite.add_argument(
        "--key", metavar="PUBKEY_OR_FILE", help="their public key, or the .pub file holding it"
    )
    invite.add_argument(
        "--session", metavar="ID", help="keep them on this one assessment (id or file name)"
    )
    invite.add_argument("--watch", action="store_true", help="they only watch (read-only)")
    invite.add_argument("--list", action="store_true", help="who may log in, and to what")
    invite.add_argument(
        "--remove", metavar="NAME", help="take this person out; ends their sessions"
    )
    invite.add_argument(
        "--host", help="the address they reach this machine by (default: where the server listens)"
    )
    invite.add_argument("--port", type=int, help="the server's port (default: its last start)")
    invite.add_argument(
        "--state-dir", type=Path, metavar="DIR", help="as for serve (or $HIRING_CLARITY_STATE)"
    )
    invite.add_argument("--authorized-keys", type=Path, metavar="FILE", help="as for serve")


def run(args: argparse.Namespace, sessions_dir: Path) -> int:
    from tui.serve.extras import default_state_dir, require_extra

    require_extra("ssh")
    chosen = [bool(args.name), args.list, args.remove is not None]
    if sum(chosen) != 1:
        raise HiringClarityError(
            "give a NAME and --key to invite, or --list, or --remove NAME (one at a time)"
        )
    state_dir = (args.state_dir or default_state_dir()).absolute()
    keys = (args.authorized_keys or state_dir / "authorized_keys").absolute()
    if args.list:
        return _list(keys)
    if args.remove is not None:
        return _remove(keys, args.remove)
    if not args.key:
        raise HiringClarityError("--key: their public key (or its .pub file) is needed")
    return _invite(args, state_dir, keys, sessions_dir)


def _invite(args: argparse.Namespace, state_dir: Path, keys: Path, sessions_dir: Path) -> int:
    from tui.core.storage.listing import find_session
    from tui.core.storage.reading import read_session
    from tui.core.text import one_line
    from tui.serve.address import read_address
    from tui.serve.hostkey import fingerprint, load_or_create
    from tui.serve.keys_edit import add, read_public_key

    key = read_public_key(args.key)
    scope = title = None
    if args.session:
        path = find_session(args.session, sessions_dir)
        title = read_session(path).title
        inside = path.absolute().parent == sessions_dir.absolute()
        scope = path.name if inside else str(path.absolute())
    host_key = fingerprint(load_or_create(state_dir))
    change = add(keys, key, args.name, scope, args.watch)
    person = change.person
    listening = read_address(state_dir)
    host = args.host or (listening[0] if listening else "")
    port = args.port or (listening[1] if listening else DEFAULT_PORT)
    reach = socket.getfqdn() if host in WILDCARDS else host
    what = "watches" if person.watcher else "answers"
    where = f"only {one_line(title or '', 60)!r} ({scope})" if scope else _unscoped()
    verb = "Updated" if change.replaced else "Invited"
    say(f"{verb} {person.name}: {what}, {where}.")
    say(f"Key {person.fingerprint} is in {keys} (the server reads it at every login).")
    if change.replaced and change.replaced != person:
        say(
            "Their open sessions end within seconds (before, they were "
            f"{_describe(change.replaced)})."
        )
    say("")
    say("Send them this line:")
    say("")
    command = shlex.join(["ssh", "-p", str(port), f"{LOGIN}@{reach}"])
    say(f"  {command}   # host key {host_key}")
    say("")
    say(f"The first time, ssh shows the server's key fingerprint: it must be {host_key}.")
    for note in _notes(listening, host, args.host, keys):
        say(note)
    return 0


def _unscoped() -> str:
    return "every assessment (or the server's --session)"


def _describe(person: Person) -> str:
    what = "watching" if person.watcher else "answering"
    return f"{what}, {f'only {person.session}' if person.session else _unscoped()}"


def _notes(
    listening: tuple[str, int] | None, host: str, given_host: str | None, keys: Path
) -> list[str]:
    from tui.serve.keys import unsafe_place
    from tui.serve.ssh import is_loopback

    notes = []
    if listening is None:
        notes.append(
            "No server has started with this state folder yet: start it with "
            "`hiring-clarity serve --ssh --host 0.0.0.0` (the line above assumes port "
            f"{DEFAULT_PORT})."
        )
    elif not given_host and is_loopback(host):
        notes.append(
            f"The server listens on {host} only: they can connect from this machine (or "
            "through a tunnel). For their own machine, start it with --host 0.0.0.0 and "
            "give --host with the name they reach this machine by."
        )
    unsafe = unsafe_place(keys) if keys.exists() else None
    if unsafe:
        notes.append(
            f"{unsafe}: others can write to it, so the server lets nobody in until "
            "`chmod go-w` on it."
        )
    return notes


def _list(keys: Path) -> int:
    from tui.serve.keys_edit import people

    found = people(keys)
    if not found:
        say(f"Nobody may log in yet ({keys}): `hiring-clarity invite NAME --key KEY`.")
        return 0
    rows = [("NAME", "ACCESS", "ASSESSMENT", "KEY")]
    rows += [
        (p.name, "watches" if p.watcher else "answers", p.session or "any", p.fingerprint)
        for p in found
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        say("  ".join([*cells, row[3]]))
    say(f'({keys}; "any" means the server\'s --session, if it has one)')
    return 0


def _remove(keys: Path, name: str) -> int:
    from tui.serve.keys_edit import remove

    gone = remove(keys, name)
    count = f"{len(gone)} key{'s' if len(gone) != 1 else ''}"
    say(
        f"Removed {gone[0].name} ({count}) from {keys}. Their open sessions end within "
        "seconds, with a message on their screen."
    )
    return 0
