"""An open assessment: the bank, the session file and the current recommendation, kept in step.

The app and the CLI change a session only through this class, so every change is checked
against the bank, saved at once and followed by a fresh recommendation.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path

from tui.core.bank.models import Bank
from tui.core.errors import ReadOnlyError, WriterBusy
from tui.core.pairing.positions import set_position
from tui.core.session.answering import retired_answers, set_answer, set_note
from tui.core.session.conflicts import (
    both_notes,
    newly_not_kept,
    not_kept_message,
    note_overtaken,
    overtaken_pick,
    record_both,
    settle,
    sides,
)
from tui.core.session.merging import merge_ticks
from tui.core.session.models import Answer, Position, Session, Summary
from tui.core.storage.atomic import export_file
from tui.core.storage.rescue import write_recovery
from tui.core.storage.session_file import SaveResult, SessionFile
from tui.core.verdict.engine import Recommendation, recommend

READ_ONLY_NOTICE = "Read-only: nothing can be changed in this window (see READ-ONLY in the title)"


def summarize(recommendation: Recommendation) -> Summary:
    return Summary(
        answered=recommendation.answered,
        total=recommendation.total,
        role=recommendation.role or "",
        role_name=recommendation.role_name if recommendation.role else "",
        confidence=recommendation.confidence,
    )


def blank_session(bank: Bank, title: str, role_title: str = "", assessor: str = "") -> Session:
    """A new session at the bank's first question, not saved anywhere yet."""
    first = bank.criteria[0]
    return Session(
        title=title,
        role_title=role_title,
        assessor=assessor,
        bank_version=bank.version,
        position=Position(criterion=first.id, question=first.questions[0].id),
    )


EXPORT_SUFFIXES = {
    "markdown": ".scorecard.md",
    "json": ".report.json",
    "text": ".report.txt",
    "brief": ".brief.md",
    "job": ".job.md",
}
"""The file name ending of each report format, after the session file's stem."""
EXPORT_NAMES = {
    "markdown": "Scorecard",
    "json": "JSON report",
    "text": "Text report",
    "brief": "Brief",
    "job": "Job description draft",
}
"""What each export is called where it is announced."""


class Assessment:
    def __init__(self, bank: Bank, file: SessionFile, read_only: bool = False) -> None:
        self.bank = bank
        self.file = file
        self.read_only = read_only
        self.unsaved = False
        """True while a change is only in memory because its save failed."""
        self.opened_bank_version = file.session.bank_version
        self.recommendation = recommend(bank, file.session.answers)
        self.last_save: SaveResult | None = None
        self.author = ""
        """Who this instance is (``tui.core.pairing.identity``): moves are saved as their own
        position."""
        self.writer = ""
        """This running app (``tui.core.pairing.identity.writer_id``): two apps under one author
        name are two writers, each change and conflict side recorded as its own."""
        self._not_kept_told = file.session.not_kept
        """The values not kept this app has already told about (or found when opening)."""

    @classmethod
    def start(
        cls,
        bank: Bank,
        directory: Path,
        title: str,
        role_title: str = "",
        assessor: str = "",
        wait: float | None = None,
    ) -> Assessment:
        """A new session, saved; ``wait`` is how long its saves wait for another writer."""
        return cls.create(bank, directory, blank_session(bank, title, role_title, assessor), wait)

    @classmethod
    def create(
        cls, bank: Bank, directory: Path, session: Session, wait: float | None = None
    ) -> Assessment:
        """Save a session built whole in memory (every rule already checked) as a new file."""
        assessment = cls(bank, SessionFile.create(directory, session, wait))
        with contextlib.suppress(WriterBusy):  # the file exists: its summary goes next save
            assessment.save()
        return assessment

    @classmethod
    def open(cls, bank: Bank, path: Path, read_only: bool = False) -> Assessment:
        """Open a saved session; another user's file opens read-only (``file.owner`` says
        why): a save would replace it with a file of ours that its owner cannot read."""
        file = SessionFile.open(path)
        return cls(bank, file, read_only or bool(file.owner))

    @property
    def session(self) -> Session:
        return self.file.session

    @property
    def path(self) -> Path:
        return self.file.path

    def answer(self, question_id: str, answer: Answer, seen: Answer | None = None) -> SaveResult:
        """``seen``: the answer the card showed when the key came. A colleague's change since
        (their save taken in, the card not yet redrawn) is never replaced by a value that
        never showed it: ticks are merged with mine, as a save merges them; another single
        choice or scale is kept beside mine as a conflict."""
        self._check_writable()
        overtaken = None
        if seen is not None:
            theirs = (self.session.answers.get(question_id) or Answer()).choices
            if answer.choices is not None and theirs not in (None, seen.choices):
                ticks = merge_ticks(seen.choices or [], answer.choices, theirs or [])
                answer = replace(answer, choices=ticks)
            overtaken = overtaken_pick(
                self.session, question_id, seen, answer, self.author, self.writer
            )
        set_answer(self.bank, self.session, question_id, answer, self.author, self.writer)
        if overtaken is not None:  # after: answering again clears a conflict over the answer
            record_both(self.session, question_id, *overtaken)
        return self.save()

    def note(self, question_id: str, text: str, seen: str | None = None) -> SaveResult:
        """``seen``: the text the note field started from; if another writer saved a different
        note since, both are kept as a conflict instead of one replacing the other."""
        self._check_writable()
        if seen is not None:
            note_overtaken(self.session, question_id, seen, text, self.author, self.writer)
        set_note(self.session, question_id, text, self.author, self.writer)
        return self.save()

    def settle(self, question_id: str, keep_mine: bool, both: bool = False) -> SaveResult:
        """Keep mine / take theirs on a recorded conflict: that value stays, the entry goes.
        ``both`` keeps my answer and both notes, joined, each with its author."""
        self._check_writable()
        found = sides(
            self.session.conflicts.get(question_id, []),
            self.author,
            self.session.answers.get(question_id),
            self.writer,
        )
        if found is not None:
            chosen = found.mine if keep_mine else found.theirs
            if both:
                chosen = both_notes(found)
            settle(self.session, question_id, chosen, self.author, self.writer)
        return self.save()

    def not_kept_news(self) -> list[str]:
        """This person's values that a colleague's settle did not keep, new since last asked:
        one message each, with the whole value."""
        now = self.session.not_kept
        news = newly_not_kept(self._not_kept_told, now, self.author, self.writer)
        self._not_kept_told = now
        return [not_kept_message(self.bank.question(qid), entry) for qid, entry in news]

    def _check_writable(self) -> None:
        """Read-only means the answers stay as saved: an export then shows the file's truth."""
        if self.read_only:
            raise ReadOnlyError(READ_ONLY_NOTICE)

    def set_notes(self, text: str) -> SaveResult:
        """The assessment's own overall notes (not a question's)."""
        self._check_writable()
        self.session.notes = text
        return self.save()

    def mark_done(self, done: bool = True) -> SaveResult:
        """Mark the assessment done (or open again); done unseals linked blind assessments."""
        self._check_writable()
        self.session.done = done
        return self.save()

    def move(self, criterion_id: str, question_id: str = "", summary: bool = False) -> SaveResult:
        position = Position(criterion=criterion_id, question=question_id, summary=summary)
        set_position(self.session, self.author, position)
        return self.save()

    def save(self) -> SaveResult:
        """Save now (merging another writer's changes) and refresh the recommendation.

        If the save fails, the change stays in memory, ``unsaved`` says so, and the next
        save (or ``write_recovery`` on the way out) takes it to disk.
        """
        self.recommendation = recommend(self.bank, self.session.answers)
        if self.read_only:
            return SaveResult(self.path, self.session.revision)
        self.session.bank_version = self.bank.version
        self.session.summary = summarize(self.recommendation)
        self.unsaved = True
        result = self.file.save(recount=self._recount)
        self.unsaved = False
        self.last_save = result
        return result

    def _recount(self, merged: Session) -> None:
        """The merge brought in answers the summary did not count: count them before writing."""
        self.recommendation = recommend(self.bank, merged.answers)
        merged.summary = summarize(self.recommendation)

    def write_recovery(self) -> Path:
        """Keep answers that could not be saved: a copy beside the bookkeeping, never lost."""
        return write_recovery(self.path, self.session)

    def refresh(self) -> SaveResult:
        """Take in another writer's saved changes (answer by answer) and re-recommend."""
        result = self.file.refresh()
        if result.merged:
            self.recommendation = recommend(self.bank, self.session.answers)
        return result

    def bank_changes(self) -> str:
        """What a newer question bank means for this session, or '' when nothing changed."""
        if self.opened_bank_version in ("", self.bank.version):
            return ""
        retired = retired_answers(self.bank, self.session)
        kept = f"; {len(retired)} answer(s) no longer fit, kept as retired" if retired else ""
        return (
            f"Saved with question bank {self.opened_bank_version}, now {self.bank.version}"
            f"{kept}. New questions show as open."
        )

    def export(self, fmt: str, folder: Path | None = None) -> Path:
        """Write the markdown scorecard or JSON report beside the session file, or into
        ``folder`` when one is given; the path written."""
        from tui.core.reports.report import render  # not on the way to the first screen

        name = self.path.stem + EXPORT_SUFFIXES[fmt]
        text = render(self.bank, self.session, fmt)
        if folder is None:
            return export_file(self.path.with_name(name), text)
        from tui.core.reports.output import write_output

        return write_output(folder.expanduser() / name, text)
