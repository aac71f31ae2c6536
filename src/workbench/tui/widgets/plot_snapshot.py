"""A demo's saved first frame, drawn where its plot goes until the live demo runs."""

from __future__ import annotations

from textual.strip import Strip
from textual.widget import Widget

from workbench.tui.demo_snapshot import DemoSnapshot


class PlotSnapshot(Widget):
    """The lines of a saved plot; drawn only at the size they were saved at (a plot laid
    out for another size would be wrong, so it stays blank until the live one comes)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.snapshot: DemoSnapshot | None = None

    def show(self, snapshot: DemoSnapshot | None) -> None:
        """Draw `snapshot`'s plot (None: hide)."""
        self.snapshot = snapshot
        self.display = snapshot is not None
        self.refresh()

    def render_line(self, y: int) -> Strip:
        snapshot = self.snapshot
        width, height = self.size
        if snapshot is None or snapshot.size != (width, height) or not 0 <= y < len(snapshot.plot):
            return Strip.blank(width, self.rich_style)
        return snapshot.plot[y]
