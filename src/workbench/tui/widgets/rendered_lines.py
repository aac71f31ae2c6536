"""Markdown rendered once into lines (Textual `Strip`s), cached per text, width, search
highlight and theme.

Why: a Markdown widget per block costs Textual a layout of every block on each topic
change (hundreds of ms). The reader and the review card instead render Rich renderables
(`mathtext.rich_markdown`, the CLI's renderer) to strips once and draw them through
Textual's Line API. Styles come from the showing widget's component classes, so the
Textual theme colours headings, code, math and highlights.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, NamedTuple

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.theme import Theme
from textual.strip import Strip
from textual.widget import Widget

from workbench.mathtext.styles import (
    HIGHLIGHT_STYLE,
    MATH_DISPLAY_STYLE,
    MATH_ERROR_STYLE,
    MATH_STYLE,
)
from workbench.textsafe import clean_text
from workbench.tui.widgets.lean_strip import LeanStrip

if TYPE_CHECKING:
    from workbench.mathtext.rich_markdown import WordMatcher

COMPONENT_CLASSES = {
    "md--heading", "md--code", "md--math", "md--math-display", "md--math-error",
    "md--highlight", "md--link", "md--quote", "md--table",
}
"""Component classes a widget showing rendered Markdown declares (styled in its CSS)."""

COMPONENT_CSS = """
{name} > .md--heading {{ color: $text-primary; text-style: bold; }}
{name} > .md--code {{ color: $text-accent; background: $foreground 6%; }}
{name} > .md--math {{ color: $text-accent; text-style: italic; }}
{name} > .md--math-display {{ color: $text-accent; }}
{name} > .md--math-error {{ color: $text-warning; background: $warning 10%; }}
{name} > .md--highlight {{ text-style: bold underline; background: $accent 30%; }}
{name} > .md--link {{ color: $text-secondary; text-style: underline; }}
{name} > .md--quote {{ color: $text-muted; }}
{name} > .md--table {{ color: $text-muted; }}
"""
"""Default CSS for the component classes; format with the widget's type name."""

_THEME_KEYS = {
    "md--heading": ("markdown.h1", "markdown.h2", "markdown.h3", "markdown.h4",
                    "markdown.h5", "markdown.h6"),
    "md--code": ("markdown.code",),
    "md--math": (MATH_STYLE,),
    "md--math-display": (MATH_DISPLAY_STYLE,),
    "md--math-error": (MATH_ERROR_STYLE,),
    "md--highlight": (HIGHLIGHT_STYLE,),
    "md--link": ("markdown.link", "markdown.link_url"),
    "md--quote": ("markdown.block_quote",),
    "md--table": ("markdown.table.border",),
}


class LineStyles(NamedTuple):
    """The styles of a widget's component classes, and whether its theme is dark."""

    styles: tuple[tuple[str, Style], ...]
    dark: bool

    @classmethod
    def of(cls, widget: Widget) -> LineStyles:
        """Read the styles of `widget` (declaring COMPONENT_CLASSES) from its CSS."""
        styles = tuple((name, component_style(widget, name)) for name in sorted(COMPONENT_CLASSES))
        return cls(styles, widget.app.current_theme.dark)

    @property
    def theme(self) -> Theme:
        """The Rich theme these styles make (Markdown's and the math's style names)."""
        return Theme({key: style for name, style in self.styles for key in _THEME_KEYS[name]},
                     inherit=True)

    @property
    def code_theme(self) -> str:
        """Pygments colours for fenced code that suit the background."""
        return "monokai" if self.dark else "friendly"


def component_style(widget: Widget, name: str) -> Style:
    """The Rich style of a component class: its colours blended over the widget's
    background, and only those its CSS sets (so it can sit on another background)."""
    rules = widget.get_component_styles(name)
    full = widget.get_component_rich_style(name)
    partial = widget.get_component_rich_style(name, partial=True)
    return Style(color=full.color if rules.has_rule("color") else None,
                 bgcolor=full.bgcolor if rules.has_rule("background") else None
                 ) + partial.without_color


class LineCache:
    """A small LRU of rendered strips."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, list[Strip]] = OrderedDict()

    def get(self, key: Hashable) -> list[Strip] | None:
        """The strips stored under `key`, marked as recently used."""
        strips = self._entries.get(key)
        if strips is not None:
            self._entries.move_to_end(key)
        return strips

    def __contains__(self, key: Hashable) -> bool:
        """Whether `key` is stored (without marking it used)."""
        return key in self._entries

    def put(self, key: Hashable, strips: list[Strip]) -> None:
        """Store `strips`, forgetting the least recently used beyond the size."""
        self._entries[key] = strips
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)


MARKDOWN_CACHE = LineCache(512)
"""Rendered Markdown blocks, shared by the reader and the review card."""
_CONSOLES: dict[LineStyles, Console] = {}


def _console(styles: LineStyles) -> Console:
    console = _CONSOLES.get(styles)
    if console is None:
        if len(_CONSOLES) > 8:
            _CONSOLES.clear()
        console = _CONSOLES[styles] = Console(
            file=io.StringIO(), theme=styles.theme, color_system="truecolor",
            force_terminal=True, markup=False, emoji=False, highlight=False,
            legacy_windows=False, width=80)
    return console


def render_strips(renderable: RenderableType, width: int, styles: LineStyles,
                  style: Style | None = None) -> list[Strip]:
    """`renderable` as strips exactly `width` cells wide (`style` under every cell)."""
    console = _console(styles)
    width = max(1, width)
    lines = console.render_lines(renderable, console.options.update_width(width),
                                 style=style, pad=True)
    return [LeanStrip(line, width) for line in lines]  # kept: lean until drawn


def markdown_key(text: str, width: int, styles: LineStyles,
                 highlight: WordMatcher | None = None,
                 style: Style | None = None, indent: int = 0) -> Hashable:
    """The key `markdown_strips` caches these arguments' strips under."""
    return (text, width, styles, highlight, style, indent)


def markdown_strips(text: str, width: int, styles: LineStyles,
                    highlight: WordMatcher | None = None,
                    style: Style | None = None, indent: int = 0) -> list[Strip]:
    """`text` (Markdown with math) rendered for `width` (set in `indent` columns from each
    side), from the cache when it was before (control characters dropped: they never
    reach the terminal)."""
    key = markdown_key(text, width, styles, highlight, style, indent)
    strips = MARKDOWN_CACHE.get(key)
    if strips is None:
        from workbench.mathtext.rich_markdown import MathMarkdown  # loaded on first use

        renderable = MathMarkdown(clean_text(text), highlight=highlight,
                                  code_theme=styles.code_theme)
        padded = Padding(renderable, (0, indent)) if indent else renderable
        strips = render_strips(padded, width, styles, style)
        MARKDOWN_CACHE.put(key, strips)
    return strips


def strips_text(strips: Iterable[Strip]) -> str:
    """The plain text of `strips`, a line each, trailing spaces dropped (for tests, search)."""
    return "\n".join(strip.text.rstrip() for strip in strips)


def styled_words(strips: Iterable[Strip], style: Style) -> list[str]:
    """The runs of text drawn with every attribute of `style` set (e.g. highlighted words)."""
    return [segment.text for strip in strips for segment in strip
            if isinstance(segment, Segment) and segment.style is not None
            and segment.text.strip() and segment.style + style == segment.style]
