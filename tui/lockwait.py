"""Waiting for another writer's lock, never on the event loop.

A save on the event loop tries the folder lock once (``tui.core.storage.atomic.locked`` with
no wait). If another process holds it, a thread waits here for it to be free and hands the
retry back to the event loop. The thread polls in short waits, so quitting (which cancels
workers) is never held up by a holder that is stopped or hung.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from textual import events
from textual.dom import DOMNode
from textual.worker import get_current_worker

from tui.core.errors import HiringClarityError, WriterBusy
from tui.core.storage.atomic import lock_wait, locked

POLL = 0.2
"""Seconds of each wait for the lock in the thread: how soon a cancelled wait notices."""


def when_lock_free(
    node: DOMNode,
    directory: Path,
    then: Callable[[], None],
    stuck: Callable[[], None],
    give_up: bool,
) -> None:
    """Run ``then`` on the event loop once ``directory``'s lock is free. After ``lock_wait()``
    seconds run ``stuck`` once, and stop there if ``give_up``."""
    node.run_worker(
        partial(_wait, node, directory, then, stuck, give_up), thread=True, group="lock-wait"
    )


def _wait(
    node: DOMNode,
    directory: Path,
    then: Callable[[], None],
    stuck: Callable[[], None],
    give_up: bool,
) -> None:
    worker = get_current_worker()
    started, told = time.monotonic(), False
    while not worker.is_cancelled:
        try:
            with locked(directory, wait=POLL):
                pass
        except WriterBusy:
            if not told and time.monotonic() - started >= lock_wait():
                told = True
                _on_loop(node, stuck)
                if give_up:
                    return
            continue
        except (HiringClarityError, OSError):
            pass  # the retried operation will say what is wrong
        _on_loop(node, then)
        return


def _on_loop(node: DOMNode, callback: Callable[[], None]) -> None:
    """From a thread, without waiting for it: an app that is closing just drops it."""
    with contextlib.suppress(RuntimeError):
        node.post_message(events.Callback(callback=callback))
