"""Predictions about `drift_monitor`: concept drift hides from input monitors."""

from __future__ import annotations

from workbench.demos.base import Frame
from workbench.demos.predictions import Prediction, after, thresholds


def _error_ratio(before: Frame, after: Frame) -> float:
    """(1 − accuracy) after / (1 − accuracy) before."""
    errors = [1.0 - float(f.metrics["accuracy"]) for f in (before, after)]
    return errors[1] / errors[0]


PREDICTIONS = (
    Prediction(
        id="drift_monitor.concept-psi",
        question="Concept drift starts: the true boundary turns 0.005 rad per batch while the "
                 "inputs stay the same. After 30 batches, PSI (the input-drift monitor) will:",
        options=("stay below its 0.25 alarm", "cross its 0.25 alarm"),
        measure=after("psi"),
        pick=thresholds(0.25),
        observed="after {after[drift]} rad of drift: PSI {before[psi]} → {after[psi]} "
                 "(alarm {after[psi_alarm]}), accuracy {before[accuracy]} → {after[accuracy]}",
        explanations={
            1: "Stay below its 0.25 alarm: PSI compares input distributions, and concept "
               "drift changes only P(y|x); accuracy falls like 1 − θ/π while PSI stays flat, "
               "so only monitoring outcomes catches it.",
        },
        start={"mode": "concept", "speed": 0.0},
        change={"speed": 0.005},
        frames=30,
        passage="production-degradation/why-degrade",
    ),
    Prediction(
        id="drift_monitor.faster-drift",
        question="Concept drift twice as fast (0.005 → 0.01 rad per batch), after 60 batches. "
                 "The error rate (1 − accuracy) will be:",
        options=("about the same", "about double", "about ten times"),
        measure=_error_ratio,
        pick=thresholds(1.4, 4.0),
        observed="boundary turned {before[drift]} → {after[drift]} rad: accuracy "
                 "{before[accuracy]} → {after[accuracy]} (error ×{value:.2f}; theory "
                 "{before[theory]} → {after[theory]})",
        explanations={
            2: "About double: a boundary turned by θ misclassifies the wedge between old and "
               "new boundaries, a fraction θ/π of the inputs, and θ doubles.",
        },
        start={"speed": 0.005},
        change={"speed": 0.01},
        frames=60,
        passage="production-degradation/why-degrade",
    ),
)
