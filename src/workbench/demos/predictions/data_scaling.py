"""Predictions about `data_scaling`: a small model plateaus, a large one keeps improving."""

from __future__ import annotations

from workbench.demos.predictions import Prediction, falling, ratio

_SMALL_AND_FAST = {"p_max": 64}
"""Widths 2, 16 and 64 keep each run well under a second."""

PREDICTIONS = (
    Prediction(
        id="data_scaling.small-model",
        question="The training set grows 13× (n 120 → 1630). The small model's (p=2) test "
                 "error will:",
        options=("stay about the same", "fall by a quarter or more"),
        measure=ratio("err_small"),
        pick=falling(0.8),
        observed="n {before[n]:.0f} → {after[n]:.0f}: p={after[p_small]:.0f} error "
                 "{before[err_small]} → {after[err_small]}; p={after[p_large]:.0f} "
                 "{before[err_large]} → {after[err_large]}",
        explanations={
            1: "Stay about the same: two random features cannot represent the target, so "
               "the small model's error is approximation error, which data do not reduce.",
        },
        start=_SMALL_AND_FAST,
        change=_SMALL_AND_FAST,
        frames=10,
        after_frames=30,
        passage="deep-learning-conditions/conditions",
    ),
    Prediction(
        id="data_scaling.large-model",
        question="The training set grows 13× (n 120 → 1630). The large model's (p=64) test "
                 "error will:",
        options=("stay about the same", "fall by a quarter or more"),
        measure=ratio("err_large"),
        pick=falling(0.8),
        observed="n {before[n]:.0f} → {after[n]:.0f}: p={after[p_large]:.0f} error "
                 "{before[err_large]} → {after[err_large]} ({value:.2f}×); "
                 "p={after[p_small]:.0f} {before[err_small]} → {after[err_small]}",
        explanations={
            2: "Fall by a quarter or more: the large model can represent the target, and "
               "its estimation error keeps shrinking as data grow — capacity pays off only "
               "with data (and the compute to fit it).",
        },
        start=_SMALL_AND_FAST,
        change=_SMALL_AND_FAST,
        frames=10,
        after_frames=30,
        passage="deep-learning-conditions/conditions",
    ),
)
