"""Predictions about `saddle_points`: random critical points in high dimension are saddles."""

from __future__ import annotations

from workbench.demos.base import Frame
from workbench.demos.predictions import Prediction, difference, thresholds


def _p_d1(before: Frame, after: Frame) -> float:
    """Share of one-dimensional Hessians that are minima, after the change."""
    return float(after.metrics["p_d1"])


PREDICTIONS = (
    Prediction(
        id="saddle_points.lower-loss",
        question="Shift the Hessians by μ=1 (H/√d + μI: critical points lower on the loss "
                 "surface). The largest dimension d (of 8) where random Hessians still "
                 "include minima will:",
        options=("go down", "stay about the same", "go up by 2 or more"),
        measure=difference("d"),
        pick=thresholds(-1.5, 1.5),
        observed="μ 0 → 1: minima found up to d={before[d]:.0f} → d={after[d]:.0f} "
                 "(P={before[p_deepest]} → {after[p_deepest]}); in d=1 P {before[p_d1]} → "
                 "{after[p_d1]}",
        explanations={
            3: "Go up by 2 or more: near the bottom of the landscape the spectrum shifts "
               "right, so far fewer eigenvalues are negative; high up, a minimum needs all d "
               "of them positive, which is exponentially rare (Dauphin et al. 2014).",
        },
        start={"shift": 0.0},
        change={"shift": 1.0},
        frames=10,
        passage="saddle-points/saddle-vs-minima",
    ),
    Prediction(
        id="saddle_points.one-dimension",
        question="With μ=1, a one-dimensional 'Hessian' is h + μ with h ~ N(0, 2). What share "
                 "of them are minima (h + μ > 0)? (a number from 0 to 1, within 0.05)",
        options=(),
        measure=_p_d1,
        pick=None,
        observed="share of minima in d=1: {before[p_d1]} at μ=0 → {after[p_d1]} at μ=1",
        explanations={
            0: "Φ(1/√2) ≈ 0.76: h + 1 > 0 when h/√2 > −1/√2; at μ=0 it is one half.",
        },
        start={"shift": 0.0},
        change={"shift": 1.0},
        frames=10,
        tolerance=0.05,
        passage="saddle-points/saddle-vs-minima",
    ),
)
