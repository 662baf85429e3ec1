"""Other writers' changes, summed up quietly: one status line ("Bob changed 3 answers, 2 s
ago") and a mark on each changed question until this person has seen it.

A toast per remote change buried the screen when a partner typed; this keeps at most one line
however many changes arrive.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tui.core.pairing.writers import is_writer
from tui.core.session.models import Answer

RECENT_SECONDS = 60.0
"""A change already seen stays in the line this long; one not seen stays until it is."""


@dataclass
class Change:
    author: str
    kind: str
    """'answer' or 'note'."""
    when: float
    seen: bool = False


@dataclass
class RemoteChanges:
    """What others changed, by question id; the clock is injectable for tests."""

    changes: dict[str, Change] = field(default_factory=dict)
    clock: Callable[[], float] = time.monotonic

    def _now(self) -> float:
        return self.clock()

    def record(
        self,
        before: dict[str, Answer],
        after: dict[str, Answer],
        question_ids: list[str],
        me: str = "",
        writer: str = "",
    ) -> int:
        """Note the questions another writer changed (answers before and after taking their
        save in; a change recorded under ``me`` and this running app's ``writer`` is this
        person's own; one under ``me`` from another app is 'me, another terminal'); returns
        how many."""
        now = self._now()
        count = 0
        for qid in question_ids:
            old, new = before.get(qid), after.get(qid)
            old_pick = old.pick if old else (None, None, None)
            new_pick = new.pick if new else (None, None, None)
            if old_pick != new_pick:
                kind = "answer"
                by, app = (new.by, new.writer) if new else (None, None)
            elif (old.note if old else None) != (new.note if new else None):
                kind = "note"
                by, app = (new.note_by, new.note_writer) if new else (None, None)
            else:
                continue
            if is_writer(by, app, me, writer):
                continue
            author = by or "someone"
            if me and by == me:
                author = f"{me}, another terminal"
            self.changes[qid] = Change(author, kind, now)
            count += 1
        return count

    def seen(self, question_id: str) -> bool:
        """This person looked at the question: its mark goes. True when it had one."""
        change = self.changes.get(question_id)
        if change is None or change.seen:
            return False
        change.seen = True
        return True

    def unseen(self) -> dict[str, str]:
        """Question id -> who changed it, for questions not seen since."""
        return {qid: c.author for qid, c in self.changes.items() if not c.seen}

    def line(self) -> str:
        """One line for all of it: per person, what they changed and how long ago."""
        now = self._now()
        self.changes = {
            q: c for q, c in self.changes.items() if not c.seen or now - c.when < RECENT_SECONDS
        }
        people: dict[str, list[Change]] = {}
        for change in self.changes.values():
            people.setdefault(change.author, []).append(change)
        texts = []
        for author, changes in sorted(people.items(), key=lambda p: -max(c.when for c in p[1])):
            counts = [(sum(c.kind == kind for c in changes), kind) for kind in ("answer", "note")]
            what = " and ".join(f"{n} {kind}{'s' if n != 1 else ''}" for n, kind in counts if n)
            ago = int(now - max(c.when for c in changes))
            texts.append(f"{author} changed {what}, {ago} s ago")
        return "; ".join(texts)
