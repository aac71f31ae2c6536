"""The title bar draws what Textual's Header draws, and keeps the Header's icon working."""

from __future__ import annotations

import html
import re

from rich.color import Color
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.widgets import Header

from workbench.tui.widgets.title_bar import ICON, TitleBar


class Bar(App[None]):
    TITLE = "workbench"

    def __init__(self, bar: type[TitleBar] | type[Header]) -> None:
        super().__init__()
        self.bar = bar

    def compose(self) -> ComposeResult:
        yield self.bar()


CELL = 12.2
"""Width of a cell in Rich's SVG export (font size 20 x 0.61)."""
TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                  r'clip-path="url\(#[\w-]+-line-0\)">([^<]*)</text>')
"""A text run of the first row (`line-0` is its clip path)."""


def top_row(svg: str, width: int) -> str:
    """The screenshot's first row of characters, blanks included."""
    cells = [" "] * width
    for x, text in TEXT.findall(svg):
        at = round(float(x) / CELL)
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ").rstrip("\n")):
            cells[at + offset] = char
    return "".join(cells)


def icon_background(bar: TitleBar) -> Color | None:
    """The background the icon is drawn on, as the bar draws it now."""
    return next(segment.style.bgcolor for segment in bar.render_line(0)
                if segment.text == ICON and segment.style is not None)


async def drawn_top_row(bar: type[TitleBar] | type[Header], sub_title: str, width: int) -> str:
    app = Bar(bar)
    async with app.run_test(size=(width, 5)) as pilot:
        app.screen.sub_title = sub_title
        await pilot.pause()
        return top_row(app.export_screenshot(), width)


async def test_the_line_is_the_headers_at_any_width() -> None:
    for width in (12, 30, 80, 130):
        for sub_title in ("", "Foundations › ERM · 2/3", "a very long place " * 8):
            ours = await drawn_top_row(TitleBar, sub_title, width)
            theirs = await drawn_top_row(Header, sub_title, width)
            assert ours == theirs, (width, sub_title)


async def test_a_new_place_is_drawn_and_the_icon_opens_the_command_palette() -> None:
    app = Bar(TitleBar)
    async with app.run_test(size=(80, 10)) as pilot:
        bar = app.query_one(TitleBar)
        await pilot.pause()
        assert "workbench" in bar.text and "Chapter" not in bar.text
        app.screen.sub_title = "Chapter › Topic"
        await pilot.pause()
        assert "workbench — Chapter › Topic" in bar.text
        plain = icon_background(bar)
        assert plain == bar.visual_style.rich_style.bgcolor
        await pilot.hover(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert icon_background(bar) != plain  # highlighted under the mouse
        await pilot.hover(TitleBar, offset=(40, 0))
        await pilot.pause()
        assert icon_background(bar) == plain
        dark = bar.render_line(0)
        app.theme = "textual-light"
        await pilot.pause()
        assert bar.render_line(0) != dark  # a new theme draws the line anew
        assert icon_background(bar) == bar.visual_style.rich_style.bgcolor != plain
        await pilot.click(TitleBar, offset=(40, 0))
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
