"""Recorded conflicts as one person sees them: which value is mine, which is theirs, and
settling one (keep mine / take theirs), whether a pairing or a sync recorded it.

A conflict is kept in the session's ``conflicts`` table (every side's value, who wrote it,
when) until someone settles it; settling either way removes the entry.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tui.core.bank.models import ChoiceQuestion, Question
from tui.core.pairing.writers import is_writer, writer_key
from tui.core.session.answering import store_answer
from tui.core.session.models import Alternative, Answer, NotKept, Session, utc_now
from tui.core.text import one_line


@dataclass(frozen=True, slots=True)
class Sides:
    """My value and theirs of one recorded conflict."""

    mine: Alternative
    theirs: Alternative


def sides(
    alternatives: list[Alternative], me: str, current: Answer | None, writer: str = ""
) -> Sides | None:
    """Mine: the value I wrote (by running app ``writer``, else by author name ``me``: an
    earlier run of mine), else the one the answer holds now, else the first; theirs: the
    first other. None when there are not two values to choose from."""
    if len(alternatives) < 2:
        return None
    current = current or Answer()
    mine = (
        next((a for a in alternatives if is_writer(a.author, a.writer, me, writer)), None)
        or next((a for a in alternatives if me and a.author == me), None)
        or next((a for a in alternatives if a.answer == current), alternatives[0])
    )
    theirs = next(a for a in alternatives if a is not mine)
    return Sides(mine, theirs)


def _shown(question: Question | None, answer: Answer, note: bool) -> str:
    """One side's value in words: the answer as the bank labels it, or the note."""
    if note:
        return f"note \u201c{one_line(answer.note or '', 60)}\u201d" if answer.note else "no note"
    if not answer.is_answered:
        return "no answer"
    if isinstance(question, ChoiceQuestion) and answer.value is None:
        chosen = [answer.choice] if answer.choice is not None else (answer.choices or [])
        return ", ".join((o.label if (o := question.option(c)) else c) for c in chosen)
    return f"{answer.value}/5" if answer.value is not None else ""


def describe(question: Question | None, found: Sides) -> str:
    """Both values, who wrote each and when; only the parts that differ (answer, note)."""
    parts = _differing(found)
    texts = []
    for side in (found.mine, found.theirs):
        shown = "; ".join(_shown(question, side.answer, part == "note") for part in parts)
        texts.append(f"{side_label(found, side)}: {shown}")
    return " \u00b7 ".join(texts)


def side_label(found: Sides, side: Alternative) -> str:
    """'yours (Ann, 05 Dec 13:00 UTC)' or 'theirs (Bob, ...)': whose value, written when."""
    label = "yours" if side is found.mine else "theirs"
    who = side.author or "someone"
    if (
        side is found.theirs
        and side.author == found.mine.author
        and side.writer != found.mine.writer
    ):
        who = f"{who}, another terminal"  # one name, two running apps: told apart
    return f"{label} ({who}, {side.at.strftime('%d %b %H:%M UTC')})"


def _differing(found: Sides) -> list[str]:
    mine, theirs = found.mine.answer, found.theirs.answer
    parts = [
        part
        for part, differs in (
            ("answer", mine.pick != theirs.pick),
            ("note", mine.note != theirs.note),
        )
        if differs
    ]
    return parts or ["answer"]


def both_notes(found: Sides) -> Alternative:
    """Keep both: my value, with a note that holds both notes, each after its author's name
    (an empty note adds nothing)."""
    notes = [
        f"{side.author or 'someone'}: {side.note}" if side.author else side.note
        for side in (found.mine, found.theirs)
        if side.note
    ]
    return replace(found.mine, note="\n\n".join(dict.fromkeys(notes)) or None)


def settle(
    session: Session, question_id: str, chosen: Alternative, author: str, writer: str = ""
) -> None:
    """Keep ``chosen``'s value of the parts in conflict, record who settled it (name and
    running app), and remove the conflict; the other parts of the answer stay as they are."""
    alternatives = session.conflicts.get(question_id, [])
    current = session.answers.get(question_id) or Answer()
    found = sides(alternatives, author, current, writer)
    parts = _differing(found) if found else ["answer", "note"]
    now, by, app = utc_now(), author or None, (writer or None) if author else None
    answer = current
    if "answer" in parts:
        picked = chosen.answer
        answer = replace(
            answer,
            choice=picked.choice,
            choices=picked.choices,
            value=picked.value,
            by=by,
            at=now,
            writer=app,
        )
    if "note" in parts:
        answer = replace(answer, note=chosen.note, note_by=by, note_at=now, note_writer=app)
    store_answer(session, question_id, answer)
    session.conflicts = {k: v for k, v in session.conflicts.items() if k != question_id}
    dropped = [
        NotKept.from_side(side, author, now, writer)
        for side in alternatives
        if _not_kept(side.answer, answer, parts)
    ]
    if dropped:
        earlier = session.not_kept.get(question_id, [])
        session.not_kept = {**session.not_kept, question_id: [*earlier, *dropped]}


def _not_kept(side: Answer, kept: Answer, parts: list[str]) -> bool:
    """A side's value of a part in conflict that the settled answer does not hold (a note
    joined into the kept one, as 'keep both' does, is held)."""
    if "answer" in parts and side.is_answered and side.pick != kept.pick:
        return True
    return "note" in parts and bool(side.note) and (side.note or "") not in (kept.note or "")


def newly_not_kept(
    before: dict[str, list[NotKept]], after: dict[str, list[NotKept]], me: str, writer: str
) -> list[tuple[str, NotKept]]:
    """This person's values that a colleague's settle did not keep, new since ``before``, by
    question id: what their app tells them, with the text."""
    return [
        (qid, entry)
        for qid, entries in after.items()
        for entry in entries
        if entry not in before.get(qid, [])
        and is_writer(entry.author, entry.writer, me, writer)
        and not is_writer(entry.settled_by, entry.settled_writer, me, writer)
    ]


NOT_KEPT_SHOWN = 600
"""Characters of a value not kept that its notice shows: a toast is no place for a long note,
so a longer one is cut there and the notice says so (the file and the report keep it whole)."""


def not_kept_message(question: Question | None, entry: NotKept) -> str:
    """What the writer of a value not kept is told: who chose another, where, and the value."""
    where = one_line(question.prompt, 80) if question else "a retired question"
    by = one_line(entry.settled_by or "someone", 60)
    whole = one_line(value_text(question, entry))
    shown = one_line(whole, NOT_KEPT_SHOWN)
    kept = (
        "It stays in the file, and the report lists it."
        if shown == whole
        else f"Cut here at {NOT_KEPT_SHOWN} characters: all of it stays in the file, and "
        "the report lists it."
    )
    return (
        f"{by} settled the conflict on \u201c{where}\u201d and did not keep yours: {shown}. {kept}"
    )


def value_text(question: Question | None, side: Alternative) -> str:
    """One side's whole value in words, every character of its note kept: what the full view
    of a conflict and the not-kept notice show."""
    answer = side.answer
    parts = [_shown(question, answer, note=False)] if answer.is_answered else []
    if answer.note:
        parts.append(f"note \u201c{answer.note}\u201d")
    return "; ".join(parts) or "no answer"


def note_overtaken(
    session: Session, question_id: str, seen: str, text: str, author: str, writer: str = ""
) -> None:
    """A note typed over ``seen`` while someone else saved another text: both are kept as a
    conflict (the typist's own three-way base is what their field showed, not the file)."""
    current = session.answers.get(question_id) or Answer()
    theirs = current.note or ""
    if theirs in (seen, text):
        return
    mine = Alternative.of(replace(current, note=text or None), author, utc_now(), writer)
    other = Alternative.of(
        current, current.note_by or "", current.note_at or session.updated, current.note_writer
    )
    record_both(session, question_id, mine, other)


def overtaken_pick(
    session: Session, question_id: str, seen: Answer, answer: Answer, author: str, writer: str = ""
) -> tuple[Alternative, Alternative] | None:
    """A single choice or scale picked on a card that showed ``seen`` while someone else saved
    another pick: both values (mine, theirs), to be recorded as a conflict once mine is the
    answer (``record_both``), as a save's merge would. Ticks never conflict: they are joined
    (``merging.merge_ticks``). None when nobody was overtaken."""
    current = session.answers.get(question_id) or Answer()
    if answer.choices is not None or current.pick in (seen.pick, answer.pick):
        return None
    mine = Alternative.of(
        replace(current, choice=answer.choice, value=answer.value), author, utc_now(), writer
    )
    other = Alternative.of(current, current.by or "", current.at or session.updated, current.writer)
    return mine, other


def record_both(session: Session, question_id: str, mine: Alternative, other: Alternative) -> None:
    """Both values of a new conflict, replacing older values of the same two writers."""
    sides_now = {writer_key(a.author, a.writer) for a in (mine, other)}
    kept = [
        a
        for a in session.conflicts.get(question_id, [])
        if writer_key(a.author, a.writer) not in sides_now
    ]
    session.conflicts = {**session.conflicts, question_id: [*kept, mine, other]}
