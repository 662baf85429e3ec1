"""Errors a user can act on: each carries one clear message and is shown without a traceback."""


class HiringClarityError(Exception):
    """Base class: the message is for the user, complete and on one line where possible."""


class BankError(HiringClarityError):
    """The question bank is broken; the message names file, question and field."""


class SessionFileError(HiringClarityError):
    """A session file is missing, damaged, foreign or from a newer version of the app."""

