"""Oracle tests for bias_variance: ESL §7.3 bias-variance decomposition of a linear smoother."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.demos.bias_variance import (
    MAX_DEGREE,
    BiasVariance,
    design,
    hat_matrices,
    simulate,
    truth,
)


def _ols_bias2(x: np.ndarray, f: np.ndarray, degree: int) -> float:
    """Squared bias of a plain monomial least-squares fit, computed independently of the demo."""
    coef = np.linalg.lstsq(np.vander(x, degree + 1), f, rcond=None)[0]
    return float(np.mean((f - np.vander(x, degree + 1) @ coef) ** 2))


@pytest.mark.parametrize("degree", [1, 3, 6, 9])
def test_average_fit_variance_is_sigma2_p_over_n(degree: int) -> None:
    # ESL 2nd ed. §7.3, eq. 7.11-7.12: the in-sample average variance of a linear fit with p
    # parameters is (p/N)·σ². Here p = D + 1 because D < n.
    n, sigma = 20, 0.5
    x = design(n)
    hats = hat_matrices(x, MAX_DEGREE)
    out = simulate(hats, truth("wave", x), sigma, 5000, np.random.default_rng(1))
    variance = float(np.mean(out["fits"][degree].var(axis=0)))
    assert variance == pytest.approx(sigma**2 * (degree + 1) / n, rel=0.03)


def test_variance_saturates_at_sigma2_once_the_fit_interpolates() -> None:
    # With D + 1 > n the min-norm fit interpolates: rank n, so variance σ²·n/n = σ².
    n, sigma = 10, 0.7
    hats = hat_matrices(design(n), MAX_DEGREE)
    out = simulate(hats, truth("line", design(n)), sigma, 4000, np.random.default_rng(2))
    assert float(np.mean(out["fits"][MAX_DEGREE].var(axis=0))) == pytest.approx(sigma**2, rel=0.04)
    assert float(np.max(out["train"][MAX_DEGREE])) < 1e-12


def test_bias_on_linear_data() -> None:
    # A fit of degree ≥ 1 contains the line, so it is unbiased; the constant fit misses 2x
    # entirely: bias² = mean((2x)²) = 4·mean(x²).
    x = design(20)
    f = truth("line", x)
    out = simulate(hat_matrices(x, MAX_DEGREE), f, 0.0, 1, np.random.default_rng(0))
    bias2 = np.mean((out["fits"][:, 0, :] - f) ** 2, axis=1)
    assert bias2[0] == pytest.approx(4 * np.mean(x**2), rel=1e-9)
    assert np.all(bias2[1:] < 1e-10)


def test_train_error_never_rises_with_degree_on_any_draw() -> None:
    # Nested least squares: a higher degree can only lower the residual on the same data.
    x = design(15)
    out = simulate(hat_matrices(x, MAX_DEGREE), truth("wave", x), 0.8, 200,
                   np.random.default_rng(3))
    assert np.all(np.diff(out["train"], axis=0) <= 1e-12)


def test_demo_sweep_matches_closed_form_and_is_u_shaped() -> None:
    # Expected in-sample test error σ² + bias² + σ²(D+1)/n; expected train bias² + σ²(n−D−1)/n.
    sigma, n = 0.5, 20
    demo = BiasVariance(seed=4, sigma=sigma, n=n, truth="wave")
    final: dict[int, dict[str, float]] = {}
    frame = demo.step()
    while not frame.done:
        final[int(frame.metrics["degree"])] = dict(frame.metrics)
        frame = demo.step()
    final[int(frame.metrics["degree"])] = dict(frame.metrics)
    assert sorted(final) == list(range(MAX_DEGREE + 1))
    x = design(n)
    f = truth("wave", x)
    tests = []
    for degree in range(MAX_DEGREE + 1):
        bias2 = _ols_bias2(x, f, degree)
        p = degree + 1
        assert final[degree]["test"] == pytest.approx(sigma**2 + bias2 + sigma**2 * p / n, rel=0.08)
        assert final[degree]["train"] == pytest.approx(bias2 + sigma**2 * (n - p) / n, rel=0.1)
        tests.append(final[degree]["test"])
    best = int(np.argmin(tests))
    assert 2 <= best <= 5
    assert tests[0] > tests[best] + 0.2
    assert tests[MAX_DEGREE] > tests[best] + 0.05


def test_seed_changes_the_draws_not_the_law() -> None:
    a = BiasVariance(seed=1)
    b = BiasVariance(seed=2)
    for _ in range(30):
        fa, fb = a.step(), b.step()
    assert fa.metrics["test"] != fb.metrics["test"]
    assert fa.metrics["test_theory"] == fb.metrics["test_theory"]
    assert fa.metrics["test"] == pytest.approx(fb.metrics["test"], rel=0.1)


def test_noise_level_moves_the_curve() -> None:
    low = BiasVariance(seed=0, sigma=0.2).step().metrics["variance_theory"]
    high = BiasVariance(seed=0, sigma=1.0).step().metrics["variance_theory"]
    assert high == pytest.approx(25 * low, rel=0.05)
