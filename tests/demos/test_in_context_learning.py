"""Oracle tests for in_context_learning (von Oswald et al. 2023; Garg et al. 2022)."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.demos.in_context_learning import (
    InContextLearning,
    gd_one_step_predict,
    least_squares_predict,
    lsa_mse_theory,
    lsa_predict,
    optimal_step,
    sample_prompts,
)


def test_attention_output_equals_one_gradient_step() -> None:
    # von Oswald et al. 2023, Prop. 1: the LSA construction is exactly one GD step.
    rng = np.random.default_rng(0)
    for d, k, eta in [(1, 1, 0.3), (5, 8, 0.5), (12, 3, 1.7)]:
        x, y, xq, _ = sample_prompts(rng, 50, d, k, 0.5)
        assert np.abs(lsa_predict(x, y, xq, eta) - gd_one_step_predict(x, y, xq, eta)).max() < 1e-12
        # and it is a real prediction, not zero
        assert np.abs(lsa_predict(x, y, xq, eta)).max() > 0.01


@pytest.mark.parametrize(("d", "sigma"), [(5, 0.5), (2, 0.0)])
def test_mse_matches_the_wishart_formula(d: int, sigma: float) -> None:
    # E[MSE] = d(d+1+s^2)/(d+k+1+s^2) + s^2 from E[S^2] = ((d+k+1)/k) I for S = X^T X / k.
    rng = np.random.default_rng(1)
    for k in (0, 1, 2, 4, 8, 16, 32):
        x, y, xq, yq = sample_prompts(rng, 25_000, d, k, sigma)
        mse = np.mean((lsa_predict(x, y, xq, optimal_step(d, k, sigma)) - yq) ** 2)
        assert mse == pytest.approx(lsa_mse_theory(d, k, sigma), rel=0.04), k


def test_optimal_step_beats_neighbouring_steps() -> None:
    rng = np.random.default_rng(2)
    d, k, sigma = 4, 6, 0.5
    x, y, xq, yq = sample_prompts(rng, 40_000, d, k, sigma)
    eta = optimal_step(d, k, sigma)
    mse = [np.mean((lsa_predict(x, y, xq, e) - yq) ** 2) for e in (0.6 * eta, eta, 1.4 * eta)]
    assert mse[1] < mse[0] and mse[1] < mse[2]


def test_noiseless_least_squares_error_is_d_minus_k_over_d() -> None:
    # Garg et al. 2022, Fig. 2: min-norm least squares leaves (d - k)/d of the error for k <= d.
    rng = np.random.default_rng(3)
    d = 10
    for k in (0, 2, 5, 8):
        x, y, xq, yq = sample_prompts(rng, 20_000, d, k, 0.0)
        normalised = np.mean((least_squares_predict(x, y, xq) - yq) ** 2) / d
        assert normalised == pytest.approx((d - k) / d, rel=0.03, abs=0.005), k
    x, y, xq, yq = sample_prompts(rng, 2_000, d, d + 2, 0.0)
    assert np.mean((least_squares_predict(x, y, xq) - yq) ** 2) < 1e-8


def test_demo_sweeps_k_and_reports_the_law() -> None:
    demo = InContextLearning(seed=0, d=3, sigma=0.5, k_max=8)
    frames = [demo.step() for _ in range(36)]
    assert frames[-1].done and not frames[-2].done
    by_k = {int(f.metrics["k"]): f.metrics for f in frames[3::4]}
    assert sorted(by_k) == list(range(9))
    for k, m in by_k.items():
        assert m["theory"] == round(lsa_mse_theory(3, k, 0.5), 2)
        assert m["mse"] == pytest.approx(m["theory"], rel=0.15)  # 1024 tasks per k
    assert by_k[8]["mse"] < by_k[1]["mse"] < by_k[0]["mse"]
    other = InContextLearning(seed=1, d=3, sigma=0.5, k_max=8).step()
    assert other.metrics["mse"] != frames[0].metrics["mse"]
