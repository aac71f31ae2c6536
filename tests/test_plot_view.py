"""PlotView draws plotext's canvas straight into strips: cell for cell what PlotextPlot
shows (text, colours, offsets), for every demo."""

from __future__ import annotations

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual_plotext import PlotextPlot

from workbench.demos.plot import draw
from workbench.demos.registry import all_demos
from workbench.tui.widgets.plot_view import PlotView


class Both(App[None]):
    CSS = "PlotextPlot { height: 18; width: 64; }"

    def compose(self) -> ComposeResult:
        yield PlotextPlot(id="reference")
        yield PlotView(id="view")


def cells(strip: Strip) -> list[tuple[str, str]]:
    """(character, style) of each cell, however the strip is cut into segments."""
    out: list[tuple[str, str]] = []
    for segment in strip:
        assert isinstance(segment, Segment)
        out += [(char, repr(segment.style)) for char in segment.text]
    return out


async def test_every_demo_looks_the_same_in_both_widgets() -> None:
    app = Both()
    async with app.run_test(size=(70, 40)) as pilot:
        reference = app.query_one("#reference", PlotextPlot)
        view = app.query_one("#view", PlotView)
        for cls in all_demos():
            demo = cls(seed=0)
            demo.step()
            frame = demo.step()
            for widget in (reference, view):
                draw(frame, widget.plt, 64, 18, None, legend=False)
                widget.refresh()
            await pilot.pause()
            want = reference.render_lines(reference.region.reset_offset)
            got = view.render_lines(view.region.reset_offset)
            assert [cells(s) for s in got] == [cells(s) for s in want], cls.id
            assert any(char not in " " for s in got for char, _ in cells(s)), cls.id
