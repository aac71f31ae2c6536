"""Round a figure to a few significant digits so a caption and its metrics print the same text."""

from __future__ import annotations

import math


def sig(value: float, digits: int = 2) -> tuple[float, str]:
    """`value` rounded to `digits` significant digits, and its text in plain decimal notation.

    Captions must not use exponent notation (1e-05 reads badly and is hard to match against the
    metrics), so small numbers get as many decimals as their significant digits need.
    """
    if value == 0 or not math.isfinite(value):
        return 0.0, "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    rounded = round(value, decimals)
    return rounded, f"{rounded:.{decimals}f}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 time`, `3 times`: a count with its noun in the right number."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def _printed(text: str) -> float | str:
    """A printed figure as a number (`1.000` equals `1.00`), or the text if it is none."""
    try:
        return float(text)
    except ValueError:
        return text


def relation(a: float, b: float, a_text: str, b_text: str) -> str:
    """The sign between two printed figures that agrees with what is printed.

    `<` or `>` by the true values, but `≈` when both print the same (`1.00 < 1.00` reads
    as a mistake even when 0.998 < 1.004).
    """
    if a == b or _printed(a_text) == _printed(b_text):
        return "≈"
    return "<" if a < b else ">"
