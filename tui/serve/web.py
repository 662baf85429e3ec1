"""``serve --web``: the app in a browser through textual-serve, one app process per tab.

textual-serve has no authentication of its own; ``web_guard`` adds a token per server (in the
URL printed at start) and refuses websockets from other origins. Anyone given that URL gets
the app with the server's sessions folder: loopback by default, and a warning on every start.
"""

from __future__ import annotations

import os
import shlex

from tui.serve.events import log_event
from tui.serve.launch import AppLauncher

NO_AUTHENTICATION = (
    "the browser server has no accounts: anyone with the URL below (its token) can read "
    "and change every assessment; keep it on 127.0.0.1 and share the URL only with "
    "people who may"
)


def serve_web(launcher: AppLauncher, host: str, port: int) -> int:
    from aiohttp import web
    from textual_serve.server import Server

    from tui.serve.ssh import is_loopback
    from tui.serve.web_guard import guard, new_token

    token = new_token()

    class GuardedServer(Server):
        """textual-serve's server behind the token and origin check (``web_guard``)."""

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(guard(token))
            return app

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
        url=f"http://{host}:{port}/?token={token}",
        session=launcher.session or "home",
    )
    GuardedServer(command, host=host, port=port, title="hiring-clarity").serve()
    return 0
