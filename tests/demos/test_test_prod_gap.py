"""Oracle tests for test_prod_gap (binormal AUC Phi(delta/sqrt 2); leakage gap; skew)."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.demos.test_prod_gap import (
    FIX_AT,
    ProductionGap,
    adversarial_auc,
    auc,
    binormal_auc,
    labeller,
    make_sessions,
    make_users,
)


def test_rank_auc_matches_pairwise_definition() -> None:
    rng = np.random.default_rng(0)
    pos, neg = rng.normal(0.5, 1, 300), rng.normal(0, 1, 200)
    assert auc(pos, neg) == pytest.approx(np.mean(pos[:, None] > neg[None, :]), abs=1e-12)


@pytest.mark.parametrize("delta", [0.0, 0.25, 0.5, 1.0, 2.0])
def test_adversarial_auc_is_binormal(delta: float) -> None:
    # Green & Swets 1966: two unit-variance normals delta apart have AUC Phi(delta / sqrt 2).
    rng = np.random.default_rng(1)
    test, prod = rng.standard_normal((4000, 8)), rng.standard_normal((4000, 8))
    prod[:, 0] += delta
    assert adversarial_auc(test, prod) == pytest.approx(binormal_auc(delta), abs=0.02)


def test_labeller_direction_is_orthogonal_to_w_and_e1() -> None:
    w, v = labeller(np.random.default_rng(2))
    assert abs(w @ v) < 1e-12 and v[0] == 0.0 and np.linalg.norm(v) == pytest.approx(1.0)


def test_unit_change_skew_is_obvious_to_adversarial_validation() -> None:
    rng = np.random.default_rng(3)
    w, v = labeller(rng)
    test = make_sessions(rng, *make_users(rng, 800, w, v))[0]
    prod = make_sessions(rng, *make_users(rng, 800, w, v))[0]
    assert abs(adversarial_auc(test, prod) - 0.5) < 0.03
    prod[:, 0] *= 100.0
    assert adversarial_auc(test, prod) > 0.99


def run(scenario: str, model: str, seed: int = 0, severity: float = 3.0, frames: int = 120
        ) -> list[dict]:
    demo = ProductionGap(seed=seed, scenario=scenario, model=model, severity=severity)
    return [dict(demo.step().metrics) for _ in range(frames)]


def mean(frames: list[dict], key: str, lo: int, hi: int) -> float:
    return float(np.mean([f[key] for f in frames[lo:hi]]))


def test_leakage_inflates_the_memoriser_only() -> None:
    knn = run("leak", "1-NN", frames=FIX_AT + 30)
    before = knn[FIX_AT - 1]
    assert before["test"] - mean(knn, "production", 10, FIX_AT) >= 0.2
    assert before["test"] - before["by_user"] >= 0.2
    assert abs(mean(knn, "auc", 20, FIX_AT) - 0.5) < 0.03  # same inputs: leakage, not shift
    assert abs(knn[-1]["test"] - mean(knn, "production", FIX_AT + 10, FIX_AT + 30)) < 0.06
    linear = run("leak", "linear", frames=FIX_AT)
    assert abs(linear[FIX_AT - 1]["test"] - mean(linear, "production", 10, FIX_AT)) <= 0.06


def test_skew_breaks_production_until_the_pipeline_is_fixed() -> None:
    frames = run("skew", "linear")
    test = frames[0]["test"]
    assert mean(frames, "production", 10, FIX_AT) < test - 0.15
    assert mean(frames, "auc", 20, FIX_AT) > 0.95
    assert mean(frames, "production", FIX_AT + 10, 120) == pytest.approx(test, abs=0.04)
    assert mean(frames, "auc", FIX_AT + 20, 120) < 0.6


def test_shift_reports_the_binormal_auc_and_retraining_helps() -> None:
    frames = run("shift", "linear", severity=1.5)
    assert frames[10]["auc_theory"] == round(binormal_auc(1.5), 2)
    assert mean(frames, "auc", 20, FIX_AT) == pytest.approx(binormal_auc(1.5), abs=0.05)
    assert mean(frames, "production", FIX_AT + 10, 120) > mean(frames, "production", 10, FIX_AT)
    other = run("shift", "linear", seed=1, severity=1.5)
    assert other[10]["production"] != frames[10]["production"]
