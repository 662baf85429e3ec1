"""Line prompts on stdin/stdout: what plain mode reads and writes, and nothing else.

Plain text, one thing a line, no colour and no cursor movement: what a screen reader, a Braille
display, a dumb terminal or a script reads best. End of input reads as None, never an error.
"""

from __future__ import annotations

import sys
from typing import TextIO

from tui.core.text import one_line, safe_text


class Console:
    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        reconfigure = getattr(self.stdout, "reconfigure", None)
        if reconfigure is not None:  # an ASCII locale must not end the session on a dash
            reconfigure(errors="replace")

    def say(self, *lines: str) -> None:
        """Print lines of text that may come from files: control characters made visible."""
        for line in lines:
            self.stdout.write(safe_text(line) + "\n")
        self.stdout.flush()

    def ask(self, prompt: str = "> ") -> str | None:
        """One line typed after ``prompt``, stripped; None at the end of input."""
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.stdout.write("\n")
            return None
        return line.strip()

    def edit_text(self, what: str, current: str | None, given: str) -> str | None:
        """Text typed after the command, or asked for; None keeps what there is ('-' clears)."""
        if given:
            return "" if given == "-" else given
        if current:
            self.say(f"{what} now: {one_line(current)}")
        typed = self.ask(f"{what} (Enter keeps it, - clears it): ")
        if not typed:
            return None
        return "" if typed == "-" else typed
