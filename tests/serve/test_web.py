"""``serve --web``: textual-serve serves the page, loopback by default, with its warning."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

import pytest

from tests.reliability.pty_app import REPO, TUI, base_env
from tests.serve.helpers import WAIT

pytest.importorskip("textual_serve")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_browser_server_serves_the_page_and_warns(tmp_path):
    port = free_port()
    log = tmp_path / "stderr"
    with open(log, "w") as err:
        server = subprocess.Popen([*TUI, "serve", "--web", "--port", str(port)], cwd=REPO,
                                  env=base_env(), stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    html = page.read().decode()
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the page was never served"
                time.sleep(0.1)
        assert "textual" in html
        assert "no authentication" in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=WAIT)
