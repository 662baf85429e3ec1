"""Two managers on one session: two real processes saving it 500 times each lose nothing.

Each writer answers its own criterion's questions over and over (so every question gets many
successive values) and both overwrite the shared session notes now and then. At the end the
file must hold each writer's latest value for every question it answered, and the notes of the
latest save that set them; the save counter must count every save. The writers report how many
of their saves merged the other's changes, so the test cannot pass without real overlap.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import REPO
from tui.core.assessment import Assessment, summarize
from tui.core.session.answering import set_answer
from tui.core.session.models import Answer
from tui.core.storage.reading import read_session
from tui.core.verdict.engine import recommend

WRITER = [sys.executable, "-m", "tests.reliability.writer"]
SAVES = 500


def run_writers(path: Path, tmp_path: Path, plan: dict[str, int], count: int) -> dict[str, dict]:
    """Start one writer per tag (tag -> criterion number), let them go at once, collect reports."""
    go = tmp_path / "go"
    writers = {
        tag: subprocess.Popen(
            [*WRITER, str(path), tag, str(criterion), str(count), str(go)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag, criterion in plan.items()
    }
    try:
        deadline = time.monotonic() + 30
        while not all((tmp_path / tag).exists() for tag in plan):
            assert all(w.poll() is None for w in writers.values()), "a writer died starting"
            assert time.monotonic() < deadline, "the writers did not start"
            time.sleep(0.005)
        go.touch()
        reports = {}
        for tag, writer in writers.items():
            out, err = writer.communicate(timeout=120)
            assert writer.returncode == 0, f"{tag}: {err}"
            reports[tag] = json.loads(out)
        return reports
    finally:
        for writer in writers.values():
            if writer.poll() is None:
                writer.kill()
                writer.wait(timeout=10)


@pytest.mark.slow
def test_two_processes_saving_500_times_each_lose_nothing(bank, sessions_dir, tmp_path):
    start = Assessment.start(bank, sessions_dir, "Pair session")
    initial = start.session.revision
    reports = run_writers(start.path, tmp_path, {"A": 1, "B": 3}, SAVES)

    saved = read_session(start.path)
    for tag, report in reports.items():
        for qid, answer in report["answers"].items():
            assert saved.answers[qid] == Answer(**answer), f"{tag} lost {qid}"
    asked = {qid for report in reports.values() for qid in report["answers"]}
    assert set(saved.answers) == asked
    latest_notes = max((rev, note) for r in reports.values() for rev, note in r["notes"])
    assert saved.notes == latest_notes[1]
    # Every save counts once and writes once, a merging one too: its summary is recounted
    # with the other writer's answers before the one write.
    assert saved.revision == initial + 2 * SAVES, "a save was counted over another"
    assert saved.summary == summarize(recommend(bank, saved.answers))
    assert [r["conflicts"] for r in reports.values()] == [0, 0], "disjoint answers conflicted"
    merged = {tag: r["merged"] for tag, r in reports.items()}
    assert all(merged.values()), f"the writers never overlapped, nothing was tested: {merged}"
    print(f"saves that merged the other writer's changes: {merged}")


def test_refresh_takes_in_another_process_save_without_writing(bank, sessions_dir, tmp_path):
    """The live pair-session path: the app polls, sees the change and merges it, writing nothing."""
    mine = Assessment.start(bank, sessions_dir, "Pair session")
    initial = mine.session.revision
    assert not mine.file.changed_on_disk()
    assert mine.refresh().merged == []
    mine_only = bank.criteria[0].questions[0].id
    set_answer(bank, mine.session, mine_only, Answer(choice="mvp", note="not saved yet"))
    answered_before = mine.recommendation.answered

    theirs = run_writers(mine.path, tmp_path, {"B": 3}, 9)["B"]
    assert mine.file.changed_on_disk()
    on_disk = mine.path.read_bytes()
    stamp = mine.path.stat().st_mtime_ns

    result = mine.refresh()
    assert sorted(result.merged) == sorted([*theirs["answers"], "notes"])
    assert result.conflicts == []
    for qid, answer in theirs["answers"].items():
        assert mine.session.answers[qid] == Answer(**answer)
    assert mine.session.notes == theirs["notes"][-1][1]
    assert mine.session.answers[mine_only].note == "not saved yet", "refresh dropped my change"
    assert mine.recommendation.answered > answered_before
    assert mine.path.read_bytes() == on_disk and mine.path.stat().st_mtime_ns == stamp
    assert not mine.file.changed_on_disk()
    assert mine.refresh().merged == []

    mine.save()
    saved = read_session(mine.path)
    assert set(saved.answers) == {mine_only, *theirs["answers"]}
    assert saved.revision == initial + 9 + 1
