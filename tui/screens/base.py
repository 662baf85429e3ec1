"""The contract between the app and the screens that show an assessment.

Down: the app's parts post the messages below to the assessment screen (attributes down,
messages up; a screen with nothing to show for one leaves it unhandled). The app calls two
methods directly, because it needs their result at once: ``flush_pending`` before anything
leaves the screen, and ``export_folder`` before an export. Up: screens ask the app through
``tui.screens.host.AppHost``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.message import Message

from tui.core.assessment import Assessment
from tui.core.storage.session_file import SaveResult
from tui.screens.host import AppHost, host
from tui.textual_compat import SwitchableScreen

SECTION_BINDINGS = [
    Binding(str(k), f"app.goto({k - 1})", f"Section {k}", show=False) for k in range(1, 10)
]
"""Keys 1-9 jump to a section from any assessment screen."""


# The messages are plain classes, as in Textual's own widgets: a dataclass costs about
# 0.3 ms of generated code at every start (``docs/performance.md``).


class SaveStatusChanged(Message, bubble=False):
    """Whether the answers are saved changed: redraw what says so (``AppHost.save_status``)."""


class PresenceChanged(Message, bubble=False):
    """Who else has the assessment open, and who is on which question."""

    def __init__(self, line: str, marks: dict[str, list[str]]) -> None:
        super().__init__()
        self.line = line
        """One safe line; '' when nobody else is here."""
        self.marks = marks
        """By question id, who is on it."""


class OthersChanged(Message, bubble=False):
    """Other writers' changes: one line, and who changed each question not seen yet."""

    def __init__(self, line: str, unseen: dict[str, str]) -> None:
        super().__init__()
        self.line = line
        self.unseen = unseen


class AnswersArrived(Message, bubble=False):
    """Another writer's save brought answers in: show them."""


class Exported(Message, bubble=False):
    """Files were just exported (the app has said so in a toast): where they went."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines


class AssessmentScreen(SwitchableScreen):
    """A screen showing one assessment. It keeps its own reference: messages still queued
    when the user leaves (a note's last keys) must reach this assessment, not whichever is
    open by then. Only one assessment screen is shown at a time: the app replaces it with
    the next one.
    """

    def __init__(self, assessment: Assessment | None, **kwargs: Any) -> None:
        if assessment is None:
            raise ValueError(f"{type(self).__name__} needs an open assessment")
        super().__init__(**kwargs)
        self.assessment = assessment

    @property
    def hc_app(self) -> AppHost:
        return host(self)

    def save_change(self, change: Callable[[Assessment], SaveResult]) -> None:
        self.hc_app.save_change(change, self.assessment)

    def flush_pending(self) -> None:
        """Before leaving or quitting: save what the screen shows but has not saved yet."""

    def export_folder(self) -> Path | None:
        """Where exports go; None means beside the session file."""
        return None

    def action_toggle_done(self) -> None:
        """Mark the assessment done, or open again."""
        self.save_change(lambda a: a.mark_done(not a.session.done))


def shown_assessment(app: App[Any]) -> AssessmentScreen | None:
    """The assessment screen in the stack, even under help, the palette or a dialog."""
    return next((s for s in app.screen_stack if isinstance(s, AssessmentScreen)), None)


def tell_screen(app: App[Any], message: Message) -> None:
    """Post ``message`` to the assessment screen in the stack, if there is one."""
    screen = shown_assessment(app)
    if screen is not None:
        screen.post_message(message)
