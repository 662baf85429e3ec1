"""Merging two writers' versions of one session, three-way: answer by answer and, within an
answer, the pick apart from the note. Where both changed the same part differently, both
values are recorded in the session's ``conflicts`` (who wrote each, when) instead of one
silently winning. Saves (``storage.session_file``) and sync (``tui.sync.merge``) share it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from tui.core.pairing.positions import merge_positions
from tui.core.pairing.writers import writer_key
from tui.core.session.models import Alternative, Answer, NotKept, Session

SHARED_FIELDS = ("title", "role_title", "assessor", "notes", "done", "link")
"""Session fields merged whole; where both changed one, the saver's value is kept (and said)."""


def _join(
    base: list[Alternative], mine: list[Alternative], theirs: list[Alternative]
) -> list[Alternative]:
    """Both sides changed one conflict's record: per writer (a running app, else an author's
    name), the side that changed that writer's value wins; nobody's value is dropped."""

    def key(alternative: Alternative) -> str:
        return writer_key(alternative.author, alternative.writer)

    b = {key(a): a for a in base if key(a)}
    t = {key(a): a for a in theirs if key(a)}
    joined = [t[key(a)] if key(a) in t and b.get(key(a)) == a else a for a in mine]
    keys = {key(m) for m in joined}
    return joined + [a for a in theirs if a not in joined and (not key(a) or key(a) not in keys)]


def merge_conflicts(
    base: dict[str, list[Alternative]],
    mine: dict[str, list[Alternative]],
    theirs: dict[str, list[Alternative]],
) -> dict[str, list[Alternative]]:
    """Recorded conflicts, three-way by question id: a record only one side changed (added, or
    resolved away) is taken from it; where both changed one, their alternatives are joined."""
    result: dict[str, list[Alternative]] = {}
    for qid in sorted(set(base) | set(mine) | set(theirs)):
        b, m, t = base.get(qid), mine.get(qid), theirs.get(qid)
        if m == b:
            chosen = t
        elif t in (b, m):
            chosen = m
        else:
            chosen = _join(b or [], m or [], t or [])
        if chosen:
            result[qid] = chosen
    return result


def merge_not_kept(
    mine: dict[str, list[NotKept]], theirs: dict[str, list[NotKept]]
) -> dict[str, list[NotKept]]:
    """Set-aside values are only ever added: both sides' entries, mine first, none twice."""
    result = {qid: list(entries) for qid, entries in mine.items()}
    for qid, entries in theirs.items():
        kept = result.setdefault(qid, [])
        kept.extend(entry for entry in entries if entry not in kept)
    return result


_PARTS = (
    ("choice", "choices", "value", "by", "at", "writer"),
    ("note", "note_by", "note_at", "note_writer"),
)
"""An answer's two parts, each merged on its own: what was picked, and the note; the last
three names of each are who changed it, when and in which running app, which alone never
make a conflict."""
_WHO = 3


def _part(answer: Answer | None, names: tuple[str, ...]) -> tuple[object, ...]:
    return tuple(getattr(answer, n) for n in names) if answer else (None,) * len(names)


def _side(
    answer: Answer | None, part: tuple[str, ...], author: str, session: Session
) -> Alternative:
    """One side's value of a conflict: who changed that part, when and in which running
    app, else the fallback."""
    by, at, writer = _part(answer, part)[-_WHO:]
    return Alternative.of(
        answer,
        str(by or author),
        at if isinstance(at, datetime) else session.updated,
        writer if isinstance(writer, str) else None,
    )


def _merge_answer(
    b: Answer | None, m: Answer | None, t: Answer | None
) -> tuple[Answer | None, bool, tuple[str, ...] | None]:
    """Both changed one question: merge each part. Returns the answer, whether anything of
    theirs was taken, and the part both changed differently (None when there is none)."""
    fields: dict[str, object] = {}
    took = False
    clash: tuple[str, ...] | None = None
    for names in _PARTS:
        pb, pm, pt = _part(b, names), _part(m, names), _part(t, names)
        ticks = _ticks(pb, pm, pt) if names is _PARTS[0] else None
        if ticks is not None:
            chosen = (None, ticks, None, *pm[-_WHO:])
            took = took or ticks != pm[1]
        elif pm[:-_WHO] == pb[:-_WHO]:
            chosen, took = pt, took or pt[:-_WHO] != pb[:-_WHO]
        else:
            chosen = pm
            if pt[:-_WHO] != pb[:-_WHO] and pt[:-_WHO] != pm[:-_WHO]:
                clash = clash or names
        fields.update(zip(names, chosen, strict=True))
    answer = Answer(**fields)  # type: ignore[arg-type]  # each part as one side had it
    return (None if answer.is_empty else answer), took, clash


def _ticks(
    pb: tuple[object, ...], pm: tuple[object, ...], pt: tuple[object, ...]
) -> list[str] | None:
    """Both changed the ticks of one multiple-choice question: a three-way merge of the sets,
    never a conflict (what either ticked is ticked, what either unticked is not); None when
    the part is not ticks on both sides."""
    if any(part[0] is not None or part[2] is not None for part in (pb, pm, pt)):
        return None
    base, mine, theirs = (part[1] for part in (pb, pm, pt))
    if not isinstance(mine, list) or not isinstance(theirs, list):
        return None
    return merge_ticks(base if isinstance(base, list) else [], mine, theirs)


def merge_ticks(base: list[str], mine: list[str], theirs: list[str]) -> list[str]:
    """Two changes of one question's ticks from ``base``: what either ticked is ticked, what
    either unticked is not; mine first, in order."""
    removed = (set(base) - set(mine)) | (set(base) - set(theirs))
    return [c for c in dict.fromkeys([*mine, *theirs]) if c not in removed]


def _record(
    recorded: dict[str, list[Alternative]], qid: str, sides: tuple[Alternative, Alternative]
) -> None:
    """Both values of a new conflict, replacing older values of the same writers."""
    new = [sides[0]] + [sides[1]] if sides[1] != sides[0] else [sides[0]]
    writers = {key for a in new if (key := writer_key(a.author, a.writer))}
    kept = [
        a
        for a in recorded.get(qid, [])
        if not (key := writer_key(a.author, a.writer)) or key not in writers
    ]
    recorded[qid] = kept + [a for a in new if a not in kept]


def merge(
    base: Session, mine: Session, theirs: Session, mine_by: str = "", theirs_by: str = ""
) -> tuple[Session, list[str], list[str]]:
    """Three-way merge, answer by answer and, within an answer, the pick apart from the note:
    take their change where I changed nothing; where both changed the same part differently,
    keep mine as the answer and record both values in ``conflicts`` (who wrote each, when;
    ``mine_by``/``theirs_by`` name a side whose answers do not say)."""
    merged: list[str] = []
    conflicts: list[str] = []
    answers: dict[str, Answer] = {}
    recorded = merge_conflicts(base.conflicts, mine.conflicts, theirs.conflicts)
    if recorded != mine.conflicts:
        merged.append("conflicts")  # recorded elsewhere: the screen must show them
    for qid in sorted(set(base.answers) | set(mine.answers) | set(theirs.answers)):
        b, m, t = base.answers.get(qid), mine.answers.get(qid), theirs.answers.get(qid)
        if m == b and t != b:
            merged.append(qid)
            chosen = t
        elif t in (b, m):
            chosen = m
        else:
            chosen, took, clash = _merge_answer(b, m, t)
            if took:
                merged.append(qid)
            if clash is not None:
                conflicts.append(qid)
                _record(
                    recorded,
                    qid,
                    (_side(m, clash, mine_by, mine), _side(t, clash, theirs_by, theirs)),
                )
                if "conflicts" not in merged:
                    merged.append("conflicts")
        if chosen is not None:
            answers[qid] = chosen
    update: dict[str, Any] = {
        "answers": answers,
        "revision": theirs.revision,
        "conflicts": recorded,
        "positions": merge_positions(base.positions, mine.positions, theirs.positions),
        "not_kept": merge_not_kept(mine.not_kept, theirs.not_kept),
    }
    for name in SHARED_FIELDS:
        b, m, t = getattr(base, name), getattr(mine, name), getattr(theirs, name)
        if m == b and t != b:
            update[name] = t
            merged.append(name)
        elif t not in (b, m):
            conflicts.append(name)
    return replace(mine, **update), merged, conflicts
