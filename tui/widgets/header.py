"""The progress header of a criterion screen: where you are, how far, and whether it is saved."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.core.text import one_line


class SectionHeader(Static):
    """'Section k of n', answered/total and the save status, on one or two lines."""

    def show(
        self, title: str, index: int, count: int, answered: int, total: int, saved: str
    ) -> None:
        flag = "" if answered == total else f"  \u25cb {total - answered} open"
        text = (
            f"{one_line(title)}\n"
            f"Section {index} of {count} \u00b7 {answered}/{total} answered{flag} \u00b7 {saved}"
        )
        self.update(Content(text))
