"""Sessions taken from their TOML without pydantic, when they hold exactly what this app writes.

Listing reads the header of every session and opening reads one whole: loading pydantic for
that would cost more than the reading. A document holding exactly what this app writes (the
types tomllib gives for it) is built here directly, and the models' own checks apply the same
rules pydantic would; anything else returns None and goes to pydantic, which then accepts it as
it always did or words the error. Nothing is cached, so no copy of an assessment's content is
kept anywhere but its file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tui.core.session.models import MAX_TITLE, Answer, Link, Position, Session, Summary

_FIELDS: dict[str, type] = {
    "schema_version": int,
    "id": str,
    "title": str,
    "role_title": str,
    "assessor": str,
    "created": datetime,
    "updated": datetime,
    "bank_version": str,
    "revision": int,
    "notes": str,
    "done": bool,
}
_POSITION: dict[str, type] = {"criterion": str, "question": str, "summary": bool}
_SUMMARY: dict[str, type] = {
    "answered": int,
    "total": int,
    "role": str,
    "role_name": str,
    "confidence": float,
}
_ANSWER: dict[str, type] = {
    "choice": str,
    "choices": list,
    "value": int,
    "note": str,
    "by": str,
    "at": datetime,
    "note_by": str,
    "note_at": datetime,
    "writer": str,
    "note_writer": str,
}


def _exactly(table: object, types: dict[str, type]) -> bool:
    """A table of known keys whose values have exactly the expected type (a bool is no int)."""
    return isinstance(table, dict) and all(
        key in types and type(value) is types[key] for key, value in table.items()
    )


def _plain_answer(table: object) -> Answer | None:
    if not _exactly(table, _ANSWER):
        return None
    assert isinstance(table, dict)
    choices = table.get("choices")
    if choices is not None and not all(type(item) is str for item in choices):
        return None
    return Answer(**table)


_NO_LINK = Link(group="none")


def _link(table: object) -> Link | None:
    """The link table if it is plainly well-formed, ``_NO_LINK`` when absent, None for pydantic."""
    if table is None:
        return _NO_LINK
    if not (
        isinstance(table, dict)
        and type(table.get("group")) is str
        and set(table) <= {"group", "blind", "agreed_from", "assessors"}
        and type(table.get("blind", True)) is bool
        and all(
            type(v) is list and all(type(i) is str for i in v)
            for k, v in table.items()
            if k in ("agreed_from", "assessors")
        )
    ):
        return None
    try:
        return Link(**table)
    except ValueError:  # a bad id: pydantic words the error
        return None


def plain_session(document: dict[str, Any], header_only: bool = False) -> Session | None:
    """The session a well-formed document describes, or None for pydantic to judge.

    With ``header_only`` the document must hold no answers (lists parse only the header).
    """
    scalars = {
        k: v
        for k, v in document.items()
        if k not in ("position", "summary", "answers", "link", "positions")
    }
    position = document.get("position", {})
    summary = document.get("summary", {})
    tables = document.get("answers", {})
    positions = document.get("positions", {})
    link = _link(document.get("link"))
    if not (
        link is not None
        and "title" in scalars
        and scalars.get("schema_version", 1) in (1, 3, 4, 5, 6)
        and isinstance(positions, dict)
        and all(
            _exactly(table, _POSITION) and len(author) <= MAX_TITLE
            for author, table in positions.items()
        )
        and isinstance(tables, dict)
        and (not header_only or tables == {})
        and _exactly(scalars, _FIELDS)
        and _exactly(position, _POSITION)
        and _exactly(summary, _SUMMARY)
    ):
        return None
    try:
        answers = {str(key): _plain_answer(table) for key, table in tables.items()}
        if any(answer is None for answer in answers.values()):
            return None
        return Session(
            **scalars,
            position=Position(**position),
            summary=Summary(**summary),
            link=None if link is _NO_LINK else link,
            answers=answers,  # type: ignore[arg-type]  # None ruled out just above
            positions={str(k): Position(**table) for k, table in positions.items()},
        )
    except ValueError:  # a rule broken (too long, bad id...): pydantic says which, as before
        return None
