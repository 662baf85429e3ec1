"""The summary: final recommendation, skills table, reasons, open questions and export."""

from __future__ import annotations

import textwrap
from functools import partial
from pathlib import Path

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, ListItem, ListView, Static

from tui.core.assessment import Assessment
from tui.core.bank.models import Question
from tui.core.linked.copies import is_agreed, seal_reason, sibling_sessions
from tui.core.reports.scorecard import interview_plan
from tui.core.session.answering import unanswered
from tui.core.session.models import Session
from tui.core.text import one_line
from tui.core.verdict.engine import Recommendation
from tui.core.verdict.wording import LEVEL_TITLES, STRENGTH_WORDS, flip_summary, why_sections
from tui.screens.base import SECTION_BINDINGS, AnswersArrived, AssessmentScreen, Exported
from tui.screens.host import ONE_ASSESSMENT
from tui.widgets.keybar import KeyBar
from tui.widgets.panel import gauge
from tui.widgets.title_bar import TitleBar
from tui.widgets.wrap_up import WrapUp

SKILL_COLUMNS = (("Level", 12), ("Skill", 44), ("Group", 24), ("Because", 60))
SUMMARY_GUTTER = 6
"""Columns the summary's padding and scrollbar take from the terminal's width."""
"""Each column of the skills table and the most characters it shows."""


def skills_table(rec: Recommendation, width: int = 0) -> Content:
    """The required skills as an aligned text table: one widget, read-only, like the report.

    When the table is wider than ``width`` (an 80-column terminal), each skill takes two
    lines instead, so no column is cut: level and skill, then group and why, wrapped."""
    rows = [
        (LEVEL_TITLES[s.level], s.name, s.group, s.because[0] if s.because else "")
        for s in rec.skills
    ] or [("-", "Answer more questions to see skills.", "", "")]
    cells = [
        [one_line(text, limit) for text, (_, limit) in zip(row, SKILL_COLUMNS, strict=True)]
        for row in rows
    ]
    widths = [
        max(len(title), *(len(row[i]) for row in cells))
        for i, (title, _) in enumerate(SKILL_COLUMNS)
    ]
    if width and sum(widths) + 2 * (len(widths) - 1) > width:
        return _stacked(cells, widths[0], width)

    def line(texts: list[str]) -> str:
        return "  ".join(text.ljust(width) for text, width in zip(texts, widths, strict=True))

    header = Content.styled(line([title for title, _ in SKILL_COLUMNS]).rstrip(), "bold")
    return Content("\n").join([header, *(Content(line(row).rstrip()) for row in cells)])


def _stacked(cells: list[list[str]], level_width: int, width: int) -> Content:
    indent = " " * (level_width + 2)
    lines: list[Content] = []
    for level, skill, group, because in cells:
        lines.append(Content.styled(f"{level.ljust(level_width)}  {skill}", "bold"))
        detail = f"{group}: because {because}" if because else group
        lines += [
            Content(piece)
            for piece in textwrap.wrap(
                detail, max(20, width), initial_indent=indent, subsequent_indent=indent
            )
        ]
    return Content("\n").join(lines)


def open_by_swing(rec: Recommendation, questions: list[Question]) -> list[tuple[Question, str]]:
    """Open questions, those that could change the verdict first, each with what it could do."""
    swings = {s.question_id: s for s in rec.open_swing}
    order = {s.question_id: i for i, s in enumerate(rec.open_swing)}
    found = []
    for question in sorted(questions, key=lambda q: order.get(q.id, len(order))):
        swing = swings.get(question.id)
        note = "\u25cb "
        if swing is not None and swing.flip_to:
            note = (
                f"\u26a0 could flip to {rec.names.get(swing.flip_to, 'no verdict')} "
                f"({swing.swing:.0%}): "
            )
        found.append((question, note))
    return found


class SummaryScreen(AssessmentScreen):
    BINDINGS = [
        Binding("e", "app.export('markdown')", "Scorecard", id="export-markdown"),
        Binding("j", "app.export('json')", "JSON", id="export-json"),
        Binding("b", "app.export('brief')", "Brief", id="export-brief", show=False),
        Binding("a", "app.export('job')", "Job ad", id="export-job", show=False),
        Binding("p", "app.back_to_questions", "Questions", id="back"),
        Binding("d", "toggle_done", "Done", id="toggle-done"),
        Binding("c", "compare", "Compare", id="compare"),
        Binding("escape", "app.home", "Home", id="home"),
        *SECTION_BINDINGS,
    ]

    def __init__(self, assessment: Assessment | None) -> None:
        super().__init__(assessment, id="summary")
        self._open_shown: list[tuple[str, str]] = []
        """The open questions listed: (question id, text shown)."""

    def compose(self) -> ComposeResult:
        assessment = self.assessment
        open_items = self._open_items()
        texts = self._report_texts()
        yield TitleBar(self.assessment.session.title, read_only=assessment.read_only)
        with VerticalScroll(id="summary-body"):
            if assessment.read_only:
                yield Static(
                    Content.styled(
                        "Read-only: these are the saved answers; nothing here can be changed.",
                        "bold",
                    ),
                    id="summary-read-only",
                )
            yield Static(texts["summary-verdict"], classes="summary-verdict", id="summary-verdict")
            yield Static(texts["summary-confidence"], id="summary-confidence")
            yield Static(texts["summary-points"], id="summary-points")
            yield Static(texts["summary-message"], classes="dim", id="summary-message")
            yield Static(texts["summary-flips"], id="summary-flips")
            yield Label(
                "Contradictions (set aside until one answer changes)",
                classes="section-title",
                id="summary-conflicts-title",
            )
            yield Static(texts["summary-conflicts"], id="summary-conflicts")
            yield Label("Required Python backend skills", classes="section-title")
            yield Static(texts["skills-table"], id="skills-table")
            yield Label("Interview plan for the must-haves", classes="section-title")
            yield Static(texts["interview-plan"], id="interview-plan")
            yield Label("Why", classes="section-title")
            yield Static(texts["summary-reasons"], id="summary-reasons")
            yield Label(texts["open-title"], classes="section-title", id="open-title")
            yield ListView(*open_items, id="open-questions")
            yield Static("Every question is answered.", classes="dim", id="all-answered")
            yield self._wrap_up()
            with Horizontal(id="export-row"):
                yield Button("Export scorecard (markdown)", id="export-markdown", variant="primary")
                yield Button("Export JSON report", id="export-json")
            yield Static(id="export-paths", classes="dim")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_what_applies()

    def _open_questions(self) -> list[tuple[Question, str]]:
        assessment = self.assessment
        return open_by_swing(
            assessment.recommendation, unanswered(assessment.bank, assessment.session.answers)
        )

    def _open_items(self) -> list[ListItem]:
        """The open questions as list items; ``_open_shown`` says which, for the title."""
        self._open_shown = [
            (q.id, f"{note}{one_line(q.prompt)}") for q, note in self._open_questions()
        ]
        return [ListItem(Label(Content(text)), name=qid) for qid, text in self._open_shown]

    def _report_texts(self) -> dict[str, Content]:
        """What the report part shows, by widget id: drawn at compose, and again when a
        colleague's answers arrive (after ``_open_items``, whose count the title gives)."""
        assessment = self.assessment
        rec = assessment.recommendation
        reasons = [
            line
            for title, texts in why_sections(rec)
            for line in [f"{title}:", *(f"\u2022 {text}" for text in texts)]
            if texts
        ] or ["\u2022 None yet."]
        return {
            "summary-verdict": Content(f"{one_line(assessment.session.title)}: {rec.headline}"),
            "summary-confidence": Content(
                f"Confidence {gauge(rec.confidence)} ({STRENGTH_WORDS[rec.strength]})"
            ),
            "summary-points": Content(
                "Points counted: "
                + "   ".join(f"{rec.names[r]} {points:g}" for r, points in rec.scores.items())
            ),
            "summary-message": Content(rec.message),
            "summary-flips": Content(flip_summary(rec)),
            "summary-conflicts": Content(
                "\n".join(
                    f"\u2717 {one_line(c.first_answer)} / {one_line(c.second_answer)}: "
                    f"{one_line(c.why)}"
                    for c in rec.contradictions
                )
            ),
            "skills-table": skills_table(rec, self.app.size.width - SUMMARY_GUTTER),
            "interview-plan": self._plan(),
            "summary-reasons": Content("\n".join(reasons)),
            "open-title": Content(f"Open questions ({len(self._open_shown)})"),
        }

    def _show_what_applies(self) -> None:
        """Contradictions only when there are some; the open questions, or that none is left."""
        contradictions = bool(self.assessment.recommendation.contradictions)
        for name in ("#summary-conflicts-title", "#summary-conflicts"):
            self.query_one(name).display = contradictions
        self.query_one("#open-questions").display = bool(self._open_shown)
        self.query_one("#all-answered").display = not self._open_shown

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving the overall notes: they show what is saved now (a colleague's newer notes
        were not written into them while they were being typed)."""
        if event.widget.id == "overall-notes":
            self.query_one(WrapUp).show_notes(self.assessment.session.notes)

    @on(AnswersArrived)
    async def _answers_arrived(self) -> None:
        """A colleague's save: the verdict, skills, reasons and open questions as they are now.
        Focus stays where it is, and the notes being edited here are not written into."""
        if not self.is_attached:
            return
        listing = self.query_one("#open-questions", ListView)
        shown = self._open_shown
        items = self._open_items()
        for widget_id, content in self._report_texts().items():
            self.query_one(f"#{widget_id}", Static).update(content)
        if self._open_shown != shown:
            highlighted = listing.highlighted_child
            kept = highlighted.name if highlighted is not None else None
            index = listing.index or 0
            await listing.clear()
            await listing.extend(items)
            names = [qid for qid, _ in self._open_shown]
            if names:  # the same question stays highlighted while it is open
                listing.index = names.index(kept) if kept in names else min(index, len(names) - 1)
        self._show_what_applies()
        others, seal = self._linked()
        wrap_up = self.query_one(WrapUp)
        wrap_up.show_state(self.assessment.session, others, seal)
        wrap_up.show_notes(self.assessment.session.notes)

    def on_resize(self) -> None:
        """The skills table chooses its layout by width: draw it again for the new one."""
        table = self.query_one("#skills-table", Static)
        table.update(
            skills_table(self.assessment.recommendation, self.app.size.width - SUMMARY_GUTTER)
        )

    def _plan(self) -> Content:
        """One line a must-have: the step that tests it, the skill, what to look for."""
        plan = interview_plan(self.assessment.bank, self.assessment.recommendation)
        if not plan:
            return Content("No must-have skills yet: answer more questions.")
        return Content("\n").join(
            Content.assemble(
                (f"{p.step_name}: ", "bold"),
                one_line(p.skill),
                "\n  ",
                (one_line(p.look_for), "dim"),
            )
            for p in plan
        )

    @on(ListView.Selected, "#open-questions")
    def _jump(self, event: ListView.Selected) -> None:
        self.hc_app.goto_question(event.item.name or "")

    @on(Button.Pressed, "#export-markdown")
    def _export_markdown(self) -> None:
        self.hc_app.action_export("markdown")

    @on(Button.Pressed, "#export-json")
    def _export_json(self) -> None:
        self.hc_app.action_export("json")

    @on(Exported)
    def _show_exported(self, event: Exported) -> None:
        self.query_one("#export-paths", Static).update(Content("\n".join(event.lines)))

    # -- wrap-up: overall notes, done, linked assessments ------------------------------------

    def _linked(self) -> tuple[list[Session], str]:
        """The linked independent assessments on disk, and why they are sealed ('' if not)."""
        session = self.assessment.session
        if is_agreed(session):  # settled already: nothing left to compare from here
            return [], ""
        others = sibling_sessions(self.assessment.path.parent, session)
        return others, seal_reason([session, *others]) if others else ""

    def _wrap_up(self) -> WrapUp:
        others, seal = self._linked()
        return WrapUp(
            self.assessment.session,
            others,
            seal,
            str(self.assessment.path.parent),
            self.assessment.read_only,
            id="wrap-up",
        )

    @on(WrapUp.NotesChanged)
    def _notes_changed(self, event: WrapUp.NotesChanged) -> None:
        self.save_change(partial(Assessment.set_notes, text=event.text))
        self.query_one(WrapUp).notes_taken()

    @on(WrapUp.DoneToggled)
    def _done_toggled(self, event: WrapUp.DoneToggled) -> None:
        self.save_change(partial(Assessment.mark_done, done=event.done))
        others, seal = self._linked()
        self.query_one(WrapUp).show_state(self.assessment.session, others, seal)
        self.app.notify("Marked done." if event.done else "Open again: not done.")

    def action_toggle_done(self) -> None:
        self.post_message(WrapUp.DoneToggled(not self.assessment.session.done))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Compare shows only where there is someone to compare with."""
        if action == "compare":  # comparing opens another assessment: not for a guest
            return bool(self.query_one(WrapUp).others) and self.hc_app.scope is None
        return True

    def action_compare(self) -> None:
        others = self.query_one(WrapUp).others
        if others:
            self.post_message(WrapUp.CompareAsked(others[0].id))

    @on(WrapUp.CompareAsked)
    def _compare(self, event: WrapUp.CompareAsked) -> None:
        from tui.screens.compare import CompareScreen

        others, seal = self._linked()
        other = next((s for s in others if s.id == event.session_id), None)
        if self.hc_app.scope is not None:
            seal = ONE_ASSESSMENT
        if seal or other is None:
            self.app.notify(
                one_line(seal or "that assessment is gone", 300),
                title="Cannot compare yet",
                severity="warning",
                markup=False,
            )
            return
        self.app.push_screen(CompareScreen(self.assessment.session, other))

    def export_folder(self) -> Path | None:
        """The folder typed under the export buttons; None means beside the session file."""
        typed = self.query_one(WrapUp).export_folder()
        return Path(typed) if typed else None
