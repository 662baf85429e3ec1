"""Start-up without the cyclic garbage collector.

Importing Textual and drawing the first screen allocate hundreds of thousands of objects, none
of them garbage; the collector still walks them all, several times, before the first frame
(about 30 ms of a 250 ms start, measured in bench). So the command line pauses it from its first
line; the app freezes what start-up built (so later collections skip it) and resumes collecting
once its first frame is drawn. One-shot commands (``report``, ``list``) exit long before
collecting would matter.
"""

from __future__ import annotations

import gc

_paused = False


def pause_collector() -> None:
    """Pause the collector, unless someone already turned it off (then leave it to them)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collector() -> None:
    """Freeze everything alive now and collect again, if ``pause_collector`` paused it."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
