"""A session file's header (everything but its answers) taken without pydantic, for lists.

Listing reads the header of every session; loading pydantic for that would cost more than the
reading. A header holding exactly what this app writes (the types tomllib gives for it, within
the model's rules) is built here directly; anything else returns None and goes to pydantic,
which then accepts it as it always did or words the error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tui.core.session import Position, Session, Summary

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
}
_POSITION: dict[str, type] = {"criterion": str, "question": str, "summary": bool}
_SUMMARY: dict[str, type] = {
    "answered": int, "total": int, "role": str, "role_name": str, "confidence": float,
}


def _exactly(table: object, types: dict[str, type]) -> bool:
    """A table of known keys whose values have exactly the expected type (a bool is no int)."""
    return isinstance(table, dict) and all(
        key in types and type(value) is types[key] for key, value in table.items()
    )


def plain_header(document: dict[str, Any]) -> Session | None:
    """The session (without answers) a well-formed header describes, or None for pydantic."""
    scalars = {k: v for k, v in document.items() if k not in ("position", "summary", "answers")}
    position = document.get("position", {})
    summary = document.get("summary", {})
    if not (
        "title" in scalars
        and scalars.get("schema_version", 1) == 1
        and document.get("answers", {}) == {}
        and _exactly(scalars, _FIELDS)
        and _exactly(position, _POSITION)
        and _exactly(summary, _SUMMARY)
    ):
        return None
    try:
        return Session(**scalars, position=Position(**position), summary=Summary(**summary))
    except ValueError:  # a rule broken (too long, bad id...): pydantic says which, as before
        return None
