"""The footer keeps its keys while the bindings it shows stay the same, and shows a change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from app_waits import wait_until
from workbench.tui.widgets.keys_footer import KeysFooter


class _FooterApp(App[None]):
    BINDINGS = [Binding("x", "toggle", "Toggle"), Binding("y", "other", "Other")]

    def __init__(self) -> None:
        super().__init__()
        self.other_enabled = True

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield KeysFooter()

    def action_toggle(self) -> None:
        self.other_enabled = not self.other_enabled
        self.refresh_bindings()

    def action_other(self) -> None:
        """Nothing: its key is shown enabled or dimmed."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "other" and not self.other_enabled else True  # None: dimmed


def keys(app: App[None]) -> list[FooterKey]:
    return list(app.query(FooterKey))


def key_named(app: App[None], key: str) -> FooterKey:
    return next(k for k in keys(app) if k.key == key)


def dimmed(key: FooterKey) -> bool:
    return key.has_class("-disabled")


async def test_a_refresh_with_the_same_bindings_keeps_the_keys() -> None:
    app = _FooterApp()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: len(keys(app)) >= 2)
        before = keys(app)
        for _ in range(3):
            app.screen.refresh_bindings()
            await pilot.pause()
        await pilot.pause(0.1)
        assert keys(app) == before  # the same widgets: nothing was recomposed


async def test_a_binding_that_changes_state_is_shown_at_once() -> None:
    app = _FooterApp()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: len(keys(app)) >= 2)
        assert not dimmed(key_named(app, "y"))
        await pilot.press("x")
        await wait_until(pilot, lambda: dimmed(key_named(app, "y")))
        await pilot.press("x")
        await wait_until(pilot, lambda: not dimmed(key_named(app, "y")))
