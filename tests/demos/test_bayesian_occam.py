"""Oracle tests for bayesian_occam: PRML eq. (3.86) evidence, its Fig. 3.14 shape, and training
error that always prefers the most complex model."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.demos.bayesian_occam import (
    MAX_DEGREE,
    BayesianOccam,
    log_evidence,
    log_marginal_direct,
    model_posterior,
    sample_data,
    train_rms,
)

ALPHA, BETA = 5e-3, 1 / 0.3**2  # PRML §3.5.1: α = 5·10⁻³, β = 11.1


def _evidences(x: np.ndarray, t: np.ndarray, alpha: float = ALPHA, beta: float = BETA
               ) -> np.ndarray:
    return np.array([log_evidence(x, t, m, alpha, beta) for m in range(MAX_DEGREE + 1)])


@pytest.mark.parametrize(("n", "alpha", "sigma"), [(10, 5e-3, 0.3), (25, 0.1, 0.5), (4, 1.0, 0.1)])
def test_closed_form_evidence_equals_the_gaussian_marginal(n: int, alpha: float, sigma: float
                                                           ) -> None:
    # PRML eq. (3.86) is ln N(t | 0, β⁻¹I + α⁻¹ΦΦᵀ) rewritten; they must agree to rounding.
    x, t = sample_data(np.random.default_rng(n), n, sigma)
    for m in range(MAX_DEGREE + 1):
        direct = log_marginal_direct(x, t, m, alpha, sigma**-2)
        assert log_evidence(x, t, m, alpha, sigma**-2) == pytest.approx(direct, abs=1e-9)


def test_evidence_has_the_shape_of_prml_figure_3_14() -> None:
    # PRML Fig. 3.14 (N=10, even x): big jump 0→1, a dip at 2 (sin is odd), peak at 3-4,
    # then a decline towards degree 9.
    ev = _evidences(*sample_data(np.random.default_rng(0), 10, 0.3, even=True))
    assert ev[1] - ev[0] > 5
    assert ev[2] < ev[1]
    assert int(np.argmax(ev)) in {3, 4}
    assert ev[9] < ev.max() - 1.5


def test_evidence_peak_is_moderate_across_seeds() -> None:
    # Over 200 noise draws of the PRML setting the evidence prefers degree 3-5 in ≥ 95 % of them.
    hits = 0
    for seed in range(200):
        ev = _evidences(*sample_data(np.random.default_rng(seed), 10, 0.3, even=True))
        hits += int(np.argmax(ev)) in {3, 4, 5}
    assert hits >= 190


def test_training_error_never_rises_with_degree() -> None:
    for seed in range(5):
        x, t = sample_data(np.random.default_rng(seed), 15, 0.3)
        rms = np.array([train_rms(x, t, m) for m in range(MAX_DEGREE + 1)])
        assert np.all(np.diff(rms) <= 1e-9)
        # Interpolation: degree N−1 or more drives it to zero.
        x_few, t_few = x[:8], t[:8]
        assert train_rms(x_few, t_few, 7) < 1e-8


def test_posterior_over_degrees_is_a_normalised_softmax() -> None:
    post = model_posterior(np.array([-10.0, -11.0, -10.0 - np.log(3.0)]))
    assert post == pytest.approx(np.array([3.0, 3.0 / np.e, 1.0]) / (4.0 + 3.0 / np.e))


def test_demo_prefers_more_complexity_as_data_arrives() -> None:
    demo = BayesianOccam(seed=0)
    frames = [demo.step() for _ in range(39)]
    assert frames[-1].done and frames[-1].metrics["N"] == 40
    early = frames[0].metrics  # N = 2: a constant or a line is all two points justify
    late = frames[-1].metrics
    assert early["best_degree"] <= 1
    assert 3 <= late["best_degree"] < MAX_DEGREE
    # Training error prefers degree 9 all along; the evidence's pick fits worse on the points.
    assert late["rms_max_degree"] <= late["rms_best"]
    x, t = demo.x_all[:40], demo.t_all[:40]
    assert late["best_degree"] == int(np.argmax(_evidences(x, t)))


def test_seed_changes_the_sample() -> None:
    a, b = BayesianOccam(seed=1), BayesianOccam(seed=2)
    assert not np.array_equal(a.x_all, b.x_all)
