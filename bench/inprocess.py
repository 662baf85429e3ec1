"""Figures measured inside this process: the engine and the autosave."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.fixtures import full_answers, make_session, with_notes
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.storage.folders import ensure_dir
from tui.core.storage.session_file import SessionFile, session_path
from tui.core.verdict.engine import recommend

ENGINE_CALLS = 1000
SAVES = 40


def _median_ms(call: Callable[[], object], times: int) -> float:
    samples = []
    for _ in range(times):
        start = time.perf_counter_ns()
        call()
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples) / 1e6


def engine_runs(bank: Bank, runs: int) -> list[float]:
    """Per run, the median time of one ``recommend`` over the fully answered bank."""
    answers = full_answers(bank)
    assert recommend(bank, answers).answered == len(answers), "not every answer counted"
    _median_ms(lambda: recommend(bank, answers), ENGINE_CALLS)
    return [_median_ms(lambda: recommend(bank, answers), ENGINE_CALLS) for _ in range(runs)]


def autosave_runs(bank: Bank, runs: int, parent: Path) -> list[float]:
    """Per run, the median ``Assessment.save()``: what the app does after every answer.

    That is the recommendation refresh, the folder lock, the merge check, the TOML dump, the
    backup link and the fsynced atomic replace, for a full session with 10 KB of notes.
    """
    directory = ensure_dir(Path(tempfile.mkdtemp(prefix="autosave-", dir=parent)))
    session = make_session(bank, "Autosave bench", with_notes(full_answers(bank)))
    path = session_path(directory, session)
    assessment = Assessment(bank, SessionFile(path, session))
    notes = sum(len(a.note or "") for a in session.answers.values())
    assert notes >= 10 * 1000, f"only {notes} characters of notes"
    _median_ms(assessment.save, SAVES)
    return [_median_ms(assessment.save, SAVES) for _ in range(runs)]
