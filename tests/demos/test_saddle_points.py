"""Oracle tests for saddle_points: P(GOE positive definite) by dimension, the semicircle
index law, and gradient descent's escape time from a saddle."""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.demos.saddle_points import (
    GD_RATE,
    GD_START,
    SaddlePoints,
    descend,
    escape_steps,
    exact_pd_probability,
    goe,
    is_positive_definite,
    minimum_loss,
    positive_definite_count,
    quartic_loss,
    semicircle_cdf,
)


def test_goe_variances() -> None:
    h = goe(np.random.default_rng(0), 20_000, 3)
    assert np.allclose(h, h.transpose(0, 2, 1))
    assert h[:, 0, 1].var() == pytest.approx(1.0, rel=0.03)
    assert h[:, 0, 0].var() == pytest.approx(2.0, rel=0.03)


def test_pivot_test_agrees_with_eigenvalues() -> None:
    rng = np.random.default_rng(1)
    for d, shift in ((1, 0.0), (3, 0.5), (6, 1.2), (9, 2.0)):
        h = goe(rng, 3000, d) + shift * math.sqrt(d) * np.eye(d)
        expected = np.linalg.eigvalsh(h)[:, 0] > 0
        assert 0 < expected.sum() < 3000 or d == 1
        assert np.array_equal(is_positive_definite(h), expected)


def test_small_dimensions_match_closed_forms() -> None:
    # P(d=1) = 1/2; P(d=2) = (2 - sqrt 2)/4 for the GOE (Dean & Majumdar 2006, 2008)
    rng = np.random.default_rng(2)
    n = 200_000
    p1 = positive_definite_count(rng, n, 1, 0.0) / n
    p2 = positive_definite_count(rng, n, 2, 0.0) / n
    assert p1 == pytest.approx(exact_pd_probability(1), abs=0.005)
    assert p2 == pytest.approx(exact_pd_probability(2), abs=0.004)


def test_probability_falls_like_exp_minus_theta_d_squared() -> None:
    # log P is concave in d with second differences near -2 theta = -(ln 3)/2 = -0.549
    rng = np.random.default_rng(3)
    sizes = {2: 100_000, 3: 200_000, 4: 400_000}
    p = {d: positive_definite_count(rng, n, d, 0.0) / n for d, n in sizes.items()}
    p[1] = 0.5
    assert p[1] > p[2] > p[3] > p[4] > 0
    second = math.log(p[4]) - 2 * math.log(p[3]) + math.log(p[2])
    assert -0.75 < second < -0.35


def test_index_matches_the_semicircle_law() -> None:
    # Fraction of eigenvalues of H/sqrt(d) + mu below 0 = semicircle CDF at -mu (Wigner)
    rng = np.random.default_rng(4)
    eig = np.linalg.eigvalsh(goe(rng, 60, 60)).ravel() / math.sqrt(60)
    for mu in (-1.0, 0.0, 1.0, 1.5):
        assert np.mean(eig + mu < 0) == pytest.approx(float(semicircle_cdf(-mu)), abs=0.015)
    assert float(semicircle_cdf(0.0)) == pytest.approx(0.5, abs=1e-12)
    assert float(semicircle_cdf(2.0)) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("shift", [-0.5, 0.0, 0.5, 1.0])
def test_escape_time_follows_the_linearised_rate(seed: int, shift: float) -> None:
    # Near the saddle z_min grows like (1 + eta|lambda_min|)^t, so GD lingers about
    # ln(sqrt|lambda|/eps) / ln(1 + eta|lambda|) steps before the loss drops.
    rng = np.random.default_rng(seed)
    eigs = np.linalg.eigvalsh(goe(rng, 1, 8)[0]) / math.sqrt(8) + shift
    if eigs.min() >= 0:
        pytest.skip("no negative curvature at this seed and shift")
    z0 = GD_START * rng.choice([-1.0, 1.0], size=8)
    loss = quartic_loss(eigs, descend(eigs, z0, GD_RATE, 3000))
    measured = int(np.argmax(loss <= minimum_loss(eigs) / 2))
    predicted = escape_steps(float(eigs.min()), GD_START, GD_RATE)
    assert measured == pytest.approx(predicted, rel=0.2)
    assert abs(loss[int(0.5 * predicted)]) < 1e-3  # still on the plateau halfway there


def test_demo_counts_and_descent_frames() -> None:
    demo = SaddlePoints(seed=0, dmax=4, batch=256)
    for _ in range(40):
        frame = demo.step()
    m = frame.metrics
    assert m["p_d1"] == pytest.approx(0.5, abs=0.02)
    assert demo.total[0] == 40 * 256 and np.all(demo.pd[:-1] >= demo.pd[1:])
    p2 = demo.pd[1] / demo.total[1]
    assert p2 == pytest.approx(exact_pd_probability(2), abs=0.015)
    demo.set_view("descent")
    m = demo.frame().metrics
    assert m["negatives"] == np.count_nonzero(demo.gd_eigs < 0)
    assert m["predicted_escape"] == round(escape_steps(float(demo.gd_eigs.min()), GD_START,
                                                       GD_RATE))


def test_a_positive_shift_removes_descent_directions() -> None:
    minima = 0
    for seed in range(10):
        low, high = (SaddlePoints(seed=seed, dmax=2, shift=mu) for mu in (-1.5, 1.5))
        for demo in (low, high):
            demo.set_view("descent")
        low_m, high_m = low.step().metrics, high.step().metrics
        assert high_m["negatives"] <= low_m["negatives"]
        assert low_m["negatives"] >= 1
        if high_m["negatives"] == 0:
            minima += 1
            assert high.frame().metrics["predicted_escape"] == 0
            assert "true minimum" in high.frame().caption
    assert minima >= 5
