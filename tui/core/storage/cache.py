"""A per-user cache of derived data (the validated question bank), so a start skips pydantic.

It knows no model and no file name: a caller names its entry, the files the value was built
from (data and code) and how to build it. An entry is keyed by those files' paths, sizes and
modification times, so an edit or an upgrade means a fresh build. A cache that cannot be read
or written is ignored, and one that another user could have written is never unpickled.
Assessments are never cached: their content lives in the sessions folder only.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from tui.core.cpython_compat import blake2b

CACHE_ENV = "HIRING_CLARITY_CACHE"
T = TypeVar("T")


def cache_dir() -> Path:
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hiring-clarity"


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else: safe to unpickle from."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _load(target: Path) -> object:
    """The object pickled at ``target``, or None when missing, unreadable or not private."""
    try:
        folder = os.lstat(target.parent)
        if not stat.S_ISDIR(folder.st_mode) or not _private(folder):
            return None
        descriptor = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with open(descriptor, "rb") as handle:
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode) or not _private(info):
                return None
            return pickle.load(handle)  # noqa: S301 - our own private file, checked above
        except Exception:  # a damaged pickle fails in many ways; each means "build again"
            return None


def _store(target: Path, value: object) -> None:
    """Pickle ``value`` to ``target`` atomically, readable by its owner only; errors ignored."""
    staged = None
    try:
        from tui.core.storage.folders import make_dir

        make_dir(target.parent)  # with any missing parents, 0700 whatever the umask
        descriptor, staged = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        with open(descriptor, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(staged, target)
    except (OSError, pickle.PicklingError):
        if staged is not None:
            with contextlib.suppress(OSError):
                os.unlink(staged)


def key_of(sources: Iterable[Path]) -> str:
    """A digest of the files a value is built from: path, size and modification time each."""
    digest = blake2b()
    for path in sources:
        info = path.stat()
        digest.update(f"{path.resolve()}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:32]


def cached(name: str, sources: Iterable[Path], build: Callable[[], T], kind: type[T]) -> T:
    """``build()``'s result, from the cache when an entry of ``kind`` has the sources' key."""
    try:
        target = cache_dir() / f"{name}-{key_of(sources)}.pickle"
    except OSError:
        return build()
    found = _load(target)
    if isinstance(found, kind):
        return found
    value = build()
    _store(target, value)
    return value
