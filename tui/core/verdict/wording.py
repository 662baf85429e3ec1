"""The words every view of a recommendation shares: the text report, the markdown scorecard,
the summary screen, plain mode and the side panel say "Must have", "confidence 62%" and
"Settled" alike, from the one definition of each here."""

from __future__ import annotations

from tui.core.text import one_line
from tui.core.verdict.engine import Recommendation

LEVEL_TITLES = {"must": "Must have", "should": "Should have", "nice": "Nice to have"}
STRENGTH_WORDS = {
    "strong": "strong evidence",
    "moderate": "moderate evidence",
    "either": "strong evidence both ways",
    "none": "too little evidence to choose",
}


def percent(fraction: float) -> str:
    """The confidence as users see it: a whole percentage, never 0% or 100% (the engine keeps
    it within 1% to 99%: neither certainty nor no idea at all is ever claimed)."""
    return f"{min(0.99, max(0.01, fraction)):.0%}"


def confidence_text(rec: Recommendation) -> str:
    """'confidence 62%': the one number, the same in the panel, reports and plain mode."""
    return f"confidence {percent(rec.confidence)}"


def verdict_line(rec: Recommendation) -> str:
    """'Leans Flask specialist, confidence 41% (9 of 32 answered)'."""
    return f"{rec.headline}, {confidence_text(rec)} ({rec.answered} of {rec.total} answered)"


def flip_name(flip_to: str, names: dict[str, str]) -> str:
    return names.get(flip_to, "no verdict yet")


def flip_summary(rec: Recommendation) -> str:
    """'Settled' only when no combination of the open answers could change the verdict; else
    how many open questions could (together, and on their own)."""
    if not rec.open_swing:
        return "Settled: every question is answered."
    alone = len(rec.could_flip)
    if rec.role is None:
        return f"No verdict yet: {len(rec.open_swing)} questions are open" + (
            f", {alone} of which could decide it on its own." if alone else "."
        )
    settled = rec.settled
    if settled.settled:
        return "Settled: no combination of the open answers could change this."
    text = (
        f"Not settled: {settled.could} open question{'s' if settled.could != 1 else ''} "
        "could together change this"
    )
    if not alone:
        return text + " (none on its own)."
    return text + (f" ({alone} on its own)." if alone == 1 else f" ({alone} on their own).")


def setting_line(rec: Recommendation) -> str:
    """How the work and the setting were weighed, or '' when the setting counts in full."""
    if rec.setting_counted == rec.setting_points:
        return ""
    return (
        f"The work's points {rec.work_points:+g}; the setting's {rec.setting_points:+g}, "
        f"counted as {rec.setting_counted:+g} (it modulates the work, never outvotes it)."
    )


def why_sections(rec: Recommendation) -> list[tuple[str, list[str]]]:
    """(title, lines) of the 'Why': the evidence for, the evidence against, and the answers
    that carry points but do not count (same fact as another, framework not Flask)."""
    sections = [("For", [one_line(r.text) for r in rec.reasons])]
    if rec.counter:
        sections.append(("Against", [one_line(r.text) for r in rec.counter]))
    if rec.neither:
        sections.append(("For neither role", [one_line(text) for text in rec.neither]))
    uncounted = [f"{one_line(u.item.label)}: {u.why}" for u in rec.uncounted]
    setting = setting_line(rec)
    if setting:
        uncounted.append(setting)
    if uncounted:
        sections.append(("Not counted", uncounted))
    return sections
