"""The keys file: names, watchers, refused options, bad lines skipped, re-read on change;
and the serve command's own checks (the missing extra, the host key's permissions)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import asyncssh
import pytest

from tests.serve.helpers import make_key
from tui.cli.main import main
from tui.serve.hostkey import HOST_KEY_NAME, HostKeyError, load_or_create
from tui.serve.keys import KeyFile, Person, parse_line


def person(found: str | Person | None) -> Person:
    """The person a line (or a lookup) names; the test fails when it names none."""
    if isinstance(found, str):
        found = parse_line(found)
    assert found is not None
    return found


@pytest.fixture
def key(tmp_path: Path) -> tuple[asyncssh.SSHKey, str]:
    return make_key(tmp_path, "alice@laptop")


def test_the_name_is_the_option_else_the_comment_else_the_fingerprint(key):
    private, line = key
    bare = " ".join(line.split()[:2])
    assert person(line).name == "alice@laptop"
    assert person(f'name="Alice Smith, CTO" {line}').name == "Alice Smith, CTO"
    assert person(bare).name == private.get_fingerprint()
    assert not person(line).watcher
    assert person(f"watcher {line}").watcher
    assert person(f'watcher,name="Bob" {line}').watcher
    assert parse_line("  # a comment") is None and parse_line("") is None


def test_a_name_cannot_draw_on_the_terminal(key):
    _, line = key
    assert "\x1b" not in person(f'name="\x1b[2JEve" {line}').name


@pytest.mark.parametrize("options", ['from="10.0.0.0/8"', 'command="sh"', "restrict"])
def test_options_we_do_not_enforce_refuse_the_line(key, options):
    with pytest.raises(ValueError, match="not supported"):
        parse_line(f"{options} {key[1]}")


def test_a_bad_line_is_reported_and_the_others_still_work(tmp_path, key):
    private, line = key
    path = tmp_path / "authorized_keys"
    path.write_text(f'ssh-ed25519 not-base64!\nfrom="x" {line}\n{line}\n')
    problems: list[str] = []
    keys = KeyFile(path, problems.append)
    assert person(keys.lookup(private)).name == "alice@laptop"
    assert [p.split(": ")[0] for p in problems] == [f"{path}:1", f"{path}:2"]


def test_the_file_is_read_again_when_it_changes(tmp_path, key):
    private, line = key
    path = tmp_path / "authorized_keys"
    keys = KeyFile(path, print)
    assert keys.lookup(private) is None  # no file yet: nobody
    path.write_text(line + "\n")
    assert keys.lookup(private) is not None
    path.write_text("")
    assert keys.lookup(private) is None


def test_a_keys_file_others_can_write_lets_nobody_in(tmp_path, key):
    private, line = key
    path = tmp_path / "authorized_keys"
    path.write_text(line + "\n")
    os.chmod(path, 0o666)
    problems: list[str] = []
    assert KeyFile(path, problems.append).lookup(private) is None
    assert "chmod go-w" in problems[0]


def test_serve_without_the_extra_says_which_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "asyncssh", None)  # what an install without [ssh] has
    assert main(["serve", "--ssh"]) == 2
    assert "pip install 'hiring-clarity[ssh]'" in capsys.readouterr().err


def test_serve_needs_ssh_or_web(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["serve"])
    assert stopped.value.code == 2


def test_a_host_key_others_can_read_is_refused(tmp_path):
    load_or_create(tmp_path)
    os.chmod(tmp_path / HOST_KEY_NAME, 0o644)
    with pytest.raises(HostKeyError, match="chmod 600"):
        load_or_create(tmp_path)


def test_the_server_modules_never_import_textual():
    """The server process runs for days beside many apps: it carries none of Textual."""
    import subprocess

    code = (
        "import sys, tui.serve.ssh, tui.serve.web, tui.serve.command, tui.cli.main;"
        "tui.cli.main.build_parser();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_a_session_that_does_not_exist_stops_the_server_at_once(tmp_path, capsys):
    assert main(["serve", "--ssh", "--state-dir", str(tmp_path), "--session", "nope"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path):
    import socket
    import subprocess

    from tests import REPO
    from tests.reliability.pty_app import TUI, base_env

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [*TUI, "serve", "--ssh", "--port", str(port), "--state-dir", str(tmp_path)],
            cwd=REPO,
            env=base_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert "address already in use" in done.stderr.lower()
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("hiring-box", False),
    ],
)
def test_only_loopback_addresses_count_as_this_machine(host, loopback):
    from tui.serve.ssh import is_loopback

    assert is_loopback(host) is loopback
