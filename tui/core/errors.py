"""Errors a user can act on: each carries one clear message and is shown without a traceback."""


class HiringClarityError(Exception):
    """Base class: the message is for the user, complete and on one line where possible."""


class BankError(HiringClarityError):
    """The question bank is broken; the message names file, question and field."""


class SessionFileError(HiringClarityError):
    """A session file is missing, damaged, foreign or from a newer version of the app."""



def explain(exc: BaseException) -> str:
    """One line for any error a user can cause: OS errors with their file, pydantic
    validation errors as 'where: what' for the first problem (and how many more)."""
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".strip(": ")
    errors = getattr(exc, "errors", None)
    if callable(errors):
        found = errors()
        where = ".".join(str(p) for p in found[0]["loc"]) or "(file)"
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        return f"{where}: {found[0]['msg']}{more}"
    return str(exc)
