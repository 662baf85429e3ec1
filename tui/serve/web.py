"""``serve --web``: the app in a browser through textual-serve, one app process per tab.

textual-serve has no authentication of its own; ``web_guard`` adds a token per server (in the
URL printed at start) and refuses websockets from other origins. Anyone given that URL gets
the app with the server's sessions folder: loopback by default, and a warning on every start.
The page is ours (``web_page``): relative URLs, so a tunnel or a reverse proxy works.
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


def start_url(host: str, port: int, token: str, public_url: str | None = None) -> str:
    """The URL to open: the public one when given (a proxy's), else where the server listens."""
    if public_url:
        return f"{public_url.rstrip('/')}/?token={token}"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def serve_web(
    launcher: AppLauncher,
    host: str,
    port: int,
    public_url: str | None = None,
    assessment: str | None = None,
) -> int:
    """``assessment``: the title of the ``--session`` one, for the page's title."""
    from aiohttp import web
    from textual_serve.server import Server, to_int

    from tui.serve.ssh import is_loopback
    from tui.serve.web_guard import guard, new_token
    from tui.serve.web_page import render

    token = new_token()
    loopback = is_loopback(host)

    class GuardedServer(Server):
        """textual-serve's server behind the token and origin check (``web_guard``), with
        our page in place of its own."""

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(guard(token, public_url, loopback))
            return app

        async def handle_index(self, request: web.Request) -> web.Response:
            font_size = to_int(request.query.get("fontsize", "16"), 16)
            return web.Response(text=render(assessment, font_size), content_type="text/html")

    log_event("warning", message=NO_AUTHENTICATION)
    if not loopback:
        log_event("warning", message=f"listening on {host}, not only on this machine")
    # textual-serve starts each tab's app from its own environment; a visitor names
    # themselves in the home screen's Assessor field.
    # With --session every tab is kept on that assessment, as a scoped SSH key is.
    scope = launcher.scope(None)
    os.environ.update(launcher.env(name="", watcher=False, scope=scope))
    command = shlex.join(launcher.argv(watcher=False, scope=scope))
    url = start_url(host, port, token, public_url)
    log_event("listening", host=host, port=port, url=url, session=launcher.session or "home")
    GuardedServer(
        command, host=host, port=port, title="hiring-clarity", public_url=url.split("?")[0]
    ).serve()
    return 0
