"""`MathMarkdown`: Textual's Markdown widget with rendered math and search-term highlighting.

Inline math flows in its paragraph (component class `math_inline`); display math is a
block laid out again whenever its width changes. Everything else (headings, lists,
code, tables, `update()`) is Textual's own behaviour.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.token import Token
from rich.cells import cell_len
from textual.content import Content, Span
from textual.style import Style
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownBlock

from workbench.mathtext import display_math, inline_math
from workbench.mathtext.markdown import BLOCK_MATH, INLINE_MATH, make_parser

INLINE_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "paragraph_open", "th_open", "td_open")
"""Blocks whose inline text may hold math or search terms."""
MATH_CLASSES = {"math_inline", "math_error", "highlight"}
_WORD = re.compile(r"\w+")
NO_BREAK = "\u00a0"
"""Spaces inside an inline formula do not break the line (`wᵢ = 0` stays whole)."""


WordMatcher = Callable[[str], bool]
"""Says whether a word of the text is one to highlight (search supplies it)."""


def highlight_ranges(text: str, matcher: WordMatcher | None) -> list[tuple[int, int]]:
    """(start, end) of every word in `text` that `matcher` accepts."""
    if matcher is None:
        return []
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if matcher(m.group())]


def inline_content(token: Token, highlight: WordMatcher | None = None) -> Content:
    """Textual Content for an inline token: Markdown styles, rendered math, highlights."""
    parts: list[str] = []
    spans: list[Span] = []
    open_styles: list[tuple[Style | str, int]] = []
    position = 0

    def add(text: str, style: Style | str | None = None) -> None:
        nonlocal position
        if style is not None:
            spans.append(Span(position, position + len(text), style))
        parts.append(text)
        position += len(text)

    for child in token.children or []:
        kind = child.type
        if kind == "text":
            add(re.sub(r"\s+", " ", child.content))
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            add(child.content, ".code_inline")
        elif kind in INLINE_MATH:
            rendered = inline_math(child.content)
            text = rendered.text.replace(" ", NO_BREAK) if rendered.ok else rendered.text
            add(text, ".math_inline" if rendered.ok else ".math_error")
        elif kind in ("em_open", "strong_open", "s_open"):
            open_styles.append((f".{kind[:-5]}", position))
        elif kind == "link_open":
            action = f"link({str(child.attrs.get('href', ''))!r})"
            open_styles.append((Style.from_meta({"@click": action}), position))
        elif kind == "image":
            alt = str(child.attrs.get("alt", ""))
            add(f"🖼  ({alt})" if alt else "🖼  ")
        elif kind.endswith("_close") and open_styles:
            style, start = open_styles.pop()
            spans.append(Span(start, position, style))
    text = "".join(parts)
    spans.extend(Span(start, end, ".highlight") for start, end in highlight_ranges(text, highlight))
    return Content(text, spans=spans)


class _MathInline:
    """Mixin for Textual's inline-carrying blocks: math and highlights in their content."""

    _markdown: Markdown

    def _token_to_content(self, token: Token) -> Content:
        markdown = self._markdown
        matcher = markdown.highlight if isinstance(markdown, MathMarkdown) else None
        return inline_content(token, matcher)


class MathBlock(MarkdownBlock):
    """A display formula, centred, laid out for the width it is given."""

    DEFAULT_CSS = """
    MathBlock {
        height: auto;
        margin: 0 0 1 0;
        color: $text-accent;
    }
    MathBlock.-error {
        color: $text-warning;
        background: $warning 10%;
    }
    """

    def __init__(self, markdown: Markdown, token: Token) -> None:
        super().__init__(markdown, token)
        self.latex = token.content
        self._lines: dict[int, list[str]] = {}
        if not display_math(self.latex, 1000).ok:
            self.add_class("-error")

    def lines_for(self, width: int) -> list[str]:
        """The formula's lines for `width` cells, centred as one block."""
        width = max(1, width)
        if width not in self._lines:
            lines = display_math(self.latex, width).lines
            block = max((cell_len(line) for line in lines), default=0)
            left = " " * max(0, (width - block) // 2)
            self._lines[width] = [left + line for line in lines]
        return self._lines[width]

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        """As many rows as the layout at this width needs."""
        return max(1, len(self.lines_for(width)))

    def render(self) -> Content:
        """The lines for the current width (plain text, never markup)."""
        return Content("\n".join(self.lines_for(self.content_size.width or 80)))


class MathMarkdown(Markdown):
    """Markdown with rendered LaTeX; `highlight` holds search terms to emphasise."""

    DEFAULT_CSS = """
    MathMarkdown MarkdownBlock > .math_inline {
        text-style: italic;
        color: $text-accent;
    }
    MathMarkdown MarkdownBlock > .math_error {
        background: $warning 10%;
        color: $text-warning;
    }
    MathMarkdown MarkdownBlock > .highlight {
        text-style: bold underline;
        background: $accent 30%;
    }
    """

    _math_blocks: dict[str, type[MarkdownBlock]] = {}

    def __init__(self, markdown: str | None = None, *, name: str | None = None,
                 id: str | None = None, classes: str | None = None,
                 open_links: bool = True) -> None:
        super().__init__(markdown, name=name, id=id, classes=classes,
                         parser_factory=make_parser, open_links=open_links)
        self.highlight: WordMatcher | None = None

    def get_block_class(self, block_name: str) -> type[MarkdownBlock]:
        """Textual's block class, extended with math for blocks that hold inline text."""
        base = super().get_block_class(block_name)
        if block_name not in INLINE_BLOCKS:
            return base
        if base.__name__ not in self._math_blocks:
            self._math_blocks[base.__name__] = type(
                f"Math{base.__name__}", (_MathInline, base), {"COMPONENT_CLASSES": MATH_CLASSES})
        return self._math_blocks[base.__name__]

    def unhandled_token(self, token: Token) -> MarkdownBlock | None:
        """Display math becomes a MathBlock."""
        if token.type in BLOCK_MATH:
            return MathBlock(self, token)
        return super().unhandled_token(token)

    def set_highlight(self, matcher: WordMatcher | None) -> None:
        """Emphasise the words `matcher` accepts (None clears it)."""
        self.highlight = matcher
        for block in self.query(MarkdownBlock):
            if isinstance(block, _MathInline) and block._inline_token is not None:
                block.set_content(block._token_to_content(block._inline_token))
