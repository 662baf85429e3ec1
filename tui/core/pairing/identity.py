"""Who this instance is: the author name its saves, presence and follow are shown under, and
the writer id that tells this running app apart from every other (names need not be unique)."""

from __future__ import annotations

import os

from tui.core.storage.paths import ASSESSOR_ENV

MAX_NAME = 200
UNNAMED = "Unnamed assessor"
"""Shown to others for someone nobody named (no ``--assessor``, no remembered name, an
assessment without an assessor)."""


def author_name(explicit: str = "") -> str:
    """Who is at the keyboard: ``--assessor`` if given, else ``$HIRING_CLARITY_ASSESSOR`` (the
    SSH server sets it per key), else the name this user last gave
    (``tui.core.pairing.remembered``), else '' (unknown: the app then uses the assessment's own
    assessor). Never a login name: ``root@vm`` is nobody a hiring committee knows."""
    from tui.core.pairing.remembered import remembered_name

    for candidate in (explicit, os.environ.get(ASSESSOR_ENV, ""), remembered_name()):
        name = " ".join(candidate.split()).encode("utf-8", "replace").decode("utf-8")
        if name:  # a stray byte in the variable (a lone surrogate) cannot be saved: '?'
            return name[:MAX_NAME]
    return ""


def named_by_login() -> bool:
    """True when the SSH server named this login (``$HIRING_CLARITY_ASSESSOR``): a name typed
    on the home screen does not replace it."""
    return bool(os.environ.get(ASSESSOR_ENV, "").strip())


def writer_id() -> str:
    """A new id for one running app: two apps under one name (the same Unix user without
    ``--assessor``, or two ``--assessor Dana``) are still two writers to merges and conflicts."""
    return os.urandom(8).hex()
