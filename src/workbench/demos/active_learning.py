"""Active-learning demo: a learner that picks its queries locates a threshold exponentially faster.

Learning a 1-D threshold from a pool of unlabelled points: the version space is the gap between
the largest point labelled negative and the smallest labelled positive. Random (passive) labels
shrink it like 2/n; querying the points that split it (bisection, uncertainty sampling) halves it
per label until the pool runs out (Settles 2009, §2; Dasgupta 2005).
"""

from __future__ import annotations

import math

import numpy as np

from workbench.demos._numbers import plural, sig
from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

MAX_LABELS = 40
RUNS = 200


def version_widths(queried: np.ndarray, threshold: float) -> np.ndarray:
    """Width of the version space after 0..n labels, for each row of queried inputs (runs, n).

    The threshold is known to lie between the largest negative and the smallest positive seen,
    with 0 and 1 as the bounds before any label on that side.
    """
    queried = np.atleast_2d(queried)
    hi = np.minimum.accumulate(np.where(queried >= threshold, queried, 1.0), axis=1)
    lo = np.maximum.accumulate(np.where(queried < threshold, queried, 0.0), axis=1)
    widths = np.ones((queried.shape[0], queried.shape[1] + 1))
    widths[:, 1:] = hi - lo
    return widths


def passive_queries(
    rng: np.random.Generator, pool: np.ndarray | None, runs: int, labels: int
) -> np.ndarray:
    """Inputs a random learner labels (runs, labels): pool points without replacement, or U(0,1)."""
    if pool is None:
        return rng.random((runs, labels))
    return np.stack([pool[rng.choice(pool.size, labels, replace=False)] for _ in range(runs)])


def expected_passive_width(threshold: float, n: np.ndarray) -> np.ndarray:
    """Exact E[width] after n uniform random labels: (2 − t^(n+1) − (1−t)^(n+1))/(n+1).

    It is the expected length of the spacing of n uniform points that covers t, which is about
    twice an average spacing (the inspection paradox).
    """
    n = np.asarray(n, dtype=float)
    return (2 - threshold ** (n + 1) - (1 - threshold) ** (n + 1)) / (n + 1)


def active_queries(pool: np.ndarray, threshold: float, labels: int, batch: int) -> list[np.ndarray]:
    """Rounds of pool points an active learner queries, `batch` per round, at most `labels` total.

    Each round asks for the pool points nearest to the `batch` cuts that split the current
    version space into batch+1 equal parts (batch 1 = bisection = uncertainty sampling). It stops
    when no unlabelled pool point is left inside the version space.
    """
    pool = np.sort(pool)
    lo, hi = 0.0, 1.0
    rounds: list[np.ndarray] = []
    used = 0
    while used < labels:
        left = int(np.searchsorted(pool, lo, side="right"))
        right = int(np.searchsorted(pool, hi, side="left"))
        inside = pool[left:right]
        if inside.size == 0:
            break
        cuts = lo + (hi - lo) * np.arange(1, batch + 1) / (batch + 1)
        right_of = np.clip(np.searchsorted(inside, cuts), 0, inside.size - 1)
        left_of = np.maximum(right_of - 1, 0)
        nearest = np.where(
            np.abs(inside[left_of] - cuts) <= np.abs(inside[right_of] - cuts), left_of, right_of
        )
        picked = np.unique(inside[nearest])[: labels - used]
        rounds.append(picked)
        used += picked.size
        negatives = picked[picked < threshold]
        positives = picked[picked >= threshold]
        lo = max(lo, float(negatives.max())) if negatives.size else lo
        hi = min(hi, float(positives.min())) if positives.size else hi
    return rounds


def pool_floor(pool: np.ndarray, threshold: float) -> float:
    """The narrowest version space the pool allows: the gap between the points around t."""
    below = pool[pool < threshold]
    above = pool[pool >= threshold]
    return (float(above.min()) if above.size else 1.0) - (float(below.max()) if below.size else 0.0)


@register
class ActiveLearning(Demo):
    """Races bisection queries against 200 random labellers on the same pool."""

    id = "active_learning"
    title = "Let the model choose what to label"
    takeaway = (
        "Choosing which points to label pays: locating a threshold to ε takes about log2(1/ε) "
        "chosen labels but about 2/ε random ones."
    )
    topic = "learning-paradigms"
    params = (
        Param("t", "threshold t", "float", 0.37, lo=0.05, hi=0.95, step=0.02,
              help="where the label flips from 0 to 1"),
        Param("N", "pool size N", "int", 10_000, lo=100, hi=100_000, step=math.sqrt(10),
              log=True, help="unlabelled points the learner may ask about"),
        Param("k", "labels per round k", "int", 1, lo=1, hi=16, step=1,
              help="batch-mode active learning: k queries split the version space k+1 ways"),
    )
    views = ("widths", "pool")

    def _setup(self) -> None:
        threshold = float(self.values["t"])
        self.pool = np.sort(self.rng.random(int(self.values["N"])))
        self.floor = pool_floor(self.pool, threshold)
        passive = passive_queries(self.rng, self.pool, RUNS, MAX_LABELS)
        self.passive_x = passive
        self.passive = version_widths(passive, threshold)
        self.rounds = active_queries(self.pool, threshold, MAX_LABELS, int(self.values["k"]))
        active_x = np.concatenate(self.rounds) if self.rounds else np.zeros(0)
        # Labels in a round arrive together: the width only changes when a round completes.
        widths = version_widths(active_x, threshold)[0]
        ends = np.concatenate([[0], np.cumsum([r.size for r in self.rounds])]).astype(int)
        counts = np.arange(MAX_LABELS + 1)
        self.active = widths[ends[np.searchsorted(ends, counts, side="right") - 1]]
        self.active_x = active_x
        self.labels = 0

    def _advance(self) -> Frame:
        self.labels = min(self.labels + int(self.values["k"]), MAX_LABELS)
        return self._draw()

    def _redraw(self) -> Frame | None:
        return self._draw() if self.index else None

    def _draw(self) -> Frame:
        n = self.labels
        threshold = float(self.values["t"])
        batch = int(self.values["k"])
        passive_now, passive_text = sig(float(self.passive[:, n].mean()), 2)
        active_now, active_text = sig(float(self.active[n]), 2)
        ratio, ratio_text = sig(passive_now / active_now, 2)
        metrics = {
            "labels": float(n),
            "passive_width": passive_now,
            "active_width": active_now,
            "ratio": ratio,
        }
        caption = (
            f"{plural(n, 'label')}: random labelling leaves the threshold in a gap of "
            f"{passive_text}, "
            f"chosen queries in {active_text} ({ratio_text}× narrower)"
        )
        readouts = (
            f"labels {n}/{MAX_LABELS}",
            f"passive {passive_text}",
            f"active {active_text}",
            f"pool floor {sig(self.floor, 2)[1]}",
        )
        done = n >= MAX_LABELS
        if self.view == "pool":
            return self._pool_frame(threshold, caption, metrics, readouts, done)
        every = np.arange(MAX_LABELS + 1, dtype=float)
        shown = every[: n + 1]
        series = (
            Series("line", every, expected_passive_width(threshold, every),
                   "random: exact E[width]", "theory"),
            Series("line", every, float(batch + 1) ** (-every / batch), r"$(k+1)^{-n/k}$", "muted"),
            Series("hline", every[:1], np.array([self.floor]), "pool floor", "muted"),
            Series("line", shown, self.passive[:, : n + 1].mean(axis=0),
                   f"random ({RUNS} runs)", "secondary"),
            Series("line", shown, self.active[: n + 1], "active", "primary"),
        )
        return Frame(
            title=f"Version-space width vs labels (k={batch} per round)",
            xlabel="labels used",
            ylabel="width of the threshold's interval",
            series=series,
            xlim=(0.0, float(MAX_LABELS)),
            ylim=(min(self.floor, float(self.active.min())) / 2, 1.0),
            ylog=True,
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )

    def _pool_frame(
        self,
        threshold: float,
        caption: str,
        metrics: dict[str, float],
        readouts: tuple[str, ...],
        done: bool,
    ) -> Frame:
        n = self.labels
        series = []
        for row, (name, picked) in enumerate(
            (("random (one run)", self.passive_x[0, :n]), ("active", self.active_x[:n]))
        ):
            neg = picked[picked < threshold]
            pos = picked[picked >= threshold]
            lo = float(neg.max()) if neg.size else 0.0
            hi = float(pos.min()) if pos.size else 1.0
            series.append(Series("scatter", picked, np.full(picked.size, float(row)),
                                 f"{name}: labelled", "data" if row == 0 else "primary"))
            series.append(Series("line", np.array([lo, hi]), np.full(2, row + 0.15),
                                 "version space" if row else "", "highlight"))
        series.append(Series("vline", np.array([threshold]), np.zeros(1), "true t", "theory"))
        return Frame(
            title="Which points each learner labelled (row 0 random, row 1 active)",
            xlabel="x",
            ylabel="learner",
            series=tuple(series),
            xlim=(0.0, 1.0),
            ylim=(-0.5, 2.5),
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )
