"""`MarkdownText`: one Markdown text with math, drawn from lines rendered once per width.

The review card's stem, answer and note. It grows to its text's height (the card
scrolls); its lines come from the shared cache in `rendered_lines`, so revealing an
answer seen before costs no rendering at all.
"""

from __future__ import annotations

from textual import events
from textual.strip import Strip
from textual.widget import Widget

from workbench.tui.links import open_clicked_link
from workbench.tui.widgets.rendered_lines import (
    COMPONENT_CLASSES,
    COMPONENT_CSS,
    LineStyles,
    markdown_strips,
    strips_text,
)


class MarkdownText(Widget):
    """Markdown (with math) shown through the Line API; `update()` replaces it."""

    COMPONENT_CLASSES = COMPONENT_CLASSES
    DEFAULT_CSS = COMPONENT_CSS.format(name="MarkdownText") + """
    MarkdownText { height: auto; }
    """

    def __init__(self, text: str = "", *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.source = text
        self._styles: LineStyles | None = None

    def notify_style_update(self) -> None:
        """The theme changed: take its colours on the next render."""
        super().notify_style_update()
        self._styles = None

    def update(self, text: str) -> None:
        """Show `text` instead."""
        if text != self.source:
            self.source = text
            self.refresh(layout=True)

    def lines(self, width: int) -> list[Strip]:
        """The text rendered for `width` cells (cached)."""
        return self.render_ahead(self.source, width)

    def render_ahead(self, text: str, width: int) -> list[Strip]:
        """`text` rendered for `width` cells in this widget's colours, into the cache
        (`update(text)` at that width then draws from it)."""
        if self._styles is None:
            self._styles = LineStyles.of(self)
        return markdown_strips(text, max(1, width), self._styles)

    @property
    def plain(self) -> str:
        """The text as drawn at the current width."""
        return strips_text(self.lines(self.size.width))

    def on_click(self, event: events.Click) -> None:
        """A click on a link opens it."""
        open_clicked_link(self, event)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        """As many rows as the text takes at this width."""
        return len(self.lines(width)) if self.source else 0

    def render_line(self, y: int) -> Strip:
        """Row `y` of the text in the widget's colours."""
        width = self.size.width
        lines = self.lines(width) if self.source else []
        line = lines[y] if y < len(lines) else Strip.blank(width)
        return line.crop_extend(0, width, None).apply_style(self.rich_style)
