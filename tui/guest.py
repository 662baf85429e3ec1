"""A guest's login kept on one assessment (``HIRING_CLARITY_ONLY``, set by the SSH server for
a key invited with ``--session`` and for every key under ``serve --ssh --session``): the
command line opens that assessment and nothing else; the app then refuses home, other
assessments, delete and sync (``ONE_ASSESSMENT``)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from tui.core.errors import HiringClarityError
from tui.core.storage.listing import find_session
from tui.core.storage.paths import ONLY_ENV


def only_assessment(args: argparse.Namespace, sessions_dir: Path) -> Path | None:
    """The one assessment this login may open, with ``args`` set to resume it; None for
    everyone else. Asking for another (or for a new one) is refused."""
    only = os.environ.get(ONLY_ENV, "").strip()
    if not only:
        return None
    scope = find_session(only, sessions_dir).resolve()
    asked = getattr(args, "session", None)
    if args.command not in (None, "resume") or (
        asked is not None and find_session(asked, sessions_dir).resolve() != scope
    ):
        raise HiringClarityError(f"{ONLY_ENV} is set: this login is for assessment {only} only")
    if args.command is None:
        args.command, args.session, args.read_only, args.watch = "resume", only, False, False
    return scope
