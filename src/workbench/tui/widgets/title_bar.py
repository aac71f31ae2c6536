"""`TitleBar`: the screen's top line, drawn as Textual's `Header` draws it, in one widget.

Why not `Header`: it is four widgets (itself, the icon, the title, the clock's space), each
styled, laid out and drawn before the first paint (24M instructions, 2.5% of a bare
Textual app's whole start), and its title is a `Static` whose every update lays out the
whole screen. Here the same line is one widget that draws it again only when the title or
the place changes (a `set_reactive` of the place waits for the next change it hears of).
The command palette's icon works as in `Header` (click, tooltip, highlight under the
mouse); the header's rarely found "click to make it three rows" is left out.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8
"""Columns of the icon's box, as `Header`'s: a space, the icon, then room."""
CLOCK_WIDTH = 10
"""Columns `Header` keeps on the right for its clock (kept blank, so titles centre alike)."""


class TitleBar(Widget):
    """The app's title and the screen's place (`title`, `sub_title`), with the command
    palette's icon on the left."""

    COMPONENT_CLASSES = {"title-bar--icon-hover"}
    DEFAULT_CSS = """
    TitleBar { dock: top; width: 100%; height: 1; background: $panel; color: $foreground; }
    TitleBar > .title-bar--icon-hover { background: $foreground 10%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._icon_hover = False
        self._drawn: tuple[tuple[int, bool], Strip] | None = None
        """The line last drawn, and the width and icon highlight it was drawn for."""

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            for name in ("title", "sub_title"):
                self.watch(owner, name, self._title_changed, init=False)
        if self.app.ENABLE_COMMAND_PALETTE:
            self.tooltip = "Click ⭘ to open the command palette"

    def _title_changed(self) -> None:
        self._drawn = None
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = None

    @property
    def text(self) -> str:
        """The line as last drawn (empty before the first paint)."""
        return self._drawn[1].text if self._drawn is not None else ""

    def title_content(self) -> Content:
        """The title as `Header` shows it: the screen's, else the app's (the same for the
        sub-title), formatted by `App.format_title`."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y or width <= 0:
            return Strip.blank(width, self.visual_style.rich_style)
        key = (width, self._icon_hover)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = key, self._draw(width)
        return self._drawn[1]

    def _draw(self, width: int) -> Strip:
        """Icon, title and blanks as separate segments, as `Header`'s widgets draw them:
        the blanks carry the background alone, so they are not merged into the words (a
        screenshot then places each word where the terminal does)."""
        base = self.visual_style
        room = max(0, width - ICON_WIDTH - CLOCK_WIDTH)
        icon = Content(ICON)
        if self._icon_hover:
            icon = icon.stylize(self.get_visual_style("title-bar--icon-hover", partial=True))
        title = self.title_content().rstrip().truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        blank = Style(bgcolor=base.rich_style.bgcolor)
        segments = [Segment(" ", blank), *icon.render_segments(base),
                    Segment(" " * (ICON_WIDTH - 2 + left), blank), *title.render_segments(base),
                    Segment(" " * (room - left - title.cell_length + CLOCK_WIDTH), blank)]
        return Strip(segments).adjust_cell_length(width, blank)

    def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            self.app.action_command_palette()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(event.x < ICON_WIDTH)

    def on_leave(self, event: events.Leave) -> None:
        self._hover(False)

    def _hover(self, over_icon: bool) -> None:
        if over_icon != self._icon_hover:
            self._icon_hover = over_icon
            self.refresh()
