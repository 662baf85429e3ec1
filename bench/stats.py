"""Summaries of repeated measurements and the table they are printed in."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured quantity: the per-run values kept after the warm-up."""

    values: tuple[float, ...]
    unit: str

    @classmethod
    def of(cls, values: Sequence[float], unit: str) -> Figure:
        if not values:
            raise ValueError("a figure needs at least one value")
        return cls(tuple(values), unit)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def show(self) -> str:
        return f"{self._number(self.median)} {self.unit}"

    def span(self) -> str:
        return f"{self._number(self.low)}-{self._number(self.high)}"

    @staticmethod
    def _number(value: float) -> str:
        if value >= 100:
            return f"{value:.0f}"
        if value >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value at or above ``fraction`` of the samples."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


@dataclass(frozen=True)
class Row:
    """One line of the table: the app's figure, the reference beside it, and the verdict."""

    figure: str
    measured: Figure
    target: str
    limit: float
    """The largest passing value: of the ratio when ``per_reference``, else of the median."""
    reference: Figure | None = None
    reference_label: str = "bare Textual"
    per_reference: bool = True
    """Whether the target is a ratio to the reference (else the reference is context only)."""
    extra_ok: bool = True
    """A condition beyond the number (e.g. 'no Textual import'); False makes the row miss."""
    extra: str = ""

    @property
    def ratio(self) -> float | None:
        if self.reference is None:
            return None
        return self.measured.median / self.reference.median

    @property
    def passed(self) -> bool:
        value = self.ratio if self.per_reference and self.ratio is not None else None
        return (value if value is not None else self.measured.median) <= self.limit and (
            self.extra_ok
        )


HEADER = ("figure", "median", "min-max", "reference (median, min-max)", "ratio", "target", "result")


def table(rows: Sequence[Row]) -> str:
    """The rows as one markdown table."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(" --- " for _ in HEADER) + "|"]
    for row in rows:
        ref = row.reference
        cells = (
            row.figure,
            row.measured.show(),
            row.measured.span(),
            f"{row.reference_label}: {ref.show()} ({ref.span()})" if ref else "-",
            f"{row.ratio:.2f}x" if row.ratio is not None else "-",
            row.target,
            ("PASS" if row.passed else "MISS") + (f" ({row.extra})" if row.extra else ""),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def interleaved(runs: int, measures: Sequence[Callable[[], float]]) -> list[list[float]]:
    """Call each measure in turn, 1 + ``runs`` rounds; the first round is the discarded warm-up.

    The order flips every round, so no measure always runs right after another's exit.
    """
    found: list[list[float]] = [[] for _ in measures]
    for run in range(runs + 1):
        order = list(range(len(measures)))
        if run % 2:
            order.reverse()
        for index in order:
            value = measures[index]()
            if run:
                found[index].append(value)
    return found
