"""Issue 11's rows: two apps on one session, a big paste into a note, keys while a colleague saves.

Each takes the bench (``bench.__main__.Bench``: tmux server, scratch folder, runs) and adds its
row and notes; the method of each is in docs/performance.md.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bench import terminal
from bench.processes import environment
from bench.stats import Figure, Row, percentile
from tui.core.bank.models import ChoiceQuestion
from tui.core.storage.reading import read_session

if TYPE_CHECKING:
    from bench.__main__ import Bench

SHOWN_CHANGES = 50
"""Answers given in app A per run of the pair row; the p95 of their times to app B."""
GAP = 0.3
"""Seconds between two of A's answers: B settles, and the next change starts from quiet."""
PASTE = 5000
COLLEAGUE_EVERY = 0.3
"""Seconds between two saves of the colleague in the key row."""
COLLEAGUE = """
import sys, time
from pathlib import Path
from tui.core.assessment import Assessment
from tui.core.bank.loading import load_bank
from tui.core.session.models import Answer
bank = load_bank()
question = bank.criteria[2].questions[0]
assessment = Assessment.open(bank, Path(sys.argv[1]))
n = 0
while True:
    n += 1
    assessment.note(question.id, f"colleague save {n}")
    time.sleep(float(sys.argv[2]))
"""
"""A colleague's app saving the session: a note on a question of the third section."""


def _picked(labels: list[str], target: int) -> Callable[[list[str]], bool]:
    """A ready test: the first question's card shows option ``target`` of two picked.

    The card, not the panel: the panel's lower rows may be under a notice of the merge."""

    def ready(screen: list[str]) -> bool:
        marks = []
        for label in labels:
            line = next((line for line in screen if label in line), "")
            marks.append("(\u25cf)" in line)
        return marks == [index == target for index in range(len(labels))]

    return ready


def _labels(bench: Bench) -> list[str]:
    """The start of the first question's first two options, as its card draws them."""
    question = bench.bank.criteria[0].questions[0]
    if not isinstance(question, ChoiceQuestion):
        raise RuntimeError(f"the pair rows expect question {question.id} to be a choice")
    return [option.label[:24] for option in question.options[:2]]


def shown_in_other_app(bench: Bench) -> None:
    """Answer in app A -> shown in app B, two tmux sessions on the same session file."""
    directory, path = bench.session_dir("pair-shown")
    env = {"HIRING_CLARITY_SESSIONS": str(directory)}
    ready = terminal.criterion_ready(bench.bank.criteria[0].title)
    labels = _labels(bench)
    argv = [bench.app, "resume", str(path)]
    typist, watcher = bench.tmux.launch(argv, env), bench.tmux.launch(argv, env)
    try:
        bench.tmux.wait(typist, ready)
        bench.tmux.wait(watcher, ready)
        time.sleep(terminal.SETTLE)
        bench.tmux.wait(watcher, _picked(labels, 0))
        current = 0
        p95s: list[float] = []
        every: list[float] = []
        for run in range(bench.runs + 1):
            samples = []
            for _ in range(SHOWN_CHANGES if run else 10):
                target = 1 - current
                bench.tmux.keys(typist, "Up" if target == 0 else "Down")
                time.sleep(0.05)
                start = time.perf_counter()
                bench.tmux.keys(typist, "Space")
                seen = bench.tmux.wait(watcher, _picked(labels, target), timeout=5.0)
                samples.append((seen - start) * 1000)
                current = target
                time.sleep(GAP)
            if run:
                p95s.append(percentile(samples, 0.95))
                every.extend(samples)
    finally:
        bench.tmux.stop(typist)
        bench.tmux.stop(watcher)
    bench.notes.append(
        f"Answer in A -> shown in B, all {len(every)} timed answers: median "
        f"{percentile(every, 0.5):.0f} ms, p95 {percentile(every, 0.95):.0f} ms, max "
        f"{max(every):.0f} ms (file-system events; the poll alone would take up to 1 s)."
    )
    bench.rows.append(
        Row(
            f"answer in app A -> shown in app B (same session), p95 of {SHOWN_CHANGES}",
            Figure.of(p95s, "ms"),
            "p95 <= 250 ms",
            250.0,
        )
    )


def _paste_once(bench: Bench, name: str, keys: bool) -> tuple[float, int]:
    """Milliseconds from the paste to the note saved and drawn, and the revisions it took."""
    directory, path = bench.session_dir(name)
    question = bench.bank.criteria[0].questions[0].id
    text = ("pasted interview notes " * (PASTE // 23 + 1))[: PASTE - 8] + " END" + name[-4:]
    tmux = bench.tmux
    window = tmux.launch(
        [bench.app, "resume", str(path)], {"HIRING_CLARITY_SESSIONS": str(directory)}
    )
    try:
        tmux.wait(window, terminal.criterion_ready(bench.bank.criteria[0].title))
        time.sleep(terminal.SETTLE)
        tmux.keys(window, "Tab")
        time.sleep(0.3)
        before = read_session(path).revision
        start = time.perf_counter()
        if keys:  # typed in as keys, as a terminal without bracketed paste sends it
            tmux.keys(window, "-l", text)
        else:  # what a terminal sends for a paste once the app asked for bracketed paste
            tmux.paste(window, text)
        tail = text[-12:]
        tmux.wait(window, lambda screen: any(tail in line for line in screen), timeout=120)

        def saved() -> bool:
            answer = read_session(path).answers.get(question)  # the fixture's note + paste
            return answer is not None and (answer.note or "").endswith(text)

        deadline = time.perf_counter() + 120
        while not saved():
            if time.perf_counter() > deadline:
                raise RuntimeError("the pasted note was never saved")
            time.sleep(0.005)
        elapsed = (time.perf_counter() - start) * 1000
        return elapsed, read_session(path).revision - before
    finally:
        tmux.stop(window)


def paste(bench: Bench) -> None:
    """A 5,000-character paste into a note -> saved and shown; and the revisions it made."""
    times: list[float] = []
    revisions: list[int] = []
    for run in range(bench.runs + 1):
        ms, count = _paste_once(bench, f"paste-{run:04d}", keys=False)
        if run:
            times.append(ms)
            revisions.append(count)
    keys_ms, keys_revisions = _paste_once(bench, "paste-keys", keys=True)
    bench.notes.append(
        f"The same {PASTE:,} characters typed in as keys (`send-keys -l`, a terminal without "
        f"bracketed paste): {keys_ms / 1000:.1f} s to saved and shown, {keys_revisions} "
        "revisions (Textual handles each key on its own; a save at most every 2 s)."
    )
    most = max(revisions)
    bench.rows.append(
        Row(
            f"{PASTE:,}-character paste into a note -> saved and shown (revisions: {most} at most)",
            Figure.of(times, "ms"),
            "<= 1 s, <= 10 revisions",
            1000.0,
            extra_ok=most <= 10,
            extra="" if most <= 10 else f"{most} revisions",
        )
    )


def _card_latencies(
    bench: Bench, directory: Path, path: Path, labels: list[str]
) -> list[list[float]]:
    """``terminal.key_latencies``, with done read from the card instead of the panel: a
    colleague's merges put notices over the panel, and the card is redrawn in the same frame
    (one handler saves, then refreshes card and panel)."""
    window = bench.tmux.launch(
        [bench.app, "resume", str(path)], {"HIRING_CLARITY_SESSIONS": str(directory)}
    )
    try:
        bench.tmux.wait(window, terminal.criterion_ready(bench.bank.criteria[0].title))
        time.sleep(terminal.SETTLE)
        current = 0
        found: list[list[float]] = []
        for run in range(bench.runs + 1):
            samples = []
            for _ in range(bench.changes if run else max(10, bench.changes // 10)):
                target = 1 - current
                bench.tmux.keys(window, "Up" if target == 0 else "Down")
                time.sleep(0.05)
                start = time.perf_counter()
                bench.tmux.keys(window, "Space")
                seen = bench.tmux.wait(window, _picked(labels, target), timeout=5.0)
                samples.append((seen - start) * 1000)
                current = target
                time.sleep(0.03)
            if run:
                found.append(samples)
        return found
    finally:
        bench.tmux.stop(window)


def keys_with_colleague(bench: Bench) -> None:
    """Key -> screen p95 while a colleague saves every 300 ms, against the same row alone."""
    labels = _labels(bench)
    alone = _card_latencies(bench, *bench.session_dir("keys-alone"), labels)
    directory, path = bench.session_dir("keys-paired")
    colleague = subprocess.Popen(
        [sys.executable, "-c", COLLEAGUE, str(path), str(COLLEAGUE_EVERY)],
        cwd=Path(__file__).resolve().parents[1],
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        paired = _card_latencies(bench, directory, path, labels)
    finally:
        colleague.terminate()
        colleague.wait(timeout=10)
    notes = [a.note or "" for a in read_session(path).answers.values()]
    if not any(note.startswith("colleague save") for note in notes):
        raise RuntimeError("the colleague never saved")
    if colleague.returncode not in (0, -15):
        raise RuntimeError(
            "the colleague failed: "
            + (colleague.stderr.read().decode() if colleague.stderr else "")
        )
    bench.rows.append(
        Row(
            f"key -> panel p95 of {bench.changes} while a colleague saves every "
            f"{COLLEAGUE_EVERY * 1000:.0f} ms",
            Figure.of(terminal.p95s(paired), "ms"),
            "<= 1.2x alone",
            1.2,
            Figure.of(terminal.p95s(alone), "ms"),
            "the same row alone",
        )
    )
