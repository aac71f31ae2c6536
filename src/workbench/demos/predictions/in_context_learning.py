"""Predictions about `in_context_learning`: error d(d+1+σ²)/(d+k+1+σ²) + σ², no weight update."""

from __future__ import annotations

from workbench.demos.predictions import Prediction, falling, ratio, thresholds

PREDICTIONS = (
    Prediction(
        id="in_context_learning.more-shots",
        question="The prompt grows from k=2 to k=16 examples; no weights change. The frozen "
                 "model's error on the query will:",
        options=("stay about the same", "fall to about half or less", "fall below a tenth"),
        measure=ratio("mse"),
        pick=falling(0.85, 0.1),
        observed="k {before[k]:.0f} → {after[k]:.0f}: error {before[mse]} → {after[mse]} "
                 "(theory {before[theory]} → {after[theory]}, zero-shot {after[zero_shot]})",
        explanations={
            2: "Fall to about half or less: the linear attention layer acts like one gradient "
               "step on the prompt's examples, so more examples give a better estimate of the "
               "task — learning with no weight update — but label noise and the one-step "
               "estimate keep it above zero.",
        },
        frames=9,
        after_frames=65,
        passage="few-shot/zero-one-few-shot",
    ),
    Prediction(
        id="in_context_learning.zero-shot-dimension",
        question="Tasks with d=10 input features instead of 5 (σ=0.5). The zero-shot error "
                 "(no examples, predict 0) will be:",
        options=("about the same", "about double", "about four times"),
        measure=ratio("zero_shot"),
        pick=thresholds(1.5, 3.0),
        observed="d 5 → 10: zero-shot error {before[zero_shot]} → {after[zero_shot]}",
        explanations={
            2: "About double: predicting 0 for y = w·x + noise with w ~ N(0, I_d) errs by "
               "E[(w·x)²] + σ² = d + σ², and d doubles.",
        },
        start={"d": 5},
        change={"d": 10},
        frames=1,
        passage="few-shot/zero-one-few-shot",
    ),
)
