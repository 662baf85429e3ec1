"""Assessments of one hire made independently: copies, the blind seal, and finding siblings.

Judgements made before seeing anyone else's are less noisy (Kahneman et al., "Noise"), which
is why scorecard tools hide colleagues' feedback until you have submitted yours. Here a copy
shares its original's ``link.group``; while the link is blind, no linked assessment's answers
are shown until every independent one is marked done.
"""

from __future__ import annotations

from pathlib import Path

from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.errors import HiringClarityError
from tui.core.session.models import Link, Session
from tui.core.storage.listing import SessionRow, list_sessions
from tui.core.storage.session_file import SessionFile
from tui.core.text import one_line


class SealedError(HiringClarityError):
    """Linked blind assessments cannot be compared until every one is marked done."""


def group_of(session: Session) -> str:
    return session.link.group if session.link else session.id


def is_agreed(session: Session) -> bool:
    return session.link is not None and bool(session.link.agreed_from)


def copy_assessment(bank: Bank, path: Path, assessor: str, blind: bool = True) -> Assessment:
    """A blank assessment of the same hire for another assessor, linked to the original.

    The original gains the link too (saved through its own merging save), so either can be
    opened first; its answers are left as they are.
    """
    if not assessor.strip():
        raise HiringClarityError("say who the copy is for: --assessor NAME")
    original = SessionFile.open(path)
    source = original.session
    if is_agreed(source):
        raise HiringClarityError(f"{path}: is an agreed assessment; copy one of its originals")
    if source.link is None:
        source.link = Link(group=source.id, blind=blind)
        original.save()
    link = Link(group=group_of(source), blind=source.link.blind)
    copy = Assessment.start(bank, path.parent, source.title, source.role_title, assessor)
    copy.session.link = link
    copy.save()
    return copy


def siblings(directory: Path, session: Session) -> list[SessionRow]:
    """The other independent assessments linked to ``session`` (not agreed ones), newest first."""
    if session.link is None:
        return []
    return [
        row
        for row in list_sessions(directory)
        if row.session is not None
        and row.session.id != session.id
        and row.session.link is not None
        and row.session.link.group == session.link.group
        and not is_agreed(row.session)
    ]


def _name(session: Session) -> str:
    return one_line(session.assessor or session.id, 40)


def seal_reason(sessions: list[Session]) -> str:
    """Why these linked assessments may not see each other yet, or '' when they may."""
    if not any(s.link is not None and s.link.blind for s in sessions):
        return ""
    waiting = [_name(s) for s in sessions if not s.done]
    if not waiting:
        return ""
    return (
        f"sealed: assessed blind, and not yet marked done by {', '.join(waiting)}; "
        "each assessor marks theirs done first (summary screen, or `done` in plain mode)"
    )


def check_unsealed(sessions: list[Session]) -> None:
    reason = seal_reason(sessions)
    if reason:
        raise SealedError(reason)


def same_person(one: str, other: str) -> bool:
    """Names as people type them: case and spacing aside."""
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


def sealed_from(directory: Path, session: Session, reader: str) -> str:
    """Why ``reader`` may not read ``session`` yet ('' when they may): a blind linked copy is
    read only by its own assessor until every assessor of the hire is done. A courtesy
    between colleagues, not access control: the file itself is readable."""
    owner = sealed_owner(directory, session)
    if not owner or (reader and same_person(reader, session.assessor)):
        return ""
    others = sibling_sessions(directory, session)
    waiting = ", ".join(_name(s) for s in [session, *others] if not s.done)
    yours = f"; if it is yours, say so with --assessor {owner!r}" if not reader else ""
    return (
        f"sealed: this is {owner}'s blind assessment; it opens to others when every assessor "
        f"has marked theirs done (waiting for {waiting}){yours}. A courtesy between "
        "colleagues, not access control"
    )


def check_not_sealed_from(directory: Path, session: Session, reader: str) -> None:
    reason = sealed_from(directory, session, reader)
    if reason:
        raise SealedError(reason)


def sealed_ids(rows: list[SessionRow]) -> set[str]:
    """Ids of listed assessments whose verdict a list must not show (their group is sealed)."""
    groups: dict[str, list[Session]] = {}
    for row in rows:
        session = row.session
        if session is not None and session.link is not None and not is_agreed(session):
            groups.setdefault(session.link.group, []).append(session)
    sealed: set[str] = set()
    for members in groups.values():
        if len(members) > 1 and seal_reason(members):
            sealed.update(s.id for s in members)
    return sealed


def sibling_sessions(directory: Path, session: Session) -> list[Session]:
    return [row.session for row in siblings(directory, session) if row.session is not None]


def sealed_owner(directory: Path, session: Session) -> str:
    """Whose sealed assessment this is ('' when it is not sealed), so the app can ask before
    showing its answers to whoever sits at this sessions folder."""
    others = sibling_sessions(directory, session) if session.link is not None else []
    if not others or is_agreed(session) or not seal_reason([session, *others]):
        return ""
    return _name(session)
