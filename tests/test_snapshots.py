"""SVG snapshots of the main screen (demos paused and stepped, so the picture is fixed)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from app_waits import demo_laid_out, settle, wait_until
from workbench.content.loader import default_roots, load_library
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.demo_pane import DemoPane
from workbench.tui.widgets.reader import Reader
from workbench.tui.widgets.search_panel import SearchPanel
from workbench.ui_state import UiState

pytestmark = pytest.mark.usefixtures("prebuilt_index", "steady_demo_state")


def make_app() -> WorkbenchApp:
    return WorkbenchApp(load_library(default_roots()), restore=UiState("erm", "erm/why-empirical"),
                        autoplay=False)


def ready(pilot: Pilot) -> bool:
    """The restored topic is shown, its demo's plot is laid out and the index is open."""
    screen = pilot.app.screen
    readers, panes, panels = screen.query(Reader), screen.query(DemoPane), screen.query(SearchPanel)
    if not (readers and panes and panels):
        return False
    return (readers.first().topic is not None and demo_laid_out(panes.first())
            and panels.first().index is not None)


async def fixed_frames(pilot: Pilot) -> None:
    """Once everything started at launch is done, draw a fixed number of demo frames."""
    await wait_until(pilot, lambda: ready(pilot), what="the main screen never got ready")
    await settle(pilot)
    pane = pilot.app.screen.query_one(DemoPane)
    for _ in range(12):
        pane.advance()
    await settle(pilot)


def test_main_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=fixed_frames)


def test_main_screen_narrow(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """At 80x24 the demo pane keeps a plot with its caption, parameters and state."""
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=fixed_frames)
