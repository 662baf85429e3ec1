"""The skills a hire needs: each counted answer's skill weights plus the verdict's baseline,
levelled must / should / nice. Flask skills only where Flask is (or will be) the framework.
docs/recommendation.md, section 7, explains it with numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.bank.models import LEVELS, ROLE_IDS, Bank, Level
from tui.core.verdict.evidence import Item, Verdict


@dataclass(frozen=True, slots=True)
class RequiredSkill:
    id: str
    name: str
    group: str
    level: Level
    score: float
    because: list[str]
    """The options ('answer \u2014 question') that added to it, or the role's baseline."""
    priority: bool = False
    """Ranked as a priority by the assessor: at 'must' whatever its score."""


def _baseline(bank: Bank, role: Verdict | None) -> dict[str, float]:
    """The role's own skills; with 'either' or no verdict, what both roles need."""
    if role in ROLE_IDS:
        return dict(bank.role(role or "").skills)
    flask, generalist = (bank.role(r).skills for r in ROLE_IDS)
    return {s: min(w, generalist[s]) for s, w in flask.items() if s in generalist}


def required_skills(
    bank: Bank, kept: list[Item], role: Verdict | None, names: dict[str, str], not_flask: bool
) -> list[RequiredSkill]:
    """Each skill's total from the counted answers and the verdict's baseline; Flask skills
    only where Flask is (or will be) the framework, and at most 'should' while it is open."""
    framework = next((d.id for d in bank.meta.dimensions if d.framework), None)
    flask_known = any(d == framework and v == "flask" for i in kept for d, v in i.states)
    totals: dict[str, float] = {}
    because: dict[str, list[tuple[float, str]]] = {}
    ranked: set[str] = set()
    for item in kept:
        for skill, weight in item.skills.items():
            if weight > 0:
                totals[skill] = totals.get(skill, 0.0) + weight
                because.setdefault(skill, []).append((weight, item.cited))
                if item.priority:
                    ranked.add(skill)
    core = f"core of a {names[role]}" if role in ROLE_IDS else "core of both roles"
    for skill, weight in _baseline(bank, role).items():
        totals[skill] = totals.get(skill, 0.0) + weight
        because.setdefault(skill, []).append((0.0, core))  # after the answers: they say more
    settings = bank.meta.engine
    thresholds = dict(zip(LEVELS, (settings.must, settings.should, settings.nice), strict=True))

    def flask_only(skill_id: str) -> bool:
        found = bank.skill(skill_id)
        return found is not None and found.flask_only

    def level_of(skill_id: str) -> Level | None:
        if skill_id in ranked:
            return "must"
        level = next((lv for lv in LEVELS if totals[skill_id] >= thresholds[lv] - 1e-9), None)
        if level == "must" and not flask_known and flask_only(skill_id):
            return "should"  # the framework is still open
        return level

    listed = [
        (s, lv)
        for s in totals
        if not (not_flask and flask_only(s)) and (lv := level_of(s)) is not None
    ]
    musts = sorted(
        (s for s, lv in listed if lv == "must"), key=lambda s: (s not in ranked, -totals[s], s)
    )
    demoted = set(musts[settings.max_must :])
    required = []
    for skill_id, level in listed:
        found, group = bank.skill(skill_id), bank.group_of(skill_id)
        if found is None or group is None:
            continue
        required.append(
            RequiredSkill(
                id=skill_id,
                name=found.name,
                group=group.name,
                level="should" if skill_id in demoted else level,
                score=round(totals[skill_id], 2),
                because=[text for _, text in sorted(because[skill_id], key=lambda b: -b[0])],
                priority=skill_id in ranked,
            )
        )
    required.sort(key=lambda s: (LEVELS.index(s.level), not s.priority, -s.score, s.name))
    room = max(0, settings.max_skills - sum(1 for s in required if s.level != "nice"))
    nice = [s for s in required if s.level == "nice"]
    return [s for s in required if s.level != "nice"] + nice[:room]
