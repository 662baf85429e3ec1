"""``serve --web``: textual-serve serves the page and, per websocket, a working app.

Loopback by default; the page and its websocket need the server's token (printed at start,
in the URL to open) and a websocket from another origin is refused (issue 22 item 3).
"""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import REPO
from tests.reliability.pty_app import _ESCAPES, TUI, base_env
from tests.serve.helpers import HOME_TEXT, WAIT

pytest.importorskip("textual_serve")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def web_server(tmp_path: Path) -> Iterator[tuple[int, Path, str]]:
    """The server, its log and the token of the URL it printed at start."""
    port = free_port()
    log = tmp_path / "stderr"
    with open(log, "w") as err:
        server = subprocess.Popen(
            [*TUI, "serve", "--web", "--port", str(port)],
            cwd=REPO,
            env=base_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + WAIT
        while not (found := re.search(r'url="?http://\S+/\?token=([^"\s]+)', log.read_text())):
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "no URL with a token printed"
            time.sleep(0.1)
        token = found.group(1)
        while True:
            try:
                url = f"http://127.0.0.1:{port}/?token={token}"
                with urllib.request.urlopen(url, timeout=5) as page:
                    assert "textual" in page.read().decode()
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the page was never served"
                time.sleep(0.1)
        yield port, log, token
    finally:
        server.terminate()
        server.wait(timeout=WAIT)


def test_the_browser_server_says_who_can_use_it(web_server):
    _, log, _ = web_server
    assert "anyone with the URL" in log.read_text()


async def test_the_page_and_its_websocket_need_the_token_and_the_pages_origin(web_server):
    """Any web page the user visits could open ws://127.0.0.1:PORT/ws and drive the app."""
    import aiohttp

    port, _, token = web_server
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as http:
        for url in (f"{base}/", f"{base}/?token=wrong"):
            async with http.get(url) as page:
                assert page.status == 403
        for url, origin in (
            (f"{base}/ws", base),  # no token
            (f"{base}/ws?token={token}", "http://evil.example"),  # another site's page
            (f"{base}/ws?token={token}", f"http://localhost:{port + 1}"),
        ):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(url, headers={"Origin": origin})
            assert refused.value.status == 403


async def test_a_browser_tab_gets_the_app(web_server):
    import aiohttp

    port, _, token = web_server
    screen = bytearray()
    base = f"http://127.0.0.1:{port}"
    jar = aiohttp.CookieJar(unsafe=True)  # a browser keeps cookies of 127.0.0.1 too
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{base}/?token={token}") as page:  # as a browser: the page first
            assert page.status == 200  # and its cookie carries the token to the websocket
        ws = await http.ws_connect(f"{base}/ws?width=100&height=30", headers={"Origin": base})
        deadline = time.monotonic() + WAIT
        while HOME_TEXT not in _ESCAPES.sub(b"", bytes(screen)).decode("utf-8", "replace"):
            assert time.monotonic() < deadline, f"home never showed: {bytes(screen)[-400:]!r}"
            try:
                message = await asyncio.wait_for(ws.receive(), 1.0)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                screen += message.data
            elif message.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"the app closed: {message!r}; {bytes(screen)[-400:]!r}")
        await ws.close()
