"""Oracle tests for active_learning: random labels shrink the version space like 2/n, chosen
queries shrink it geometrically down to the pool's resolution (Settles 2009, §2)."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.demos.active_learning import (
    MAX_LABELS,
    ActiveLearning,
    active_queries,
    expected_passive_width,
    passive_queries,
    pool_floor,
    version_widths,
)


@pytest.mark.parametrize("threshold", [0.37, 0.8])
def test_random_labels_match_the_covering_spacing_formula(threshold: float) -> None:
    # E[length of the uniform spacing that covers t] = (2 − t^(n+1) − (1−t)^(n+1))/(n+1).
    rng = np.random.default_rng(0)
    widths = version_widths(passive_queries(rng, None, 20_000, 20), threshold).mean(axis=0)
    n = np.array([1, 2, 5, 10, 20])
    assert widths[n] == pytest.approx(expected_passive_width(threshold, n), rel=0.01)


@pytest.mark.parametrize(("size", "batch"), [(100, 1), (1_000, 3), (10_000, 1), (100_000, 4)])
def test_active_width_shrinks_geometrically_to_the_pool_floor(size: int, batch: int) -> None:
    # Each round cuts the version space into batch+1 parts; snapping a cut to the nearest pool
    # point moves it by at most half the largest pool gap g, so w_r ≤ (k+1)^(−r) + 2g.
    threshold = 0.37
    pool = np.sort(np.random.default_rng(size).random(size))
    gap = float(np.max(np.diff(np.concatenate([[0.0], pool, [1.0]]))))
    rounds = active_queries(pool, threshold, MAX_LABELS, batch)
    widths = version_widths(np.concatenate(rounds), threshold)[0]
    ends = np.cumsum([r.size for r in rounds])
    for r, end in enumerate(ends, start=1):
        assert widths[end] <= (batch + 1.0) ** -r + 2 * gap
    # Querying stops only when nothing is left to ask: then the floor is reached exactly.
    if ends[-1] < MAX_LABELS:
        assert widths[-1] == pool_floor(pool, threshold)


def test_bisection_halves_the_width_per_label() -> None:
    pool = np.sort(np.random.default_rng(1).random(100_000))
    widths = version_widths(np.concatenate(active_queries(pool, 0.37, 10, 1)), 0.37)[0]
    assert np.allclose(widths[1:] / widths[:-1], 0.5, atol=0.02)


def test_demo_active_beats_random_and_follows_the_pool() -> None:
    demo = ActiveLearning(seed=0)
    frames = [demo.step() for _ in range(MAX_LABELS)]
    assert frames[-1].done
    for frame in frames[1:]:
        assert frame.metrics["active_width"] <= frame.metrics["passive_width"]
    at_ten = frames[9].metrics
    assert at_ten["labels"] == 10
    assert at_ten["active_width"] == pytest.approx(2.0**-10, rel=0.05)
    # The pool size bounds how far chosen queries get: a 100-point pool stalls near 1/100.
    small = ActiveLearning(seed=0, N=100)
    last = [small.step() for _ in range(MAX_LABELS)][-1].metrics
    assert 1e-3 < last["active_width"] < 0.1
    assert frames[-1].metrics["active_width"] < last["active_width"]


def test_seed_changes_the_sample_not_the_law() -> None:
    a = [ActiveLearning(seed=s) for s in (1, 2)]
    widths = [[d.step().metrics["passive_width"] for _ in range(10)] for d in a]
    assert widths[0] != widths[1]
    expected = float(expected_passive_width(0.37, np.array([10]))[0])
    for run in widths:
        # 200 runs: the mean width after 10 labels is within 15% of the exact expectation.
        assert run[-1] == pytest.approx(expected, rel=0.15)
