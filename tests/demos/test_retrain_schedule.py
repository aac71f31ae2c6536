"""Oracle tests for retrain_schedule: drift makes excess loss grow by σ²d per step, and the
cheapest retrain interval sits at the economic-order-quantity optimum T* = √(2C/(σ²d))."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.demos.retrain_schedule import (
    DIM,
    NOISE,
    PERIODS,
    RetrainSchedule,
    advance,
    new_stream,
    ols_floor,
    optimal_period,
)


@pytest.mark.parametrize("sigma", [0.02, 0.035])
def test_excess_grows_by_sigma_squared_d_per_step(sigma: float) -> None:
    # E‖w_t − ŵ‖² = E‖w_r − ŵ‖² + σ²d·(t − r): a random walk's variance is linear in time.
    slopes = []
    for seed in range(4):
        rng = np.random.default_rng(seed)
        stream = new_stream(rng, np.array([100]), sigma)
        excess, ages, _ = advance(stream, rng, 20_000, sigma)
        slopes.append(np.polyfit(ages[:, 0], excess[:, 0], 1)[0])
    assert np.mean(slopes) == pytest.approx(sigma**2 * DIM, rel=0.10)


@pytest.mark.parametrize("retrain_cost", [0.5, 2.0, 8.0])
def test_cheapest_interval_is_near_eoq_optimum(retrain_cost: float) -> None:
    # Harris 1913 (EOQ): cost C/T + c0 + σ²d(T−1)/2 is minimised at T* = √(2C/(σ²d)).
    sigma = 0.02
    rng = np.random.default_rng(1)
    stream = new_stream(rng, np.array(PERIODS), sigma)
    excess, _, retrained = advance(stream, rng, 10_000, sigma)
    cost = excess.mean(axis=0) + retrain_cost * retrained.mean(axis=0)
    best = PERIODS[int(np.argmin(cost))]
    t_star = optimal_period(retrain_cost, sigma)
    assert t_star / 1.5 <= best <= 1.5 * t_star


def test_without_drift_excess_is_the_ols_floor() -> None:
    # OLS with isotropic Gaussian design: E‖ŵ − w‖² = noise²·d/(W − d − 1).
    rng = np.random.default_rng(2)
    stream = new_stream(rng, np.array([10]), 0.0)
    excess, _, retrained = advance(stream, rng, 20_000, 0.0)
    assert retrained[:, 0].sum() == 2_000
    assert excess.mean() == pytest.approx(ols_floor(NOISE), rel=0.15)


def test_retrain_resets_age_and_error() -> None:
    rng = np.random.default_rng(3)
    stream = new_stream(rng, np.array([25]), 0.03)
    excess, ages, retrained = advance(stream, rng, 1_000, 0.03)
    assert np.array_equal(np.flatnonzero(retrained[:, 0]), np.arange(0, 1_000, 25))
    assert ages[:, 0].max() == 24
    # Fresh models beat stale ones: mean excess at age 0-4 is below that at age 20-24.
    assert excess[ages[:, 0] < 5, 0].mean() < excess[ages[:, 0] >= 20, 0].mean()


def test_demo_metrics_follow_the_parameters() -> None:
    demo = RetrainSchedule(seed=0)
    for _ in range(120):
        frame = demo.step()
    assert frame.metrics["T_star"] == round(optimal_period(2.0, 0.02))
    assert 30 <= frame.metrics["best_grid_T"] <= 70
    cheap = RetrainSchedule(seed=0, C=0.2)
    for _ in range(120):
        cheap_frame = cheap.step()
    # A cheaper retrain makes frequent retraining pay: T* and the simulated optimum both drop.
    assert cheap_frame.metrics["T_star"] < frame.metrics["T_star"]
    assert cheap_frame.metrics["best_grid_T"] < frame.metrics["best_grid_T"]


def test_live_interval_change_retrains_now() -> None:
    demo = RetrainSchedule(seed=4)
    for _ in range(10):
        demo.step()
    demo.set("T", 5)
    frame = demo.step()
    assert frame.metrics["T"] == 5
    # Every 5 steps at cost C=2 is 0.4 per step of retrain cost.
    assert frame.metrics["retrain"] == pytest.approx(0.4, abs=1e-9)
    other = RetrainSchedule(seed=5)
    assert other.step().metrics != RetrainSchedule(seed=4).step().metrics
