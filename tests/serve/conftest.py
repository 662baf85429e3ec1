"""Keys files written by these tests must not be group-writable, whatever the runner's umask
(a group-writable keys file lets nobody in, on purpose)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def private_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)
