"""``hiring-clarity invite`` with a real ``serve --ssh`` and asyncssh's client: the line it
prints is the one that works, a guest invited to one assessment stays on it, and removing a
person ends their open session within seconds with a message on their screen."""

from __future__ import annotations

import re
import time
from pathlib import Path

import asyncssh
import pytest

from tests.serve.helpers import (
    HOME_TEXT,
    SECTION_ONE,
    ServerProcess,
    connect,
    make_key,
    open_terminal,
)
from tui.cli.main import main
from tui.core.assessment import Assessment
from tui.core.storage.listing import list_sessions
from tui.serve.keys import KeyFile
from tui.serve.terminal import RESTORE_TERMINAL

ESCAPE = "\x1b"
CTRL_Q = "\x11"
ONE = "This login is for"


def invite(capsys: pytest.CaptureFixture[str], state: Path, *args: str) -> str:
    assert main(["invite", *args, "--state-dir", str(state)]) == 0, capsys.readouterr()
    return capsys.readouterr().out


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


def pub_file(tmp_path: Path, key: asyncssh.SSHKey, name: str) -> Path:
    path = tmp_path / f"{name}.pub"
    path.write_bytes(key.export_public_key())
    return path


async def test_invite_prints_the_line_that_works_and_remove_ends_the_session(
    tmp_path, state, bank, sessions_dir, capsys
):
    hire = Assessment.start(bank, sessions_dir, "Payments API hire").path
    Assessment.start(bank, sessions_dir, "Another hire")
    dana, _ = make_key(tmp_path, "dana@laptop")
    with ServerProcess(state) as server:
        host_key = server.wait_line(r"host_key=(\S+)").group(1)
        sent = invite(
            capsys,
            state,
            "Dana Lee",
            "--key",
            str(pub_file(tmp_path, dana, "dana")),
            "--session",
            hire.stem.rsplit("-", 1)[1],  # its id
        )
        assert "Invited Dana Lee: answers, only 'Payments API hire'" in sent
        line = re.search(r"^  (ssh .*)$", sent, re.M)
        assert line, sent
        assert line.group(1) == f"ssh -p {server.port} hiring@127.0.0.1   # host key {host_key}"
        assert "listens on 127.0.0.1 only" in sent

        listed = invite(capsys, state, "--list")
        assert re.search(rf"Dana Lee +answers +{re.escape(hire.name)} +SHA256:", listed)

        async with await connect(server.port, dana) as conn:
            screen = await open_terminal(conn)
            await screen.wait_for(SECTION_ONE)  # straight onto the assessment
            screen.send(ESCAPE)
            await screen.wait_for(ONE)  # no way home, and it says why
            screen.send(" ")
            await screen.wait_for("1/8 answered")  # still on the assessment
            assert HOME_TEXT not in screen.text()
            started = time.monotonic()
            removed = invite(capsys, state, "--remove", "dana lee")
            assert "Removed Dana Lee (1 key)" in removed
            await screen.closed(timeout=10)
            assert time.monotonic() - started < 5
            said = (await screen.process.stderr.read()).decode()
            assert "Your access to this server was removed" in said
            assert screen.output.endswith(RESTORE_TERMINAL)  # the terminal is usable again
        server.wait_line(r'disconnect name="Dana Lee" .*reason=removed')
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(server.port, dana)
    assert len(list_sessions(sessions_dir)) == 2  # nothing deleted, nothing started


async def test_the_servers_session_keeps_every_unscoped_key_on_it(
    tmp_path, state, bank, sessions_dir, capsys
):
    hire = Assessment.start(bank, sessions_dir, "Payments API hire").path
    alice, _ = make_key(tmp_path, "alice")
    invite(capsys, state, "alice", "--key", str(pub_file(tmp_path, alice, "alice")))
    with ServerProcess(state, "--session", hire.name) as server:
        async with await connect(server.port, alice) as conn:
            screen = await open_terminal(conn)
            await screen.wait_for(SECTION_ONE)
            pid = int(server.wait_line(r"session name=alice .*pid=(\d+)").group(1))
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            assert f"HIRING_CLARITY_ONLY={hire}".encode() in environ
            screen.send(ESCAPE)
            await screen.wait_for(ONE)
            screen.send(" ")
            await screen.wait_for("1/8 answered")
            assert HOME_TEXT not in screen.text()
            screen.send(CTRL_Q)
            await screen.closed()


def test_invite_keeps_other_lines_and_a_second_invite_replaces_the_key(tmp_path, state, capsys):
    keys = state / "authorized_keys"
    state.mkdir()
    _, hand = make_key(tmp_path, "by-hand")
    keys.write_text(f"# written by hand\n{hand}\n")
    keys.chmod(0o600)
    sam, _ = make_key(tmp_path, "sam")
    sam_pub = str(pub_file(tmp_path, sam, "sam"))
    invite(capsys, state, 'Sam "the observer"', "--key", sam_pub)
    again = invite(capsys, state, 'Sam "the observer"', "--key", sam_pub, "--watch")
    assert again.startswith('Updated Sam "the observer": watches')
    text = keys.read_text()
    assert text.startswith(f"# written by hand\n{hand}\n") and text.count("ssh-ed25519") == 2
    people = {p.name: p for p in KeyFile(keys, print)._read().values()}
    assert people['Sam "the observer"'].watcher
    assert keys.stat().st_mode & 0o077 == 0


def test_invite_refuses_a_private_key_and_a_missing_assessment(tmp_path, state, capsys):
    private = tmp_path / "id_ed25519"
    private.write_bytes(asyncssh.generate_private_key("ssh-ed25519").export_private_key())
    assert main(["invite", "x", "--key", str(private), "--state-dir", str(state)]) == 2
    assert "private key" in capsys.readouterr().err
    key, _ = make_key(tmp_path, "x")
    args = ["invite", "x", "--key", str(pub_file(tmp_path, key, "x")), "--session", "nope1234"]
    assert main([*args, "--state-dir", str(state)]) == 2
    assert "no session" in capsys.readouterr().err
    assert not (state / "authorized_keys").exists()
