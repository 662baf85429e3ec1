"""What a user gets from ``pip install 'hiring-clarity[ssh,web]'``: every file of the package,
every command, and the full-screen app in a real terminal (run by ``make test-installed``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests import REPO
from tests.installed.conftest import Installed
from tests.reliability.pty_app import CTRL_Q, PtyApp

TITLE = "Wheel hire"  # short: the home list cuts long titles at 100 columns


def _package_files(root: Path) -> set[str]:
    """The package's own files under ``root``: modules, styles and the question bank."""
    return {
        str(path.relative_to(root))
        for kind in ("*.py", "*.tcss", "*.toml")
        for path in root.rglob(kind)
        if "__pycache__" not in path.parts
    }


def _assess_through_a_pipe(installed: Installed) -> str:
    """A whole assessment typed into plain mode at once (every line in one write), as a script
    or a paste would; the new session's id."""
    lines = ["1"] * 60 + ["notes Installed from a wheel", "done"]
    result = installed.run(
        "--plain", "new", TITLE, "--assessor", "Ann", typed="\n".join(lines) + "\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Verdict:" in result.stdout and "Marked done." in result.stdout
    saved = sorted(installed.sessions.glob("*.toml"))
    assert len(saved) == 1, saved
    return saved[0].stem.rsplit("-", 1)[-1]


def test_every_file_of_the_tree_is_installed(installed: Installed) -> None:
    where = Path(installed.python("import os, tui; print(os.path.dirname(tui.__file__))"))
    assert REPO not in where.resolve().parents, f"tui imported from the checkout: {where}"
    missing = _package_files(REPO / "tui") - _package_files(where)
    assert not missing, f"left out of the package: {sorted(missing)}"


def test_version_is_the_package_metadata(installed: Installed) -> None:
    expected = installed.python(
        "from importlib.metadata import version; print(version('hiring-clarity'))"
    )
    result = installed.run("--version")
    assert result.returncode == 0 and result.stdout == f"hiring-clarity {expected}\n"


def test_help_of_every_command(installed: Installed) -> None:
    for args in (["--help"], ["serve", "--help"], ["sync", "--help"], ["report", "--help"]):
        result = installed.run(*args)
        assert result.returncode == 0 and result.stdout.startswith("usage: hiring-clarity"), args


def test_the_installed_bank_validates(installed: Installed) -> None:
    result = installed.run("validate")
    assert result.returncode == 0 and " is valid: 4 criteria" in result.stdout, result


def test_assess_list_and_report_in_every_format(installed: Installed) -> None:
    empty = installed.run("list")
    assert empty.returncode == 0 and "No saved assessments" in empty.stdout

    session_id = _assess_through_a_pipe(installed)
    listed = installed.run("list")
    assert TITLE in listed.stdout and session_id in listed.stdout

    usage = installed.run("report", "--help").stdout
    formats = re.search(r"--format \{([a-z,]+)\}", usage)
    assert formats, usage
    for kind in formats.group(1).split(","):
        report = installed.run("report", session_id, "--format", kind)
        assert report.returncode == 0 and report.stdout.strip(), (kind, report.stderr)
        if kind == "json":
            assert json.loads(report.stdout)["answered"] > 0
        else:
            assert TITLE in report.stdout, kind


def test_the_app_starts_in_a_real_terminal_and_lists_a_session(installed: Installed) -> None:
    _assess_through_a_pipe(installed)
    env = {**installed.env, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
    with PtyApp([installed.command], env, cwd=installed.home) as app:
        app.wait_for(TITLE, timeout=60)
        app.send(CTRL_Q)
        assert app.wait(timeout=30) == 0
