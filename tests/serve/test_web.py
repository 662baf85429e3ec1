"""``serve --web``: textual-serve serves the page and, per websocket, a working app.

Loopback by default, with its no-authentication warning at every start.
"""

from __future__ import annotations

import asyncio
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
def web_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
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
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert "textual" in page.read().decode()
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the page was never served"
                time.sleep(0.1)
        yield port, log
    finally:
        server.terminate()
        server.wait(timeout=WAIT)


def test_the_browser_server_warns_that_it_has_no_authentication(web_server):
    _, log = web_server
    assert "no authentication" in log.read_text()


async def test_a_browser_tab_gets_the_app(web_server):
    import aiohttp

    port, _ = web_server
    screen = bytearray()
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(f"http://127.0.0.1:{port}/ws?width=100&height=30") as ws,
    ):
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
