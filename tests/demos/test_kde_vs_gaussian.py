"""Oracle tests for kde_vs_gaussian (Marron & Wand 1992; delta-method MISE of the Gaussian MLE)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.demos.kde_vs_gaussian import (
    KdeVsGaussian,
    gaussian_mise_normal,
    gaussian_mle,
    ise,
    kde,
    kde_mise_normal,
    normal_pdf,
    sample_truth,
    truth_pdf,
)

GRID = np.linspace(-6, 6, 241)


def test_truth_densities_integrate_to_one_and_match_samples() -> None:
    rng = np.random.default_rng(0)
    for kind in ("normal", "bimodal", "skewed"):
        grid = np.linspace(-8, 12, 4001)
        assert ise(truth_pdf(kind, grid), np.zeros_like(grid), grid) > 0
        assert np.trapezoid(truth_pdf(kind, grid), grid) == pytest.approx(1.0, abs=1e-4)
        x = sample_truth(kind, rng, 20_000)
        frac = np.mean((x > 0.5) & (x < 1.5))
        mask = (grid > 0.5) & (grid < 1.5)
        assert frac == pytest.approx(np.trapezoid(truth_pdf(kind, grid[mask]), grid[mask]),
                                     abs=0.015)


@pytest.mark.parametrize("n", [20, 100, 500])
def test_kde_ise_matches_exact_mise(n: int) -> None:
    # Marron & Wand 1992: exact MISE of a Gaussian KDE for N(0, 1) data, at a fixed bandwidth.
    rng = np.random.default_rng(n)
    h = 1.06 * n**-0.2
    truth = normal_pdf(GRID, 0.0, 1.0)
    errors = [ise(kde(rng.standard_normal(n), h, GRID), truth, GRID) for _ in range(300)]
    assert np.mean(errors) == pytest.approx(kde_mise_normal(n, h), rel=0.10)


def test_binned_kde_agrees_with_direct_sum() -> None:
    rng = np.random.default_rng(4)
    samples = rng.standard_normal(1500)
    grid = np.linspace(-4.5, 4.5, 200)
    h = 0.25
    z = (grid[:, None] - samples[None, :]) / h
    direct = np.exp(-0.5 * z * z).sum(axis=1) / (len(samples) * h * math.sqrt(2 * math.pi))
    assert np.abs(kde(samples, h, grid) - direct).max() < 0.01 * direct.max()


@pytest.mark.parametrize("n", [100, 500, 2000])
def test_gaussian_fit_mise_is_seven_over_sixteen_root_pi_n(n: int) -> None:
    # Delta method: int phi'^2 = 1/(4 sqrt pi), int ((x^2-1) phi)^2 = 3/(8 sqrt pi),
    # Var mu = 1/n, Var sigma ~ 1/(2n)  =>  MISE ~ 7 / (16 sqrt(pi) n).
    rng = np.random.default_rng(n + 1)
    truth = normal_pdf(GRID, 0.0, 1.0)
    errors = []
    for _ in range(2000):
        mu, sd = gaussian_mle(rng.standard_normal(n))
        errors.append(ise(normal_pdf(GRID, mu, sd), truth, GRID))
    assert np.mean(errors) == pytest.approx(gaussian_mise_normal(n), rel=0.05 if n >= 500 else 0.07)
    # and the right parametric model beats the KDE
    assert gaussian_mise_normal(n) < kde_mise_normal(n, 1.06 * n**-0.2)


def test_wrong_form_stalls_at_the_moment_matched_floor() -> None:
    # The best the Gaussian can do on the mixture is the moment-matched N(0, 2.5): ISE 0.1409.
    fine = np.linspace(-8, 8, 8001)
    floor = ise(normal_pdf(fine, 0.0, math.sqrt(2.5)), truth_pdf("bimodal", fine), fine)
    assert floor == pytest.approx(0.1409, abs=0.0005)
    demo = KdeVsGaussian(seed=0, truth="bimodal", rate=50)
    frames = [demo.step() for _ in range(40)]
    last = frames[-1].metrics
    assert last["n"] == 2000 and frames[-1].done
    assert last["gaussian_ise"] == pytest.approx(floor, rel=0.05)
    assert last["kde_ise"] < 0.01
    assert frames[2].metrics["kde_ise"] > last["kde_ise"]  # the KDE keeps improving


def test_normal_truth_demo_prefers_the_gaussian_and_seeds_differ() -> None:
    frames = [KdeVsGaussian(seed=s, truth="normal", rate=50) for s in (0, 1)]
    last = [[d.step() for _ in range(40)][-1].metrics for d in frames]
    for m in last:
        assert m["gaussian_ise"] < m["kde_ise"] < 0.01
    assert last[0]["kde_ise"] != last[1]["kde_ise"]
