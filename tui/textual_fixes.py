"""Work-arounds for Textual behaviour that costs this app memory, each checked by a test.

Textual 8 caches ``StylesCache.get_inner_outer`` with ``functools.lru_cache`` on a method, so
the cache keeps up to 1,024 ``StylesCache`` objects alive, each holding the rendered lines of
a widget that is long gone. Replacing a criterion screen then leaves ~2 MiB behind every time
(measured with tracemalloc in bench). Emptying that cache after a screen is replaced frees
them; the next frame refills it with the live widgets' entries.
"""

from __future__ import annotations

import contextlib


def release_styles_cache() -> None:
    """Drop Textual's cached inner/outer styles (and the dead widgets' lines they keep)."""
    from textual._styles_cache import StylesCache

    with contextlib.suppress(AttributeError):  # a Textual without the cache needs nothing
        StylesCache.get_inner_outer.cache_clear()  # type: ignore[attr-defined]
