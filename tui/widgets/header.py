"""The progress header of a criterion screen: where you are, how far, and whether it is saved."""

from __future__ import annotations

from textual.widgets import Static

from tui.core.text import one_line


class SectionHeader(Static):
    """'Section k of n', answered/total and the save status, on one or two lines."""


def header_text(title: str, index: int, count: int, answered: int, total: int, saved: str) -> str:
    flag = "" if answered == total else f"  \u25cb {total - answered} open"
    return (
        f"{one_line(title)}\n"
        f"Section {index} of {count} \u00b7 {answered}/{total} answered{flag} \u00b7 {saved}"
    )
