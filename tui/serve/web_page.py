"""The browser page of ``serve --web``, in place of textual-serve's own.

textual-serve's page names its script, styles and websocket by absolute URLs built from the
address the server listens on (``http://127.0.0.1:8000/...``), so behind a tunnel on another
port or a reverse proxy it loads nothing; it also fetches its font from Google and has no
``<title>``. Ours (``web_page.html``) names everything relative to the page, takes its font from
the server's own static files, has a title, and says on the page who can reach it.
"""

from __future__ import annotations

import html
from importlib.resources import files
from string import Template

PRODUCT = "hiring-clarity"


def page_title(assessment: str | None) -> str:
    return f"{assessment} \u2014 {PRODUCT}" if assessment else PRODUCT


def notice(assessment: str | None) -> str:
    """What the page says of who can reach it (there are no accounts)."""
    what = "this assessment" if assessment else "every assessment on this server"
    return (
        f"No accounts: anyone with this page's link can read and change {what}. "
        "Share it only with people who may."
    )


def render(assessment: str | None, font_size: int = 16) -> str:
    template = Template(files("tui.serve").joinpath("web_page.html").read_text("utf-8"))
    title = page_title(assessment)
    return template.substitute(
        title=html.escape(title),
        heading=html.escape(title),
        notice=html.escape(notice(assessment)),
        font_size=int(font_size),
    )
