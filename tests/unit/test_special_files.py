"""Named pipes, sockets and damaged files that used to hang or crash ``list``, ``report``,
``validate`` and the home screen: each is one line naming the file, never a traceback or a hang.

Real named pipes (``os.mkfifo``) and sockets; the commands run as real processes with a
timeout, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.test_cli import SHIPPED_BANK, assert_usage_error, run
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.storage.listing import list_sessions

TIMEOUT = 20

EXAMPLE = Path(__file__).resolve().parents[2] / "sessions" / "example-checkout-mvp.toml"


DAMAGE = {
    "5,000-digit integer": ("revision = 1", "revision = " + "9" * 5000),
    "time beyond UTC": (
        "updated = 2026-11-20 09:52:00+00:00",
        "updated = 9999-12-31 23:59:59-23:59",
    ),
    "5,000-level nesting": ("revision = 1", "revision = 1\njunk = " + "[" * 5000 + "]" * 5000),
}
REASONS = {
    "5,000-digit integer": "a number too long to read",
    "time beyond UTC": "cannot be converted to UTC",
    "5,000-level nesting": "nested too deeply",
}


def _release(path: Path) -> None:
    """Open a pipe's write end once, so a reader stuck on it (a regression) is let go."""
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


@pytest.fixture
def pipe(sessions_dir: Path) -> Iterator[Path]:
    sessions_dir.mkdir(parents=True, exist_ok=True)
    path = sessions_dir / "pipe-abcd1234.toml"
    os.mkfifo(path)
    yield path
    _release(path)


@pytest.fixture
def damaged_files(sessions_dir: Path) -> dict[str, Path]:
    sessions_dir.mkdir(parents=True, exist_ok=True)
    good = EXAMPLE.read_text()
    files = {}
    for number, (name, (old, new)) in enumerate(DAMAGE.items()):
        assert old in good
        path = sessions_dir / f"damaged-{number}.toml"
        path.write_text(good.replace(old, new, 1))
        files[name] = path
    return files


# -- named pipes and sockets (item 6) ----------------------------------------------------------


def test_list_with_a_named_pipe_and_a_socket_never_hangs(sessions_dir, pipe, assessment_saved):
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sessions_dir / "sock-abcd1234.toml"))
        result = run_with_timeout("list", sessions=sessions_dir)
    assert result.returncode == 0, result.stderr
    assert "DAMAGED: not a regular file (a named pipe)" in result.stdout
    assert "DAMAGED: not a regular file (a socket)" in result.stdout
    assert "Payments API hire" in result.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_listed_never_opened(sessions_dir, assessment_saved):
    """/dev/zero under a session's name used to be opened and read (8 MB of zeros): a device
    is known from the folder listing and never opened."""
    os.mknod(sessions_dir / "zero-abcd1234.toml", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    result = run_with_timeout("list", sessions=sessions_dir)
    assert result.returncode == 0, result.stderr
    assert "DAMAGED: not a regular file (a device)" in result.stdout


def test_report_of_a_named_pipe_is_one_line(sessions_dir, pipe):
    result = run_with_timeout("report", str(pipe), sessions=sessions_dir)
    assert_usage_error(result, "pipe-abcd1234.toml", "not a regular file (a named pipe)")


def test_validate_with_a_named_pipe_in_the_bank(bank_copy):
    os.mkfifo(bank_copy / "05-pipe.toml")
    try:
        result = run_with_timeout("validate", str(bank_copy), sessions=bank_copy.parent)
    finally:
        _release(bank_copy / "05-pipe.toml")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{bank_copy / '05-pipe.toml'}: not a regular file (a named pipe)" in result.stderr


# -- damaged sessions (item 7) -----------------------------------------------------------------


def test_list_shows_one_damaged_line_per_bad_file(sessions_dir, damaged_files, assessment_saved):
    result = run_with_timeout("list", sessions=sessions_dir)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for name, path in damaged_files.items():
        line = next(x for x in result.stdout.splitlines() if x.startswith(path.name))
        assert "DAMAGED: " in line and REASONS[name] in line, line
    assert "Payments API hire" in result.stdout


@pytest.mark.parametrize("name", list(DAMAGE))
def test_report_of_a_damaged_file_is_one_line(sessions_dir, damaged_files, name):
    path = damaged_files[name]
    result = run_with_timeout("report", str(path), sessions=sessions_dir)
    assert_usage_error(result, path.name, REASONS[name])


@pytest.mark.parametrize("header_only", [True, False])
def test_damaged_files_are_listed_in_process(sessions_dir, damaged_files, header_only):
    rows = {row.path: row for row in list_sessions(sessions_dir, header_only)}
    for name, path in damaged_files.items():
        assert REASONS[name] in rows[path].error


async def test_home_screen_lists_pipes_and_damaged_files(sessions_dir, pipe, damaged_files):
    from textual.widgets import DataTable

    from tui.app import make_app

    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        rows = [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
    text = "\n".join(rows)
    assert "not a regular file (a named pipe)" in text
    for reason in REASONS.values():
        assert reason in text, text


# -- the question bank (item 8) ----------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    ["huge = " + "9" * 5000, "junk = " + "[" * 5000 + "]" * 5000],
    ids=["5,000-digit integer", "5,000-level nesting"],
)
def test_validate_a_bank_with_a_damaged_file(bank_copy, damage):
    path = bank_copy / "bank.toml"
    path.write_text(damage + "\n" + path.read_text())
    result = run_with_timeout("validate", str(bank_copy), sessions=bank_copy.parent)
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{path}: TOML syntax error: ")


def _big_bank(root: Path, questions: int) -> Path:
    """The shipped bank plus one criterion file of ``questions`` questions, each shown only
    after the one before it (every cross-file check has something to look at)."""
    import shutil

    target = root / f"bank-{questions}"
    shutil.copytree(SHIPPED_BANK, target)
    lines = ['id = "big"', 'title = "Big"']
    for i in range(questions):
        lines += [
            "[[questions]]",
            f'id = "q{i}"',
            'kind = "single"',
            f'prompt = "Q{i}?"',
            "[[questions.options]]",
            'id = "a"',
            'label = "A"',
            "[[questions.options]]",
            'id = "b"',
            'label = "B"',
        ]
        if i:
            lines += ["[questions.show_if]", f'question = "q{i - 1}"', 'any_of = ["a"]']
    (target / "05-big.toml").write_text("\n".join(lines) + "\n")
    return target


@pytest.mark.slow
def test_validating_a_big_bank_grows_linearly(tmp_path):
    """Four times the questions must cost about four times as long, not sixteen (the checks
    used to read the whole file again for every question). Best of two runs each, in a
    fresh process, so a busy machine does not decide it."""
    code = (
        "import sys, time; from tui.core.bank.loading import load_bank; "
        "t = time.perf_counter(); load_bank(sys.argv[1]); print(time.perf_counter() - t)"
    )

    def seconds(bank: Path) -> float:
        runs = [
            subprocess.run(
                [sys.executable, "-c", code, str(bank)],
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
            for _ in range(2)
        ]
        return min(float(r.stdout) for r in runs)

    small, big = seconds(_big_bank(tmp_path, 1000)), seconds(_big_bank(tmp_path, 4000))
    print(f"1,000 questions: {small:.2f} s, 4,000: {big:.2f} s")
    assert big / small < 8, f"1,000 questions: {small:.2f} s, 4,000: {big:.2f} s"


# -- helpers -----------------------------------------------------------------------------------


@pytest.fixture
def assessment_saved(bank: Bank, sessions_dir: Path) -> Assessment:
    return Assessment.start(bank, sessions_dir, "Payments API hire")


def run_with_timeout(*args: str, sessions: Path) -> subprocess.CompletedProcess[str]:
    """``run`` with a short timeout: a hang fails the test (TimeoutExpired) within seconds."""
    try:
        return run(*args, sessions=sessions, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"hiring-clarity {' '.join(args)} hung for {TIMEOUT} s")
