"""The one way a screen, widget or palette provider reaches the running `WorkbenchApp`
(its library, progress store, settings and keymap): a typed view of `.app`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from textual.app import App

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp


class InApp(Protocol):
    """Anything that knows its app: a screen, a widget, a command palette provider."""

    @property
    def app(self) -> App[Any]: ...


def workbench(node: InApp) -> WorkbenchApp:
    """`node.app` as the WorkbenchApp it always is: every screen and widget of ours runs in one."""
    return cast("WorkbenchApp", node.app)
