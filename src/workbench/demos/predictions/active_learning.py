"""Predictions about `active_learning`: random labels narrow the gap like 1/n, queries like 2^-n."""

from __future__ import annotations

from workbench.demos.predictions import Prediction, falling, ratio

PREDICTIONS = (
    Prediction(
        id="active_learning.double-labels",
        question="Random labelling goes from 10 to 20 labels. The gap left around the "
                 "threshold (passive width) will:",
        options=("stay about the same", "shrink to about half", "shrink about a thousandfold"),
        measure=ratio("passive_width"),
        pick=falling(0.75, 0.1),
        observed="labels {before[labels]:.0f} → {after[labels]:.0f}: passive width "
                 "{before[passive_width]} → {after[passive_width]} ({value:.2f}×)",
        explanations={
            2: "It does shrink to about half: with n random labels the gap between the nearest "
               "labelled points on either side of the threshold is about 2/(n+1), so doubling "
               "n halves it. Only chosen queries halve it with every label.",
        },
        frames=10,
        after_frames=20,
        passage="learning-paradigms/paradigms",
    ),
    Prediction(
        id="active_learning.batch-queries",
        question="The learner asks k=3 queries per round instead of 1, for 4 rounds (12 labels "
                 "instead of 4). The chosen queries' gap (active width) will be:",
        options=("about the same", "about a third", "about a sixteenth"),
        measure=ratio("active_width"),
        pick=falling(0.6, 0.15),
        observed="{before[labels]:.0f} → {after[labels]:.0f} labels: active width "
                 "{before[active_width]} → {after[active_width]} ({value:.3f}×)",
        explanations={
            3: "About a sixteenth: k queries split the remaining interval k+1 ways, so each "
               "round divides it by 4 instead of 2; after 4 rounds that is 4⁻⁴ against 2⁻⁴, "
               "a factor 16 — not just the factor 3 that three times the labels would give "
               "random labelling.",
        },
        start={"k": 1},
        change={"k": 3},
        frames=4,
        passage="learning-paradigms/paradigms",
    ),
)
