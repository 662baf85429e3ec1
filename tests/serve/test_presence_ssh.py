"""Presence over SSH: people on one ``--session`` see each other, a watcher key shows as one.

Three keys log in to a real server with asyncssh's client: two people who answer and one
watcher. Each app process is the person's own, on the same sessions folder, so presence is the
heartbeat files of the pairing work; what is checked is what each person's terminal draws.
"""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import asyncssh
import pytest

from tests.serve.helpers import (
    SECTION_ONE,
    WAIT,
    Screen,
    ServerProcess,
    connect,
    make_key,
    open_terminal,
)
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.storage.reading import read_session

PRESENCE = re.compile(r"Also here: ([^\x1b]*)")
GONE_WITHIN = 3.0
NEXT_QUESTION = "\t\t"  # past the question's note field
WIDE = (220, 40)
"""Wide enough for three people on one presence line (it wraps on narrower terminals)."""


def presence_line(screen: Screen) -> str:
    """The presence line as last drawn: the app draws it whole, in one style run."""
    lines = PRESENCE.findall(bytes(screen.output).decode("utf-8", "replace"))
    return lines[-1].rstrip() if lines else ""


async def line_until(
    screen: Screen, check: str, present: bool = True, timeout: float = WAIT
) -> float:
    """Seconds until the presence line holds ``check`` (or, ``present=False``, stops holding
    it)."""
    start = time.monotonic()
    while (check in presence_line(screen)) != present:
        assert time.monotonic() - start < timeout, (
            f"presence line {presence_line(screen)!r}: {check!r} present={present}"
        )
        await asyncio.sleep(0.02)
    return time.monotonic() - start


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, asyncssh.SSHKey]:
    """Alice and Dave answer; Bob only watches."""
    state = tmp_path / "state"
    state.mkdir()
    made = {name: make_key(tmp_path, name) for name in ("alice", "dave", "bob")}
    (state / "authorized_keys").write_text(
        f'{made["alice"][1]}\n{made["dave"][1]}\nwatcher,name="Bob Watcher" {made["bob"][1]}\n'
    )
    return {name: key for name, (key, _) in made.items()}


async def test_two_keys_see_each_other_a_watcher_and_a_dropped_link(
    keys: dict[str, asyncssh.SSHKey], tmp_path: Path, bank: Bank, sessions_dir: Path
) -> None:
    path = Assessment.start(bank, sessions_dir, "Payments API hire").path
    with ServerProcess(tmp_path / "state", "--session", str(path)) as server:
        links = {name: await connect(server.port, key) for name, key in keys.items()}
        try:
            alice, dave, bob = [
                await open_terminal(links[n], WIDE) for n in ("alice", "dave", "bob")
            ]
            for screen in (alice, dave, bob):
                await screen.wait_for(SECTION_ONE)
            await line_until(alice, "dave (")
            await line_until(dave, "alice (")
            await line_until(alice, "Bob Watcher (watching")
            await line_until(dave, "Bob Watcher (watching")
            await line_until(bob, "alice (")
            assert "Watching, " in bob.text()  # his own line says so

            alice.send(" ")  # Alice answers the first question, Dave sees it
            await dave.wait_for("1/8 answered")
            dave.send(NEXT_QUESTION + " ")  # Dave answers the second one, Alice sees it
            await alice.wait_for("2/8 answered")
            await line_until(alice, "dave (Problem framing and outcomes Q1", present=False)
            assert "dave (Problem framing and outcomes Q" in presence_line(alice)  # moved on
            answered = read_session(path).answers.keys()
            bob.send(" " + NEXT_QUESTION + "\x1b[B \tfrom the watcher")  # changes nothing

            links["dave"].close()  # Dave's link drops: gone from Alice's line within 3 s
            gone = await line_until(alice, "dave (", present=False)
            assert gone < GONE_WITHIN, f"Dave still shown {gone:.1f} s after he left"
            assert presence_line(alice).startswith("Bob Watcher (watching")
            bob.send("\x11")  # Ctrl+Q, handled after his other keys
            await bob.closed()
            server.wait_line(r"disconnect name=dave ")
        finally:
            for link in links.values():
                link.close()
    saved = read_session(path)
    assert saved.answers.keys() == answered and len(answered) == 2
    assert "dave" in saved.positions  # where Dave went is kept under his key's name
    assert "Bob Watcher" not in saved.positions  # a watcher writes nothing
    assert "from the watcher" not in path.read_text()
