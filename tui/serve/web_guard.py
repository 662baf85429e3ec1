"""Who may use ``serve --web``: the holder of the server's token, from the server's own page.

textual-serve checks nothing, and a loopback port is open to every web page the user visits
(a page can open ``ws://127.0.0.1:PORT/ws``; browsers do not block it). As Jupyter does, the
server makes a random token at start and prints the URL holding it; the page is served only
with it (and hands it on to its websocket as a cookie, strict same-site), and a websocket
whose ``Origin`` is not the page's own host is refused whatever it holds.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

COOKIE = "hiring_clarity_token"
REFUSED = "This server needs the URL it printed at start, with its token."


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _holds(request: web.Request, token: str) -> bool:
    given = request.query.get("token") or request.cookies.get(COOKIE) or ""
    return hmac.compare_digest(given.encode(), token.encode())


def same_origin(request: web.Request) -> bool:
    """A browser names the page that opens a websocket in ``Origin``: it must be this server
    as the browser reached it (``Host``: a tunnel's local port included). No ``Origin``: not
    a browser page, so no other site's (the token still decides)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc == request.host


def guard(token: str) -> Middleware:
    """The aiohttp middleware: static files (the page's scripts, no data) for anyone; the page,
    downloads and the websocket only with the token, the websocket only from this origin."""

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith("/static/"):
            return await handler(request)
        if not _holds(request, token) or (request.path == "/ws" and not same_origin(request)):
            return web.Response(status=403, text=REFUSED)
        response = await handler(request)
        if request.path == "/" and request.query.get("token"):
            response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
        return response

    return check
