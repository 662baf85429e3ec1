"""How every command ends: each error a user can cause is one line on stderr and exit code 2,
never a traceback; a reader that went away (``| head``) is a quiet exit.

Everything printed goes through ``say``: text from files (a role name, a bank version, a key
quoted in an error) shows control and bidi characters as visible escapes, never raw. No
argparse here: ``sync`` runs through ``guarded`` without building the command line.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

from tui.core.errors import HiringClarityError, explain

USAGE_ERROR = 2
CHECK_FAILED = 1


def say(text: str, error: bool = False) -> None:
    """The one way out to the terminal: what files hold is shown, never obeyed."""
    from tui.core.text import safe_text

    print(safe_text(text), file=sys.stderr if error else sys.stdout)


def fail(message: str) -> int:
    lines = message.strip().splitlines() or ["unknown error"]
    extra = f" (and {len(lines) - 1} more problem(s); see `hiring-clarity validate`)"
    say(f"hiring-clarity: {lines[0]}{extra if len(lines) > 1 else ''}", error=True)
    return USAGE_ERROR


def guarded(command: Callable[[], int]) -> int:
    """Run a command to its exit code, every error a user can cause as one line."""
    try:
        code = command()
        sys.stdout.flush()  # here, where a closed pipe can be caught, not at interpreter exit
        return code
    except BrokenPipeError:  # before OSError, which it is: the reader (`| head`) has gone
        return _reader_gone()
    except HiringClarityError as exc:
        return fail(str(exc))
    except (ValueError, OSError) as exc:
        return fail(explain(exc))
    except KeyboardInterrupt:
        return 130


def _reader_gone() -> int:
    """Stop quietly, as a tool killed by SIGPIPE would (exit 141): the output left in the
    buffer goes nowhere, so Python's own flush at exit has nothing to complain about."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 128 + signal.SIGPIPE
