"""Oracle tests for ensemble_variance: MSE(M) = ρs² + (1−ρ)s²/M and the ambiguity identity."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.demos.ensemble_variance import (
    EnsembleVariance,
    fit_members,
    make_datasets,
    pair_statistics,
    target,
)

GRID = np.linspace(-1.0, 1.0, 50)


def _pair_estimates(fraction: float, pairs: int, rng: np.random.Generator) -> tuple[float, float]:
    """s² and ρ from independent two-member ensembles, each pair on its own dataset."""
    x, y = make_datasets(rng, pairs, 0.3)
    e1 = fit_members(x, y, GRID, 40, fraction, rng) - target(GRID)
    e2 = fit_members(x, y, GRID, 40, fraction, rng) - target(GRID)
    s2 = float(np.mean(np.concatenate([e1, e2]) ** 2))
    return s2, float(np.mean(e1 * e2)) / s2


def test_pairs_predict_the_error_of_larger_ensembles() -> None:
    # ESL eq. (15.1): the variance of an average of M identically distributed terms with
    # pairwise correlation ρ is ρs² + (1−ρ)s²/M. Estimate s², ρ from pairs only, then measure
    # ensembles of M members on fresh datasets.
    rng = np.random.default_rng(0)
    s2, rho = _pair_estimates(0.5, 2000, rng)
    datasets, members = 300, 20
    x, y = make_datasets(rng, datasets, 0.3)
    preds = fit_members(np.repeat(x, members, 0), np.repeat(y, members, 0), GRID, 40, 0.5, rng)
    errors = (preds - target(GRID)).reshape(datasets, members, -1)
    for m in (1, 5, 20):
        measured = float(np.mean(errors[:, :m].mean(axis=1) ** 2))
        assert measured == pytest.approx(rho * s2 + (1 - rho) * s2 / m, rel=0.08)
    # The law is not flat: 20 members must be far better than one at this ρ.
    assert float(np.mean(errors.mean(axis=1) ** 2)) < 0.7 * s2


def test_full_data_members_are_more_correlated_than_subsampled_ones() -> None:
    rng = np.random.default_rng(1)
    _, rho_half = _pair_estimates(0.5, 800, rng)
    _, rho_full = _pair_estimates(1.0, 800, rng)
    assert rho_half + 0.2 < rho_full


def test_pair_statistics_against_explicit_pairs() -> None:
    errors = np.random.default_rng(2).standard_normal((6, 30)) + 0.5
    s2, rho = pair_statistics(errors)
    products = [np.mean(errors[i] * errors[j]) for i in range(6) for j in range(6) if i != j]
    assert s2 == pytest.approx(float(np.mean(errors**2)), rel=1e-12)
    assert rho * s2 == pytest.approx(float(np.mean(products)), rel=1e-10)


def test_demo_obeys_the_ambiguity_identity_and_reaches_the_floor() -> None:
    # Krogh & Vedelsby 1995: ensemble error = mean member error − mean spread around the ensemble,
    # so the ensemble is never worse than the average member.
    demo = EnsembleVariance(seed=3)
    frame = demo.step()
    while not frame.done:
        got = demo.summary()
        assert got["ensemble"] == pytest.approx(
            float(np.mean((demo.predictions[: demo.count] - demo.truth) ** 2)) - got["ambiguity"],
            abs=1e-12,
        )
        m = frame.metrics
        assert m["mse_ensemble"] <= m["mse_single"]
        frame = demo.step()
    m = frame.metrics
    assert m["members"] == 50
    assert 0.0 < m["rho"] < 1.0
    assert m["floor"] <= m["mse_ensemble"] < 0.8 * m["mse_single"]


def test_seed_changes_the_data_and_fraction_changes_the_correlation() -> None:
    def final(**values: float) -> dict[str, float]:
        demo = EnsembleVariance(**values)
        frame = demo.step()
        while not frame.done:
            frame = demo.step()
        return dict(frame.metrics)

    assert final(seed=1)["mse_single"] != final(seed=2)["mse_single"]
    assert final(seed=1, fraction=0.3)["rho"] < final(seed=1, fraction=1.0)["rho"]
