"""Every use of a private Textual API (and every work-around for a Textual bug), in one place.

One module to read when Textual is upgraded: each use below says why it is needed, and
``tests/unit/test_textual_compat.py`` has a canary per private name that fails when Textual
renames or changes it. Measured gains live in ``docs/performance.md`` and
``docs/architecture.md``, not here. Written against Textual 8.2.8.
"""

from __future__ import annotations

import contextlib
from typing import ClassVar

from rich.console import RenderableType
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandList
from textual.command import CommandPalette as TextualCommandPalette
from textual.screen import Screen


def release_styles_cache() -> None:
    """Drop Textual's cached inner/outer styles (and the dead widgets' lines they keep).

    Private: ``textual._styles_cache.StylesCache.get_inner_outer`` is a method wrapped in
    ``functools.lru_cache(1024)``, so the cache keeps up to 1,024 ``StylesCache`` objects alive,
    each holding the rendered lines of a widget that is long gone. Emptying it after a
    section's cards or a screen are replaced frees them; the next frame refills it with the
    live widgets' entries. Gain: "Memory left behind by Textual" in ``docs/performance.md``.
    Upstream: https://github.com/Textualize/textual/issues/6665
    """
    from textual._styles_cache import StylesCache

    with contextlib.suppress(AttributeError):  # a Textual without the cache needs nothing
        StylesCache.get_inner_outer.cache_clear()


class SwitchableScreen(Screen[None]):
    """A screen that may be replaced with ``switch_screen`` while it is the first one.

    Private: ``Screen._pop_result_callback`` pops ``Screen._result_callbacks``, which Textual
    fills only when a screen is pushed. The first (default) screen gets none, so replacing it
    with ``switch_screen`` raises ``IndexError``. This app starts on its own screen (the
    resumed assessment's, drawn as the first frame: "The asked-for screen is the base screen"
    in ``docs/architecture.md``), so popping no callback must be allowed. A related upstream
    report: https://github.com/Textualize/textual/issues/2650
    """

    def _pop_result_callback(self) -> None:
        if self._result_callbacks:
            super()._pop_result_callback()


class CrashReportApp(App[int]):
    """An app that prints its own report after an unhandled exception, not Textual's.

    Private: ``App._fatal_error`` is where Textual turns an unhandled exception into a
    traceback with local variables (which may hold candidate notes), appended to
    ``App._exit_renderables`` and printed once the terminal is restored, then stops the app
    with ``App._close_messages_no_wait``. There is no public hook for that report (Textual
    prints only the first exit renderable, so the whole report is one renderable). The one
    class between the app and Textual's ``App``; the report itself is ``tui.leaving``'s.
    """

    def crash_report(self) -> RenderableType:
        """What is printed after a crash; called while the exception is being handled."""
        raise NotImplementedError

    def _fatal_error(self) -> None:
        self.bell()
        self._exit_renderables.append(self.crash_report())
        self._close_messages_no_wait()


class CommandPalette(TextualCommandPalette):
    """Textual's palette, whose PageUp/PageDown do nothing until its list has a size.

    A bug, not a private API: Textual 8.2.8's palette pages its list by the lines it has laid
    out, so PageUp or PageDown before the list has been laid out once (right behind Ctrl+P, in
    the same read) raises ``KeyError`` inside ``OptionList._move_page`` and the app ends.
    Checked by ``tests/app/test_fast_keys.py``
    (``test_page_keys_right_behind_ctrl_p_page_the_palette_not_the_app``).
    """

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
