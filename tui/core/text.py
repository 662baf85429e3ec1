"""Make user text safe to draw: no escape sequences or control characters reach the terminal."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, bidi overrides/isolates and line/paragraph separators: each could
# move the cursor, recolour the screen or reorder what follows it.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_SPACES = re.compile(r"[ \t\r\n]+")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\t\r\n":
        return " "
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def safe_text(text: str) -> str:
    """Keep newlines; tabs and CRs become spaces; other controls show as visible escapes."""
    return "\n".join(_UNSAFE.sub(_visible, line) for line in text.split("\n"))


def one_line(text: str, limit: int | None = None) -> str:
    """Safe text squeezed onto one line, cut with an ellipsis past ``limit`` characters."""
    flat = _UNSAFE.sub(_visible, _SPACES.sub(" ", text)).strip()
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "\u2026"
    return flat


def field_text(text: str) -> str:
    """What a one-line input field shows for stored text: safe, newlines as spaces."""
    return safe_text(text).replace("\n", " ")
