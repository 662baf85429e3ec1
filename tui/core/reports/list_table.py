"""The saved-sessions list as plain text, shared by ``hiring-clarity list``."""

from __future__ import annotations

from tui.core.storage.listing import SessionRow
from tui.core.text import one_line

SEALED = "sealed until all assessors are done"


def describe(row: SessionRow, sealed: bool = False) -> tuple[str, str, str, str]:
    """Title, updated, progress and recommendation of one row, ready to print. A ``sealed``
    row (a blind linked assessment) shows no verdict: colleagues must not see it yet."""
    if row.session is None:
        return (one_line(row.path.name, 40), "-", "-", f"DAMAGED: {one_line(row.error, 90)}")
    session, summary = row.session, row.session.summary
    role = one_line(summary.role_name or summary.role, 30)  # older files cache only the id
    recommendation = f"{role} ({summary.confidence:.0%})" if summary.role else "-"
    if sealed:
        recommendation = SEALED
    return (
        fit_title(row, 60),
        session.updated.strftime("%Y-%m-%d %H:%M"),
        f"{summary.answered}/{summary.total}" if summary.total else "0",
        recommendation,
    )


def fit_title(row: SessionRow, width: int) -> str:
    """The title in at most ``width`` characters. Linked copies share a title, so each keeps
    its assessor's name whole and the title gives way: "Payments … · Bo", never two
    identical "Payments API…" rows."""
    assert row.session is not None
    session = row.session
    by = f" · {one_line(session.assessor, 20)}" if session.link and session.assessor else ""
    return one_line(session.title, max(1, width - len(by))) + by


def format_table(rows: list[SessionRow]) -> str:
    from tui.core.linked.copies import sealed_ids

    sealed = sealed_ids(rows)
    table = [
        ("TITLE", "UPDATED (UTC)", "DONE", "RECOMMENDATION"),
        *(describe(row, row.session is not None and row.session.id in sealed) for row in rows),
    ]
    widths = [max(len(r[i]) for r in table) for i in range(3)]
    lines = [
        f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}" for r in table
    ]
    ids = [f"  id {row.session.id}: {one_line(str(row.path))}" for row in rows if row.session]
    return "\n".join(lines + ([""] + ids if ids else []))
