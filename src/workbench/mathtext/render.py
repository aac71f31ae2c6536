"""The public face of the renderer: LaTeX in, terminal text out, never an exception.

A formula that cannot be laid out comes back as its source with `ok=False`, so the
caller can show it in a code style instead of losing it.
"""

from __future__ import annotations

from typing import NamedTuple

from workbench.mathtext.display import fit, wrap
from workbench.mathtext.inline import consistent_scripts, to_inline
from workbench.mathtext.parse import parse
from workbench.mathtext.tree import MathError
from workbench.textsafe import clean_text


class Rendered(NamedTuple):
    """Rendered lines; `ok` is False when they hold the LaTeX source (show it as code)."""

    lines: tuple[str, ...]
    ok: bool

    @property
    def text(self) -> str:
        """The lines joined with newlines."""
        return "\n".join(self.lines)


def _source(latex: str) -> str:
    return " ".join(clean_text(latex).split())


def inline_math(latex: str) -> Rendered:
    """One line of Unicode for `latex`, or its source with ok=False."""
    try:
        tree = parse(_source(latex))
        with consistent_scripts(tree):
            return Rendered((to_inline(tree),), True)
    except (MathError, RecursionError):
        return Rendered((_source(latex),), False)


def display_math(latex: str, width: int) -> Rendered:
    """2-D lines for `latex`, each at most `width` cells, or its wrapped source (ok=False)."""
    width = max(1, width)
    try:
        lines = fit(parse(clean_text(latex).strip()), width)
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        return Rendered(tuple(lines), True)
    except (MathError, RecursionError):
        return Rendered(tuple(wrap(_source(latex), width)), False)


def render_inline(latex: str) -> str:
    """One line of Unicode for `latex` (its source if it cannot be rendered)."""
    return inline_math(latex).text


def render_display(latex: str, width: int) -> list[str]:
    """2-D layout of `latex` in lines of at most `width` cells (wrapped source on failure)."""
    return list(display_math(latex, width).lines)
