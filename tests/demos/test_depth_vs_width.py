"""Oracle tests for depth_vs_width: 2^L pieces from the composed tent (Telgarsky 2016),
at most m+1 for one hidden layer of m units, and far fewer for random deep nets."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.demos.depth_vs_width import (
    FIT_GRID,
    DepthVsWidth,
    count_pieces,
    exact_rmse,
    forward,
    random_net,
    sawtooth,
    shallow_eval,
    shallow_fit,
    shallow_interpolant,
    tent_net,
)


def test_tent_composition_has_exactly_two_to_the_l_pieces() -> None:
    for depth in range(1, 13):
        assert count_pieces(tent_net(depth)) == 2**depth


def test_tent_net_equals_the_closed_form_sawtooth() -> None:
    x = np.random.default_rng(0).uniform(0, 1, 5000)
    for depth in (1, 3, 7, 10):
        assert np.max(np.abs(forward(tent_net(depth), x)[:, 0] - sawtooth(depth, x))) < 1e-9


def test_parameter_count_is_six_l_plus_one() -> None:
    for depth in (1, 4, 9):
        total = sum(w.size + b.size for w, b in tent_net(depth))
        assert total == 6 * depth + 1


def test_shallow_nets_have_at_most_m_plus_one_pieces() -> None:
    # One hidden layer: a kink only where a unit switches, at x = -b/w; so pieces =
    # 1 + #distinct switch points inside (0, 1) (Montufar et al. 2014), never more than m+1.
    rng = np.random.default_rng(1)
    for _ in range(200):
        m = int(rng.integers(1, 30))
        net = random_net(rng, 1, m)
        w, b = net[0]
        switches = -b / w[0]
        inside = switches[(switches > 0) & (switches < 1)]
        pieces = count_pieces(net)
        assert pieces <= m + 1
        assert pieces == 1 + len(inside)


def test_same_parameter_budget_shallow_cannot_fit_the_sawtooth() -> None:
    # A triangle wave has variance 1/12 about its mean; with many more teeth than knots the
    # best shallow fit does no better than the mean, RMSE -> 1/sqrt(12) = 0.289.
    for depth in (4, 6, 9):
        net = tent_net(depth)
        coef, knots = shallow_fit(FIT_GRID, forward(net, FIT_GRID)[:, 0], 2 * depth)
        rmse = exact_rmse(net, coef, knots)
        assert rmse >= 0.25
        assert rmse == pytest.approx(1 / np.sqrt(12), abs=0.01)


def test_same_pieces_shallow_net_matches_exactly() -> None:
    for depth in (2, 5, 8):
        knots, weights, bias = shallow_interpolant(tent_net(depth))
        assert len(knots) == 2**depth
        error = shallow_eval(knots, weights, bias, FIT_GRID) - sawtooth(depth, FIT_GRID)
        assert np.max(np.abs(error)) < 1e-12


def test_random_deep_nets_use_few_of_their_possible_pieces() -> None:
    # Hanin & Rolnick 2019: at initialisation the piece count grows ~linearly in neurons
    rng = np.random.default_rng(2)
    for depth in (2, 4, 8):
        neurons = 8 * depth
        mean = np.mean([count_pieces(random_net(rng, depth, 8)) for _ in range(40)])
        assert mean < 4 * neurons


def test_demo_metrics_follow_the_depth() -> None:
    demo = DepthVsWidth(seed=0, depth=8)
    seen = {}
    for _ in range(8 * 8):
        m = demo.step().metrics
        seen[int(m["L"])] = m
    assert sorted(seen) == list(range(1, 9))
    for depth, m in seen.items():
        assert m["deep_pieces"] == 2**depth
        assert m["deep_params"] == m["shallow_params"] == 6 * depth + 1
        assert m["shallow_max_pieces"] == 2 * depth + 1
    assert all(seen[d]["rmse"] >= 0.25 for d in range(4, 9))
    pieces = DepthVsWidth(seed=0, depth=8, budget="pieces")
    for _ in range(8 * 6):
        m = pieces.step().metrics
    assert m["L"] == 6 and m["units"] == 64 and m["rmse"] < 1e-9


def test_seed_changes_the_random_net_not_the_construction() -> None:
    a, b = DepthVsWidth(seed=1), DepthVsWidth(seed=2)
    differs = False
    for _ in range(40):
        fa, fb = a.step(), b.step()
        assert fa.metrics["deep_pieces"] == fb.metrics["deep_pieces"]
        differs |= not np.array_equal(fa.series[2].y, fb.series[2].y)
    assert differs


def test_exact_rmse_of_a_constant_fit_to_the_sawtooth() -> None:
    # mean 1/2 fitted to a triangle wave: the gap is |saw - 1/2|, RMS exactly 1/sqrt(12)
    coef = np.array([0.0, 0.5])  # one unit (unused) plus the bias
    for depth in (1, 5, 11):
        assert exact_rmse(tent_net(depth), coef, np.array([0.0])) == pytest.approx(
            1 / np.sqrt(12), rel=1e-12)
