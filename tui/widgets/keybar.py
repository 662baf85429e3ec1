"""The bottom line of keys: what Textual's Footer shows, drawn by one widget.

Textual's Footer builds a widget per key; this draws the same keys as one line of text, so a
screen appears sooner. A click on a key presses it, as with the Footer.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

KEY_STYLE = "bold $footer-key-foreground"
DISABLED_STYLE = "$text-disabled"
GAP = 2


class KeyBar(Widget):
    """The focused screen's keys, refreshed whenever its bindings change."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []
        """(first cell, end cell, key) of each key drawn, for clicks."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def _keys(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str] | None]:
        """(key, shown key, description, enabled) per action, and the palette key if any."""
        app = self.app
        seen: set[str] = set()
        keys = []
        palette = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, app.get_key_display(binding), binding.description)
            elif binding.show and binding.action not in seen:
                seen.add(binding.action)
                keys.append(
                    (binding.key, app.get_key_display(binding), binding.description, enabled)
                )
        return keys, palette

    def render(self) -> Content:
        keys, palette = self._keys()
        parts: list[tuple[str, str] | str] = [" "]
        spans = []
        x = 1
        for key, shown, description, enabled in keys:
            width = Content(f"{shown} {description}").cell_length
            parts += [
                (shown, KEY_STYLE if enabled else DISABLED_STYLE),
                (f" {description}", "" if enabled else DISABLED_STYLE),
                " " * GAP,
            ]
            spans.append((x, x + width, key))
            x += width + GAP
        line = Content.assemble(*parts)
        if palette is not None:
            key, shown, description = palette
            tail = Content.assemble((shown, KEY_STYLE), f" {description} ")
            room = self.size.width - line.cell_length - tail.cell_length
            if room >= 0:
                spans.append((line.cell_length + room, self.size.width, key))
                line = line.append(" " * room).append(tail)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
