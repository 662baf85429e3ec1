"""The sync row: ``hiring-clarity sync`` against a bare ``git pull`` of the same repository.

A bare repository on disk holds 1,000 assessments. Each round a writer changes one answer of one
assessment and pushes it; then one clone takes it in with ``hiring-clarity sync`` and another,
identical clone with ``git pull`` (the order flips every round), each timed as a whole process.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path

from bench.fixtures import many_sessions
from bench.processes import wall_ms
from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.session.models import Answer
from tui.core.storage.listing import session_files

COUNT = 1000
IDENTITY = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def _run(argv: list[str], env: Mapping[str, str], cwd: Path) -> None:
    done = subprocess.run(argv, env=dict(env), cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr[-2000:]}")


def sync_runs(
    bank: Bank, work: Path, runs: int, app: str, env: Mapping[str, str]
) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds of ``sync``, of ``git pull`` and of the app's Python starting and exiting
    with nothing to do (``--help``: the floor under any command), per round after a warm-up."""
    env = {**env, **IDENTITY}
    work.mkdir(parents=True, exist_ok=True)
    remote, writer, synced, pulled = (work / n for n in ("remote.git", "writer", "sync", "pull"))
    _run(["git", "init", "-q", "--bare", str(remote)], env, work)
    many_sessions(bank, writer, COUNT)
    for folder in (writer, synced):
        _run(
            [app, "sync", "--init", str(remote)],
            {**env, "HIRING_CLARITY_SESSIONS": str(folder)},
            work,
        )
    _run(["git", "clone", "-q", str(remote), str(pulled)], env, work)
    target = session_files(writer)[COUNT // 2]
    scale = next(q.id for q in bank.questions if q.kind == "scale")
    sync_env = {**env, "HIRING_CLARITY_SESSIONS": str(synced)}
    timings: tuple[list[float], list[float], list[float]] = ([], [], [])
    for run in range(runs + 1):
        Assessment.open(bank, target).answer(scale, Answer(value=run % 5 + 1))
        _run([app, "sync"], {**env, "HIRING_CLARITY_SESSIONS": str(writer)}, work)
        measures = [
            lambda: wall_ms([app, "sync"], sync_env, work),
            lambda: wall_ms(["git", "pull", "-q", "--no-rebase"], env, pulled),
            lambda: wall_ms([app, "--help"], env, work),
        ]
        order = [0, 1, 2] if run % 2 == 0 else [2, 1, 0]
        for index in order:
            value = measures[index]()
            if run:
                timings[index].append(value)
    name = target.name
    if (synced / name).read_bytes() != (pulled / name).read_bytes():
        raise RuntimeError("sync and git pull left different files")
    return timings
