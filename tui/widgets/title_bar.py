"""The top lines of every screen: the app, the assessment and, on a criterion, the progress."""

from __future__ import annotations

from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Static

from tui.core.text import one_line

APP_NAME = "hiring-clarity"
APP_QUESTION = "Flask specialist or backend generalist?"


class TitleBar(Static):
    """One line naming the app and what is open: Textual's Header, as a single widget."""

    def __init__(
        self,
        subject: str = "",
        *,
        read_only: bool = False,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(title_line(subject, read_only), id=id)


def title_line(subject: str = "", read_only: bool = False) -> Content:
    """'hiring-clarity · <subject>'; the subject (a title someone typed) is shown as plain text.
    An assessment opened read-only says so on every screen."""
    line = Content.assemble((APP_NAME, "bold"), " \u00b7 ", one_line(subject) or APP_QUESTION)
    return line.append(Content.styled(" \u00b7 READ-ONLY", "bold")) if read_only else line


class SectionHeader(Static):
    """The title line, the criterion, then 'Section k of n', answered/total and the save status."""

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Redrawn only when the text changes: another writer's save or a note's pause
        re-shows the header, mostly as it was."""
        shown = self.content
        if not (
            isinstance(content, Content)
            and isinstance(shown, Content)
            and (content.plain, content.spans) == (shown.plain, shown.spans)  # == is text only
        ):
            super().update(content, layout=layout)


def header_text(
    subject: str,
    title: str,
    index: int,
    count: int,
    answered: int,
    total: int,
    saved: str,
    read_only: bool = False,
) -> Content:
    flag = "" if answered == total else f"  \u25cb {total - answered} open"
    return Content.assemble(
        title_line(subject, read_only),
        "\n",
        (one_line(title), "bold"),
        (
            f"\nSection {index} of {count} \u00b7 {answered}/{total} answered{flag} \u00b7 {saved}",
            "dim",
        ),
    )
