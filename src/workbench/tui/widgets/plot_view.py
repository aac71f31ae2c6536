"""The demo plot widget: plotext's canvas drawn straight into strips.

`PlotextPlot.render` has plotext write its canvas as one ANSI string (a colour code per
run of cells), then parses that string back with `Text.from_ansi`, and Textual turns the
Text into strips: two thirds of a playing demo's CPU went there. Here the canvas plotext
builds (a marker, foreground, style and background per cell) becomes one segment per run
of equally coloured cells, with each colour triple's Rich style worked out once.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from plotext import _utility as plotext_utility
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual_plotext import PlotextPlot


class PlotView(PlotextPlot):
    """A PlotextPlot that skips the ANSI round trip; its strips are kept until a refresh."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: list[Strip] | None = None
        self._strips_size = Size(0, 0)
        self._styles: dict[Hashable, VisualStyle] = {}

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> PlotView:
        self._strips = None  # the figure may have changed: build the canvas again
        super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        return self

    def render_line(self, y: int) -> Strip:
        strips = self.lines() or []
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width)

    def lines(self) -> list[Strip] | None:
        """The figure's lines at the widget's size (None: not laid out yet)."""
        if not self.size.area:
            return None
        if self._strips is None or self._strips_size != self.size:
            self._strips, self._strips_size = self._build_strips(), self.size
        return self._strips

    def _build_strips(self) -> list[Strip]:
        """Build the figure's canvas as PlotextPlot.render does, then turn it into strips."""
        width, height = self.size
        if width <= 0 or height <= 0:
            return []
        plt: Any = self.plt
        plt.plotsize(width, height)
        plt._set_size(width, height)  # as PlotextPlot.render: resizing needs both
        plt.theme(self._get_plotext_theme_name(self.app.theme))
        plt._set_sizes()
        plt._build_matrix()
        matrix = plt.monitor.matrix
        base = self.visual_style  # the widget's own colours, as render() gets
        strips = []
        for y, row in enumerate(reversed(range(matrix.rows))):
            markers = matrix.marker[row]
            colours = list(zip(matrix.fullground[row], matrix.style[row],
                               matrix.background[row], strict=True))
            segments = []
            start = 0
            for col in range(1, len(colours) + 1):
                if col == len(colours) or colours[col] != colours[start]:
                    style = (base + self._style(colours[start])).rich_style
                    # where the text sits, as Textual marks its own text (selection uses it)
                    offset = Style.from_meta({"offset": (start, y)})
                    segments.append(Segment("".join(markers[start:col]), style + offset))
                    start = col
            strips.append(Strip(segments).adjust_cell_length(width))
        return strips

    def _style(self, colours: tuple[Any, Any, Any]) -> VisualStyle:
        """The style of plotext's (foreground, style, background), as its ANSI reads."""
        key: Hashable = colours if all(isinstance(c, Hashable) for c in colours) \
            else repr(colours)
        style = self._styles.get(key)
        if style is None:
            text = Text.from_ansi(plotext_utility.colors_to_ansi(*colours) + "x")
            found = text.spans[0].style if text.spans else Style.null()
            style = self._styles[key] = VisualStyle.from_rich_style(
                found if isinstance(found, Style) else Style.parse(found))
        return style
