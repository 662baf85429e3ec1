"""A real browser for the web server's tests: the system's headless Chromium, driven through
its DevTools protocol (over a websocket, with aiohttp): open a page, see every request it makes
and every websocket frame it receives, take a screenshot."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import re
import shutil
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    return next((found for name in CHROMIUM if (found := shutil.which(name))), None)


class Page:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse, session: str) -> None:
        self.ws = ws
        self.session = session
        self.requests: list[str] = []
        """Every URL the page asked for (``Network.requestWillBeSent``)."""
        self.frames = bytearray()
        """What its websockets received."""
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            got = json.loads(message.data)
            if "id" in got and got["id"] in self._waiting:
                self._waiting.pop(got["id"]).set_result(got)
            elif got.get("method") == "Network.requestWillBeSent":
                self.requests.append(got["params"]["request"]["url"])
            elif got.get("method") == "Network.webSocketCreated":
                self.requests.append(got["params"]["url"])
            elif got.get("method") == "Network.webSocketFrameReceived":
                frame = got["params"]["response"]
                data = frame["payloadData"]
                self.frames += base64.b64decode(data) if frame["opcode"] == 2 else data.encode()

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self._ids)
        self._waiting[number] = asyncio.get_running_loop().create_future()
        await self.ws.send_json(
            {"id": number, "method": method, "params": params, "sessionId": self.session}
        )
        got = await asyncio.wait_for(self._waiting[number], 30)
        if "error" in got:
            raise AssertionError(f"{method}: {got['error']}")
        return got.get("result", {})

    def close(self) -> None:
        self._reader.cancel()

    async def evaluate(self, expression: str) -> Any:
        got = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return got["result"].get("value")

    async def screenshot(self, path: Path) -> None:
        got = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(got["data"]))


@contextlib.asynccontextmanager
async def chromium(
    executable: str, profile: Path, size: tuple[int, int] = (1200, 800)
) -> AsyncIterator[Page]:
    """A headless Chromium with one blank page. It resolves no name but localhost's, so a page
    that needs the internet shows it (its requests fail, and are listed)."""
    log = profile.with_name(profile.name + ".log")
    with open(log, "w") as err:
        browser = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",  # tests may run as root in containers
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={profile}",
                f"--window-size={size[0]},{size[1]}",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + 30
        while not (found := re.search(r"DevTools listening on (ws://\S+)", log.read_text())):
            assert browser.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "Chromium did not start"
            await asyncio.sleep(0.1)
        async with (
            aiohttp.ClientSession() as http,
            http.ws_connect(found.group(1), max_msg_size=0) as ws,
        ):
            await ws.send_json(
                {"id": 1, "method": "Target.createTarget", "params": {"url": "about:blank"}}
            )
            while (got := await ws.receive_json()).get("id") != 1:
                pass
            target = got["result"]["targetId"]
            await ws.send_json(
                {
                    "id": 2,
                    "method": "Target.attachToTarget",
                    "params": {"targetId": target, "flatten": True},
                }
            )
            while (got := await ws.receive_json()).get("id") != 2:
                pass
            page = Page(ws, got["result"]["sessionId"])
            await page.send("Network.enable")
            await page.send("Page.enable")
            try:
                yield page
            finally:
                page.close()
    finally:
        browser.terminate()
        try:
            browser.wait(10)
        except subprocess.TimeoutExpired:
            browser.kill()
            browser.wait()
