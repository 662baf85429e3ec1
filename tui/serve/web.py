"""``serve --web``: the app in a browser through textual-serve, one app process per tab.

textual-serve has no authentication of its own: anyone who can open the page gets the app
with the server's sessions folder. Hence loopback by default and a warning on every start;
put it behind a proxy that authenticates before exposing it.
"""

from __future__ import annotations

import os
import shlex

from tui.serve.events import log_event
from tui.serve.launch import AppLauncher

NO_AUTHENTICATION = (
    "the browser server has no authentication of its own: anyone who can "
    "open the page can read and change every assessment; keep it on "
    "127.0.0.1 or put it behind a proxy that authenticates"
)


def serve_web(launcher: AppLauncher, host: str, port: int) -> int:
    from textual_serve.server import Server

    from tui.serve.ssh import is_loopback

    log_event("warning", message=NO_AUTHENTICATION)
    if not is_loopback(host):
        log_event("warning", message=f"listening on {host}, not only on this machine")
    # textual-serve starts each tab's app from its own environment; a visitor names
    # themselves in the home screen's Assessor field.
    os.environ.update(launcher.env(name="", watcher=False))
    command = shlex.join(launcher.argv(watcher=False))
    log_event(
        "listening",
        host=host,
        port=port,
        url=f"http://{host}:{port}",
        session=launcher.session or "home",
    )
    Server(command, host=host, port=port, title="hiring-clarity").serve()
    return 0
