"""SVG snapshots of the main screen (demos paused and stepped, so the picture is fixed)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from workbench.content.loader import default_roots, load_library
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets import demo_pane
from workbench.tui.widgets.demo_pane import DemoPane
from workbench.tui.widgets.reader import Reader
from workbench.ui_state import UiState


def make_app() -> WorkbenchApp:
    return WorkbenchApp(load_library(default_roots()), restore=UiState("erm", "erm/why-empirical"),
                        autoplay=False)


async def settle(pilot: Pilot) -> None:
    """Wait for the restored topic, then draw a fixed number of demo frames."""
    app = pilot.app
    for _ in range(100):
        await pilot.pause(0.05)
        readers = app.screen.query(Reader)
        panes = app.screen.query(DemoPane)
        if readers and readers.first().topic is not None and panes and panes.first().demo:
            break
    pane = app.screen.query_one(DemoPane)
    for _ in range(12):
        pane.advance()
    await pilot.pause(0.2)


@pytest.fixture(autouse=True)
def steady_state_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The state line says 'slow steps' by measured step time; a loaded machine must not
    change the picture."""
    monkeypatch.setattr(demo_pane, "SLOW_MS", float("inf"))


def test_main_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=settle)


def test_main_screen_narrow(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """At 80x24 the demo pane keeps a plot with its caption, parameters and state."""
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=settle)
