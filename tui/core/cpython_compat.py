"""Every use of a private CPython module, in one place, each checked by a canary test
(``tests/unit/test_textual_compat.py``) that fails when Python changes it.

``blake2b``: ``hashlib`` loads OpenSSL (about 4 MiB of memory, see "No OpenSSL, fewer imports"
in ``docs/performance.md``) just to hand out this same built-in hash, so it is taken from the
private ``_blake2`` module CPython builds ``hashlib.blake2b`` from. A Python built without
that module gets ``hashlib``'s.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - Pythons built without the module
    from hashlib import blake2b

__all__ = ["blake2b"]
