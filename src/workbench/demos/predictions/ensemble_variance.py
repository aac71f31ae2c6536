"""Predictions about `ensemble_variance`: MSE(M) = bias² + ρs² + (1−ρ)s²/M."""

from __future__ import annotations

from workbench.demos.base import Frame
from workbench.demos.predictions import Prediction, thresholds


def _gain(before: Frame, after: Frame) -> float:
    """The ensemble's error as a share of one member's, after the change."""
    return float(after.metrics["mse_ensemble"]) / float(after.metrics["mse_single"])


def _above_floor(before: Frame, after: Frame) -> float:
    """The ensemble's error as a multiple of the floor ρs²."""
    return float(after.metrics["mse_ensemble"]) / float(after.metrics["floor"])


PREDICTIONS = (
    Prediction(
        id="ensemble_variance.full-data",
        question="Each of 31 members trains on all the data instead of a random half, so they "
                 "differ only in their random features. The ensemble's error, as a share of "
                 "one member's, will be:",
        options=("below half", "between half and 0.7", "above 0.7 (little gain)"),
        measure=_gain,
        pick=thresholds(0.5, 0.7),
        observed="ρ {before[rho]} → {after[rho]}: ensemble/single "
                 "{before[mse_ensemble]}/{before[mse_single]} → "
                 "{after[mse_ensemble]}/{after[mse_single]} ({value:.2f})",
        explanations={
            3: "Above 0.7 (little gain): members trained on the same data make correlated "
               "errors (ρ near 1), and averaging removes only the uncorrelated part "
               "(1−ρ)s²/M; the ρs² part stays.",
        },
        start={"fraction": 0.5},
        change={"fraction": 1.0},
        frames=30,
        passage="ensembling/why-ensembles-work",
    ),
    Prediction(
        id="ensemble_variance.many-members",
        question="Grow the ensemble from 2 to 50 members (each on a random half of the data). "
                 "Its error ends:",
        options=("near zero (below half of ρs²)", "within 15% of the floor ρs²",
                 "more than 15% above ρs²"),
        measure=_above_floor,
        pick=thresholds(0.5, 1.15),
        observed="{before[members]:.0f} → {after[members]:.0f} members: MSE "
                 "{before[mse_ensemble]} → {after[mse_ensemble]}, floor ρs² {after[floor]} "
                 "({value:.2f}× the floor)",
        explanations={
            2: "Within 15% of the floor ρs²: MSE(M) = bias² + ρs² + (1−ρ)s²/M, so more "
               "members shrink only the last term; the correlated part of the members' errors "
               "never averages out.",
        },
        frames=1,
        after_frames=60,
        passage="ensembling/why-ensembles-work",
    ),
)
