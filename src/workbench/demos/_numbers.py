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
