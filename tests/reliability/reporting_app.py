"""The real app on a terminal, telling a file how many keys it has read and whether it is done.

``python -m tests.reliability.reporting_app REPORT SESSION`` resumes SESSION. Every 20 ms the
app writes "<keys read> <1 if idle else 0>" to REPORT: idle means every message queue of the
app and its screens is empty, no worker runs, no key waits and no typed note waits for its
save (the pause before a note is saved is cut to ``PAUSE`` here, so a test need not wait). A
test that sent N keys knows the app is done with them once the report reads "N 1": no guessing
from pauses in the output.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from textual import events

import tui.app
from tui.app import HiringClarityApp
from tui.core.bank.loading import default_questions_dir, load_bank_cached
from tui.core.storage.paths import default_sessions_dir
from tui.screens import notes
from tui.screens.criterion import CriterionScreen

PAUSE = 0.02


class ReportingApp(HiringClarityApp):
    CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))  # not beside this module

    def __init__(self, report: Path, session: Path) -> None:
        super().__init__(
            load_bank_cached(str(default_questions_dir())), default_sessions_dir(), resume=session
        )
        self.report = report
        self.keys_read: list[events.Key] = []  # kept, so no id is reused
        self._seen: set[int] = set()
        self._last = ""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and id(event) not in self._seen:
            self._seen.add(id(event))  # a key held back and handed out later counts once
            self.keys_read.append(event)
        await super().on_event(event)

    def on_mount(self) -> None:
        self.set_interval(0.02, self._report)

    def _all_done(self) -> bool:
        if self.message_queue_size or getattr(self, "handling_keys", False):
            return False
        if any(worker.is_running for worker in self.workers):
            return False
        if any(
            isinstance(screen, CriterionScreen) and screen.typing_unsaved
            for screen in self.screen_stack
        ):
            return False
        return not any(
            node.message_queue_size
            for screen in self.screen_stack
            for node in screen.walk_children(with_self=True)
        )

    def _report(self) -> None:
        line = f"{len(self.keys_read)} {int(self._all_done())}"
        if line != self._last:
            self._last = line
            temporary = self.report.with_suffix(".tmp")
            temporary.write_text(line)
            os.replace(temporary, self.report)


if __name__ == "__main__":
    notes.PAUSE = PAUSE
    ReportingApp(Path(sys.argv[1]), Path(sys.argv[2])).run()
