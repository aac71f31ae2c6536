"""Markdown rendered to lines: math in paragraphs and blocks, search terms highlighted,
text never read as markup, control characters never drawn."""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.theme import Theme
from textual.app import App, ComposeResult

from workbench.mathtext.rich_markdown import MathMarkdown, highlight_ranges
from workbench.mathtext.styles import HIGHLIGHT_STYLE, MATH_ERROR_STYLE, MATH_STYLE
from workbench.tui.widgets.markdown_text import MarkdownText
from workbench.tui.widgets.rendered_lines import (
    LineCache,
    LineStyles,
    component_style,
    markdown_strips,
    styled_words,
)


def starts_with(prefix: str):  # type: ignore[no-untyped-def]
    return lambda word: word.lower().startswith(prefix)


def test_highlight_marks_the_words_the_matcher_accepts() -> None:
    text = "Sparse weights; sparsity helps. Unsparse stays."
    assert highlight_ranges(text, starts_with("spars")) == [(0, 6), (16, 24)]
    assert highlight_ranges(text, None) == []


def render(markdown: MathMarkdown) -> tuple[str, list[tuple[str, str]]]:
    """Plain text and (text, style) runs of `markdown` printed with marker styles."""
    console = Console(file=StringIO(), width=60, theme=Theme({
        MATH_STYLE: "italic", MATH_ERROR_STYLE: "strike", HIGHLIGHT_STYLE: "reverse"}))
    lines = console.render_lines(markdown, pad=False)
    runs = [(s.text, str(s.style)) for line in lines for s in line if s.text.strip()]
    return "\n".join("".join(s.text for s in line).rstrip() for line in lines), runs


def test_inline_math_is_rendered_highlighted_and_markup_stays_literal() -> None:
    text, runs = render(MathMarkdown("Loss [bold]$L_0$[/bold] and `$x$` and $\\foo$",
                                     highlight=starts_with("loss")))
    assert text == "Loss [bold]L₀[/bold] and $x$ and \\foo"
    assert ("L₀", "italic") in runs
    assert ("Loss", "reverse") in runs
    assert any(run == "\\foo" and "strike" in style for run, style in runs)


def test_display_math_is_laid_out_and_centred() -> None:
    text, _ = render(MathMarkdown("$$\n\\frac{a}{b}\n$$\n"))
    assert [line.strip() for line in text.splitlines()] == ["a", "─", "b"]
    assert text.splitlines()[0].index("a") > 20  # centred in 60 columns


class _Doc(App[None]):
    def compose(self) -> ComposeResult:
        yield MarkdownText("# Risk\n\nThe mean $\\frac{1}{n}$ of losses.\n\n$$\n\\frac{a}{b}\n$$\n")


async def test_widget_is_as_tall_as_its_text_and_highlights_from_the_theme() -> None:
    app = _Doc()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        widget = app.query_one(MarkdownText)
        assert "1/n" in widget.plain and "─" in widget.plain
        assert widget.size.height == len(widget.plain.splitlines())
        styles = LineStyles.of(widget)
        matcher = starts_with("loss")
        strips = markdown_strips(widget.source, 60, styles, matcher)
        assert styled_words(strips, component_style(widget, "md--highlight")) == ["losses"]
        assert markdown_strips(widget.source, 60, styles, matcher) is strips  # cached
        assert styled_words(markdown_strips(widget.source, 60, styles),
                            component_style(widget, "md--highlight")) == []
        widget.update("Now **other** text \x1b[31m.")
        await pilot.pause()
        assert widget.plain.startswith("Now other text")
        assert all("\x1b" not in segment.text for strip in widget.lines(60) for segment in strip)


def test_cache_forgets_the_least_recently_used() -> None:
    cache = LineCache(2)
    cache.put("a", [])
    cache.put("b", [])
    assert cache.get("a") == []  # a is now the most recent
    cache.put("c", [])
    assert cache.get("b") is None and cache.get("a") == [] and cache.get("c") == []
