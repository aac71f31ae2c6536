"""Predictions about `retrain_schedule`: the best interval T* = √(2C/σ²d) (EOQ)."""

from __future__ import annotations

from workbench.demos.predictions import Prediction, falling, ratio, thresholds

PREDICTIONS = (
    Prediction(
        id="retrain_schedule.dearer-retrain",
        question="Retraining gets 4× as expensive (C 2 → 8). The best retrain interval T* "
                 "will:",
        options=("stay about the same", "about double", "grow about fourfold"),
        measure=ratio("T_star"),
        pick=thresholds(1.5, 3.0),
        observed="C 2 → 8: T* {before[T_star]:.0f} → {after[T_star]:.0f} steps ({value:.2f}×); "
                 "cost per step at T={after[T]:.0f}: {before[cost]} → {after[cost]}",
        explanations={
            2: "About double: excess loss grows linearly between retrains, so the cost per "
               "step is C/T + σ²d·T/2, minimised at T* = √(2C/σ²d); 4× C gives √4 = 2× T*.",
        },
        start={"C": 2.0},
        change={"C": 8.0},
        frames=5,
        passage="production-cycle/stages",
    ),
    Prediction(
        id="retrain_schedule.faster-drift",
        question="The world drifts twice as fast (σ of each weight's step 0.02 → 0.04). "
                 "The best retrain interval T* will:",
        options=("about double", "stay about the same", "about halve", "fall to about a quarter"),
        measure=ratio("T_star"),
        pick=falling(1.5, 0.75, 0.35),
        observed="σ 0.02 → 0.04: T* {before[T_star]:.0f} → {after[T_star]:.0f} steps "
                 "({value:.2f}×); excess loss at T={after[T]:.0f}: {before[excess]} → "
                 "{after[excess]}",
        explanations={
            3: "About halve: T* = √(2C/σ²d) and σ² grows fourfold, so T* shrinks by √4 = 2.",
        },
        start={"sigma": 0.02},
        change={"sigma": 0.04},
        frames=5,
        passage="production-cycle/stages",
    ),
)
