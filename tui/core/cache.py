"""A per-user cache of validated data, so starting the app or a report skips pydantic.

The question bank is pickled under a key covering its files (name, size, modification time);
each session file under its path, with a digest of the bytes it was validated from. Both keys
cover the source of the code that shapes and validates them: an edit or an upgrade of this app
means a fresh validation. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.core.bank import Bank
    from tui.core.session import Session

try:  # hashlib would load OpenSSL (~4 MiB of memory) just to choose this same built-in hash
    from _blake2 import blake2b as _hash
except ImportError:  # pragma: no cover - Pythons built without the module
    from hashlib import blake2b as _hash

CACHE_ENV = "HIRING_CLARITY_CACHE"
_CORE = Path(__file__).parent


def cache_dir() -> Path:
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hiring-clarity"


@cache
def _code_digest(*modules: str) -> bytes:
    """What validation depends on besides the data: the source of these core modules."""
    digest = _hash()
    for name in modules:
        digest.update((_CORE / name).read_bytes())
    return digest.digest()


def _load(target: Path) -> Any:
    """The object pickled at ``target``, or None when it is missing or unreadable."""
    try:
        with target.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - our own file in the user's cache
    except Exception:  # a damaged pickle fails in many ways; each means "validate again"
        return None


def _store(target: Path, value: object) -> None:
    """Pickle ``value`` to ``target`` atomically, readable by its owner only; errors ignored."""
    staged = None
    try:
        cache_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
        target.parent.mkdir(mode=0o700, exist_ok=True)
        descriptor, staged = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        with open(descriptor, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(staged, target)
    except (OSError, pickle.PicklingError):
        if staged is not None:
            with contextlib.suppress(OSError):
                os.unlink(staged)


def bank_key(directory: Path) -> str:
    """A digest of what the bank's validation depends on."""
    digest = _hash(str(directory.resolve()).encode())
    digest.update(_code_digest("bank.py", "rules.py", "validation.py"))
    for path in sorted(directory.glob("*.toml")):
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:32]


def cached_bank(directory: Path, load: Callable[[Path], Bank]) -> Bank:
    """Load from the cache when its key matches; otherwise validate and store the result."""
    try:
        target = cache_dir() / f"bank-{bank_key(directory)}.pickle"
    except OSError:
        return load(directory)
    from tui.core.bank import Bank

    cached = _load(target)
    if isinstance(cached, Bank):
        return cached
    bank = load(directory)
    _store(target, bank)
    return bank


def cached_session(path: Path, data: bytes, validate: Callable[[], Session]) -> Session:
    """The session ``data`` (the bytes of ``path``) holds: from the cache when these very bytes
    were validated before, else ``validate()``'s result, stored for next time.

    One entry per session file, replaced when the file changes; errors of ``validate`` (a
    damaged file) pass through and leave the cache as it was.
    """
    from tui.core.session import Session

    try:
        content = _hash(_code_digest("session.py", "rules.py", "validation.py"))
        where = _hash(str(path.resolve()).encode()).hexdigest()
    except (OSError, RuntimeError):
        return validate()
    content.update(data)
    target = cache_dir() / "sessions" / f"{where}.pickle"
    cached = _load(target)
    if (
        isinstance(cached, tuple)
        and len(cached) == 2
        and cached[0] == content.digest()
        and isinstance(cached[1], Session)
    ):
        return cached[1]
    session = validate()
    _store(target, (content.digest(), session))
    return session
