"""Predictions about `test_prod_gap`: leakage needs a memoriser; shift shows in adversarial AUC."""

from __future__ import annotations

from workbench.demos.base import Frame
from workbench.demos.predictions import Prediction, after, thresholds


def _split_gap(before: Frame, after: Frame) -> float:
    """Random-split test score minus by-user split score, after the change."""
    return float(after.metrics["test"]) - float(after.metrics["by_user"])


PREDICTIONS = (
    Prediction(
        id="test_prod_gap.linear-model",
        question="Users leak between train and test. Swap the 1-NN memoriser for a linear "
                 "classifier. The gap between the random-split test score and an honest "
                 "by-user split will:",
        options=("nearly vanish (under 0.04)", "stay or grow"),
        measure=_split_gap,
        pick=thresholds(0.04),
        observed="test − by-user: {before[test]} − {before[by_user]} (1-NN) → "
                 "{after[test]} − {after[by_user]} (linear)",
        explanations={
            1: "Nearly vanish (under 0.04): a leaked user's other sessions help a model that "
               "memorises neighbours, not a linear model that can only learn the shared "
               "rule — leakage inflates scores in proportion to memorisation.",
        },
        start={"scenario": "leak", "model": "1-NN"},
        change={"model": "linear"},
        frames=3,
        passage="test-vs-production/validate",
    ),
    Prediction(
        id="test_prod_gap.shifted-inputs",
        question="Instead of leakage, production inputs shift by 1.5 sd. The adversarial "
                 "validation AUC (telling test from production rows) will:",
        options=("stay near 0.5", "rise to 0.65 or more"),
        measure=after("auc"),
        pick=thresholds(0.65),
        observed="adversarial AUC {before[auc]} (leak) → {after[auc]} (shift; theory "
                 "{after[auc_theory]})",
        explanations={
            2: "Rise to 0.65 or more: a mean shift δ makes test and production separable, "
               "AUC = Φ(δ/√2) ≈ 0.86; leakage leaves the inputs identical (AUC 0.5), which "
               "is how the two causes are told apart.",
        },
        start={"scenario": "leak"},
        change={"scenario": "shift"},
        frames=3,
        passage="test-vs-production/hypotheses",
    ),
)
