"""Predictions about `uat_gap`: the construction's error bound (2πk)²/(8N²)."""

from __future__ import annotations

from workbench.demos.predictions import Prediction, falling, ratio, thresholds

PREDICTIONS = (
    Prediction(
        id="uat_gap.double-width",
        question="Double the hidden units N from 32 to 64 (target sin 4πx). The hand-built "
                 "network's maximum error will:",
        options=("stay about the same", "fall to about half", "fall to about a quarter",
                 "fall below a tenth"),
        measure=ratio("construction_max"),
        pick=falling(0.75, 0.35, 0.15),
        observed="N {before[width]:.0f} → {after[width]:.0f}: construction max error "
                 "{before[construction_max]} → {after[construction_max]} ({value:.2f}×)",
        explanations={
            3: "Fall to about a quarter: a piecewise-linear interpolant with N kinks errs by at "
               "most (2πk)²/(8N²), so the error falls like 1/N² — twice the units, a quarter "
               "of the error.",
        },
        start={"width": 32},
        change={"width": 64},
        frames=5,
        passage="universal-approximation/why-not-zero-error",
    ),
    Prediction(
        id="uat_gap.double-frequency",
        question="The target gets twice as many periods, k from 2 to 4 (N=32 units). The "
                 "construction's maximum error will be:",
        options=("about the same", "about double", "about four times"),
        measure=ratio("construction_max"),
        pick=thresholds(1.5, 3.0),
        observed="k {before[k]:.0f} → {after[k]:.0f}: construction max error "
                 "{before[construction_max]} → {after[construction_max]} ({value:.2f}×)",
        explanations={
            3: "About four times: the error bound (2πk)²/(8N²) grows with the curvature of the "
               "target, k²; keeping the error fixed would need twice the units.",
        },
        start={"k": 2},
        change={"k": 4},
        frames=5,
        passage="universal-approximation/why-not-zero-error",
    ),
)
