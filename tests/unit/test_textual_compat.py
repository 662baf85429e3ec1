"""Canaries: each private Textual or CPython name that ``tui/textual_compat.py`` and
``tui/core/cpython_compat.py`` lean on still exists and still behaves as they expect.

One of these failing after an upgrade means a work-around there must be checked again: the
test names the private API, the module's docstring says why it is used.
"""

from __future__ import annotations

import functools
import inspect
import io

from rich.console import Console, RenderableType
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from tui.core import cpython_compat
from tui.textual_compat import CrashReportApp, SwitchableScreen, release_styles_cache


def test_styles_cache_get_inner_outer_is_an_lru_cache() -> None:
    """``release_styles_cache`` clears ``StylesCache.get_inner_outer``'s ``lru_cache``."""
    from textual._styles_cache import StylesCache

    cached = StylesCache.get_inner_outer
    assert isinstance(cached, functools._lru_cache_wrapper)
    release_styles_cache()
    assert cached.cache_info().currsize == 0


def test_screen_result_callbacks_and_their_pop() -> None:
    """``SwitchableScreen`` reads ``Screen._result_callbacks`` before ``_pop_result_callback``."""
    screen = Screen[None]()
    assert screen._result_callbacks == []
    assert "_result_callbacks.pop()" in inspect.getsource(Screen._pop_result_callback)
    SwitchableScreen()._pop_result_callback()  # the first screen has none: no IndexError


def test_app_fatal_error_and_exit_renderables() -> None:
    """``CrashReportApp`` overrides ``App._fatal_error`` and fills ``App._exit_renderables``."""
    source = inspect.getsource(App._fatal_error)
    assert "self._exit_renderables.append(" in source
    assert "self._close_messages_no_wait()" in source
    assert "self._exit_renderables[0]" in inspect.getsource(App._print_error_renderables)

    class Crashing(CrashReportApp):
        def crash_report(self) -> RenderableType:
            return "the report"

    app = Crashing()
    app._fatal_error()
    console = Console(record=True, file=io.StringIO())
    for renderable in app._exit_renderables:
        console.print(renderable)
    assert console.export_text() == "the report\n"


def test_command_palette_pages_through_its_command_list() -> None:
    """Our palette replaces Textual's ``pagedown``/``pageup`` bindings, which still exist."""
    keys = {binding.key for binding in CommandPalette.BINDINGS if isinstance(binding, Binding)}
    assert {"pagedown", "pageup"} <= keys


def test_blake2_is_the_builtin_module_hashlib_uses() -> None:
    """``cpython_compat.blake2b`` is ``_blake2``'s, the same hash as ``hashlib``'s."""
    import _blake2
    import hashlib

    assert cpython_compat.blake2b is _blake2.blake2b
    assert cpython_compat.blake2b(b"x").hexdigest() == hashlib.blake2b(b"x").hexdigest()


def test_add_subparsers_returns_argparse_subparsers_action() -> None:
    """``cpython_compat.SubCommands`` names ``argparse._SubParsersAction``."""
    import argparse

    commands = argparse.ArgumentParser().add_subparsers()
    assert isinstance(commands, argparse._SubParsersAction)
    assert isinstance(commands.add_parser("x"), argparse.ArgumentParser)
