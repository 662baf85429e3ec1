"""The real app with one deliberate fault, for testing what a crash prints.

``python -m tests.reliability.crashing_app SESSION`` resumes SESSION; F12 raises an error in
a key handler, as a bug would. Nothing of this is in the shipped app.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.binding import Binding

import tui.app
from tui.app import HiringClarityApp
from tui.core.bank.loading import default_questions_dir, load_bank_cached
from tui.core.storage.paths import default_sessions_dir

FAULT = "deliberate fault for the crash test"


class CrashingApp(HiringClarityApp):
    CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))  # not beside this module
    BINDINGS = [Binding("f12", "fault", priority=True)]

    def action_fault(self) -> None:
        raise RuntimeError(FAULT)


if __name__ == "__main__":
    app = CrashingApp(
        load_bank_cached(str(default_questions_dir())),
        default_sessions_dir(),
        resume=Path(sys.argv[1]),
    )
    app.run()
    sys.exit(app.return_code or 0)
