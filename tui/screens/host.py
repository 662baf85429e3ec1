"""What a screen may ask of the app: the app's side of the app/screen contract.

Screens are typed against this protocol, not against the app class, so ``tui.screens`` never
imports ``tui.app`` (the app imports the screens; the reverse would be an import cycle).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, cast

from textual.message_pump import MessagePump

from tui.core.assessment import Assessment
from tui.core.bank.models import Bank
from tui.core.storage.listing import SessionRow
from tui.core.storage.session_file import SaveResult

ONE_ASSESSMENT = (
    "This login is for this one assessment: it cannot go home, nor open, start, compare or "
    "delete any other."
)


class AppHost(Protocol):
    """The app as its screens see it: the open assessment's state and the actions they start."""

    NARROW_BELOW: int
    bank: Bank
    sessions_dir: Path
    assessor: str
    watch_only: bool
    scope: Path | None
    """The one assessment a guest's login may see; None for everyone else."""

    @property
    def author(self) -> str:
        """Who is at the keyboard (``tui.core.pairing.identity.author_name``); '' while nobody
        said."""

    @property
    def save_status(self) -> str:
        """Whether the open assessment's answers are saved, as its header says it."""

    def save_change(
        self, change: Callable[[Assessment], SaveResult], assessment: Assessment | None = None
    ) -> None: ...

    def action_section(self, step: int) -> None: ...

    def seen_question(self, question_id: str) -> None: ...

    def goto_question(self, question_id: str) -> None: ...

    def action_export(self, fmt: str) -> None: ...

    def name_from_home(self, name: str) -> None: ...

    def start_from_home(
        self, title: str, role: str, assessor: str, started: Callable[[], None]
    ) -> None: ...

    def open_path(self, path: Path, read_only: bool = False, show: bool = True) -> bool: ...

    def open_listing(self, row: SessionRow, read_only: bool = False) -> None: ...

    def delete_session(self, path: Path, deleted: Callable[[], None]) -> None: ...


def host(node: MessagePump) -> AppHost:
    """The app of ``node`` (a screen), as screens see it."""
    return cast("AppHost", node.app)
