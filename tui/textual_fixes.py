"""Work-arounds for Textual behaviour that costs this app memory or ends it, each checked by a
test.

Textual 8 caches ``StylesCache.get_inner_outer`` with ``functools.lru_cache`` on a method, so
the cache keeps up to 1,024 ``StylesCache`` objects alive, each holding the rendered lines of
a widget that is long gone. Replacing a criterion screen then leaves ~2 MiB behind every time
(measured with tracemalloc in bench). Emptying that cache after a screen is replaced frees
them; the next frame refills it with the live widgets' entries.

Textual 8.2.8's command palette pages its list by the lines it has laid out: PageUp or PageDown
before the list has been laid out once (right behind Ctrl+P, in the same read) raises
``KeyError`` inside ``OptionList._move_page`` and the app ends. ``CommandPalette`` below pages
only a list that has been laid out.
"""

from __future__ import annotations

import contextlib
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.command import CommandList
from textual.command import CommandPalette as TextualCommandPalette


def release_styles_cache() -> None:
    """Drop Textual's cached inner/outer styles (and the dead widgets' lines they keep)."""
    from textual._styles_cache import StylesCache

    with contextlib.suppress(AttributeError):  # a Textual without the cache needs nothing
        StylesCache.get_inner_outer.cache_clear()  # type: ignore[attr-defined]


class CommandPalette(TextualCommandPalette):
    """Textual's palette, whose PageUp/PageDown do nothing until its list has a size."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
    ]

    def action_page(self, step: int) -> None:
        commands = self.query_one(CommandList)
        if commands.option_count and commands.scrollable_content_region:
            if step > 0:
                commands.action_page_down()
            else:
                commands.action_page_up()
