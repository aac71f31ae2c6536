"""Demo: a dynamic batcher in front of one model instance, under Poisson load.

A batch of b requests costs t0 + t1*b, so capacity B/(t0 + t1*B) grows with the max batch B.
Above capacity the queue and latency grow without bound; a queue limit K rejects requests
and bounds the tail. With B=1 and no wait the system is M/D/1 (Pollaczek-Khinchine).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field, replace

import numpy as np

from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

T0 = 0.008
T1 = 0.001
MAX_WAIT = 0.010
TICK = 0.5
HISTORY = 120
LIMITS = ("off", "8", "32", "128", "512")


def capacity(batch: int, t0: float = T0, t1: float = T1) -> float:
    """Requests per second one instance serves when every batch is full: B / (t0 + t1 B)."""
    return batch / (t0 + t1 * batch)


def pk_mean_wait(lam: float, service: float) -> float:
    """Pollaczek-Khinchine mean queueing delay of M/D/1: lam D^2 / (2 (1 - rho))."""
    rho = lam * service
    return lam * service**2 / (2 * (1 - rho))


def latency_bound(limit: int, batch: int, wait: float, t0: float = T0, t1: float = T1) -> float:
    """Worst latency with a queue limit K: wait + (ceil((K+1)/B) + 1)(t0 + t1 B)."""
    return wait + (math.ceil((limit + 1) / batch) + 1) * (t0 + t1 * batch)


@dataclass
class Batcher:
    """Resumable discrete-event state of the batcher; feed arrivals, advance to a horizon."""

    batch: int
    wait: float
    limit: float = math.inf
    t0: float = T0
    t1: float = T1
    free: float = 0.0
    queue: deque[float] = field(default_factory=deque)
    pending: deque[float] = field(default_factory=deque)
    rejected: int = 0

    def run(self, arrivals: np.ndarray, horizon: float) -> tuple[np.ndarray, np.ndarray]:
        """Add arrivals (sorted, all < horizon); dispatch every batch that starts by horizon.

        Returns (arrival time, completion time) of each request in the dispatched batches.
        """
        self.pending.extend(arrivals.tolist())
        arrived: list[float] = []
        done: list[float] = []
        while self.queue or self.pending:
            if not self.queue:
                self._admit(self.pending.popleft())
            full = len(self.queue) >= self.batch
            start = max(self.free, self.queue[self.batch - 1] if full
                        else self.queue[0] + self.wait)
            while self.pending and self.pending[0] <= start:
                t = self.pending.popleft()
                self._admit(t)
                if len(self.queue) == self.batch:
                    start = min(start, max(self.free, t))
            if start > horizon:
                break
            size = min(self.batch, len(self.queue))
            end = start + self.t0 + self.t1 * size
            for _ in range(size):
                arrived.append(self.queue.popleft())
                done.append(end)
            self.free = end
        return np.array(arrived), np.array(done)

    def _admit(self, t: float) -> None:
        if len(self.queue) < self.limit:
            self.queue.append(t)
        else:
            self.rejected += 1


def poisson_arrivals(rng: np.random.Generator, lam: float, start: float, end: float) -> np.ndarray:
    """Sorted Poisson(lam) arrival times in [start, end)."""
    count = rng.poisson(lam * (end - start))
    return np.sort(rng.uniform(start, end, count))


def simulate_batcher(lam: float, duration: float, batch: int, wait: float,
                     limit: float = math.inf, seed: int = 0, t0: float = T0, t1: float = T1
                     ) -> tuple[np.ndarray, np.ndarray, int]:
    """Serve Poisson traffic for `duration` s; (arrivals, completions, rejected) of the batches
    that started before `duration`."""
    rng = np.random.default_rng(seed)
    batcher = Batcher(batch, wait, limit, t0, t1)
    arrived, done = batcher.run(poisson_arrivals(rng, lam, 0.0, duration), duration)
    return arrived, done, batcher.rejected


@register
class DynamicBatching(Demo):
    """Simulated time runs; push the offered load past capacity and watch the tail."""

    id = "dynamic_batching"
    title = "Batching, capacity and concurrency limits"
    takeaway = ("Batching amortises per-call overhead so capacity rises with batch size; past "
                "capacity queues explode; a queue limit trades rejections for a short tail.")
    topic = "deploying-large-models"
    params = (
        Param("load", "Offered load", "float", 400.0, lo=10.0, hi=2000.0, step=50.0,
              unit="/s", resets=False, help="Poisson arrival rate of requests"),
        Param("batch", "Max batch B", "int", 16, lo=1, hi=128, step=2.0, log=True,
              help="Largest batch the batcher sends to the model (powers of 2)"),
        Param("limit", "Queue limit K", "choice", "off", choices=LIMITS,
              help="Requests finding K waiting are rejected; off means an unbounded queue"),
    )
    views = ("latency", "throughput")

    def _setup(self) -> None:
        batch = 2 ** round(math.log2(int(self.values["batch"])))
        limit = str(self.values["limit"])
        self.batch = batch
        self.limit = math.inf if limit == "off" else int(limit)
        self.batcher = Batcher(batch, MAX_WAIT, self.limit)
        self.now = 0.0
        self.rows: deque[tuple[float, float, float, float, float, float]] = deque(maxlen=HISTORY)

    def _advance(self) -> Frame:
        lam = float(self.values["load"])
        end = self.now + TICK
        before = self.batcher.rejected
        arrived, done = self.batcher.run(poisson_arrivals(self.rng, lam, self.now, end), end)
        lat = (done - arrived) * 1000.0
        p50, p99 = (np.percentile(lat, [50, 99]) if lat.size else (0.0, 0.0))
        rejected = (self.batcher.rejected - before) / TICK
        self.rows.append((end, float(p50), float(p99), lat.size / TICK, rejected,
                          float(len(self.batcher.queue))))
        self.now = end
        return self._draw()

    def _redraw(self) -> Frame:
        return self._draw()

    def _draw(self) -> Frame:
        rows = np.array(self.rows)
        lam = round(float(self.values["load"]))
        cap = round(capacity(self.batch))
        p99, served, rejected, queued = (round(float(v)) for v in rows[-1, 2:6])
        verdict = ("over capacity: the queue grows" if lam > cap and self.limit == math.inf
                   else "over capacity: the limit rejects the excess" if lam > cap
                   else "under capacity: latency stays bounded")
        caption = (f"load {lam}/s vs capacity {cap}/s at B={self.batch} (max wait "
                   f"{MAX_WAIT * 1000:.0f} ms): {verdict}; {queued} queued, tail {p99} ms, "
                   f"{rejected}/s rejected")
        metrics = {"load": float(lam), "capacity": float(cap), "batch": float(self.batch),
                   "wait_ms": MAX_WAIT * 1000, "queued": float(queued), "p99_ms": float(p99),
                   "served": float(served), "rejected": float(rejected)}
        readouts = (f"p99 {p99} ms", f"served {served}/s", f"rejected {rejected}/s",
                    f"queue {queued}")
        base = Frame(title=self.title, xlabel="time (s)", caption=caption, metrics=metrics,
                     readouts=readouts)
        t = rows[:, 0]
        if self.view == "throughput":
            return replace(
                base, ylabel="requests per second",
                series=(Series("line", t, rows[:, 3], "served", "primary"),
                        Series("line", t, rows[:, 4], "rejected", "highlight"),
                        Series("hline", t[:1], np.array([capacity(self.batch)]), "capacity",
                               "theory"),
                        Series("hline", t[:1], np.array([float(lam)]), "offered load", "muted")),
            )
        series = [Series("line", t, rows[:, 1], "p50", "secondary"),
                  Series("line", t, rows[:, 2], "p99", "primary")]
        if self.limit != math.inf:
            bound = latency_bound(int(self.limit), self.batch, MAX_WAIT) * 1000
            series.append(Series("hline", t[:1], np.array([bound]), "bound from K", "theory"))
        return replace(base, ylabel="latency (ms)", series=tuple(series))
