"""The top lines of every screen: the app, the assessment and, on a criterion, the progress."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.core.text import one_line

APP_NAME = "hiring-clarity"
APP_QUESTION = "Flask specialist or backend generalist?"


class TitleBar(Static):
    """One line naming the app and what is open: Textual's Header, as a single widget."""

    def __init__(self, subject: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(title_line(subject), id=id)


def title_line(subject: str = "") -> Content:
    """'hiring-clarity · <subject>'; the subject (a title someone typed) is shown as plain text."""
    return Content.assemble((APP_NAME, "bold"), " \u00b7 ", one_line(subject) or APP_QUESTION)


class SectionHeader(Static):
    """The title line, the criterion, then 'Section k of n', answered/total and the save status."""


def header_text(
    subject: str, title: str, index: int, count: int, answered: int, total: int, saved: str
) -> Content:
    flag = "" if answered == total else f"  \u25cb {total - answered} open"
    return Content.assemble(
        title_line(subject),
        "\n",
        (one_line(title), "bold"),
        (f"\nSection {index} of {count} \u00b7 {answered}/{total} answered{flag} \u00b7 {saved}",
         "dim"),
    )
