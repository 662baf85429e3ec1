"""Check the terminal before starting the full-screen app, so a bad one gets a clear message
(or, where the full screen cannot help, plain mode instead)."""

from __future__ import annotations

import os
import sys


def plain_wanted(asked: bool) -> bool:
    """Plain mode: asked for, or $ACCESSIBLE set (as charmbracelet/huh and the GitHub CLI
    read it), or a dumb terminal that cannot show the full screen anyway."""
    return asked or bool(os.environ.get("ACCESSIBLE")) or os.environ.get("TERM", "") == "dumb"


def terminal_problem() -> str:
    """Why the app cannot run in this terminal, or an empty string when it can."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return ""  # a driver of its own (textual-serve's, for a browser tab) needs no terminal
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        return ("the app needs an interactive terminal; for output you can pipe, "
                "use `hiring-clarity --plain` for line prompts, or `hiring-clarity list` or "
                "`hiring-clarity report SESSION`")
    return ""
