"""Oracle tests for empirical_risk: the OLS empirical risk is biased low, the true risk high."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.demos.empirical_risk import EmpiricalRisk, RiskStreams, sample_risks


@pytest.mark.parametrize(("d", "sigma"), [(5, 1.0), (3, 0.5)])
def test_mean_risks_match_closed_forms(d: int, sigma: float) -> None:
    # E[RSS] = σ²(n−d) (unbiased s² = RSS/(n−d)), so E[train MSE] = σ²(n−d)/n. With Gaussian
    # design E[(XᵀX)⁻¹] = I/(n−d−1) (inverse Wishart), so E[true risk] = σ²(n−1)/(n−d−1)
    # (Breiman & Freedman 1983). n starts where the true risk has finite variance (n > d+3).
    rng = np.random.default_rng(7)
    for n in (d + 4, 20, 50, 200):
        # Fewer replicates at large n: both risks concentrate like 1/√n there.
        train, true = sample_risks(n, d, sigma, min(20_000, 400_000 // n), rng)
        assert train.mean() == pytest.approx(sigma**2 * (n - d) / n, rel=0.02)
        assert true.mean() == pytest.approx(sigma**2 * (n - 1) / (n - d - 1), rel=0.03)


def test_train_risk_is_below_noise_and_true_risk_above_on_average() -> None:
    train, true = sample_risks(8, 5, 1.0, 20_000, np.random.default_rng(1))
    assert train.mean() == pytest.approx(3 / 8, rel=0.02)
    assert np.all(true >= 1.0)


def test_incremental_statistics_equal_a_batch_fit() -> None:
    rng = np.random.default_rng(3)
    streams = RiskStreams(rng.standard_normal(4), 0.7, 2)
    state = np.random.default_rng(11)
    for count in (6, 1, 9):
        streams.add(state, count)
    train, true = streams.risks()
    replay = np.random.default_rng(11)
    xs, ys = [], []
    for count in (6, 1, 9):
        x = replay.standard_normal((2, count, 4))
        ys.append(x @ streams.w_star + 0.7 * replay.standard_normal((2, count)))
        xs.append(x)
    x_all, y_all = np.concatenate(xs, axis=1), np.concatenate(ys, axis=1)
    for r in range(2):
        w = np.linalg.lstsq(x_all[r], y_all[r], rcond=None)[0]
        assert train[r] == pytest.approx(np.mean((y_all[r] - x_all[r] @ w) ** 2), rel=1e-9)
        assert true[r] == pytest.approx(0.49 + np.sum((w - streams.w_star) ** 2), rel=1e-9)


def test_demo_frames_follow_the_theory_within_sampling_error() -> None:
    d, sigma = 5, 1.0
    demo = EmpiricalRisk(seed=2, d=d, sigma=sigma)
    frame = demo.step()
    checked = 0
    while not frame.done:
        n = frame.metrics["n"]
        if n >= 20:
            # 64 replicates: the mean training MSE has sd σ²·√(2(n−d))/n/8; allow 4 sd.
            sd = sigma**2 * np.sqrt(2 * (n - d)) / n / 8
            assert abs(frame.metrics["train"] - sigma**2 * (n - d) / n) < 4 * sd + 0.005
            assert frame.metrics["true"] == pytest.approx(sigma**2 * (n - 1) / (n - d - 1), rel=0.1)
            assert frame.metrics["true"] >= sigma**2
            checked += 1
        frame = demo.step()
    assert frame.metrics["n"] == 1000
    assert checked > 50


def test_seed_changes_the_sample_and_sigma_scales_the_risk() -> None:
    a = EmpiricalRisk(seed=1)
    b = EmpiricalRisk(seed=2)
    c = EmpiricalRisk(seed=1, sigma=2.0)
    for _ in range(40):
        fa, fb, fc = a.step(), b.step(), c.step()
    assert fa.metrics["n"] == fb.metrics["n"]
    assert fa.metrics["train"] != fb.metrics["train"]
    assert fc.metrics["train_theory"] == pytest.approx(4 * fa.metrics["train_theory"], rel=0.01)
