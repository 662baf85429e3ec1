"""Two independent assessments side by side; settle each difference into a new agreed one.

The comparison and the settling are ``tui.core.linked.compare``; this screen shows them and
passes on which answer the pair keeps for each difference.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Label, ListItem, ListView, Static

from tui.core.errors import HiringClarityError, explain
from tui.core.linked.compare import (
    Comparison,
    Difference,
    Side,
    agreed_session,
    compare,
    created_contradictions,
    earlier_agreed,
    settle,
)
from tui.core.reports.compare_report import verdict, who
from tui.core.session.models import Session
from tui.core.text import one_line
from tui.screens.confirm import ConfirmScreen
from tui.screens.host import host
from tui.textual_compat import SwitchableScreen
from tui.widgets.keybar import KeyBar
from tui.widgets.title_bar import TitleBar


def difference_text(number: int, d: Difference, pick: Side | None) -> Content:
    """One difference: question, how much it matters, both answers and notes, the pick."""

    def side(letter: str, answer: str, note: str, chosen: bool) -> tuple[str, str]:
        mark = "\u25cf" if chosen else "\u25cb"
        noted = f"  \u270e {one_line(note, 120)}" if note else ""
        return (f"\n  {mark} {letter}: {one_line(answer)}{noted}", "bold" if chosen else "")

    settled = {"a": "keep A", "b": "keep B", None: "not settled yet"}[pick]
    return Content.assemble(
        (f"{number}. {one_line(d.prompt)}", "bold"),
        (f"\n  {one_line(d.section)} \u00b7 {d.impact} \u00b7 {settled}", "dim"),
        side("A", d.answer_a, d.note_a, pick == "a"),
        side("B", d.answer_b, d.note_b, pick == "b"),
    )


class CompareScreen(SwitchableScreen):
    """Both verdicts side by side and every difference, most decisive first."""

    BINDINGS = [
        Binding("a", "pick('a')", "Keep A", id="keep-a"),
        Binding("b", "pick('b')", "Keep B", id="keep-b"),
        Binding("c", "settle", "Create agreed", id="settle"),
        Binding("escape", "app.pop_screen", "Back", id="back"),
    ]

    def __init__(self, mine: Session, other: Session) -> None:
        super().__init__(id="compare")
        self.mine, self.other = mine, other
        self.comparison: Comparison = compare(host(self).bank, mine, other)
        self.picks: dict[str, Side] = {}

    def compose(self) -> ComposeResult:
        c = self.comparison
        yield TitleBar(f"Compare: {c.a.title}")
        with Horizontal(id="compare-verdicts"):
            yield Static(
                Content.assemble(("A  " + who(c.a), "bold"), "\n", verdict(c.rec_a)),
                id="verdict-a",
                classes="compare-verdict",
            )
            yield Static(
                Content.assemble(("B  " + who(c.b), "bold"), "\n", verdict(c.rec_b)),
                id="verdict-b",
                classes="compare-verdict",
            )
        same = "Same verdict." if c.rec_a.role == c.rec_b.role else "The verdicts differ."
        yield Label(
            Content(
                f"{same} {c.agreed} answer(s) agree, {len(c.differences)} differ, "
                "most decisive first. a / b keeps that answer."
            ),
            id="compare-summary",
        )
        if c.differences:
            yield ListView(
                *(
                    ListItem(Static(difference_text(n, d, None)), name=d.question_id)
                    for n, d in enumerate(c.differences, 1)
                ),
                id="differences",
            )
        else:
            yield Static(
                "No differences: the agreed assessment takes the shared answers.", classes="dim"
            )
        yield Button("Create agreed assessment", id="settle", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        found = self.query("#differences")
        if found:
            found.first().focus()

    def _pick(self, side: Side) -> None:
        lists = self.query(ListView)
        if not lists:
            return
        view = lists.first()
        index = view.index
        if index is None:
            return
        difference = self.comparison.differences[index]
        self.picks[difference.question_id] = side
        item = view.children[index]
        item.query_one(Static).update(difference_text(index + 1, difference, side))
        if index + 1 < len(self.comparison.differences):
            view.index = index + 1

    def action_pick(self, side: Side) -> None:
        self._pick(side)

    @on(Button.Pressed, "#settle")
    def action_settle(self) -> None:
        app = host(self)
        if app.watch_only:  # a new assessment is a write: a watcher's login makes none
            self.app.notify(
                "This login can only watch: it cannot settle into a new assessment.",
                title="Cannot settle",
                severity="warning",
            )
            return
        left = len(self.comparison.differences) - len(self.picks)
        if left:
            self.app.notify(
                f"{left} difference(s) still to settle: a or b on each.",
                title="Not yet",
                severity="warning",
            )
            return
        try:
            agreed_now = agreed_session(app.bank, self.mine, self.other, self.picks)
            earlier = earlier_agreed(app.sessions_dir, self.mine, self.other)
        except (HiringClarityError, OSError, ValueError) as exc:
            self._cannot(exc)
            return
        created = created_contradictions(app.bank, self.mine, self.other, agreed_now)
        questions = []
        if earlier:
            made = "; ".join(f"{s.created:%Y-%m-%d %H:%M} UTC (id {s.id})" for s in earlier)
            questions.append(f"These two were settled already: {made}. Create another?")
        if created:
            listed = "\n".join(f"\u2022 {one_line(c, 200)}" for c in created)
            questions.append(
                "These picks put answers together that cannot both be true:\n"
                f"{listed}\nNeither counts until one is changed. Create it anyway?"
            )
        self._ask_then_settle(questions)

    def _ask_then_settle(self, questions: list[str]) -> None:
        """Each question in turn (a second settle, contradictions created); then settle."""
        if not questions:
            self._settle()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._ask_then_settle(questions[1:])

        self.app.push_screen(ConfirmScreen(questions[0], yes="Create it"), answered)

    def _cannot(self, exc: Exception) -> None:
        self.app.notify(
            one_line(explain(exc), 300), title="Cannot settle", severity="error", markup=False
        )

    def _settle(self) -> None:
        app = host(self)
        try:
            agreed = settle(app.bank, self.mine, self.other, self.picks, app.sessions_dir)
        except (HiringClarityError, OSError, ValueError) as exc:
            self._cannot(exc)
            return
        self.app.pop_screen()
        app.open_path(agreed.path)
        self.app.notify(
            one_line(
                f"Agreed assessment saved to {agreed.path}; both originals are unchanged.", 300
            ),
            title="Settled",
            timeout=10,
            markup=False,
        )
