"""Titles render to one line of plain text: math laid out inline, Markdown markers dropped."""

from __future__ import annotations

import pytest

from workbench.mathtext.titles import render_title


@pytest.mark.parametrize(("source", "shown"), [
    ("What's the dimension of the Jacobian $$\\frac{\\delta y}{\\delta x}$$?",
     "What's the dimension of the Jacobian δy/(δx)?"),
    ("Train **without** labels<br>and *why*?", "Train without labels and why?"),
    ("Is $x^2$ convex?", "Is x² convex?"),
    ("A \\$5 bet and `code_span`", "A $5 bet and code_span"),
    ("See [the paper](https://example.org) and ![a plot](p.png)", "See the paper and a plot"),
    ("snake_case_names stay", "snake_case_names stay"),
    ("[bold]not markup[/bold]", "[bold]not markup[/bold]"),
    ("bell\x07 and escape\x1b[31m dropped", "bell and escape[31m dropped"),
])
def test_render_title(source: str, shown: str) -> None:
    assert render_title(source) == shown
