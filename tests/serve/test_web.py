"""``serve --web``: textual-serve serves the page and, per websocket, a working app.

Loopback by default; the page and its websocket need the server's token (printed at start,
in the URL to open) and a websocket from another origin is refused (issue 22 item 3).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pytest

from tests import REPO
from tests.reliability.pty_app import _ESCAPES, TUI, base_env
from tests.serve.browser import chromium, find_chromium
from tests.serve.helpers import HOME_TEXT, WAIT
from tests.serve.tunnel import Tunnel
from tui.core.assessment import Assessment
from tui.core.storage.paths import ONLY_ENV

if TYPE_CHECKING:
    import aiohttp

pytest.importorskip("textual_serve")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def start_web_server(log: Path, *args: str) -> Iterator[tuple[int, str]]:
    """``serve --web`` with ``args``; its port and the token of the URL it printed at start."""
    port = free_port()
    with open(log, "w") as err:
        server = subprocess.Popen(
            [*TUI, "serve", "--web", "--port", str(port), *args],
            cwd=REPO,
            env=base_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + WAIT
        while not (found := re.search(r'url="?https?://\S+/\?token=([^"\s]+)', log.read_text())):
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
        yield port, token
    finally:
        server.terminate()
        server.wait(timeout=WAIT)


@pytest.fixture
def web_server(tmp_path: Path) -> Iterator[tuple[int, Path, str]]:
    """The server, its log and the token of the URL it printed at start."""
    log = tmp_path / "stderr"
    with start_web_server(log) as (port, token):
        yield port, log, token


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


async def draws_home(ws: aiohttp.ClientWebSocketResponse) -> None:
    """Read the app's output until its home screen shows."""
    await draws(ws, HOME_TEXT)


async def draws(ws: aiohttp.ClientWebSocketResponse, text: str) -> None:
    """Read the app's output until ``text`` shows."""
    import aiohttp

    screen = bytearray()
    deadline = time.monotonic() + WAIT
    while text not in _ESCAPES.sub(b"", bytes(screen)).decode("utf-8", "replace"):
        assert time.monotonic() < deadline, f"{text!r} never showed: {bytes(screen)[-400:]!r}"
        try:
            message = await asyncio.wait_for(ws.receive(), 1.0)
        except TimeoutError:
            continue
        if message.type == aiohttp.WSMsgType.BINARY:
            screen += message.data
        elif message.type != aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"the app closed: {message!r}; {bytes(screen)[-400:]!r}")


async def test_a_browser_tab_gets_the_app(web_server):
    import aiohttp

    port, _, token = web_server
    base = f"http://127.0.0.1:{port}"
    jar = aiohttp.CookieJar(unsafe=True)  # a browser keeps cookies of 127.0.0.1 too
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{base}/?token={token}") as page:  # as a browser: the page first
            assert page.status == 200  # and its cookie carries the token to the websocket
        ws = await http.ws_connect(f"{base}/ws?width=100&height=30", headers={"Origin": base})
        await draws_home(ws)
        await ws.close()


REFERENCE = re.compile(r'(?:src|href)="([^"]*)"|url\("([^"]*)"\)')


def references(page: str) -> list[str]:
    return [a or b for a, b in REFERENCE.findall(page)]


async def test_through_a_tunnel_on_another_port_everything_loads_from_the_page(tmp_path):
    """``ssh -L 9000:127.0.0.1:8000``: the browser's address is the tunnel's, so every URL the
    page names must be relative to it, and nothing may come from the internet."""
    import aiohttp

    with start_web_server(tmp_path / "log") as (port, token), Tunnel(port) as tunnel:
        base = f"http://127.0.0.1:{tunnel.port}"
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as http:
            page_url = f"{base}/?token={token}"
            async with http.get(page_url) as page:
                assert page.status == 200
                text = await page.text()
            assert "<title>hiring-clarity</title>" in text
            assert "No accounts: anyone with this page" in text
            assert not re.search(r"https?://|//fonts", text), "the page names another host"
            found = references(text)
            assert {"static/js/textual.js", "static/css/xterm.css"} <= set(found)
            assert any(ref.endswith(".ttf") for ref in found)  # the font: served here
            for ref in found:
                async with http.get(urljoin(page_url, ref)) as got:
                    assert got.status == 200, ref
                    assert len(await got.read()) > 100, ref
            # The page's script: the websocket is the page's own address plus "ws".
            assert 'new URL("ws", window.location.href)' in text
            socket = urljoin(page_url, "ws").replace("http:", "ws:", 1).split("?")[0]
            ws = await http.ws_connect(f"{socket}?width=100&height=30", headers={"Origin": base})
            await draws_home(ws)
            await ws.close()
        assert tunnel.connections


async def test_the_page_is_titled_with_the_assessment(tmp_path, bank, sessions_dir):
    path = Assessment.start(bank, sessions_dir, "Payments <API> hire").path
    with (
        start_web_server(tmp_path / "log", "--session", str(path)) as (port, token),
        urllib.request.urlopen(f"http://127.0.0.1:{port}/?token={token}") as page,
    ):
        text = page.read().decode()
    assert "<title>Payments &lt;API&gt; hire \u2014 hiring-clarity</title>" in text
    assert "can read and change this assessment" in text


def _app_environments(session: Path) -> list[dict[str, str]]:
    """The environment of every running app process started to resume ``session``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            if b"resume" in argv and str(session).encode() in argv:
                pairs = (proc / "environ").read_bytes().split(b"\0")
                found.append(dict(p.decode().partition("=")[::2] for p in pairs if b"=" in p))
    return found


async def test_with_session_every_tab_is_kept_on_that_assessment(tmp_path, bank, sessions_dir):
    """As a guest's SSH key under ``serve --ssh --session``: the tab opens the assessment, not
    home, and its app is scoped to it (no home, no other assessment, no delete)."""
    import aiohttp

    path = Assessment.start(bank, sessions_dir, "Scoped hire").path
    with start_web_server(tmp_path / "log", "--session", str(path)) as (port, token):
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            async with http.get(f"{base}/?token={token}") as page:
                assert page.status == 200
            ws = await http.ws_connect(f"{base}/ws?width=100&height=30", headers={"Origin": base})
            await draws(ws, bank.criteria[0].title)
            environments = _app_environments(path)
            await ws.close()
    assert environments, "no app process resuming the assessment"
    assert all(env.get(ONLY_ENV) == str(path) for env in environments)


async def test_a_name_that_is_not_this_machine_is_refused_even_with_the_token(web_server):
    """DNS rebinding: a site whose name resolves to 127.0.0.1 reaches a loopback server with
    its own Host and Origin, which agree; a loopback server knows no such name."""
    import aiohttp

    port, _, token = web_server
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as http:
        async with http.get(
            f"{base}/?token={token}", headers={"Host": f"evil.example:{port}"}
        ) as r:
            assert r.status == 403
            assert "--public-url" in await r.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(
                f"{base}/ws?token={token}",
                headers={"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"},
            )
        assert refused.value.status == 403
        async with http.get(
            f"{base}/?token={token}", headers={"Host": f"localhost:{port + 7}"}
        ) as r:
            assert r.status == 200  # a tunnel's port on this machine


async def test_behind_a_proxy_the_public_urls_origin_is_the_only_other_one(tmp_path):
    """A reverse proxy that sends the server its own Host (nginx's default): the browser's
    Origin is the public URL's, which ``--public-url`` names; no other site's is taken."""
    import aiohttp

    public = "https://hire.example.com/team/"
    log = tmp_path / "log"
    with start_web_server(log, "--public-url", public) as (port, token):
        assert f'url="{public}?token={token}"' in log.read_text()
        base = f"http://127.0.0.1:{port}"
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as http:
            async with http.get(f"{base}/?token={token}") as page:
                assert page.status == 200
            for origin in ("https://evil.example", "http://hire.example.com", "null"):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await http.ws_connect(f"{base}/ws", headers={"Origin": origin})
                assert refused.value.status == 403
            proxy_origin = "https://hire.example.com"
            ws = await http.ws_connect(
                f"{base}/ws?width=100&height=30", headers={"Origin": proxy_origin}
            )
            await draws_home(ws)
            await ws.close()


async def test_chromium_through_a_tunnel_draws_the_app_from_this_server_alone(tmp_path):
    """The real browser (the system's Chromium, headless) at the tunnel's address: the app
    draws, and every request the page makes goes to that address (Chromium resolves no other
    name here, so a font or script from the internet would show as a request elsewhere)."""
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium): the browser test")
    with start_web_server(tmp_path / "log") as (port, token), Tunnel(port) as tunnel:
        origin = f"localhost:{tunnel.port}"
        async with chromium(executable, tmp_path / "profile") as page:
            await page.send("Page.navigate", url=f"http://{origin}/?token={token}")
            deadline = time.monotonic() + WAIT
            while HOME_TEXT not in _ESCAPES.sub(b"", bytes(page.frames)).decode("utf-8", "replace"):
                assert time.monotonic() < deadline, f"home never showed; asked for {page.requests}"
                await asyncio.sleep(0.2)
            while not await page.evaluate("document.body.classList.contains('-first-byte')"):
                assert time.monotonic() < deadline, "the terminal never showed"
                await asyncio.sleep(0.2)
            await asyncio.sleep(1.0)  # the terminal fades in (0.3 s) and the app settles
            assert await page.evaluate("document.title") == "hiring-clarity"
            notice = await page.evaluate("document.getElementById('who-can-reach').textContent")
            assert notice.startswith("No accounts: anyone with this page's link")
            shot = tmp_path / "web-through-tunnel.png"
            await page.screenshot(shot)
            kept = os.environ.get("HIRING_CLARITY_SCREENSHOTS")
            if kept:
                shutil.copy(shot, Path(kept) / shot.name)
        assert page.requests, "the browser asked for nothing"
        elsewhere = [
            url
            for url in page.requests
            if not url.startswith((f"http://{origin}/", f"ws://{origin}/"))
        ]
        assert not elsewhere, f"asked elsewhere than the page's address: {elsewhere}"
        assert f"ws://{origin}/ws?width=" in " ".join(page.requests)
