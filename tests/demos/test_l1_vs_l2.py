"""Oracle tests for l1_vs_l2: exact lasso zeros (KKT, soft-thresholding) and none for ridge."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.demos.l1_vs_l2 import (
    L1VsL2,
    correlated_design,
    kkt_violation,
    lambda_max,
    lasso_cd,
    ridge,
    soft_threshold,
)


def problem(seed: int, rho: float = 0.5, k: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = correlated_design(rng, 100, 10, rho)
    w = np.zeros(10)
    w[:k] = rng.uniform(1, 2, k)
    return x, x @ w + rng.standard_normal(100)


def test_design_is_standardised_with_the_requested_correlation() -> None:
    x = correlated_design(np.random.default_rng(0), 20_000, 4, 0.7)
    assert np.allclose(x.mean(axis=0), 0, atol=1e-12)
    assert np.allclose((x**2).mean(axis=0), 1, atol=1e-12)
    corr = np.corrcoef(x, rowvar=False)
    # AR(1): corr(x_i, x_j) = rho^|i-j|
    assert corr[0, 1] == pytest.approx(0.7, abs=0.02)
    assert corr[0, 2] == pytest.approx(0.49, abs=0.02)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_all_zero_at_and_above_lambda_max(seed: int) -> None:
    x, y = problem(seed)
    top = lambda_max(x, y)
    assert np.all(lasso_cd(x, y, top) == 0.0)
    assert np.all(lasso_cd(x, y, 1.5 * top) == 0.0)
    assert np.count_nonzero(lasso_cd(x, y, 0.9 * top)) >= 1


@pytest.mark.parametrize(("seed", "rho"), [(0, 0.0), (1, 0.5), (2, 0.9)])
def test_kkt_conditions_hold_along_the_path(seed: int, rho: float) -> None:
    # Lasso optimality (Tibshirani 1996): x_j'r/n = lam sign(b_j) if b_j != 0, |x_j'r/n| <= lam else
    x, y = problem(seed, rho)
    b = None
    for lam in lambda_max(x, y) * np.logspace(0, -3, 20):
        b = lasso_cd(x, y, float(lam), b)
        assert kkt_violation(x, y, b, float(lam)) < 1e-9


def test_kkt_violation_detects_a_wrong_solution() -> None:
    x, y = problem(0)
    lam = 0.3 * lambda_max(x, y)
    assert kkt_violation(x, y, ridge(x, y, lam), lam) > 1e-3


def test_orthonormal_design_matches_esl_table_3_4() -> None:
    # ESL Table 3.4: with X'X/n = I, lasso = soft-threshold(z, lam), ridge = z / (1 + lam)
    rng = np.random.default_rng(5)
    q, _ = np.linalg.qr(rng.standard_normal((50, 6)))
    x = q * np.sqrt(50)
    y = x @ rng.standard_normal(6) + rng.standard_normal(50)
    z = x.T @ y / 50
    for lam in (0.05, 0.3, 1.0):
        assert np.max(np.abs(lasso_cd(x, y, lam) - soft_threshold(z, lam))) < 1e-12
        assert np.max(np.abs(ridge(x, y, lam) - z / (1 + lam))) < 1e-12


def test_demo_path_lasso_has_exact_zeros_ridge_never() -> None:
    demo = L1VsL2(seed=0, k=3, rho=0.5)
    lasso, ridge_zeros, smallest = [], [], []
    for _ in range(60):
        metrics = demo.step().metrics
        lasso.append(metrics["lasso_zeros"])
        ridge_zeros.append(metrics["ridge_zeros"])
        smallest.append(metrics["ridge_min_abs"])
    assert lasso[0] == 10  # lambda_max
    assert max(lasso[10:40]) >= 5  # mid-path: most of the 7 nulls sit exactly at 0
    assert lasso[-1] <= 2  # 1e-3 lambda_max: nearly the least-squares fit
    assert ridge_zeros == [0] * 60
    assert min(smallest) > 0


def test_demo_state_satisfies_kkt_and_seed_changes_data_not_law() -> None:
    for seed in (1, 2):
        demo = L1VsL2(seed=seed)
        for _ in range(30):
            demo.step()
        i = demo.done_upto - 1
        lam = float(demo.lams[i])
        grad = demo.corr - demo.gram @ demo.lasso[i]
        on = demo.lasso[i] != 0
        assert np.max(np.abs(grad[on] - lam * np.sign(demo.lasso[i][on])), initial=0) < 1e-9
        assert np.all(np.abs(grad[~on]) <= lam + 1e-9)
    assert L1VsL2(seed=1).step().caption != L1VsL2(seed=2).step().caption
