"""The footer of key bindings, rebuilt only when what it shows changes.

Textual's `Footer` recomposes every key whenever its screen says bindings may have changed:
on each focus move, and each time a pane refreshes its bindings (the demo pane does on
every state change). Each recompose mounts and styles a dozen widgets and lays the screen
out again: at start-up it ran four times between the first paint and the plot. Here the
footer works out what it would show and recomposes only when that differs.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """A `Footer` that keeps its keys while the bindings it shows stay the same."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[Hashable, ...] | None = None

    def shown_bindings(self, screen: Screen) -> tuple[Hashable, ...]:
        """What the footer draws for `screen`'s bindings: key, label, state and group."""
        app = self.app
        return tuple(
            (key, app.get_key_display(binding), binding.description, binding.action, enabled,
             tooltip, binding.group)
            for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING
        )

    def bindings_changed(self, screen: Screen) -> None:
        if not (self.is_attached and screen is self.screen and screen.app.app_focus):
            super().bindings_changed(screen)  # Textual's own checks: nothing is rebuilt
            return
        shown = self.shown_bindings(screen)
        if shown != self._shown:
            self._shown = shown
            super().bindings_changed(screen)
