"""Oracle tests for dynamic_batching (Pollaczek-Khinchine; capacity B/(t0+t1 B); limit bound)."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.demos.dynamic_batching import (
    T0,
    T1,
    DynamicBatching,
    capacity,
    latency_bound,
    pk_mean_wait,
    simulate_batcher,
)


@pytest.mark.parametrize("rho", [0.3, 0.6])
def test_single_request_batches_are_md1(rho: float) -> None:
    # B=1, no wait, no limit: M/D/1, mean wait lam D^2 / (2 (1 - rho)) (Kleinrock 1975).
    service = T0 + T1
    lam = rho / service
    arrived, done, rejected = simulate_batcher(lam, 600.0, 1, 0.0, seed=1)
    waits = done - arrived - service
    assert rejected == 0 and waits.min() >= -1e-12
    assert waits.mean() == pytest.approx(pk_mean_wait(lam, service), rel=0.05)


@pytest.mark.parametrize("batch", [1, 4, 16, 64])
def test_saturated_throughput_is_the_capacity(batch: int) -> None:
    duration = 20.0
    lam = 2.5 * capacity(batch)
    _, done, rejected = simulate_batcher(lam, duration, batch, 0.010, limit=4 * batch, seed=2)
    assert rejected > 0
    assert np.sum(done < duration) / duration == pytest.approx(batch / (T0 + T1 * batch), rel=0.01)


def test_queue_limit_bounds_the_tail() -> None:
    arrived, done, rejected = simulate_batcher(900.0, 30.0, 16, 0.010, limit=64, seed=3)
    assert (done - arrived).max() <= latency_bound(64, 16, 0.010)
    unlimited_arrived, unlimited_done, none = simulate_batcher(900.0, 30.0, 16, 0.010, seed=3)
    assert none == 0
    assert (unlimited_done - unlimited_arrived).max() > 10 * latency_bound(64, 16, 0.010)
    assert 0.1 < rejected / (rejected + len(arrived)) < 0.4  # the price: about a quarter rejected


def test_max_wait_gives_an_interior_latency_minimum() -> None:
    # Light traffic pays the timer, heavy traffic pays the queue.
    means = {lam: np.mean(np.subtract(*simulate_batcher(lam, t, 16, 0.040, seed=4)[1::-1]))
             for lam, t in ((10.0, 300.0), (100.0, 60.0), (650.0, 30.0))}
    assert means[100.0] < means[10.0] and means[100.0] < means[650.0]
    no_wait = [np.mean(np.subtract(*simulate_batcher(lam, 30.0, 16, 0.0, seed=4)[1::-1]))
               for lam in (10.0, 100.0, 650.0)]
    assert no_wait[0] < no_wait[1] < no_wait[2]


def test_demo_queue_grows_past_capacity_unless_limited() -> None:
    over = DynamicBatching(seed=0, load=900.0, batch=16)
    frames = [over.step() for _ in range(20)]
    assert frames[-1].metrics["capacity"] == round(capacity(16))
    assert frames[-1].metrics["queued"] > frames[5].metrics["queued"] > 0
    limited = DynamicBatching(seed=0, load=900.0, batch=16, limit="32")
    last = [limited.step() for _ in range(20)][-1].metrics
    assert last["p99_ms"] <= latency_bound(32, 16, 0.010) * 1000
    assert last["rejected"] > 0 and last["queued"] <= 32
    under = [DynamicBatching(seed=s, load=300.0).step().metrics for s in (0, 1)]
    assert under[0]["queued"] < 16 and under[0]["p99_ms"] < 100
    assert under[0]["served"] != under[1]["served"]


def test_load_applies_live_without_restart() -> None:
    demo = DynamicBatching(seed=0, load=200.0)
    for _ in range(4):
        demo.step()
    demo.set("load", 1500.0)
    assert demo.index == 4
    assert demo.step().metrics["load"] == 1500
