"""Rich's Markdown renderable with our math and search-term highlighting.

The one Markdown renderer of the project: `workbench show` prints it, and the app's reader
and review screen render it once into cached lines (`tui/widgets/rendered_lines.py`).
Inline formulas get the theme style `markdown.math_inline`, formulas that cannot be
rendered `markdown.math_error` (source intact), highlighted words `markdown.mark`; display
formulas are laid out for the width and centred. A link's text carries its target (a
terminal hyperlink, and what the app opens on a click) and the target follows it in
brackets, so where it goes is never hidden. Text is never read as Rich markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar

from markdown_it.token import Token
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Markdown, MarkdownElement
from rich.text import Text

from workbench.mathtext.markdown import BLOCK_MATH, INLINE_MATH, shared_parser
from workbench.mathtext.render import display_math, inline_math
from workbench.mathtext.styles import (
    MATH_DISPLAY_STYLE,
    MATH_ERROR_STYLE,
    MATH_STYLE,
)

WordMatcher = Callable[[str], bool]
"""Says whether a word of the text is one to highlight (search supplies it)."""

_WORD = re.compile(r"\w+")


def highlight_ranges(text: str, matcher: WordMatcher | None) -> list[tuple[int, int]]:
    """(start, end) of every word in `text` that `matcher` accepts."""
    if matcher is None:
        return []
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if matcher(m.group())]


class DisplayMath(MarkdownElement):
    """A display formula, laid out for the console width and centred as a block."""

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> DisplayMath:
        """Keep the formula's LaTeX."""
        return cls(token.content)

    def __init__(self, latex: str) -> None:
        self.latex = latex

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Centred lines, or the source in the error style if it cannot be laid out."""
        rendered = display_math(self.latex, options.max_width)
        if rendered.ok:
            style = console.get_style(
                MATH_DISPLAY_STYLE, default=console.get_style(MATH_STYLE, default="none"))
        else:
            style = console.get_style(
                MATH_ERROR_STYLE, default=console.get_style("markdown.code", default="none"))
        width = max((cell_len(line) for line in rendered.lines), default=0)
        left = " " * max(0, (options.max_width - width) // 2)
        for line in rendered.lines:
            yield Text(left + line, style=style, no_wrap=True, overflow="crop", end="\n")


class MathMarkdown(Markdown):
    """Markdown parsed with dollar math; formulas rendered by `workbench.mathtext`, and the
    words `highlight` accepts marked."""

    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements, **{name: DisplayMath for name in BLOCK_MATH}}
    inlines = Markdown.inlines | {"math_inline", "math_error", "mark"}

    def __init__(self, markup: str, *, highlight: WordMatcher | None = None,
                 **kwargs: object) -> None:
        super().__init__("", hyperlinks=True, **kwargs)  # type: ignore[arg-type]  # parsed below
        self.markup = markup
        self.parsed = shared_parser().parse(markup)
        for token in self.parsed:
            if token.children:
                token.children = list(_with_targets(
                    out for child in token.children for out in _render_inline(child, highlight)))


def _with_targets(tokens: Iterable[Token]) -> Iterator[Token]:
    """The tokens, each link followed by its target in brackets, unless its text already
    says it (an autolink)."""
    target: str | None = None
    shown: list[str] = []
    for token in tokens:
        yield token
        if token.type == "link_open":
            target, shown = str(token.attrs.get("href", "")), []
        elif token.type == "link_close" and target is not None:
            if target and "".join(shown) not in (target, target.removeprefix("mailto:")):
                yield Token("text", "", 0, content=f" ({target})")
            target = None
        elif target is not None:
            shown.append(token.content)


def _render_inline(token: Token, highlight: WordMatcher | None) -> Iterator[Token]:
    """Inline math as a styled run Rich knows how to print; text split around the words
    to highlight. Everything else unchanged."""
    if token.type in INLINE_MATH:
        rendered = inline_math(token.content)
        tag = "math_inline" if rendered.ok else "math_error"
        yield Token(tag, tag, 0, content=rendered.text)
    elif token.type == "text" and highlight is not None:
        text, position = token.content, 0
        for start, end in highlight_ranges(text, highlight):
            if start > position:
                yield Token("text", "", 0, content=text[position:start])
            yield Token("mark", "mark", 0, content=text[start:end])
            position = end
        if position < len(text):
            yield Token("text", "", 0, content=text[position:])
    else:
        yield token
