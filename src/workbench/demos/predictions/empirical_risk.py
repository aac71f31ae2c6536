"""Predictions about `empirical_risk`: how the optimism gap and the risks scale."""

from __future__ import annotations

from workbench.demos.base import Frame
from workbench.demos.predictions import Prediction, ratio, thresholds


def _gap_ratio(before: Frame, after: Frame) -> float:
    """(true − train) after / (true − train) before."""
    gap = [float(f.metrics["true"]) - float(f.metrics["train"]) for f in (before, after)]
    return gap[1] / gap[0]


def _gap_pick(value: float) -> int:
    """grow (> 1.2), about the same (0.8-1.2), about half (0.2-0.8), vanish (< 0.2)."""
    return 4 if value < 0.2 else 3 if value < 0.8 else 2 if value <= 1.2 else 1


PREDICTIONS = (
    Prediction(
        id="empirical_risk.double-data",
        question="The sample grows from n=50 to n=100 (d=5). The gap between true and "
                 "empirical risk will:",
        options=("grow", "stay about the same", "shrink to about half", "vanish"),
        measure=_gap_ratio,
        pick=_gap_pick,
        observed="n {before[n]:.0f} → {after[n]:.0f}: gap {value:.2f}× as large "
                 "(train {before[train]} → {after[train]}, true {before[true]} → {after[true]})",
        explanations={
            3: "The gap does shrink to about half: it is about $2\\sigma^2 d/n$, so doubling n "
               "halves it — but it does not vanish while d/n > 0.",
        },
        frames=44,
        after_frames=65,
        passage="erm/why-empirical",
    ),
    Prediction(
        id="empirical_risk.halve-noise",
        question="Halve the label noise σ from 1 to 0.5 (n=76). The mean training MSE will be:",
        options=("about zero", "about a quarter", "about half", "about the same"),
        measure=ratio("train"),
        pick=thresholds(0.1, 0.375, 0.75),
        observed="train MSE {before[train]} → {after[train]} ({value:.2f}×); "
                 "σ² {before[sigma2]} → {after[sigma2]}",
        explanations={
            2: "About a quarter: risk is measured in squared error, so it scales with σ², "
               "and (0.5)² = 1/4; the optimism factor (n−d)/n does not change.",
        },
        start={"sigma": 1.0},
        change={"sigma": 0.5},
        frames=57,
        passage="erm/risk",
    ),
)
