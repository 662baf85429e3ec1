"""Errors a user can act on: each carries one clear message and is shown without a traceback.

Messages quote files (paths, keys, values), so every message is made safe for a terminal here,
where it is formed: control and bidi characters show as visible escapes wherever it is printed.
"""

from tui.core.text import safe_text


class HiringClarityError(Exception):
    """Base class: the message is for the user, complete and on one line where possible."""

    def __init__(self, message: str) -> None:
        super().__init__(safe_text(message))


class BankError(HiringClarityError):
    """The question bank is broken; the message names file, question and field."""


class SessionFileError(HiringClarityError):
    """A session file is missing, damaged, foreign or from a newer version of the app."""


class ReadOnlyError(HiringClarityError):
    """A change to an assessment opened read-only."""


class WriterBusy(HiringClarityError):
    """Another process held the sessions folder's lock for longer than we would wait."""


def explain(exc: BaseException) -> str:
    """One line for any error a user can cause: OS errors with their file, pydantic
    validation errors as 'where: what' for the first problem (and how many more); made safe
    for a terminal (a key or a file name may hold escape sequences)."""
    if isinstance(exc, OSError):
        return safe_text(f"{exc.strerror or exc}: {exc.filename or ''}".strip(": "))
    errors = getattr(exc, "errors", None)
    if callable(errors):
        found = errors()
        where = ".".join(str(p) for p in found[0]["loc"]) or "(file)"
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        return safe_text(f"{where}: {found[0]['msg']}{more}")
    return safe_text(str(exc))
