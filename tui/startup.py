"""Start-up without the cyclic garbage collector.

Importing Textual and drawing the first screen allocate hundreds of thousands of objects, none
of them garbage; the collector still walks them all, several times, before the first frame
(its cost: "Speed work-arounds" in ``docs/architecture.md``). So the command line pauses it
from its first line and freezes what the imports built just before the app starts (modules
live for good, so later collections may skip them); the app resumes collecting once its
first frame is drawn.
Widgets are never frozen: a frozen screen could not be collected once it is replaced.
One-shot commands (``report``, ``list``) exit long before collecting would matter.
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


def freeze_imports() -> None:
    """Leave everything alive now (the imported modules) out of later collections."""
    if _paused:
        gc.freeze()


def resume_collector() -> None:
    """Collect again, if ``pause_collector`` paused it."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
