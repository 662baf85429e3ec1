"""Figures of whole processes: the report command's wall time and a full assessment's memory."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

TIME = "/usr/bin/time"
# Without GNU time: a fresh parent runs the child and reports its children's peak (KiB).
_RUSAGE = (
    "import resource, subprocess, sys; "
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE); "
    "sys.stderr.write('Maximum resident set size (kbytes): %d\\n' "
    "% resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
    "sys.stdout.write(done.stdout.decode()); sys.exit(done.returncode)"
)


def environment(**extra: str) -> dict[str, str]:
    """This process's environment without the app's own settings, animations off."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIRING_CLARITY_")}
    env.update(TEXTUAL_ANIMATIONS="none", **extra)
    return env


def wall_ms(argv: Sequence[str], env: Mapping[str, str], cwd: Path) -> float:
    """Milliseconds from spawning ``argv`` to its exit; it must succeed."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=dict(env), cwd=cwd, capture_output=True, check=False)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.decode()[-2000:]}")
    return elapsed


def max_rss(argv: Sequence[str], env: Mapping[str, str], cwd: Path) -> tuple[float, str]:
    """Peak resident memory of ``argv`` in MiB (``/usr/bin/time -v``), and what it printed."""
    wrapper = [TIME, "-v"] if shutil.which(TIME) else [sys.executable, "-c", _RUSAGE]
    done = subprocess.run(
        [*wrapper, *argv], env=dict(env), cwd=cwd, capture_output=True, text=True, check=False
    )
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    if done.returncode != 0 or match is None:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr[-2000:]}")
    return int(match.group(1)) / 1024, done.stdout


def import_times(
    argv: Sequence[str], env: Mapping[str, str], cwd: Path
) -> list[tuple[str, float, bool]]:
    """Every module a Python command imports: name, cumulative ms, and whether it is top-level.

    ``argv[0]`` must be the Python interpreter; ``-X importtime`` is put after it.
    """
    done = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]],
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    found = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)$", line)
        if match:
            found.append((match.group(3), int(match.group(1)) / 1000, not match.group(2)))
    return found
