"""The words every view of a recommendation shares: the text report, the markdown scorecard,
the summary screen and the side panel say "Must have" and "strong evidence" alike."""

from __future__ import annotations

from tui.core.engine import Recommendation

LEVEL_TITLES = {"must": "Must have", "should": "Should have", "nice": "Nice to have"}
STRENGTH_WORDS = {
    "strong": "strong evidence",
    "moderate": "moderate evidence",
    "either": "strong evidence both ways",
    "none": "too little evidence to choose",
}


def flip_name(flip_to: str, names: dict[str, str]) -> str:
    return names.get(flip_to, "no verdict yet")


def flip_summary(rec: Recommendation) -> str:
    """'Settled', how many open questions could still change the verdict, or, with no
    verdict yet, that no single answer decides it."""
    flips = len(rec.could_flip)
    if not rec.open_swing:
        return "Settled: every question is answered."
    if flips:
        return f"{flips} open question{'s' if flips != 1 else ''} could change this."
    if rec.role is None:
        return f"No single answer decides it yet: {len(rec.open_swing)} questions are open."
    return "Settled: no open question could change this on its own."
