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
        return (
            "the app needs an interactive terminal; for output you can pipe, "
            "use `hiring-clarity --plain` for line prompts, or `hiring-clarity list` or "
            "`hiring-clarity report SESSION`"
        )
    return ""


def terminal_gone(fd: int) -> bool:
    """True once the other end of the terminal on ``fd`` has hung up (a closed window or a
    dropped link). The kernel sends SIGHUP only to a session whose controlling terminal it
    is; an app started without one (some multiplexers and launchers) would otherwise keep
    running, its input thread spinning on a dead terminal."""
    import select

    watch = select.poll()
    watch.register(fd, 0)  # no events asked for: hang-ups and errors are always reported
    return any(
        events & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, events in watch.poll(0)
    )
