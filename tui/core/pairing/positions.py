"""Each person's own position: resuming lands where I was, not where my partner was.

A session keeps ``positions``, one ``Position`` per author, beside the older shared ``position``
(the last move of anyone, which older apps and files know). Merging two writers' saves takes,
author by author, the side that moved, so two people never overwrite each other's place.
"""

from __future__ import annotations

from tui.core.session.models import Position, Session


def position_for(session: Session, author: str) -> Position:
    """Where ``author`` was; a file from before per-person positions (or someone new to it)
    gives the shared position, which is what every earlier version resumed at."""
    return session.positions.get(author) or session.position


def set_position(session: Session, author: str, position: Position) -> None:
    """Record a move: the author's own entry, and the shared position older readers use."""
    session.position = position
    if author:
        session.positions = {**session.positions, author: position}


def merge_positions(
    base: dict[str, Position], mine: dict[str, Position], theirs: dict[str, Position]
) -> dict[str, Position]:
    """Three-way, author by author: my entry where I moved, theirs everywhere else."""
    merged: dict[str, Position] = {}
    for author in sorted(set(base) | set(mine) | set(theirs)):
        b, m, t = base.get(author), mine.get(author), theirs.get(author)
        chosen = m if m != b else t
        if chosen is not None:
            merged[author] = chosen
    return merged
