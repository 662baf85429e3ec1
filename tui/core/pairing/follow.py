"""Presence in words and follow choices: who else is here, where, and whom to follow.

Plain functions over ``Peer`` lists (``tui.core.storage.presence``): screens show the result.
"""

from __future__ import annotations

from collections.abc import Mapping

from tui.core.bank.models import Bank
from tui.core.session.answering import is_visible
from tui.core.session.models import Answer
from tui.core.storage.presence import Peer

MAX_NAME_SHOWN = 24
MAX_TITLE_SHOWN = 28


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def drivers(peers: list[Peer]) -> list[Peer]:
    """Those who can be followed: people answering, not watchers (who only look)."""
    return [p for p in peers if not p.watching]


def driver(peers: list[Peer]) -> Peer | None:
    """Whoever is driving: the person who pressed a key most recently (``--watch`` follows them)."""
    return max(drivers(peers), key=lambda p: (p.active, p.instance), default=None)


def next_to_follow(peers: list[Peer], current: str = "") -> Peer | None:
    """``f`` again moves on: the person after the one followed now, in the order shown;
    None after the last (following stops). Not following: the one driving."""
    choices = drivers(peers)
    if not current:
        return driver(peers)
    ids = [p.instance for p in choices]
    if current not in ids:
        return driver(peers)
    after = ids.index(current) + 1
    return choices[after] if after < len(choices) else None


def find(peers: list[Peer], instance: str) -> Peer | None:
    return next((p for p in peers if p.instance == instance), None)


def short_name(peer: Peer, my_name: str = "") -> str:
    """A peer's name as shown; one under my own name is another app of mine (the same Unix
    user, or the same ``--assessor``): told apart, never shown as if it were me."""
    name = _cut(peer.who or "someone", MAX_NAME_SHOWN)
    return f"{name}, another terminal" if my_name and peer.who == my_name else name


def place(bank: Bank, peer: Peer, answers: Mapping[str, Answer]) -> str:
    """Where a peer is, as the screens name it: a section and its question number, counted
    among the questions the screen shows (those made relevant by the answers so far)."""
    if peer.summary:
        return "summary"
    for criterion in bank.criteria:
        if criterion.id == peer.criterion:
            ids = [q.id for q in criterion.questions if is_visible(q, dict(answers))]
            number = f" Q{ids.index(peer.question) + 1}" if peer.question in ids else ""
            return f"{_cut(criterion.title, MAX_TITLE_SHOWN)}{number}"
    return "home"


def idle_words(seconds: float) -> str:
    if seconds < 5:
        return "active"
    if seconds < 60:
        return f"idle {int(seconds)} s"
    if seconds < 3600:
        return f"idle {int(seconds // 60)} min"
    return f"idle {int(seconds // 3600)} h"


def describe(
    bank: Bank,
    peer: Peer,
    me: str,
    now: float,
    answers: Mapping[str, Answer],
    my_name: str = "",
) -> str:
    """One person: name, section and question, idle time, and whether they watch or follow me."""
    parts = [place(bank, peer, answers), idle_words(peer.idle(now))]
    if peer.watching:
        parts.insert(0, "watching")
    if peer.following == me:
        parts.append("follows you")
    return f"{short_name(peer, my_name)} ({', '.join(parts)})"


def who_is_here(
    bank: Bank,
    peers: list[Peer],
    me: str,
    now: float,
    answers: Mapping[str, Answer],
    following: str = "",
    watching: bool = False,
    my_name: str = "",
) -> str:
    """The presence line: everyone else on this assessment, or '' when I am alone."""
    if not peers:
        return ""
    line = "Also here: " + " \u00b7 ".join(
        describe(bank, p, me, now, answers, my_name) for p in peers
    )
    target = find(peers, following)
    if watching:
        whom = f"following {short_name(target, my_name)}" if target else "nobody is answering"
        line = f"Watching, {whom} \u2014 " + line
    elif target is not None:
        line = f"Following {short_name(target, my_name)} (any key stops) \u2014 " + line
    return line


def marks(peers: list[Peer], my_name: str = "") -> dict[str, list[str]]:
    """The names on each question, by question id (unique in a bank): where others are."""
    marked: dict[str, list[str]] = {}
    for peer in peers:
        if peer.question and not peer.summary:
            marked.setdefault(peer.question, []).append(short_name(peer, my_name))
    return marked
