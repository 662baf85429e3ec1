"""Telling writers apart: a running app's writer id (``tui.core.pairing.identity.writer_id``)
where a record has one, else the author's name (files from before writers were recorded, the command
line, a sync's committer). Two apps under one name are two writers."""

from __future__ import annotations


def is_writer(author: str | None, writer: str | None, name: str, me: str = "") -> bool:
    """Whether a value recorded as ``author`` (and ``writer``) was written by the app named
    ``name`` running as ``me``: by the running app when both are known, else by name (files
    from before writers were recorded, the command line, a sync's committer)."""
    if writer and me:
        return writer == me
    return bool(name) and author == name


def writer_key(author: str, writer: str | None) -> str:
    """One side of a conflict: its running app when known, else its author's name."""
    return f"writer:{writer}" if writer else author
