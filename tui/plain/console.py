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
        """Text typed after the command, or asked for; None keeps what there is ('-' clears),
        also when the text cannot be saved because it holds bytes that are not UTF-8 (read
        as lone surrogates, which no file can hold): it says so."""
        if not given:
            if current:
                self.say(f"{what} now: {one_line(current)}")
            given = self.ask(f"{what} (Enter keeps it, - clears it): ") or ""
        if any("\ud800" <= c <= "\udfff" for c in given):
            self.say(
                "Not saved: the text holds bytes that are not UTF-8 (is the terminal set to "
                "UTF-8?); nothing was changed."
            )
            return None
        return None if not given else "" if given == "-" else given
