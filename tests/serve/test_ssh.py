"""``hiring-clarity serve --ssh`` end to end: a real server process, asyncssh's own client.

Each person is a key in the keys file; each login gets its own app process on a PTY, whose
pid the event log names, so the tests can check that nothing is left once they are gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import stat
from pathlib import Path

import asyncssh
import pytest

from tests.conftest import wait_until_sync
from tests.serve.helpers import (
    HOME_TEXT,
    SECTION_ONE,
    WAIT,
    ServerProcess,
    alive,
    connect,
    make_key,
    open_terminal,
)
from tui.core.assessment import Assessment
from tui.core.storage.listing import list_sessions
from tui.core.storage.reading import read_session
from tui.serve.terminal import RESTORE_TERMINAL

FIRST = "primary-outcome"
CTRL_Q = "\x11"


@pytest.fixture
def people(tmp_path: Path) -> dict[str, asyncssh.SSHKey]:
    """Alice may assess, Bob may only watch; Carol's key is not in the file."""
    state = tmp_path / "state"
    state.mkdir()
    alice, alice_line = make_key(tmp_path, "alice")
    bob, bob_line = make_key(tmp_path, "bob")
    carol, _ = make_key(tmp_path, "carol")
    (state / "authorized_keys").write_text(
        f'# who may join\n{alice_line}\nwatcher,name="Bob Watcher" {bob_line}\n'
    )
    return {"alice": alice, "bob": bob, "carol": carol}


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


def child_env(pid: int) -> dict[str, str]:
    """The environment the server gave an app, as the kernel keeps it."""
    items = Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
    return dict(item.split("=", 1) for item in items if "=" in item)


def session_pid(server: ServerProcess, name: str) -> int:
    return int(server.wait_line(rf"session name=\"?{name}\"?.* pid=(\d+)").group(1))


async def test_a_key_gets_home_answers_as_its_name_and_resizes(people, state, sessions_dir):
    with ServerProcess(state) as server:
        conn = await connect(server.port, people["alice"])
        async with conn:
            screen = await open_terminal(conn, env={"COLORTERM": "truecolor"})
            await screen.wait_for(HOME_TEXT)
            assert "alice" in screen.text()  # the Assessor field, filled from the key
            pid = session_pid(server, "alice")
            env = child_env(pid)
            assert env["TERM"] == "xterm-256color" and env["COLORTERM"] == "truecolor"
            assert env["HIRING_CLARITY_ASSESSOR"] == "alice"
            assert "HIRING_CLARITY_READ_ONLY" not in env
            screen.send("\x1a")  # Ctrl+Z: a stopped app at the end of a link would look hung
            screen.send("Payments API hire\r")
            await screen.wait_for(SECTION_ONE)
            screen.send(" ")

            def answered() -> bool:
                rows = list_sessions(sessions_dir)
                return bool(rows) and FIRST in read_session(rows[0].path).answers

            await asyncio.to_thread(wait_until_sync, answered, WAIT, "the answer on disk")
            saved = read_session(list_sessions(sessions_dir)[0].path)
            assert saved.assessor == "alice"

            screen.process.change_terminal_size(50, 12)
            await screen.wait_for("Terminal too small")
            grown = len(screen.output)
            screen.process.change_terminal_size(100, 30)
            await screen.wait_for_new("Section 1 of", grown)  # the questions are back
            screen.send(CTRL_Q)
            await screen.closed()
            assert screen.process.exit_status == 0
        await asyncio.to_thread(wait_until_sync, lambda: not alive(pid), WAIT, "the app gone")
        server.wait_line(r"disconnect name=alice .*reason=\"app quit\"")


async def test_unknown_key_password_and_no_key_are_refused(people, state):
    with ServerProcess(state) as server:
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(server.port, people["carol"])
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(server.port, None, password="alice")
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(server.port, None)
        carol = re.escape(people["carol"].get_fingerprint())
        server.wait_line(rf"refused .*reason=\"no allowed key\" keys_tried={carol}")
        assert "session name" not in server.log()


async def test_a_login_without_a_terminal_gets_one_line_and_is_closed(people, state):
    with ServerProcess(state) as server:
        async with await connect(server.port, people["alice"]) as conn:
            for command in (None, "list"):
                result = await asyncio.wait_for(conn.run(command), WAIT)
                assert result.exit_status == 1
                assert "needs a terminal" in str(result.stderr)
        server.wait_line(r"refused name=alice reason=\"no terminal requested\"")
        assert "session name" not in server.log()


async def test_a_watcher_on_a_shared_session_changes_nothing(people, state, bank, sessions_dir):
    path = Assessment.start(bank, sessions_dir, "Payments API hire").path
    before = path.read_bytes()
    with ServerProcess(state, "--session", str(path)) as server:
        async with await connect(server.port, people["bob"]) as conn:
            screen = await open_terminal(conn)
            await screen.wait_for(SECTION_ONE)
            await screen.wait_for("read-only")
            screen.send(" \tnote from a watcher")
            screen.send(CTRL_Q)  # behind the keys; quitting saves what is pending: here nothing
            await screen.closed()
        server.wait_line(r"disconnect name=\"Bob Watcher\"")
    assert path.read_bytes() == before


async def test_a_watcher_at_home_cannot_start_an_assessment(people, state, sessions_dir):
    with ServerProcess(state) as server:
        async with await connect(server.port, people["bob"]) as conn:
            screen = await open_terminal(conn)
            await screen.wait_for(HOME_TEXT)
            assert child_env(session_pid(server, "Bob Watcher"))["HIRING_CLARITY_READ_ONLY"] == "1"
            screen.send("Another hire\r")
            await screen.wait_for("can only watch")
            screen.send(CTRL_Q)
            await screen.closed()
    assert list_sessions(sessions_dir) == []


async def test_disconnect_ends_the_app(people, state):
    with ServerProcess(state) as server:
        conn = await connect(server.port, people["alice"])
        screen = await open_terminal(conn)
        await screen.wait_for(HOME_TEXT)
        pid = session_pid(server, "alice")
        conn.close()
        await asyncio.to_thread(wait_until_sync, lambda: not alive(pid), WAIT, "the app gone")
        server.wait_line(r"disconnect name=alice .*reason=\"client left\"")


async def test_stopping_the_server_ends_every_app(people, state):
    server = ServerProcess(state)
    with server:
        conns, pids = [], []
        for name in ("alice", "bob"):
            conn = await connect(server.port, people[name])
            screen = await open_terminal(conn)
            await screen.wait_for(HOME_TEXT)
            conns.append((conn, screen))
        pids = [session_pid(server, "alice"), session_pid(server, "Bob Watcher")]
        assert await asyncio.to_thread(server.stop) == 0
        for _, screen in conns:
            await screen.closed()
            assert screen.output.endswith(RESTORE_TERMINAL)
        assert not [pid for pid in pids if alive(pid)]
        server.wait_line(r"stopped")


async def test_the_host_key_is_private_and_survives_a_restart(people, state):
    fingerprints = []
    for _ in range(2):
        with ServerProcess(state) as server:
            fingerprints.append(server.wait_line(r"host_key=(\S+)").group(1))
            async with await connect(server.port, people["alice"]) as conn:
                host_key = conn.get_server_host_key()
                assert host_key is not None and host_key.get_fingerprint() == fingerprints[-1]
            server.stop()
    assert fingerprints[0] == fingerprints[1]
    keys = list(state.glob("ssh_host_*"))
    assert len(keys) == 1 and stat.S_IMODE(os.stat(keys[0]).st_mode) == 0o600


async def test_a_key_added_to_the_file_works_without_a_restart(people, state, tmp_path):
    dave, dave_line = make_key(tmp_path, "dave")
    with ServerProcess(state) as server:
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(server.port, dave)
        with open(state / "authorized_keys", "a") as keys:
            keys.write(dave_line + "\n")
        async with await connect(server.port, dave) as conn:
            screen = await open_terminal(conn)
            await screen.wait_for(HOME_TEXT)
        server.wait_line(r"connect .*name=dave")


async def test_more_than_max_connections_get_a_message(people, state):
    with ServerProcess(state, "--max-connections", "1") as server:
        async with await connect(server.port, people["alice"]) as first:
            screen = await open_terminal(first)
            await screen.wait_for(HOME_TEXT)
            async with await connect(server.port, people["bob"]) as second:
                extra = await open_terminal(second)
                await extra.closed()
                assert extra.process.exit_status == 1
                assert "try again later" in (await extra.process.stderr.read()).decode()
        server.wait_line(r"refused name=\"Bob Watcher\" reason=\"too many connections\"")


async def test_an_idle_connection_is_closed(people, state):
    with ServerProcess(state, "--idle-timeout", "2") as server:
        async with await connect(server.port, people["alice"]) as conn:
            screen = await open_terminal(conn)
            pid = session_pid(server, "alice")
            await screen.closed()
            assert "without a key" in (await screen.process.stderr.read()).decode()
            assert screen.output.endswith(RESTORE_TERMINAL)  # the terminal is usable again
        server.wait_line(r"disconnect name=alice .*reason=idle")
        await asyncio.to_thread(wait_until_sync, lambda: not alive(pid), WAIT, "the app gone")


async def test_two_people_on_one_session_see_each_others_answers(people, state, bank, sessions_dir):
    """Alice answers; Bob, watching the same assessment from his own login, sees it."""
    path = Assessment.start(bank, sessions_dir, "Payments API hire").path
    with ServerProcess(state, "--session", str(path)) as server:
        async with (
            await connect(server.port, people["alice"]) as a,
            await connect(server.port, people["bob"]) as b,
        ):
            alice, bob = await open_terminal(a), await open_terminal(b)
            await alice.wait_for(SECTION_ONE)
            await bob.wait_for(SECTION_ONE)
            assert "1/8 answered" not in bob.text()
            alice.send(" ")
            await alice.wait_for("1/8 answered")
            await bob.wait_for("1/8 answered")
            for screen in (alice, bob):
                screen.send(CTRL_Q)
                await screen.closed()
    assert FIRST in read_session(path).answers


async def test_a_dropped_link_keeps_what_was_typed(people, state, bank, sessions_dir):
    path = Assessment.start(bank, sessions_dir, "Payments API hire").path
    with ServerProcess(state, "--session", str(path)) as server:
        conn = await connect(server.port, people["alice"])
        screen = await open_terminal(conn)
        await screen.wait_for(SECTION_ONE)
        pid = session_pid(server, "alice")
        screen.send(" ")
        await screen.wait_for("1/8 answered")
        screen.send("\tcall back tue")
        await screen.wait_for("call back tue")
        conn.abort()  # the link drops: no goodbye from the client
        await asyncio.to_thread(wait_until_sync, lambda: not alive(pid), WAIT, "the app gone")
    answer = read_session(path).answers[FIRST]
    assert answer.choice is not None and answer.note == "call back tue"


async def test_the_server_process_keeps_nothing_of_its_checks(people, state):
    """The checks before serving load the bank, and pydantic with it when the bank's cache is
    cold (as here): the process that then serves for days is a fresh interpreter, same pid,
    without them or TLS (the bench row ssh_memory divides its memory by the people)."""
    with ServerProcess(state) as server:
        pid = server.process.pid
        assert b"tui.serve" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        maps = Path(f"/proc/{pid}/maps").read_text()
        assert "pydantic_core" not in maps and "/_ssl." not in maps
        async with await connect(server.port, people["alice"]) as conn:
            screen = await open_terminal(conn)
            await screen.wait_for(HOME_TEXT)


async def test_a_slow_client_gets_its_terminal_back_when_the_server_stops(people, state):
    """A client that has not yet read everything sent to it (a slow link, a full window)
    when the server stops still gets the restore sequence: the server waits for it to be
    read before closing the connection, instead of dropping what is still queued."""
    server = ServerProcess(state)
    with server:
        conn = await connect(server.port, people["alice"], window=4096, max_pktsize=1024)
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(100, 30), encoding=None
        )
        output = bytearray()
        while HOME_TEXT.encode() not in output:  # read until home is drawn, then stop reading
            output += await asyncio.wait_for(process.stdout.read(65536), WAIT)
        process.change_terminal_size(160, 50)  # a whole new frame, queued behind the window
        process.change_terminal_size(100, 30)
        server.process.send_signal(signal.SIGTERM)
        await asyncio.to_thread(server.wait_line, r"disconnect .*reason=\"?server stopping")
        with contextlib.suppress(asyncssh.Error, OSError):
            while chunk := await asyncio.wait_for(process.stdout.read(65536), WAIT):
                output += chunk
        conn.close()  # the client hangs up once it has read all, as ssh does
        assert await asyncio.to_thread(server.process.wait, WAIT) == 0
        assert bytes(output).endswith(RESTORE_TERMINAL), bytes(output[-200:])
