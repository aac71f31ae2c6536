"""Property checks: any LaTeX-like input renders to text, never raises, never overflows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from workbench.mathtext import display_math, inline_math

PIECES = [
    "x", "y", "1", "23", " ", "+", "-", "=", "(", ")", "[", "]", "{", "}", "_", "^", "&", "\\\\",
    "$", "%", "'", ",", "|", "\\frac", "\\sqrt", "\\sum", "\\int", "\\alpha", "\\left(", "\\right)",
    "\\left", "\\right", "\\mathbb{E}", "\\hat", "\\text{ab c}", "\\operatorname{sign}", "\\|",
    "\\langle", "\\rangle", "\\begin{pmatrix}", "\\end{pmatrix}", "\\begin{cases}",
    "\\end{cases}", "\\foo", "\\", "\x1b", "é", "漢", "\\overline", "\\lim", "\\cdot",
]
latex_like = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(latex_like)
def test_inline_always_returns_one_line(latex: str) -> None:
    result = inline_math(latex)
    assert isinstance(result.text, str)
    assert "\n" not in result.text
    assert "\x1b" not in result.text


@settings(max_examples=300, deadline=None)
@given(latex_like, st.integers(min_value=1, max_value=100))
def test_display_never_wider_than_asked(latex: str, width: int) -> None:
    result = display_math(latex, width)
    assert all(isinstance(line, str) for line in result.lines)
    assert all(cell_len(line) <= width for line in result.lines), (result.lines, width)
    assert all("\x1b" not in line for line in result.lines)
