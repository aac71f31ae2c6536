"""Oracle tests for drift_monitor (1 - theta/pi; PSI; Saerens et al. 2002 prior correction)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.demos.drift_monitor import (
    W0,
    DriftMonitor,
    bayes_accuracy_label,
    fit_logistic,
    logits,
    psi,
    quantile_edges,
    sample_concept,
    sample_covariate,
    sample_label,
)


def accuracy(model: np.ndarray, x: np.ndarray, y: np.ndarray, shift: float = 0.0) -> float:
    return float(np.mean((logits(model, x) + shift > 0) == (y > 0.5)))


@pytest.fixture(scope="module")
def concept_model() -> np.ndarray:
    return fit_logistic(*sample_concept(np.random.default_rng(0), 20_000, 0.0))


@pytest.mark.parametrize("theta", [0.2, 0.6, 1.2, 2.0])
def test_concept_drift_accuracy_is_one_minus_theta_over_pi(concept_model: np.ndarray,
                                                           theta: float) -> None:
    # Goemans & Williamson 1995: two random half-planes through the origin disagree w.p. theta/pi.
    x, y = sample_concept(np.random.default_rng(1), 200_000, theta)
    assert accuracy(concept_model, x, y) == pytest.approx(1 - theta / math.pi, abs=0.006)


def test_concept_drift_leaves_psi_flat_while_accuracy_falls() -> None:
    demo = DriftMonitor(seed=0, mode="concept", speed=0.01)
    frames = [demo.step() for _ in range(90)]
    hurt = [f for f in frames if f.metrics["accuracy"] < 0.8]
    assert hurt, "accuracy should fall below 0.8 before the first retrain"
    # once the 1000-sample window has filled, PSI sampling noise is about 9/1000
    assert all(f.metrics["psi"] < 0.05 for f in frames[5:])
    for f in frames[10:]:
        assert f.metrics["accuracy"] == pytest.approx(f.metrics["theory"], abs=0.05)


def test_covariate_drift_trips_psi_but_model_stays_bayes_optimal() -> None:
    rng = np.random.default_rng(2)
    x0, y0 = sample_covariate(rng, 20_000, 0.0)
    model = fit_logistic(x0, y0)
    edges = [quantile_edges(x0[:, j]) for j in range(2)]
    x, y = sample_covariate(rng, 200_000, 1.0)
    bayes = np.mean(np.where(x @ W0 > 0, 1, 0) == y)  # Bayes rule: sign of the true logit
    assert accuracy(model, x, y) == pytest.approx(bayes, abs=0.01)
    assert max(psi(edges[j], x[:5000, j]) for j in range(2)) > 0.25
    assert max(psi(edges[j], sample_covariate(rng, 5000, 0.0)[0][:, j]) for j in range(2)) < 0.02


@pytest.mark.parametrize("prior", [0.7, 0.9])
def test_prior_correction_recovers_the_bayes_rule(prior: float) -> None:
    rng = np.random.default_rng(3)
    model = fit_logistic(*sample_label(rng, 20_000, 0.5))
    x, y = sample_label(rng, 200_000, prior)
    plain = accuracy(model, x, y)
    corrected = accuracy(model, x, y, shift=math.log(prior / (1 - prior)))
    assert corrected >= plain
    assert corrected == pytest.approx(bayes_accuracy_label(prior), abs=0.01)
    assert bayes_accuracy_label(0.5) < bayes_accuracy_label(prior)


def test_retraining_on_the_post_drift_window_restores_accuracy(concept_model: np.ndarray) -> None:
    rng = np.random.default_rng(4)
    before = accuracy(concept_model, *sample_concept(rng, 100_000, 0.0))
    window = sample_concept(rng, 1000, 1.0)
    test = sample_concept(rng, 100_000, 1.0)
    assert accuracy(concept_model, *test) < before - 0.2
    assert accuracy(fit_logistic(*window), *test) == pytest.approx(before, abs=0.02)


def test_demo_seeds_differ_and_speed_matters() -> None:
    runs = {}
    for seed, speed in ((0, 0.0), (1, 0.0), (0, 0.02)):
        demo = DriftMonitor(seed=seed, mode="covariate", speed=speed)
        runs[seed, speed] = [demo.step() for _ in range(50)][-1].metrics
    assert runs[0, 0.0]["psi"] < 0.05 < 0.25 < runs[0, 0.02]["psi"]
    assert runs[0, 0.0]["accuracy"] != runs[1, 0.0]["accuracy"] or \
        runs[0, 0.0]["psi"] != runs[1, 0.0]["psi"]
