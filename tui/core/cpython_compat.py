"""Every use of a private CPython module, in one place, each checked by a canary test
(``tests/unit/test_textual_compat.py``) that fails when Python changes it.

``blake2b``: ``hashlib`` loads OpenSSL just to hand out this same built-in hash, so it is
taken from the private ``_blake2`` module CPython builds ``hashlib.blake2b`` from (the memory
saved: "No OpenSSL, fewer imports" in ``docs/performance.md``). A Python built without that
module gets ``hashlib``'s.

``SubCommands`` (type hints only): ``argparse`` has no public name for what
``add_subparsers()`` returns, which the command modules receive to add their commands to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from typing import Any, TypeAlias

    SubCommands: TypeAlias = argparse._SubParsersAction[Any]

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - Pythons built without the module
    from hashlib import blake2b

__all__ = ["blake2b"]
