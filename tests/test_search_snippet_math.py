"""Search snippets show math exactly as the reader renders it: bars, minus signs, spacing."""

from __future__ import annotations

import pytest

from workbench.mathtext import inline_math
from workbench.mathtext.markdown import math_spans
from workbench.search.analysis import term_for
from workbench.search.highlight import snippet
from workbench.search.plaintext import markdown_to_text

ANSWERS = [
    (r"The proximal step is $\max(|z_i| - \lambda, 0)$, which zeroes small weights.",
     "The proximal step is max(|zᵢ| − λ, 0), which zeroes small weights."),
    (r"The series converges when $|a| < 1$.", "The series converges when |a| < 1."),
    (r"A table | with $\|w\|_1$ | cells", "A table with ‖w‖₁ cells"),
    (r"Use $a * b$ and *emphasis* with $$\sqrt{2\varepsilon}$$ below",
     "Use a * b and emphasis with √(2ε) below"),
]


@pytest.mark.parametrize(("markdown", "expected"), ANSWERS)
def test_snippet_text_keeps_the_readers_math(markdown: str, expected: str) -> None:
    text = markdown_to_text(markdown, math_words=False)
    assert text == expected
    for _, latex in math_spans(markdown):
        assert inline_math(latex).text in text


def test_snippet_around_a_match_keeps_absolute_value_bars() -> None:
    plain = markdown_to_text(ANSWERS[0][0], math_words=False)
    pieces = snippet(plain, frozenset({term_for("proximal")}), width=60)
    assert "max(|zᵢ| − λ, 0)," in "".join(text for text, _ in pieces)


def test_indexed_text_still_has_the_command_words() -> None:
    indexed = markdown_to_text(ANSWERS[0][0])
    assert "|zᵢ|" in indexed and "lambda" in indexed.split()
