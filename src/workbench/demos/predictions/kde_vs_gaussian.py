"""Predictions about `kde_vs_gaussian`: a parametric fit wins only when its assumption holds."""

from __future__ import annotations

from workbench.demos.base import Frame
from workbench.demos.predictions import Prediction, ratio, thresholds


def _gaussian_over_kde(before: Frame, after: Frame) -> float:
    """Gaussian ISE / KDE ISE after the change (below 1: the Gaussian is closer)."""
    return float(after.metrics["gaussian_ise"]) / float(after.metrics["kde_ise"])


PREDICTIONS = (
    Prediction(
        id="kde_vs_gaussian.normal-truth",
        question="The samples now come from a normal distribution instead of a bimodal one "
                 "(n=300). Which estimate will be closer to the truth?",
        options=("the Gaussian fit", "the KDE"),
        measure=_gaussian_over_kde,
        pick=thresholds(1.0),
        observed="ISE Gaussian/KDE: {before[gaussian_ise]}/{before[kde_ise]} → "
                 "{after[gaussian_ise]}/{after[kde_ise]}",
        explanations={
            1: "The Gaussian fit: when its assumption is right, two numbers estimated from "
               "300 points beat a 300-bump KDE, whose error shrinks more slowly (n^−4/5 "
               "against 1/n).",
        },
        start={"truth": "bimodal"},
        change={"truth": "normal"},
        frames=30,
        passage="parametric-vs-nonparametric/when-to-use",
    ),
    Prediction(
        id="kde_vs_gaussian.wide-bandwidth",
        question="Widen the KDE's bandwidth to 4× Silverman's rule (bimodal truth, n=300). "
                 "The KDE's error (ISE) will:",
        options=("fall", "stay about the same", "rise several-fold"),
        measure=ratio("kde_ise"),
        pick=thresholds(0.8, 1.25),
        observed="KDE ISE {before[kde_ise]} → {after[kde_ise]} ({value:.1f}×); Gaussian "
                 "{after[gaussian_ise]}",
        explanations={
            3: "Rise several-fold: wide bumps blur the two modes into one hump, so the KDE "
               "becomes nearly as biased as the single Gaussian; the bandwidth trades this "
               "bias against variance.",
        },
        start={"bw": 1.0},
        change={"bw": 4.0},
        frames=30,
        passage="parametric-vs-nonparametric/difference",
    ),
)
