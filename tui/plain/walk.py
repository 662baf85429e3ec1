"""Plain mode's question loop: the app's questions, branching and saves, as line prompts.

Everything goes through ``Assessment``, as in the full-screen app: an answer is saved the moment
it is typed, the position is saved with it, and either mode resumes where the other left off.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.core.assessment import Assessment
from tui.core.bank.models import Question
from tui.core.errors import HiringClarityError, ReadOnlyError, explain
from tui.core.pairing.positions import position_for
from tui.core.session.answering import is_complete, visible_questions
from tui.core.session.models import Answer
from tui.core.text import one_line
from tui.core.verdict.wording import verdict_line
from tui.plain.console import Console
from tui.plain.texts import HELP, answer_text, question_lines, question_place, status_lines
from tui.plain.typed import chosen_question, numbered_list, parse_answer

Command = Callable[[str], None]


class Walk:
    """One open assessment walked through question by question. ``current`` is None at the end."""

    def __init__(self, assessment: Assessment, console: Console) -> None:
        self.assessment = assessment
        self.io = console
        self.bank = assessment.bank
        self.current: str | None = None
        self.shown: str | None = "-"
        self.just_answered: str | None = None
        """The question the last line answered: a ``note`` next is about it, not the one shown."""
        self.verdict = assessment.recommendation.headline
        self.quit = False
        self.commands: dict[str, Command] = {}
        for names, command in (
            (("n", "next"), self._next),
            (("p", "prev", "previous", "b", "back"), self._previous),
            (("g", "go", "goto"), self._go),
            (("s", "status"), self._status),
            (("h", "help", "?"), self._help),
            (("q", "quit", "exit"), self._quit),
            (("note",), self._note),
            (("notes",), self._notes),
            (("done",), self._done),
            (("clear",), self._clear),
            (("again", "r"), self._again),
        ):
            for name in names:
                self.commands[name] = command

    # -- the loop ----------------------------------------------------------------------------

    def run(self) -> int:
        session = self.assessment.session
        self.io.say(
            f"{one_line(session.title)}: every answer is saved at once to {self.assessment.path}",
            "Type h for help."
            + (" Read-only: nothing is saved." if self.assessment.read_only else ""),
            f"Verdict so far: {self._verdict_text()}",
        )
        position = position_for(session, self.assessment.author)
        ids = [q.id for q in self._visible()]
        if position.summary:
            self.current = None
        elif position.question in ids:
            self.current = position.question
        else:
            self.current = self._first_open()
        while not self.quit:
            self._take_in_other_writers()
            if self.shown != self.current:
                self._show()
            line = self.io.ask("> ")
            if line is None:
                self.io.say(f"End of input: everything is saved in {self.assessment.path}")
                break
            self._handle(line)
        return self._finish()

    def _handle(self, line: str) -> None:
        word, _, rest = line.partition(" ")
        self.just_answered = self.just_answered if word.lower() == "note" else None
        command = self.commands.get(word.lower())
        if command is not None:
            command(rest.strip())
        elif line == "" and self.current is not None:
            self._next("")
        elif line == "":
            self.io.say(
                "That was the last question. Type g to go to a question, s for the "
                "status, q to quit."
            )
        elif self.current is None:
            self.io.say(f"Not a command: {one_line(line, 40)}. Type h for help.")
        else:
            self._answer(line)

    def _finish(self) -> int:
        if self.assessment.unsaved:
            try:
                path = self.assessment.write_recovery()
            except (HiringClarityError, OSError) as exc:
                self.io.say(f"Answers could NOT be saved: {explain(exc)}")
                return 1
            self.io.say(f"The session file could not be written; answers are kept in {path}")
            return 1
        return 0

    # -- showing -------------------------------------------------------------------------

    def _visible(self) -> list[Question]:
        return visible_questions(self.bank, self.assessment.session.answers)

    def _first_open(self) -> str | None:
        answers = self.assessment.session.answers
        visible = self._visible()
        target = next((q for q in visible if not is_complete(q, answers.get(q.id))), None)
        return target.id if target is not None else (visible[0].id if visible else None)

    def _show(self) -> None:
        self.shown = self.current
        if self.current is None:
            self._save(
                lambda a: a.move(
                    a.session.position.criterion, a.session.position.question, summary=True
                )
            )
            self.io.say(
                "",
                "Summary (after the last question):",
                *status_lines(self.assessment),
                "Type g to go to a question, notes for overall notes, done to mark "
                "it done, q to quit.",
            )
            return
        question = self.bank.question(self.current)
        criterion = self.bank.criterion_of(self.current)
        assert question is not None and criterion is not None
        self._save(lambda a: a.move(criterion.id, question.id))
        visible = self._visible()
        self.io.say(
            "",
            *question_lines(
                self.bank,
                question,
                visible.index(question) + 1,
                len(visible),
                self.assessment.session.answers,
            ),
        )

    def _verdict_text(self) -> str:
        rec = self.assessment.recommendation
        return verdict_line(rec)

    def _save(self, change: Callable[[Assessment], object]) -> bool:
        """Make and save a change. Refused (a rule broken, read-only): nothing was changed,
        and it says so. Made but not written (disk, lock, file): kept in memory for the
        next save, and it says that."""
        try:
            change(self.assessment)
        except (ValueError, ReadOnlyError) as exc:
            self.io.say(f"Not saved: {explain(exc)}; nothing was changed.")
            return False
        except (HiringClarityError, OSError) as exc:
            self.io.say(f"Not saved: {explain(exc)} (kept here; saved with the next change)")
            return False
        if self.assessment.last_save is not None and self.assessment.last_save.message:
            self.io.say(f"Another writer: {self.assessment.last_save.message}")
            self.assessment.last_save.merged = []
            self.assessment.last_save.conflicts = []
        return True

    def _take_in_other_writers(self) -> None:
        if self.assessment.file.changed_on_disk():
            try:
                result = self.assessment.refresh()
            except HiringClarityError as exc:
                self.io.say(str(exc))
                return
            if result.message:
                self.io.say(f"Another writer: {result.message}")
                self.shown = "-"
            self._verdict_changed()

    def _verdict_changed(self) -> None:
        name = self.assessment.recommendation.headline
        if name != self.verdict:
            self.verdict = name
            self.io.say(f"Verdict now: {self._verdict_text()}")

    # -- answering -----------------------------------------------------------------------

    def _answer(self, line: str) -> None:
        assert self.current is not None
        question = self.bank.question(self.current)
        assert question is not None
        answer = parse_answer(question, line)
        if isinstance(answer, str):
            self.io.say(answer)
            return
        qid = question.id
        if self._save(lambda a: a.answer(qid, answer)):
            self.io.say(f"Answer: {answer_text(question, answer)}")
            self.just_answered = qid
        self._verdict_changed()
        self._step(1)

    def _step(self, step: int) -> None:
        ids = [q.id for q in self._visible()]
        if self.current is None:
            index = len(ids)
        else:
            index = ids.index(self.current) if self.current in ids else 0
        target = index + step
        if target < 0:
            self.io.say("This is the first question.")
        elif target >= len(ids):
            self.current = None
        else:
            self.current = ids[target]

    # -- commands ------------------------------------------------------------------------

    def _next(self, _rest: str) -> None:
        if self.current is None:
            self.io.say("That was the last question. Type g to go to a question.")
        self._step(1)

    def _previous(self, _rest: str) -> None:
        self._step(-1)
        self.shown = "-"

    def _go(self, rest: str) -> None:
        visible = self._visible()
        if not rest:
            for line in numbered_list(visible, self.assessment.session.answers):
                self.io.say(line)
            rest = self.io.ask(f"Go to which question (1 to {len(visible)}, Enter stays)? ") or ""
            if not rest:
                return
        target = chosen_question(visible, rest)
        if target is None:
            self.io.say(
                f"No question {one_line(rest, 40)}: give a number from 1 to "
                f"{len(visible)} (type g for the list)."
            )
        else:
            self.current, self.shown = target, "-"

    def _again(self, _rest: str) -> None:
        self.shown = "-"

    def _status(self, _rest: str) -> None:
        self.io.say(*status_lines(self.assessment))

    def _help(self, _rest: str) -> None:
        self.io.say(*HELP)

    def _quit(self, _rest: str) -> None:
        self.quit = True
        saved = f"everything is saved in {self.assessment.path}"
        self.io.say(f"Bye: {'nothing saved (read-only)' if self.assessment.read_only else saved}.")

    def _clear(self, _rest: str) -> None:
        if self.current is None:
            self.io.say("Go to a question first (g).")
            return
        qid = self.current
        if self._save(lambda a: a.answer(qid, Answer())):
            self.io.say("Answer cleared (its note is kept).")
        self._verdict_changed()

    def _note(self, rest: str) -> None:
        """A note on the question just answered, else on the one shown; it says which."""
        qid = self.just_answered or self.current
        if qid is None:
            self.io.say("Go to a question first (g); for notes on the whole assessment type notes.")
            return
        where = question_place(self.bank, qid, self._visible())
        saved = self.assessment.session.answers.get(qid)
        text = self.io.edit_text(f"Note on {where}", saved.note if saved else "", rest)
        if text is not None and self._save(lambda a: a.note(qid, text)):
            self.io.say(f"Note saved on {where}" if text else f"Note cleared on {where}")

    def _notes(self, rest: str) -> None:
        text = self.io.edit_text("Overall notes", self.assessment.session.notes, rest)
        if text is not None and self._save(lambda a: a.set_notes(text)):
            self.io.say("Overall notes saved." if text else "Overall notes cleared.")

    def _done(self, _rest: str) -> None:
        done = not self.assessment.session.done
        if self._save(lambda a: a.mark_done(done)):
            self.io.say("Marked done." if done else "Marked not done: open again.")
