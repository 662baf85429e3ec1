"""`report --output PATH`: the file is written where asked, privately, and the CLI says where."""

from __future__ import annotations

import os

from tests.unit.test_cli import assert_usage_error, run
from tui.core.assessment import Assessment
from tui.core.session.models import Answer


def make(bank, sessions_dir) -> Assessment:
    started = Assessment.start(bank, sessions_dir, "Output hire", assessor="Ann")
    started.answer("primary-outcome", Answer(choice="mvp"))
    started.set_notes("Overall: promising")
    return started


def test_report_to_a_file_says_where(bank, sessions_dir, tmp_path):
    started = make(bank, sessions_dir)
    target = tmp_path / "card.md"
    result = run(
        "report",
        started.session.id,
        "--format",
        "markdown",
        "--output",
        str(target),
        sessions=sessions_dir,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Report (markdown) written to {target}"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Role scorecard: Output hire") and "Overall: promising" in text
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_report_into_a_folder_uses_the_session_name(bank, sessions_dir, tmp_path):
    started = make(bank, sessions_dir)
    out = tmp_path / "out"
    out.mkdir()
    result = run(
        "report",
        started.session.id,
        "--format",
        "json",
        "--output",
        str(out),
        sessions=sessions_dir,
    )
    assert result.returncode == 0, result.stderr
    written = out / (started.path.stem + ".report.json")
    assert written.exists() and str(written) in result.stdout
    assert os.listdir(out) == [written.name], "a temporary file was left behind"


def test_report_to_a_missing_folder_is_one_line(bank, sessions_dir, tmp_path):
    started = make(bank, sessions_dir)
    result = run(
        "report",
        started.session.id,
        "--output",
        str(tmp_path / "nope" / "x.txt"),
        sessions=sessions_dir,
    )
    assert_usage_error(result, "no such folder")
