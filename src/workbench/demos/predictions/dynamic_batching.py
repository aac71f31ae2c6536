"""Predictions about `dynamic_batching`: capacity B/(t0+t1·B), and a queue limit bounds the tail."""

from __future__ import annotations

from workbench.demos.predictions import Prediction, after, ratio, thresholds

PREDICTIONS = (
    Prediction(
        id="dynamic_batching.no-batching",
        question="Load 400 requests/s. Turn batching off (largest batch 16 → 1). The p99 "
                 "latency will:",
        options=("stay about the same", "about double", "grow without bound (to seconds)"),
        measure=ratio("p99_ms"),
        pick=thresholds(1.5, 10.0),
        observed="capacity {before[capacity]:.0f}/s → {after[capacity]:.0f}/s at load "
                 "{after[load]:.0f}/s: p99 {before[p99_ms]:.0f} ms → {after[p99_ms]:.0f} ms, "
                 "{after[queued]:.0f} queued",
        explanations={
            3: "Grow without bound (to seconds): one request per model call gives capacity "
               "1/(t0+t1) ≈ 111/s, below the load, so the queue grows every second; batching "
               "amortises the fixed cost t0 and lifts capacity to B/(t0+t1·B).",
        },
        start={"batch": 16},
        change={"batch": 1},
        frames=30,
        passage="deploying-large-models/problems",
    ),
    Prediction(
        id="dynamic_batching.queue-limit",
        question="Overload: 1000 requests/s against a capacity of 667/s. Limit the queue to "
                 "32 waiting requests. The p99 latency of served requests will:",
        options=("fall below half a second", "stay seconds long"),
        measure=after("p99_ms"),
        pick=thresholds(500),
        observed="p99 {before[p99_ms]:.0f} ms → {after[p99_ms]:.0f} ms; rejected "
                 "{before[rejected]:.0f}/s → {after[rejected]:.0f}/s",
        explanations={
            1: "Fall below half a second: a request that is admitted waits behind at most 32 "
               "others (two batches), so its latency is bounded; the excess load is rejected "
               "instead of queued — overload must go somewhere.",
        },
        start={"load": 1000.0, "limit": "off"},
        change={"limit": "32"},
        frames=30,
        passage="deploying-large-models/problems",
    ),
)
