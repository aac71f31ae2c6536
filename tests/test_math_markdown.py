"""MathMarkdown: math rendered in paragraphs and blocks, search terms highlighted."""

from __future__ import annotations

from textual.app import App, ComposeResult

from workbench.mathtext.markdown import make_parser
from workbench.tui.widgets.math_markdown import (
    MathBlock,
    MathMarkdown,
    highlight_ranges,
    inline_content,
)


def starts_with(prefix: str):  # type: ignore[no-untyped-def]
    return lambda word: word.lower().startswith(prefix)


def test_highlight_marks_the_words_the_matcher_accepts() -> None:
    text = "Sparse weights; sparsity helps. Unsparse stays."
    assert highlight_ranges(text, starts_with("spars")) == [(0, 6), (16, 24)]
    assert highlight_ranges(text, None) == []


def test_inline_content_renders_math_and_keeps_markup_literal() -> None:
    inline = make_parser().parse("Loss [bold]$L_0$[/bold] and `$x$` and $\\foo$")[1]
    content = inline_content(inline, starts_with("loss"))
    assert content.plain == "Loss [bold]L₀[/bold] and $x$ and \\foo"
    styles = {(s.start, s.end): s.style for s in content.spans}
    assert styles[(11, 13)] == ".math_inline"
    assert styles[(0, 4)] == ".highlight"
    assert ".math_error" in styles.values()


class _Doc(App[None]):
    def compose(self) -> ComposeResult:
        yield MathMarkdown("# Risk\n\nThe mean $\\frac{1}{n}$ of losses.\n\n$$\n\\frac{a}{b}\n$$\n")


async def test_widget_lays_out_display_math_and_highlights() -> None:
    app = _Doc()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        block = app.query_one(MathBlock)
        assert [line.strip() for line in block.lines_for(block.content_size.width)] == \
            ["a", "─", "b"]
        markdown = app.query_one(MathMarkdown)
        markdown.set_highlight(starts_with("loss"))
        paragraph = markdown.query("MarkdownParagraph").first()
        assert "1/n" in paragraph._content.plain
        assert any(s.style == ".highlight" for s in paragraph._content.spans)
        markdown.set_highlight(None)
        assert not any(s.style == ".highlight" for s in paragraph._content.spans)
