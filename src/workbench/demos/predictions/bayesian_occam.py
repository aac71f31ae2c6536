"""Predictions about `bayesian_occam`: the evidence trades fit against the prior's spread."""

from __future__ import annotations

from workbench.demos.predictions import Prediction, after, difference, thresholds

PREDICTIONS = (
    Prediction(
        id="bayesian_occam.pick-degree-nine",
        question="31 noisy points from a smooth curve (σ=0.3). Degree 9 fits them best. "
                 "Which degree will the evidence P(D|M) favour?",
        options=("a lower degree than 9", "degree 9"),
        measure=after("best_degree"),
        pick=thresholds(8.5),
        observed="N={after[N]:.0f}: the evidence picks degree {after[best_degree]:.0f} "
                 "(P={after[p_best]}, train RMS {after[rms_best]}) over degree 9 "
                 "(train RMS {after[rms_max_degree]})",
        explanations={
            1: "A lower degree than 9: the evidence integrates over the prior, and a flexible "
               "model spreads its prior over many data sets it could explain, so it pays an "
               "Occam factor that the slightly better fit does not buy back.",
        },
        frames=1,
        after_frames=30,
        passage="occams-razor/apply-in-ml",
    ),
    Prediction(
        id="bayesian_occam.less-noise",
        question="Cut the label noise σ from 0.3 to 0.05 (N=31). The degree the evidence "
                 "picks will:",
        options=("go down", "stay the same", "go up"),
        measure=difference("best_degree"),
        pick=thresholds(-0.5, 0.5),
        observed="best degree {before[best_degree]:.0f} → {after[best_degree]:.0f} "
                 "(train RMS {before[rms_best]} → {after[rms_best]})",
        explanations={
            3: "It does go up: with less noise the data can tell apart details of the curve "
               "that only higher degrees capture, so their better fit now outweighs the "
               "Occam factor.",
        },
        start={"sigma": 0.3},
        change={"sigma": 0.05},
        frames=30,
        passage="occams-razor/apply-in-ml",
    ),
)
