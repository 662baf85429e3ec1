"""A per-user cache of validated question banks, so starting the app or a report is fast.

The key covers every bank file's name, size and modification time plus the versions of this
code and pydantic: any edit to the bank, or an upgrade, means a fresh validation.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import VERSION as PYDANTIC_VERSION

if TYPE_CHECKING:
    from tui.core.bank import Bank

CACHE_ENV = "HIRING_CLARITY_CACHE"


def cache_dir() -> Path:
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hiring-clarity"


def bank_key(directory: Path) -> str:
    """A digest of what the bank's validation depends on."""
    digest = hashlib.sha256(str(directory.resolve()).encode())
    digest.update(Path(__file__).with_name("bank.py").read_bytes())
    digest.update(PYDANTIC_VERSION.encode())
    for path in sorted(directory.glob("*.toml")):
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:32]


def cached_bank(directory: Path, load: Callable[[Path], Bank]) -> Bank:
    """Load from the cache when its key matches; otherwise validate and store the result.

    A cache that cannot be read or written is ignored: the bank is then validated as usual.
    """
    try:
        target = cache_dir() / f"bank-{bank_key(directory)}.pickle"
    except OSError:
        return load(directory)
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError,
                             ImportError, TypeError, ValueError), target.open("rb") as handle:
        return pickle.load(handle)  # noqa: S301 - our own file in the user's cache
    bank = load(directory)
    with contextlib.suppress(OSError, pickle.PicklingError):
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        staged = target.with_suffix(f".{os.getpid()}.tmp")
        with open(os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            pickle.dump(bank, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(staged, target)
    return bank
