"""How a report names an agreed assessment (one settled from independent ones)."""

from __future__ import annotations

from tui.core.session.models import Session
from tui.core.text import one_line


def agreed_line(session: Session) -> str:
    """What a report says about an agreed session, or '' for any other."""
    link = session.link
    if link is None or not link.agreed_from:
        return ""
    who = ", ".join(one_line(n) for n in link.assessors) or "independent assessors"
    return (
        f"Agreed from {len(link.agreed_from)} independent assessments by {who} "
        f"({', '.join(link.agreed_from)})."
    )
