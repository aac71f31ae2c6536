"""Oracle tests for data_scaling: the small model plateaus, the large one keeps improving, and
the gap widens with n (Hestness et al. 2017; Kaplan et al. 2020, Fig. 9)."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.demos.data_scaling import (
    CHUNK,
    DIM,
    MAX_N,
    DataScaling,
    features,
    random_features,
    ridge_weights,
    target,
    training_flops,
)


def _test_errors(seed: int, width: int, sizes: list[int], sigma: float = 0.3) -> np.ndarray:
    """Test MSE of a width-p model trained on the first n of one sample, for each n."""
    rng = np.random.default_rng(seed)
    omega, phase = random_features(rng, width)
    x_test = rng.standard_normal((1000, DIM))
    x = rng.standard_normal((max(sizes), DIM))
    y = target(x) + sigma * rng.standard_normal(x.shape[0])
    phi, phi_test = features(x, omega, phase), features(x_test, omega, phase)
    errors = []
    for n in sizes:
        w = ridge_weights(phi[:n].T @ phi[:n], phi[:n].T @ y[:n], n)
        errors.append(np.mean((phi_test @ w - target(x_test)) ** 2))
    return np.array(errors)


SEEDS = range(3)


def test_small_model_plateaus() -> None:
    # p = 8 has reached its approximation floor by n ≈ 1000: 16x more data changes < 3 %.
    err = np.mean([_test_errors(s, 8, [1065, 17_000]) for s in SEEDS], axis=0)
    assert abs(err[1] - err[0]) / err[0] < 0.03


def test_large_model_keeps_improving_and_the_gap_widens() -> None:
    sizes = [32, 263, 4310]
    big = np.mean([_test_errors(s, 256, sizes) for s in SEEDS], axis=0)
    small = np.mean([_test_errors(s, 8, sizes) for s in SEEDS], axis=0)
    assert big[2] / big[1] < 0.75
    assert small[2] / big[2] > 2 * small[0] / big[0]


def test_accumulated_gram_solution_is_batch_ridge() -> None:
    # Ridge = least squares on the augmented system [Φ; √(λn)·I] w = [y; 0].
    rng = np.random.default_rng(7)
    omega, phase = random_features(rng, 16)
    x = rng.standard_normal((300, DIM))
    y = target(x)
    gram, rhs = np.zeros((16, 16)), np.zeros(16)
    for chunk in np.array_split(np.arange(300), 7):
        phi = features(x[chunk], omega, phase)
        gram += phi.T @ phi
        rhs += phi.T @ y[chunk]
    augmented = np.vstack([features(x, omega, phase), np.sqrt(1e-3 * 300) * np.eye(16)])
    batch = np.linalg.lstsq(augmented, np.concatenate([y, np.zeros(16)]), rcond=None)[0]
    assert np.allclose(ridge_weights(gram, rhs, 300), batch, atol=1e-8)


def test_flops_grow_with_width_squared() -> None:
    assert training_flops(10_000, 256) / training_flops(10_000, 8) == pytest.approx(1024, rel=0.02)


def test_demo_shows_plateau_and_widening_gap() -> None:
    demo = DataScaling(seed=0)
    frames = [demo.step()]
    while frames[-1].metrics["n"] < 4000:
        frames.append(demo.step())
    last = frames[-1].metrics
    near_1000 = min(frames, key=lambda f: abs(f.metrics["n"] - 1000)).metrics
    near_250 = min(frames, key=lambda f: abs(f.metrics["n"] - 250)).metrics
    assert abs(last["err_small"] - near_1000["err_small"]) / near_1000["err_small"] < 0.05
    assert last["err_large"] < 0.75 * near_250["err_large"]
    assert frames[0].metrics["n"] == 32
    assert last["better"] > 2 * frames[0].metrics["better"]
    exact = training_flops(int(last["n"]), 256) / training_flops(int(last["n"]), 8)
    assert last["flop_ratio"] == pytest.approx(exact, rel=0.01)
    # A different seed draws other features and data.
    assert DataScaling(seed=1).step().metrics != frames[0].metrics


def test_growth_is_capped_per_frame_and_ends_at_max_n() -> None:
    demo = DataScaling(seed=0, p_max=32, growth=1.3)
    sizes = [demo.step().metrics["n"]]
    while sizes[-1] < MAX_N:
        sizes.append(demo.step().metrics["n"])
    steps = np.diff(sizes)
    assert steps.max() <= CHUNK
    assert np.all(np.array(sizes[1:]) <= np.ceil(np.array(sizes[:-1]) * 1.3))
    assert demo.step().done
