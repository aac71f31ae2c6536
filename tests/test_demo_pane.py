"""The live demo pane under the Pilot: animation, keys, pause, errors and a snapshot."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import numpy as np
import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static, Tree

from app_waits import demo_laid_out, settle, wait_until
from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import _DEMOS, register
from workbench.tui.widgets import demo_pane
from workbench.tui.widgets.demo_pane import DemoPane

pytestmark = pytest.mark.usefixtures("prebuilt_index")


class PaneApp(App[None]):
    """A tree beside a demo pane, like the main screen."""

    CSS = "Horizontal { height: 1fr; } Tree { width: 30; } DemoPane { width: 1fr; }"

    def __init__(self, demo_id: str | None, autoplay: bool = True) -> None:
        super().__init__()
        self.demo_id = demo_id
        self.autoplay = autoplay

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal

        tree: Tree[str] = Tree("topics")
        for name in ("one", "two", "three", "four"):
            tree.root.add_leaf(name)
        tree.root.expand()
        with Horizontal():
            yield tree
            yield DemoPane(autoplay=self.autoplay)

    def on_mount(self) -> None:
        self.query_one(DemoPane).show_topic(self.demo_id, "A topic", "What it is about.")
        self.query_one(Tree).focus()


class Breaks(Demo):
    """Raises on its third step."""

    id = "breaks_in_pane_test"
    title = "breaks"
    takeaway = "breaks on purpose"
    params = (Param("x", "x", "float", 1.0, 0.0, 2.0, 0.5),)

    def _setup(self) -> None:
        pass

    def _advance(self) -> Frame:
        if self.index >= 2:
            raise RuntimeError("[bold]boom[/bold]")
        return Frame(title="ok", caption="fine", series=(
            Series("line", np.arange(3.0), np.arange(3.0)),))


@pytest.fixture
def breaks() -> Iterator[type[Demo]]:
    register(Breaks)
    yield Breaks
    _DEMOS.pop(Breaks.id, None)


def text_of(app: App[None], widget_id: str) -> str:
    return str(app.query_one(f"#{widget_id}", Static).content)


NOTHING_MOVES_S = 0.5
"""Four timer ticks at 8 fps: long enough that a frame would have been drawn if one could."""


async def test_keys_are_handled_while_the_demo_animates() -> None:
    app = PaneApp("depth_vs_width")
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DemoPane)
        tree = app.query_one(Tree)
        await wait_until(pilot, lambda: pane.frames_drawn > 0)
        before = pane.frames_drawn
        start = tree.cursor_line
        await pilot.press("down", "down")
        assert tree.cursor_line == start + 2
        await wait_until(pilot, lambda: pane.frames_drawn > before)
        assert not pane.paused


async def test_pause_stops_the_frame_counter_and_step_advances_one() -> None:
    app = PaneApp("l1_vs_l2")
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DemoPane)
        pane.focus()
        await wait_until(pilot, lambda: pane.frames_drawn > 0)
        await pilot.press("space")
        assert pane.paused
        await settle(pilot)  # a step already running in a worker lands
        frozen = pane.frames_drawn
        await pilot.pause(NOTHING_MOVES_S)
        assert pane.frames_drawn == frozen
        assert "paused" in text_of(app, "demo-state")
        await pilot.press("full_stop")
        assert pane.frames_drawn == frozen + 1
        await pilot.press("space")
        await wait_until(pilot, lambda: pane.frames_drawn > frozen + 1)


async def test_bracket_keys_change_parameters_and_view() -> None:
    app = PaneApp("l1_vs_l2", autoplay=False)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DemoPane)
        pane.focus()
        assert pane.demo is not None
        rho = pane.demo.values["rho"]
        await pilot.press("right_square_bracket")
        assert pane.demo.values["rho"] == pytest.approx(float(rho) + 0.05)
        await pilot.press("left_curly_bracket")
        assert pane.demo.values["k"] == 2
        assert "k=2" in text_of(app, "demo-params")
        await pilot.press("v")
        assert pane.demo.view == "l2"
        await pilot.press("R")
        assert pane.demo.seed == 1


async def test_unknown_demo_id_is_reported_in_the_pane() -> None:
    app = PaneApp("no_such_demo")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        pane = app.query_one(DemoPane)
        assert pane.demo is None
        assert "No demo named 'no_such_demo'" in text_of(app, "demo-takeaway")


async def test_topic_without_demo_shows_its_summary() -> None:
    app = PaneApp(None)
    async with app.run_test(size=(120, 36)):
        assert app.query_one(DemoPane).demo is None
        assert "What it is about." in text_of(app, "demo-takeaway")


@pytest.mark.usefixtures("breaks")
async def test_a_failing_demo_shows_its_error_and_the_app_keeps_running() -> None:
    app = PaneApp(Breaks.id)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DemoPane)
        await wait_until(pilot, lambda: pane.error is not None, what="the demo never failed")
        caption = text_of(app, "demo-caption")
        assert pane.demo is None and pane.paused
        # the message is shown as typed: markup in an exception is not interpreted
        assert "demo 'breaks_in_pane_test' failed: RuntimeError: [bold]boom[/bold]" in caption
        start = app.query_one(Tree).cursor_line
        await pilot.press("down")
        assert app.query_one(Tree).cursor_line == start + 1
        failed_at = pane.frames_drawn
        app.query_one(DemoPane).show_topic("saddle_points", "Saddles", "")
        await wait_until(pilot, lambda: pane.frames_drawn > failed_at)
        assert pane.demo is not None and pane.demo.id == "saddle_points"


@pytest.mark.usefixtures("steady_demo_state")
def test_snapshot_after_fixed_steps(snap_compare: object) -> None:
    async def steps(pilot: Pilot) -> None:
        pane = pilot.app.query_one(DemoPane)
        await wait_until(pilot, lambda: demo_laid_out(pane))
        for _ in range(12):
            pane.advance()
        await settle(pilot)

    assert snap_compare(  # type: ignore[operator]
        PaneApp("depth_vs_width", autoplay=False), terminal_size=(120, 36), run_before=steps)


class Slow(Demo):
    """Each step takes 30 ms, over the pane's inline budget."""

    id = "slow_in_pane_test"
    title = "slow"
    takeaway = "takes its time"
    params = (Param("x", "x", "float", 1.0, 0.0, 2.0, 0.5),)

    def _setup(self) -> None:
        pass

    def _advance(self) -> Frame:
        import time

        time.sleep(0.03)
        return Frame(title="slow", caption=f"step {self.index}", series=(
            Series("line", np.arange(3.0), np.arange(3.0) * self.index),))


async def test_slow_steps_move_to_a_worker_and_keys_still_work() -> None:
    register(Slow)
    try:
        app = PaneApp(Slow.id)
        async with app.run_test(size=(120, 36)) as pilot:
            pane = app.query_one(DemoPane)
            await wait_until(pilot, lambda: pane.frames_drawn >= 3
                             and "background" in text_of(app, "demo-state"))
            start = app.query_one(Tree).cursor_line
            await pilot.press("down")
            assert app.query_one(Tree).cursor_line == start + 1
    finally:
        _DEMOS.pop(Slow.id, None)


async def test_switching_to_a_topic_without_demo_clears_the_old_legend() -> None:
    app = PaneApp("l1_vs_l2", autoplay=False)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DemoPane)
        pane.advance()
        await pilot.pause()
        assert "(true)" in text_of(app, "demo-legend")
        pane.show_topic(None, "Plain topic", "No demo here.")
        await pilot.pause()
        assert text_of(app, "demo-legend") == ""


async def test_animation_stops_while_hidden_or_unfocused_and_resumes() -> None:
    app = PaneApp("l1_vs_l2")
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DemoPane)
        await wait_until(pilot, lambda: pane.frames_drawn > 0)
        pane.display = False
        await settle(pilot)  # a step already running in a worker lands
        hidden = pane.frames_drawn
        await pilot.pause(NOTHING_MOVES_S)
        assert pane.frames_drawn == hidden
        pane.display = True
        app.app_focus = False  # the terminal lost focus
        await settle(pilot)
        blurred = pane.frames_drawn
        await pilot.pause(NOTHING_MOVES_S)
        assert pane.frames_drawn == blurred
        app.app_focus = True
        await wait_until(pilot, lambda: pane.frames_drawn > blurred)
        assert not pane.paused


async def test_legend_rows_break_between_entries_at_the_panes_width() -> None:
    from rich.console import Console

    app = PaneApp("depth_vs_width", autoplay=False)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DemoPane)
        pane.advance()
        await pilot.pause()
        legend = app.query_one("#demo-legend", Static).content
        labels = [label for label, _ in legend.entries]  # type: ignore[union-attr]
        assert len(labels) == 3
        for width in (40, 50, 80):
            console = Console(width=width, record=True, color_system=None)
            console.print(legend)
            lines = console.export_text().splitlines()
            assert len(lines) > 1 or width == 80
            for line in lines:
                parts = [p.strip() for p in line.split("━━") if p.strip()]
                assert all(part in labels for part in parts), (width, line)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_short_pane_keeps_the_caption_and_parameters_beside_a_usable_plot(
        size: tuple[int, int]) -> None:
    from workbench.content.loader import default_roots, load_library
    from workbench.tui.app import WorkbenchApp
    from workbench.ui_state import UiState

    app = WorkbenchApp(load_library(default_roots()), restore=UiState("erm", "erm/why-empirical"),
                       autoplay=False)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query(DemoPane)))
        pane = app.screen.query_one(DemoPane)
        await wait_until(pilot, lambda: demo_laid_out(pane))
        pane.advance()
        await pilot.pause()
        inside = pane.content_region
        for name in ("demo-caption", "demo-params", "demo-state"):
            widget = pane.query_one(f"#{name}", Static)
            assert widget.region.height >= 1, name
            assert inside.contains_region(widget.region), (name, widget.region, inside)
        assert pane.query_one("#demo-plot").region.height >= 5
        assert "σ²" in str(pane.query_one("#demo-caption", Static).content)


async def test_no_frame_is_drawn_while_a_modal_covers_the_demo() -> None:
    from textual.screen import ModalScreen

    class Cover(ModalScreen[None]):
        def compose(self) -> ComposeResult:
            yield Static("a modal over the demo")

    app = PaneApp("l1_vs_l2")
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DemoPane)
        await wait_until(pilot, lambda: pane.frames_drawn > 0)
        await app.push_screen(Cover())
        await settle(pilot)  # a step already running in a worker lands
        covered = pane.frames_drawn
        await pilot.pause(NOTHING_MOVES_S)
        assert pane.frames_drawn == covered
        await app.pop_screen()
        await wait_until(pilot, lambda: pane.frames_drawn > covered)


class Gated(Demo):
    """Steps after the first wait until the test opens the gate (a slow step, on demand)."""

    id = "gated_in_pane_test"
    title = "gated"
    takeaway = "waits for the test"
    params = (Param("x", "x", "float", 1.0, 0.0, 2.0, 0.5),)
    entered = threading.Event()
    gate = threading.Event()

    def _setup(self) -> None:
        pass

    def _advance(self) -> Frame:
        if self.index >= 1:
            Gated.entered.set()
            Gated.gate.wait(timeout=5.0)
        return Frame(title="gated", caption=f"step {self.index}", series=(
            Series("line", np.arange(3.0), np.arange(3.0) * self.index),))


async def test_a_nudge_while_a_slow_step_holds_the_demo_returns_at_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_pane, "SLOW_MS", -1.0)  # every step after the first in a worker
    Gated.entered.clear()
    Gated.gate.clear()
    register(Gated)
    safety = threading.Timer(3.0, Gated.gate.set)  # a blocked UI thread fails, never hangs
    safety.start()
    try:
        app = PaneApp(Gated.id)
        async with app.run_test(size=(120, 36)) as pilot:
            pane = app.query_one(DemoPane)
            pane.focus()
            await wait_until(pilot, Gated.entered.is_set)
            started = time.monotonic()
            await pilot.press("right_square_bracket", "space")
            assert time.monotonic() - started < 1.0
            assert not Gated.gate.is_set()
            assert "x=1.5" in text_of(app, "demo-params")  # shown at once
            assert pane.paused and "paused" in text_of(app, "demo-state")
            demo = pane.demo
            assert demo is not None and demo.values["x"] == 1.0  # still the worker's
            Gated.gate.set()
            await wait_until(pilot, lambda: demo.values["x"] == 1.5)
            assert pane.demo is demo and pane.error is None
    finally:
        safety.cancel()
        Gated.gate.set()
        _DEMOS.pop(Gated.id, None)


class DeferredPaneApp(App[None]):
    CSS = "DemoPane { width: 1fr; height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield DemoPane(autoplay=False, deferred=True)


async def test_a_deferred_pane_mounts_its_lines_when_populated_and_shows_what_it_was_told(
        ) -> None:
    """The main screen's pane is empty in the first paint; what it is told before it fills
    in (a saved first frame, its state line) is shown once it does."""
    from rich.segment import Segment
    from textual.strip import Strip

    from workbench.tui.demo_snapshot import DemoSnapshot
    from workbench.tui.widgets.plot_snapshot import PlotSnapshot

    saved = DemoSnapshot(("x", "textual-dark", "stamp"), (3, 1), (Strip([Segment("1┤ ")]),),
                         {"demo-title": Text("Demo: saved")})
    app = DeferredPaneApp()
    async with app.run_test(size=(60, 30)) as pilot:
        pane = app.query_one(DemoPane)
        pane.show_snapshot(saved)
        await pilot.pause()
        assert not pane.children
        pane.populate()
        await wait_until(pilot, lambda: bool(pane.query("#demo-state")))
        title = pane.query_one("#demo-title", Static)
        assert "Demo: saved" in str(title.render())
        assert str(pane.query_one("#demo-state", Static).render()) == pane.compute_state_line()
        assert pane.query_one(PlotSnapshot).snapshot is saved
        populated = list(pane.children)
        pane.populate()  # once only
        assert list(pane.children) == populated
