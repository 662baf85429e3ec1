"""Escape sequences in files never reach the terminal raw: every line printed from a session
file or the question bank (an error quoting a key, a role name, the bank version) shows control
and bidi characters as visible escapes. Real files, the real command line in a real process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_cli import SHIPPED_BANK, run
from tui.core.assessment import Assessment
from tui.core.bank.loading import load_bank
from tui.core.bank.models import Bank
from tui.core.session.models import Answer

# OSC 52 (write the clipboard), OSC 0 (retitle the window), CSI clear screen, C1 CSI, RLO.
HOSTILE = "\x1b]52;c;aGk=\x07\x1b]0;owned\x07\x1b[2J\x9b31m\u202eevil"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def toml_escaped(text: str) -> str:
    """``text`` as the inside of a TOML basic string (every non-ASCII character escaped)."""
    return "".join(c if c.isascii() and c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def assert_shown_not_obeyed(output: str) -> None:
    for char in RAW:
        assert char not in output, f"raw {char!r} printed: {output!r}"
    assert "\\x1b]52;c;aGk=\\x07" in output and "\\u202eevil" in output, output


@pytest.fixture
def hostile_session(bank: Bank, sessions_dir: Path) -> Path:
    """A session file damaged by hand: an unknown key holding escape sequences."""
    path = Assessment.start(bank, sessions_dir, "Payments API hire").path
    text = path.read_text()
    path.write_text(text.replace("revision = ", f'"{toml_escaped(HOSTILE)}" = 1\nrevision = ', 1))
    return path


def test_report_of_a_damaged_session_shows_escapes(sessions_dir, hostile_session):
    result = run("report", str(hostile_session), sessions=sessions_dir)
    assert result.returncode == 2
    assert_shown_not_obeyed(result.stderr)


def test_list_of_a_damaged_session_shows_escapes(sessions_dir, hostile_session):
    result = run("list", sessions=sessions_dir)
    assert result.returncode == 0
    assert_shown_not_obeyed(result.stdout)


VERSION_LINE = f'version = "{load_bank(SHIPPED_BANK).version}"'


def edit(bank_dir: Path, name: str, old: str, new: str) -> None:
    path = bank_dir / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_report_text_shows_escapes_in_a_role_name(bank, sessions_dir, bank_copy):
    edit(
        bank_copy,
        "bank.toml",
        'name = "Flask specialist"',
        f'name = "Flask specialist{toml_escaped(HOSTILE)}"',
    )
    started = Assessment.start(bank, sessions_dir, "Payments API hire")
    started.answer("primary-outcome", Answer(choice="mvp"))
    for fmt in ("text", "markdown"):
        result = run(
            "report", str(started.path), "--format", fmt, sessions=sessions_dir, questions=bank_copy
        )
        assert result.returncode == 0, result.stderr
        assert_shown_not_obeyed(result.stdout)


def test_validate_shows_escapes_in_the_bank_version(sessions_dir, bank_copy):
    edit(bank_copy, "bank.toml", VERSION_LINE, f'version = "{toml_escaped(HOSTILE)}"')
    result = run("validate", str(bank_copy), sessions=sessions_dir)
    assert result.returncode == 0, result.stderr
    assert_shown_not_obeyed(result.stdout)


def test_validate_shows_escapes_in_a_quoted_key(sessions_dir, bank_copy):
    edit(bank_copy, "bank.toml", VERSION_LINE, f'{VERSION_LINE}\n"{toml_escaped(HOSTILE)}" = 1')
    result = run("validate", str(bank_copy), sessions=sessions_dir)
    assert result.returncode == 1
    assert_shown_not_obeyed(result.stderr)
