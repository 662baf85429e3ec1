"""Who may use ``serve --web``: the holder of the server's token, from the server's own page.

textual-serve checks nothing, and a loopback port is open to every web page the user visits
(a page can open ``ws://127.0.0.1:PORT/ws``; browsers do not block it). As Jupyter does, the
server makes a random token at start and prints the URL holding it; the page is served only
with it (and hands it on to its websocket as a cookie, strict same-site), and a websocket
whose ``Origin`` is not the page's own is refused whatever it holds.

The page's own origin is the one the browser used: a tunnel on another port (``ssh -L``)
keeps the browser's ``Host``, so ``Origin`` and ``Host`` still agree. A reverse proxy that
sends the server another ``Host`` is named with ``--public-url``, whose origin is then the
only other one accepted. Cookies are shared by every port of a host, so the port counts: a
page served on another port of localhost is another origin.

A server listening on loopback also refuses a ``Host`` that is not a loopback name (or the
public URL's): a web site whose name is made to resolve to 127.0.0.1 (DNS rebinding) is
refused even before its lack of a token is.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

COOKIE = "hiring_clarity_token"
REFUSED = "This server needs the URL it printed at start, with its token."
UNKNOWN_HOST = (
    "This server listens on this machine only and does not know the name {host}. "
    "Behind a reverse proxy, start it with --public-url (the address people open)."
)
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, as a browser writes it in ``Origin``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _holds(request: web.Request, token: str) -> bool:
    given = request.query.get("token") or request.cookies.get(COOKIE) or ""
    return hmac.compare_digest(given.encode(), token.encode())


def same_origin(request: web.Request, public_origin: str | None = None) -> bool:
    """A browser names the page that opens a websocket in ``Origin``: it must be this server
    as the browser reached it (``Host``: a tunnel's local port included), or the public URL.
    No ``Origin``: not a browser page, so no other site's (the token still decides)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    if public_origin is not None and origin.lower() == public_origin:
        return True
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == request.host.lower()


def known_host(request: web.Request, public_origin: str | None) -> bool:
    """A loopback server's ``Host`` must be a loopback name, any port (a tunnel's), or the
    public URL's host."""
    name = urlsplit(f"//{request.host}").hostname or ""
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    return public_origin is not None and name == urlsplit(public_origin).hostname


def guard(token: str, public_url: str | None = None, loopback: bool = True) -> Middleware:
    """The aiohttp middleware: static files (the page's scripts, no data) for anyone; the page,
    downloads and the websocket only with the token, the websocket only from this origin."""
    public_origin = origin_of(public_url) if public_url else None

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        if loopback and not known_host(request, public_origin):
            return web.Response(status=403, text=UNKNOWN_HOST.format(host=request.host))
        if request.path.startswith("/static/"):
            return await handler(request)
        if not _holds(request, token) or (
            request.path == "/ws" and not same_origin(request, public_origin)
        ):
            return web.Response(status=403, text=REFUSED)
        response = await handler(request)
        if request.path == "/" and request.query.get("token"):
            response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
        return response

    return check
