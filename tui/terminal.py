"""Check the terminal before starting the full-screen app, so a bad one gets a clear message."""

from __future__ import annotations

import os
import sys


def terminal_problem() -> str:
    """Why the app cannot run in this terminal, or an empty string when it can."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return ""  # a driver of its own (textual-serve's, for a browser tab) needs no terminal
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        return ("the app needs an interactive terminal; for output you can pipe, "
                "use `hiring-clarity list` or `hiring-clarity report SESSION`")
    if os.environ.get("TERM", "") == "dumb":
        return ("this terminal (TERM=dumb) cannot show a full-screen app; use a terminal such as "
                "xterm-256color, or `hiring-clarity report SESSION` for plain text")
    return ""
