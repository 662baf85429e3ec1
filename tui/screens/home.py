"""Home: start a new assessment or resume a saved one from the list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Label, Static
from textual.worker import get_current_worker

from tui.core.errors import SessionFileError
from tui.core.linked.copies import sealed_ids
from tui.core.reports.list_table import describe, fit_title
from tui.core.session.models import MAX_TITLE
from tui.core.storage.listing import SessionRow, list_in_passes
from tui.core.text import one_line
from tui.screens.confirm import ConfirmScreen
from tui.screens.host import host
from tui.textual_compat import SwitchableScreen
from tui.widgets.keybar import KeyBar
from tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from tui.sync.engine import SyncStatus

Signature = tuple[int, int, int] | None

FIRST_BATCH = 40
SYNC_POLL = 1.0
"""Seconds between looks at the last sync's record (one ``stat``)."""
COLUMNS = ("Title", "Updated (UTC)", "Done", "Recommendation")
MIN_TITLE = 12


class HomeScreen(SwitchableScreen):
    """The list of saved assessments, newest first, and the form for a new one."""

    BINDINGS = [
        Binding("ctrl+n", "new", "New", id="new"),
        # Inputs pass Down on, so from the form or the filter it goes down to the list. Not in
        # the key bar (the focused field's own Down hides it there): the list's label says it.
        Binding("down", "to_list", "List", id="to-list", show=False),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("delete,d", "delete", "Delete", id="delete"),
        Binding("o", "open_read_only", "Open read-only", id="read-only"),
        Binding("f5", "reload", "Reload", id="reload"),
    ]

    class Loaded(Message):
        def __init__(self, rows: list[SessionRow], error: str = "") -> None:
            super().__init__()
            self.rows = rows
            self.error = error

    def __init__(self) -> None:
        super().__init__(id="home")
        self.rows: list[SessionRow] = []

    def compose(self) -> ComposeResult:
        yield TitleBar("")
        with Vertical(id="new-form"):
            yield Label("Start a new assessment", classes="section-title")
            with Horizontal(classes="form-row"):
                yield Input(
                    placeholder="Title, e.g. Payments API hire", id="title", max_length=MAX_TITLE
                )
                yield Input(placeholder="Role being hired for", id="role", max_length=MAX_TITLE)
                yield Input(placeholder="Assessor", id="assessor", max_length=MAX_TITLE)
                yield Button("Start", variant="primary", id="start")
        with Horizontal(id="list-bar"):
            yield Label(
                Content.assemble(("Saved assessments", "bold"), ("  \u2193 to choose", "dim")),
                classes="section-title",
            )
            yield Input(placeholder="Filter (/)", id="filter")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static(id="empty", classes="dim")
        yield Static(id="home-status", classes="dim")
        yield Static(id="sync-status", classes="dim")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#home-status", Static).update(
            Content(f"Sessions folder: {host(self).sessions_dir}")
        )
        self.query_one("#assessor", Input).value = host(self).author
        self.query_one("#title", Input).focus()
        self.set_interval(SYNC_POLL, self._sync_poll)

    def on_screen_resume(self) -> None:
        """Each time home shows (first time included), list what is on disk now."""
        self.action_reload()

    def action_reload(self) -> None:
        self._load(host(self).sessions_dir)

    def on_resize(self) -> None:
        """Column widths follow the terminal's (the title gives way first)."""
        if self.rows:
            self._fill()

    @work(thread=True, exclusive=True, group="listing")
    def _load(self, directory: Path) -> None:
        """Reading a thousand files must not freeze the screen: do it off the event loop.

        The newest screenful of headers comes first, then all headers, then a full read of
        every file so that damage anywhere in a file is listed too.
        """
        worker = get_current_worker()
        try:
            for rows in list_in_passes(directory, FIRST_BATCH):
                if worker.is_cancelled:
                    return
                self.post_message(self.Loaded(rows))
        except SessionFileError as exc:
            self.post_message(self.Loaded([], error=str(exc)))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if event.error:
            self.notify(
                one_line(event.error, 300), title="Sessions folder", severity="error", markup=False
            )
        self.rows = event.rows
        self._fill()
        self.refresh_bindings()  # Down has a list to go to, or no longer

    def _fill(self) -> None:
        table = self.query_one("#sessions", DataTable)
        needle = self.query_one("#filter", Input).value.strip().casefold()
        sealed = sealed_ids(self.rows)
        described = [
            (row, describe(row, row.session is not None and row.session.id in sealed))
            for row in self.rows
        ]
        shown = [(r, c) for r, c in described if needle in " ".join(c).casefold()]
        # Widths from the text itself: the same picture every time, however rows arrive.
        keep = self._selected()
        table.clear(columns=True)
        widths = [
            max([len(label), *(len(cells[index]) for _, cells in shown)])
            for index, label in enumerate(COLUMNS)
        ]
        # Title and verdict share what the date and progress leave: the title gives way
        # first, so a verdict is whole at 80 columns, but never below half of the room (a
        # long damage message or "sealed" line is cut instead).
        room = (table.size.width or self.app.size.width) - 2 * len(COLUMNS) - 2
        shared = room - widths[1] - widths[2]
        if widths[0] + widths[3] > shared:
            title = max(MIN_TITLE, min(widths[0], max(shared // 2, shared - widths[3])))
            widths[0], widths[3] = title, max(len(COLUMNS[3]), shared - title)
        for label, width in zip(COLUMNS, widths, strict=True):
            table.add_column(Text(label), width=width)
        for row, cells in shown:
            if len(cells[0]) > widths[0] and row.session is not None:
                cells = (fit_title(row, widths[0]), *cells[1:])
            table.add_row(
                *(Text(c, overflow="ellipsis", no_wrap=True) for c in cells), key=str(row.path)
            )
        # Rows arrive in up to three passes: keep the cursor on the row the user chose.
        keys = [str(row.path) for row, _ in shown]
        if keep is not None and str(keep.path) in keys:
            table.move_cursor(row=keys.index(str(keep.path)), animate=False)
        empty = "No saved assessments yet: start one above." if not self.rows else ""
        self.query_one("#empty", Static).update(empty)

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#sessions", DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys act (and show) only where they mean something. Focus starts on the title field,
        so a title typed at once never acts on the list (``o`` opens, ``d`` deletes)."""
        on_list = self.focused is self.query_one("#sessions")
        if action == "to_list":
            return bool(self.rows) and not on_list
        if action in ("delete", "open_read_only"):
            return on_list  # the key bar shows list commands only where they act
        if action == "filter":
            return not isinstance(self.focused, Input)  # there, "/" is typed
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_to_list(self) -> None:
        self.query_one("#sessions", DataTable).focus()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_new(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Input.Blurred, "#new-form Input")
    def _show_from_the_start(self, event: Input.Blurred) -> None:
        """A field left with its cursor at the end stays scrolled to show the cursor cell:
        "Backend engineer" read as "ackend engineer". Left, it shows its first characters."""
        event.input.scroll_to(x=0, animate=False, immediate=True)

    @on(Input.Submitted, "#new-form Input")
    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.notify("Give the assessment a title first.", severity="warning")
            self.query_one("#title", Input).focus()
            return
        role = self.query_one("#role", Input).value.strip()
        assessor = self.query_one("#assessor", Input).value.strip()
        host(self).name_from_home(assessor)
        host(self).start_from_home(title, role, assessor, self._clear_form)

    def _clear_form(self) -> None:
        for input_id in ("#title", "#role", "#assessor"):
            self.query_one(input_id, Input).value = ""
        self.query_one("#assessor", Input).value = host(self).author

    def _selected(self) -> SessionRow | None:
        table = self.query_one("#sessions", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.rows if str(r.path) == key), None)

    @on(DataTable.RowSelected, "#sessions")
    def _open(self) -> None:
        row = self._selected()
        if row is not None:
            host(self).name_from_home(self.query_one("#assessor", Input).value.strip())
            host(self).open_listing(row)

    def action_open_read_only(self) -> None:
        row = self._selected()
        if row is not None:
            host(self).open_listing(row, read_only=True)

    def action_delete(self) -> None:
        row = self._selected()
        if row is None:
            return
        if host(self).watch_only:  # say so now, not after asking "Delete?"
            host(self).delete_session(row.path, self.action_reload)
            return
        title = one_line(row.session.title if row.session else row.path.name, 60)

        def delete(confirmed: bool | None) -> None:
            if confirmed:
                host(self).delete_session(row.path, self.action_reload)

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the assessment \u201c{title}\u201d?\n{one_line(str(row.path))}",
                yes="Delete",
            ),
            delete,
        )

    # -- sync status: one line, read by git in a thread ------------------------------------

    class SyncStatusRead(Message):
        def __init__(self, status: SyncStatus | None, seen: Signature) -> None:
            super().__init__()
            self.status = status
            self.seen = seen

    _sync_status: SyncStatus | None = None
    _sync_seen: Signature = None

    @on(events.ScreenResume)
    def show_sync_status(self) -> None:
        """'synced 2 min ago · 3 changes to push', when the folder syncs through git."""
        self._read_sync_status(host(self).sessions_dir)

    def _sync_poll(self) -> None:
        """Every sync of this folder, whoever ran it (this app, ``hiring-clarity sync``,
        another app), rewrites its record: then the list and the line are read again from
        disk and git. In between, the line's times move on."""
        from tui.sync.outcome import outcome_signature

        if not self.is_current:
            return
        if outcome_signature(host(self).sessions_dir) != self._sync_seen:
            self.action_reload()
            self.show_sync_status()
        elif self._sync_status is not None:
            self._show_sync_line(self._sync_status.describe())

    @work(thread=True, exclusive=True, group="sync-status")
    def _read_sync_status(self, directory: Path) -> None:
        from tui.sync.engine import status
        from tui.sync.outcome import outcome_signature

        seen = outcome_signature(directory)  # before reading: a sync ending meanwhile is seen
        self.post_message(self.SyncStatusRead(status(directory), seen))

    @on(SyncStatusRead)
    def _sync_status_read(self, event: SyncStatusRead) -> None:
        self._sync_status, self._sync_seen = event.status, event.seen
        self._show_sync_line(event.status.describe() if event.status else "")

    def _show_sync_line(self, text: str) -> None:
        line = self.query_one("#sync-status", Static)
        line.set_class(bool(text), "-shown")
        line.update(Content(f"Sync: {text} (Ctrl+P, Sync)" if text else ""))
