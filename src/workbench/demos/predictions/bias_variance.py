"""Predictions about `bias_variance`: the variance of a fit is σ²·rank/n."""

from __future__ import annotations

from workbench.demos.predictions import Prediction, falling, ratio, thresholds

PREDICTIONS = (
    Prediction(
        id="bias_variance.double-points",
        question="Fit the degree-4 polynomial on n=40 points instead of 20 (same noise). "
                 "Its variance across noise draws will be:",
        options=("about double", "about the same", "about half", "about a quarter"),
        measure=ratio("variance"),
        pick=falling(1.5, 0.75, 0.35),
        observed="variance {before[variance]} → "
                 "{after[variance]} ({value:.2f}×), theory σ²·rank/n {before[variance_theory]} "
                 "→ {after[variance_theory]}",
        explanations={
            3: "About half: averaged over the inputs, a least-squares fit's variance is "
               "σ²·rank/n (ESL §7.3); twice the points, half the variance.",
        },
        start={"n": 20},
        change={"n": 40},
        frames=30,
        passage="overfitting/why-overfit",
    ),
    Prediction(
        id="bias_variance.double-noise",
        question="Double the label noise σ from 0.5 to 1 (degree 4, n=20). The fit's variance "
                 "will be:",
        options=("about the same", "about double", "about four times"),
        measure=ratio("variance"),
        pick=thresholds(1.5, 3.0),
        observed="variance {before[variance]} → {after[variance]} ({value:.2f}×); test "
                 "{before[test]} → {after[test]}",
        explanations={
            3: "About four times: variance is σ²·rank/n, and σ² grows from 0.25 to 1.",
        },
        start={"sigma": 0.5},
        change={"sigma": 1.0},
        frames=30,
        passage="overfitting/why-overfit",
    ),
)
