"""Oracle tests for attention_vs_recurrence: distance-free attention, a^distance memory, 1/√d."""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.demos.attention_vs_recurrence import (
    DIMS,
    AttentionVsRecurrence,
    attention,
    planted_weight,
    rnn_final_state,
    rnn_influence,
    row_entropy,
    softmax,
)


@pytest.mark.parametrize("decay", [0.5, 0.9, 0.99])
def test_rnn_jacobian_by_finite_differences_is_a_to_the_distance(decay: float) -> None:
    # Bengio, Simard & Frasconi 1994: a linear recurrence forgets geometrically.
    x = np.random.default_rng(0).standard_normal((40, 1))
    base = rnn_final_state(x, decay)[0]
    for distance in (0, 1, 7, 20, 39):
        bumped = x.copy()
        bumped[39 - distance, 0] += 1e-3
        slope = (rnn_final_state(bumped, decay)[0] - base) / 1e-3
        assert slope == pytest.approx(decay**distance, rel=1e-9)
        assert rnn_influence(decay, distance) == pytest.approx(decay**distance, rel=1e-12)


def test_attention_rows_are_distributions_and_permutation_equivariant() -> None:
    rng = np.random.default_rng(1)
    q, k = rng.standard_normal((2, 12, 16))
    weights = attention(q, k, scaled=True)
    assert np.max(np.abs(weights.sum(axis=1) - 1.0)) < 1e-12
    perm = rng.permutation(12)
    assert np.max(np.abs(attention(q, k[perm], scaled=True) - weights[:, perm])) < 1e-12
    expected = np.exp(q @ k.T / 4.0)
    assert np.allclose(weights, expected / expected.sum(axis=1, keepdims=True), rtol=1e-12)


def test_weight_on_the_matching_token_does_not_depend_on_distance() -> None:
    # No positional encoding: the mean weight on the planted key is the same at every distance
    # (guide: 0.938-0.942 at distances 1, 8, 32, 63), while a^distance falls from 0.9 to 0.0013.
    rng = np.random.default_rng(2)
    means = [float(planted_weight(rng, 64, dist, 1000, True).mean()) for dist in (1, 8, 32, 63)]
    assert max(means) - min(means) < 0.02
    assert 0.9 < min(means) < 0.97


def test_logit_variance_is_d() -> None:
    # Vaswani et al. 2017, §3.2.1 footnote 4: q·k of unit-variance components has variance d.
    rng = np.random.default_rng(3)
    for d in (16, 64, 256):
        q, k = rng.standard_normal((2, 10_000, d))
        assert np.var(np.sum(q * k, axis=1)) == pytest.approx(d, rel=0.05)


def test_scaling_keeps_entropy_flat_while_unscaled_rows_saturate() -> None:
    # Guide §4.18(d): scaled entropy ≈ 4.80 at T = 200 for every d; unscaled 1.94, 0.76, 0.31.
    rng = np.random.default_rng(4)
    scaled, unscaled = [], []
    for d in (16, 64, 256):
        q = rng.standard_normal((200, d))
        k = rng.standard_normal((200, d))
        scaled.append(float(row_entropy(attention(q, k, True)).mean()))
        unscaled.append(float(row_entropy(attention(q, k, False)).mean()))
    assert max(scaled) - min(scaled) < 0.05
    assert math.log(200) - 0.7 < min(scaled) < math.log(200)
    assert unscaled[0] > unscaled[1] > unscaled[2]
    assert unscaled[2] < 0.5


def test_row_entropy_extremes() -> None:
    assert row_entropy(softmax(np.zeros((1, 50))))[0] == pytest.approx(math.log(50), rel=1e-12)
    assert row_entropy(np.eye(5)).max() == 0.0


def test_demo_views_report_the_same_laws() -> None:
    demo = AttentionVsRecurrence(seed=5, tokens=64, decay=0.9)
    attention_weights = []
    frame = demo.step()
    while True:
        attention_weights.append(frame.metrics["attention"])
        rnn = frame.metrics["rnn"]
        assert rnn == float(f"{0.9 ** frame.metrics['distance']:.2g}")  # printed to 2 digits
        if frame.done:
            break
        frame = demo.step()
    assert frame.metrics["distance"] == 63
    assert max(attention_weights) - min(attention_weights) < 0.12
    demo.set_view("entropy")
    stats = demo.entropies()
    assert np.all(np.abs(stats["variance_over_d"] - 1.0) < 0.15)
    assert np.all(np.diff(stats["unscaled"]) < 0)
    assert np.ptp(stats["scaled"][2:]) < 0.2
    assert demo.frame().metrics["uniform"] == round(math.log(64), 2)
    demo.set_view("matrix")
    matrix = demo.frame()
    assert matrix.heatmap is not None
    assert matrix.metrics["d"] in DIMS


def test_turning_scaling_off_makes_the_matrix_one_hot() -> None:
    on = AttentionVsRecurrence(seed=1, scaled=True)
    off = AttentionVsRecurrence(seed=1, scaled=False)
    for demo in (on, off):
        demo.set_view("matrix")
        for _ in range(4 * 6 + 1):  # reach d = 256
            frame = demo.step()
        assert frame.metrics["d"] == 256
    assert on.frame().metrics["peak"] < 0.4 < 0.8 < off.frame().metrics["peak"]
