"""A process that saves one session over and over until it is killed (for the kill tests).

Run from the repository root::

    python -m tests.reliability.saver SESSION          open SESSION, save in a loop forever
    python -m tests.reliability.saver --once SESSION   open SESSION, save once, exit 0
    python -m tests.reliability.saver --fork SESSION   a fork server: each "go" line on stdin
                                                       forks a fresh saving child

Every line goes out with one ``os.write`` of a few bytes, which a pipe delivers whole even when
the writer is killed: ``ready <pid> <revision>`` once the session is open, ``saved <revision>``
after each save is on disk, and from the fork server ``exit <pid> <status>`` once a child is
reaped (after every line that child wrote). Only ``tui.core`` is imported, never Textual.

Save n sets the first question's answer to ``CHOICES[n % 2]`` with the note ``save n``, so a
file can be checked for being one whole version: its note must name its own revision.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tui.core.assessment import Assessment
from tui.core.bank.loading import default_questions_dir, load_bank
from tui.core.session.answering import set_answer
from tui.core.session.models import Answer

QUESTION = "primary-outcome"
CHOICES = ("mvp", "modernize")


def expected_answer(revision: int) -> Answer:
    """The answer save number ``revision`` writes."""
    return Answer(choice=CHOICES[revision % 2], note=f"save {revision}")


def _say(line: str) -> None:
    os.write(1, f"{line}\n".encode())


def save_loop(path: Path, count: int | None = None) -> None:
    assessment = Assessment.open(load_bank(default_questions_dir()), path)
    _say(f"ready {os.getpid()} {assessment.session.revision}")
    done = 0
    while count is None or done < count:
        revision = assessment.session.revision + 1
        set_answer(assessment.bank, assessment.session, QUESTION, expected_answer(revision))
        written = assessment.save().revision
        if written != revision:
            raise SystemExit(f"expected to write revision {revision}, wrote {written}")
        _say(f"saved {written}")
        done += 1


def fork_server(path: Path) -> None:
    """Pay for the imports once; every child is still a new process with nothing open."""
    load_bank(default_questions_dir())
    for line in sys.stdin:
        if line.strip() != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                save_loop(path)
            finally:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        _say(f"exit {pid} {status}")


def main(argv: list[str]) -> None:
    if len(argv) == 2 and argv[0] == "--once":
        save_loop(Path(argv[1]), count=1)
    elif len(argv) == 2 and argv[0] == "--fork":
        fork_server(Path(argv[1]))
    elif len(argv) == 1:
        save_loop(Path(argv[0]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
