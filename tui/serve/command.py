"""The ``serve`` command's options and its start: checks first, then the chosen server.

Imported by the command line to build its parser, so nothing here imports asyncssh,
textual-serve or Textual at module level: ``hiring-clarity list`` stays fast, and a machine
without the extras still gets a clear "install this" message.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.errors import HiringClarityError
from tui.serve.extras import default_state_dir, require_extra

if TYPE_CHECKING:
    from tui.core.cpython_compat import SubCommands

DEFAULT_PORTS = {"ssh": 2222, "web": 8000}


def add_parser(commands: SubCommands) -> None:
    """``serve``, then ``invite`` (``tui.serve.invite``)."""
    from tui.serve.invite import add_parser as add_invite_parser

    _add_serve(commands)
    add_invite_parser(commands)


def _add_serve(commands: SubCommands) -> None:
    serve = commands.add_parser(
        "serve",
        help="let colleagues join over SSH (keys only) or in a browser",
        description="One app process per connection, on this machine's sessions folder.",
    )
    kind = serve.add_mutually_exclusive_group(required=True)
    kind.add_argument(
        "--ssh",
        action="store_const",
        const="ssh",
        dest="kind",
        help="the built-in SSH server (extra [ssh])",
    )
    kind.add_argument(
        "--web",
        action="store_const",
        const="web",
        dest="kind",
        help="the browser server, with NO authentication (extra [web])",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    serve.add_argument("--port", type=int, help="port (default 2222 for SSH, 8000 for web)")
    serve.add_argument("--session", help="put everyone straight onto this assessment")
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="web: the address people open when a reverse proxy serves it under another "
        "name (https://hire.example.com/team/); printed with the token and the only "
        "other origin accepted",
    )
    serve.add_argument(
        "--state-dir",
        type=Path,
        metavar="DIR",
        help="host key and default keys file (or $HIRING_CLARITY_STATE)",
    )
    serve.add_argument(
        "--authorized-keys",
        type=Path,
        metavar="FILE",
        help="who may log in (default: authorized_keys in the state folder)",
    )
    serve.add_argument(
        "--idle-timeout",
        type=float,
        metavar="SECONDS",
        help="close a connection after this long without a key",
    )
    serve.add_argument(
        "--max-connections",
        type=int,
        default=20,
        metavar="N",
        help="refuse more people than this at once (default 20)",
    )


def run(args: argparse.Namespace, sessions_dir: Path, questions_dir: Path) -> int:
    if args.command == "invite":
        from tui.serve.invite import run as invite

        return invite(args, sessions_dir)
    from tui.core.bank.loading import load_bank_cached
    from tui.core.storage.listing import find_session
    from tui.core.storage.reading import read_session
    from tui.serve.launch import AppLauncher

    require_extra(args.kind)
    if args.port is not None and not 0 <= args.port <= 65535:
        raise HiringClarityError(f"--port {args.port}: not a port number (0-65535)")
    if args.max_connections < 1:
        raise HiringClarityError("--max-connections must be at least 1")
    if args.idle_timeout is not None and args.idle_timeout <= 0:
        raise HiringClarityError("--idle-timeout must be a positive number of seconds")
    if args.public_url is not None:
        if args.kind != "web":
            raise HiringClarityError("--public-url is for serve --web")
        check_public_url(args.public_url)
    load_bank_cached(str(questions_dir))  # a broken bank stops here, not in every child
    session = title = None
    if args.session:
        session = find_session(args.session, sessions_dir).resolve()
        title = read_session(session).title
    launcher = AppLauncher(sessions_dir.resolve(), questions_dir.resolve(), session)
    port = DEFAULT_PORTS[args.kind] if args.port is None else args.port
    if args.kind == "web":
        from tui.serve.web import serve_web

        return serve_web(launcher, args.host, port, args.public_url, title)
    from tui.serve.sshd import exec_server

    state_dir = (args.state_dir or default_state_dir()).resolve()
    keys = args.authorized_keys or state_dir / "authorized_keys"
    exec_server(
        {
            "host": args.host,
            "port": port,
            "state_dir": str(state_dir),
            "authorized_keys": str(keys.resolve()),
            "sessions_dir": str(launcher.sessions_dir),
            "questions_dir": str(launcher.questions_dir),
            "session": str(session) if session else None,
            "idle_timeout": args.idle_timeout,
            "max_connections": args.max_connections,
        }
    )


def check_public_url(url: str) -> None:
    """An http(s) address with a host and no query: the page's links are relative to it."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise HiringClarityError(
            f"--public-url {url}: expected http(s)://host[:port][/path/], without a query"
        )
