"""Figures seen in a real terminal: tmux runs the app, the pane is polled until text shows."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from bench.stats import percentile
from bench.tmux import Tmux, shows

Screen = list[str]
Ready = Callable[[Screen], bool]
PANEL_BORDER = "\u258f"
"""The left border of the side panel ('vkey'), used to find the panel's columns."""
SETTLE = 0.6
"""Seconds to let the app go idle before a calibration capture."""


def time_to_text(tmux: Tmux, argv: Sequence[str], env: Mapping[str, str], ready: Ready) -> float:
    """Milliseconds from asking tmux to start ``argv`` until ``ready`` holds for the pane."""
    start = time.perf_counter()
    name = tmux.launch(argv, env)
    try:
        seen = tmux.wait(name, ready)
    finally:
        tmux.stop(name)
    time.sleep(0.2)
    return (seen - start) * 1000


def panel_columns(screen: Screen) -> int:
    """The first column of the side panel: where most rows draw its left border."""
    columns = Counter(line.find(PANEL_BORDER) for line in screen if PANEL_BORDER in line)
    columns.pop(-1, None)
    return columns.most_common(1)[0][0] if columns else 0


SCROLLBAR = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588 "


def panel(screen: Screen, column: int) -> list[str]:
    """The panel's rows without its scrollbar, whose thumb moves with the content's length."""
    return [line[column:].rstrip(SCROLLBAR) for line in screen]


def key_latencies(
    tmux: Tmux,
    argv: Sequence[str],
    env: Mapping[str, str],
    ready: Ready,
    runs: int,
    changes: int,
) -> list[list[float]]:
    """Per run, ``changes`` latencies (ms) from the key that changes an answer to the panel.

    The app is resumed on the first question of the first section, a single choice answered
    with its first option. Each change moves the radio highlight (Down or Up, not timed), waits,
    then times Space, which picks the other of the first two options. Done is when every panel
    row that differs between the two answers shows the new answer's text: found once, before
    timing, by capturing the settled panel for both answers.
    """
    name = tmux.launch(argv, env)
    try:
        tmux.wait(name, ready)
        time.sleep(SETTLE)
        first = tmux.capture(name)
        column = panel_columns(first)
        tmux.keys(name, "Down")
        time.sleep(0.1)
        tmux.keys(name, "Space")
        time.sleep(SETTLE)
        second = tmux.capture(name)
        rows = [
            i
            for i, (a, b) in enumerate(
                zip(panel(first, column), panel(second, column), strict=True)
            )
            if a != b
        ]
        if not rows:
            raise RuntimeError(
                "changing the first answer changed nothing in the side panel:\n" + "\n".join(second)
            )
        states = [
            {i: panel(first, column)[i] for i in rows},
            {i: panel(second, column)[i] for i in rows},
        ]
        current = 1
        found: list[list[float]] = []
        for run in range(runs + 1):
            samples = []
            for _ in range(changes if run else max(10, changes // 10)):
                target = 1 - current
                tmux.keys(name, "Up" if target == 0 else "Down")
                time.sleep(0.05)
                expected = states[target]

                def shown(screen: Screen, expected: dict[int, str] = expected) -> bool:
                    now = panel(screen, column)
                    return all(i < len(now) and now[i] == text for i, text in expected.items())

                start = time.perf_counter()
                tmux.keys(name, "Space")
                samples.append((tmux.wait(name, shown, timeout=5.0) - start) * 1000)
                current = target
                time.sleep(0.03)
            if run:
                found.append(samples)
        return found
    finally:
        tmux.stop(name)


def p95s(runs: list[list[float]]) -> list[float]:
    return [percentile(samples, 0.95) for samples in runs]


GAUGE = re.compile(r"[\u2588\u2591]+ +\d+% (strong|moderate|balanced|weak)")
"""The panel's confidence gauge, e.g. '\u2588\u2588\u2591\u2591  97% strong'."""


def criterion_ready(title: str) -> Ready:
    """The first full frame of a criterion screen: its title and the panel's gauge."""
    titled = shows(title)

    def ready(screen: Screen) -> bool:
        return titled(screen) and any(GAUGE.search(line) for line in screen)

    return ready


def app_command(venv: Path, *args: str) -> list[str]:
    return [str(venv / "bin" / "hiring-clarity"), *args]
