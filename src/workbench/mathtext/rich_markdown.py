"""Rich's Markdown renderable with our math: inline formulas styled, display formulas laid out.

Used by the CLI (`workbench show`); the app uses the Textual widget instead. Formulas
that cannot be rendered are shown as inline code, source intact.
"""

from __future__ import annotations

from typing import ClassVar

from markdown_it.token import Token
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Markdown, MarkdownElement
from rich.text import Text

from workbench.mathtext.markdown import BLOCK_MATH, INLINE_MATH, make_parser
from workbench.mathtext.render import display_math, inline_math

MATH_STYLE = "markdown.math_inline"
"""Theme key for inline math (the CLI's theme makes it italic and coloured)."""


class DisplayMath(MarkdownElement):
    """A display formula, laid out for the console width and centred as a block."""

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> DisplayMath:
        """Keep the formula's LaTeX."""
        return cls(token.content)

    def __init__(self, latex: str) -> None:
        self.latex = latex

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Centred lines, or the source in code style if it cannot be laid out."""
        rendered = display_math(self.latex, options.max_width)
        style = MATH_STYLE if rendered.ok else "markdown.code"
        width = max((Text(line).cell_len for line in rendered.lines), default=0)
        left = " " * max(0, (options.max_width - width) // 2)
        for line in rendered.lines:
            yield Text(left + line, style=console.get_style(style, default="none"),
                       no_wrap=True, overflow="crop", end="\n")


class MathMarkdown(Markdown):
    """Markdown parsed with dollar math; formulas rendered by `workbench.mathtext`."""

    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements, **{name: DisplayMath for name in BLOCK_MATH}}
    inlines = Markdown.inlines | {"math_inline"}

    def __init__(self, markup: str, **kwargs: object) -> None:
        super().__init__(markup, **kwargs)  # type: ignore[arg-type]
        self.parsed = make_parser().parse(markup)
        for token in self.parsed:
            if token.children:
                token.children = [_render_inline(child) for child in token.children]


def _render_inline(token: Token) -> Token:
    """An inline math token turned into a styled run Rich knows how to print."""
    if token.type not in INLINE_MATH:
        return token
    rendered = inline_math(token.content)
    tag = "math_inline" if rendered.ok else "code"
    return Token("code_inline" if not rendered.ok else "math_inline", tag, 0,
                 content=rendered.text)
