"""The summary's wrap-up: overall notes, the done mark, linked assessments, the export folder.

It shows session state and posts what the user did; the summary screen saves it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from tui.core.linked.agreed import agreed_line
from tui.core.session.models import Session
from tui.core.text import one_line, safe_text

if TYPE_CHECKING:
    from textual.widgets import TextArea

DONE_LABEL = "Mark done"
REOPEN_LABEL = "Done \u2713: reopen"
NOTES_PLACEHOLDER = "Notes on the whole assessment (optional); Tab leaves"


def linked_text(done: bool, siblings: list[Session], seal: str) -> str:
    """One line on the assessments linked to this one, or '' when there are none."""
    if not siblings:
        return ""
    names = ", ".join(
        f"{one_line(s.assessor or s.id, 30)} ({'done' if s.done else 'not done'})" for s in siblings
    )
    if not seal:
        state = "Everyone is done: compare, then settle into an agreed assessment."
    elif not done:
        state = "Sealed: mark yours done (d) to compare once everyone is done."
    else:
        state = "Sealed until everyone is done."
    return f"Assessed independently alongside {names}. {state}"


class NotesPreview(Static, can_focus=True):
    """The overall notes, shown as text until someone goes to them (Tab or a click).

    The editor is Textual's ``TextArea``, whose code is the largest single part of the summary
    (about 1 MiB of a whole assessment's peak memory, ``docs/performance.md``); most visits
    to the summary never edit the notes. Focusing this swaps the editor in its place; keys
    typed right behind the Tab wait for the swap (``tui.keyorder``). Characters that reach
    the preview all the same (behind a click, in the same read) are typed into the editor.
    """

    def __init__(self, content: Content, *, id: str) -> None:  # noqa: A002 - Textual's name
        super().__init__(content, id=id)
        self.typed: list[str] = []
        self.editor: TextArea | None = None

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            if self.editor is not None:
                self.editor.insert(event.character)
            else:
                self.typed.append(event.character)


class WrapUp(Vertical):
    class NotesChanged(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class DoneToggled(Message):
        def __init__(self, done: bool) -> None:
            super().__init__()
            self.done = done

    class CompareAsked(Message):
        def __init__(self, session_id: str) -> None:
            super().__init__()
            self.session_id = session_id

    def __init__(
        self,
        session: Session,
        siblings: list[Session],
        seal: str,
        folder: str,
        read_only: bool = False,
        *,
        id: str | None = None,  # noqa: A002 - Textual's name
    ) -> None:
        super().__init__(id=id)
        self.read_only = read_only
        self.session = session
        self.others = siblings
        self.seal = seal
        self.folder = folder
        self.notes = safe_text(session.notes)
        """The notes as shown and last posted (the session object is replaced on every save).
        Control characters show as visible escapes and are saved that way once edited, as in
        the note field; TextArea would otherwise send them to the terminal raw."""
        self.done = session.done
        self.editor: TextArea | None = None
        """The notes editor, once the notes were reached."""
        self._notes_in_flight = 0
        """Notes posted that the screen has not saved yet (typed right before a Tab)."""

    def compose(self) -> ComposeResult:
        yield Label("Overall notes", classes="section-title")
        yield NotesPreview(
            Content(self.notes) if self.notes else Content.styled(NOTES_PLACEHOLDER, "dim"),
            id="overall-notes-preview",
        )
        with Horizontal(id="wrap-up-buttons"):
            yield Button(
                REOPEN_LABEL if self.session.done else DONE_LABEL,
                id="toggle-done",
                disabled=self.read_only,
            )
            for sibling in self.others:
                yield Button(
                    Content(f"Compare with {one_line(sibling.assessor or sibling.id, 20)}"),
                    id=f"compare-{sibling.id}",
                    disabled=bool(self.seal),
                )
        yield Static(
            Content(agreed_line(self.session) or linked_text(self.done, self.others, self.seal)),
            id="linked-status",
            classes="dim",
        )
        with Horizontal(id="export-folder-row"):
            yield Label("Export to folder: ")
            yield Input(self.folder, id="export-folder", compact=True)

    @on(events.DescendantFocus)
    async def _open_notes(self, event: events.DescendantFocus) -> None:
        """The notes editor replaces the preview when the preview is focused."""
        preview = event.widget
        if not isinstance(preview, NotesPreview) or not preview.is_attached:
            return
        from textual.widgets import TextArea

        editor = TextArea(
            self.notes,
            id="overall-notes",
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=NOTES_PLACEHOLDER,
            read_only=self.read_only,
        )
        await self.mount(editor, after=preview)
        self.editor = editor
        if not self.read_only:  # a read-only editor takes no typing, forwarded or not
            preview.editor = editor
            editor.insert("".join(preview.typed))
        editor.focus(scroll_visible=False)
        await preview.remove()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        area = event.text_area
        if safe_text(area.text) != area.text:  # pasted control characters: never drawn raw
            area.text = safe_text(area.text)
            area.move_cursor(area.document.end)
        if area.text != self.notes:  # not when it is first filled
            self.notes = area.text
            self._notes_in_flight += 1
            self.post_message(self.NotesChanged(self.notes))

    def notes_taken(self) -> None:
        """The screen has saved the notes posted first."""
        self._notes_in_flight = max(0, self._notes_in_flight - 1)

    @on(Button.Pressed, "#toggle-done")
    def _toggle_done(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.DoneToggled(not self.done))

    @on(Button.Pressed)
    def _compare(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("compare-"):
            event.stop()
            self.post_message(self.CompareAsked(event.button.id.removeprefix("compare-")))

    def show_state(self, session: Session, siblings: list[Session], seal: str) -> None:
        """Show the done mark and the linked assessments as they are now."""
        self.session, self.others, self.seal, self.done = session, siblings, seal, session.done
        self.query_one("#toggle-done", Button).label = REOPEN_LABEL if self.done else DONE_LABEL
        for button in self.query(Button):
            if button.id and button.id.startswith("compare-"):
                button.disabled = bool(seal)
        self.query_one("#linked-status", Static).update(
            Content(linked_text(self.done, siblings, seal))
        )

    def show_notes(self, notes: str) -> None:
        """Another writer's overall notes, shown unless they are being edited here: a field
        being typed in is never written into."""
        notes = safe_text(notes)
        if notes == self.notes or self._notes_in_flight:
            return  # the same, or mine still to be saved: the next arrival shows theirs
        editor = self.editor
        if editor is not None:
            if editor.has_focus:
                return
            self.notes = notes  # first: loading the text is not a change of mine to post
            editor.load_text(notes)
            return
        self.notes = notes
        self.query_one(NotesPreview).update(
            Content(notes) if notes else Content.styled(NOTES_PLACEHOLDER, "dim")
        )

    def export_folder(self) -> str:
        return self.query_one("#export-folder", Input).value.strip()
