"""Data-scaling demo: a high-capacity model only pays off with lots of data and compute.

Three random-feature ridge regressors of growing width learn the same nonlinear target while
the training set grows geometrically. The small one hits its approximation floor after a few
hundred samples; the big one keeps improving as data grows a hundredfold, at about (p_big/p_small)²
times the training FLOPs. That is why big data and GPUs, not algorithms alone, made big models
worth training (Hestness et al. 2017; Kaplan et al. 2020, Fig. 9; Rahimi & Recht 2007).
"""

from __future__ import annotations

import math

import numpy as np

from workbench.demos._numbers import sig
from workbench.demos.base import Demo, Frame, Param, Series, Style
from workbench.demos.registry import register

DIM = 3
FREQUENCY_SCALE = 1.5
RIDGE = 1e-3
FIRST_N = 32
"""Start above the small model's width: near n = p its ridge fit interpolates and spikes."""
MAX_N = 16_384
CHUNK = 128
"""At most this many new samples per frame, so one frame stays within the compute budget."""
TEST_POINTS = 1000
WEIGHTS = np.array([1.5, -1.0, 2.0])


def target(x: np.ndarray) -> np.ndarray:
    """The function to learn: sin(x·[1.5, −1, 2]) + 0.5·cos(2·x₁x₂), on x ∈ R³."""
    return np.sin(x @ WEIGHTS) + 0.5 * np.cos(2 * x[:, 0] * x[:, 1])


def random_features(rng: np.random.Generator, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Frequencies Ω ~ N(0, 1.5²) (d, p) and phases b ~ U(0, 2π) of a random Fourier model."""
    omega = FREQUENCY_SCALE * rng.standard_normal((DIM, width))
    return omega, rng.uniform(0.0, 2 * np.pi, width)


def features(x: np.ndarray, omega: np.ndarray, phase: np.ndarray) -> np.ndarray:
    """φ(x) = √(2/p)·cos(xΩ + b): a p-unit network whose first layer is fixed at random."""
    return math.sqrt(2.0 / omega.shape[1]) * np.cos(x @ omega + phase)


def ridge_weights(gram: np.ndarray, rhs: np.ndarray, n: int, lam: float = RIDGE) -> np.ndarray:
    """Ridge solution from accumulated statistics: (ΦᵀΦ + λn·I) w = Φᵀy."""
    return np.linalg.solve(gram + lam * n * np.eye(gram.shape[0]), rhs)


def training_flops(n: int, width: int) -> float:
    """FLOPs to fit one width-p model on n samples: n·p² for the Gram matrix plus p³/3 to solve."""
    return n * width**2 + width**3 / 3


def widths_for(largest: int) -> tuple[int, int, int]:
    """The three model sizes shown: p_max/32, p_max/4 and p_max."""
    return max(1, largest // 32), max(1, largest // 4), largest


@register
class DataScaling(Demo):
    """Grows one training set and refits a small, a medium and a large model on it each frame."""

    id = "data_scaling"
    title = "Capacity pays off only with data (and compute)"
    takeaway = (
        "A small model plateaus after a few hundred samples while a large one keeps improving "
        "as data grows a hundredfold, at a far higher compute cost."
    )
    topic = "deep-learning-conditions"
    params = (
        Param("sigma", "label noise σ", "float", 0.3, lo=0.0, hi=1.0, step=0.1,
              help="standard deviation of the noise on training labels"),
        Param("p_max", "largest width p", "int", 256, lo=32, hi=256, step=2, log=True,
              help="random features in the big model; the others have p/4 and p/32"),
        Param("growth", "data growth per frame", "float", 1.15, lo=1.05, hi=1.3, step=0.05,
              resets=False, help=f"n grows by this factor per frame (at most {CHUNK} samples)"),
    )
    views = ("data", "compute")

    def _setup(self) -> None:
        self.widths = widths_for(int(self.values["p_max"]))
        self.maps = [random_features(self.rng, p) for p in self.widths]
        x_test = self.rng.standard_normal((TEST_POINTS, DIM))
        self.f_test = target(x_test)
        self.test_features = [features(x_test, *m) for m in self.maps]
        self.grams = [np.zeros((p, p)) for p in self.widths]
        self.rhs = [np.zeros(p) for p in self.widths]
        self.n = 0
        self.history_n: list[int] = []
        self.history_err: list[list[float]] = []

    def _add_samples(self, count: int) -> None:
        x = self.rng.standard_normal((count, DIM))
        y = target(x) + float(self.values["sigma"]) * self.rng.standard_normal(count)
        for k, m in enumerate(self.maps):
            phi = features(x, *m)
            self.grams[k] += phi.T @ phi
            self.rhs[k] += phi.T @ y
        self.n += count

    def _advance(self) -> Frame:
        growth = float(self.values["growth"])
        goal = FIRST_N if self.n == 0 else min(math.ceil(self.n * growth), self.n + CHUNK, MAX_N)
        if goal > self.n:
            self._add_samples(goal - self.n)
        errors = []
        for k in range(len(self.widths)):
            w = ridge_weights(self.grams[k], self.rhs[k], self.n)
            errors.append(float(np.mean((self.test_features[k] @ w - self.f_test) ** 2)))
        self.history_n.append(self.n)
        self.history_err.append(errors)
        return self._draw()

    def _redraw(self) -> Frame | None:
        return self._draw() if self.history_n else None

    def _draw(self) -> Frame:
        small, large = self.widths[0], self.widths[-1]
        err = np.array(self.history_err)
        ns = np.array(self.history_n, dtype=float)
        err_small, small_text = sig(float(err[-1, 0]), 2)
        err_large, large_text = sig(float(err[-1, -1]), 2)
        better, better_text = sig(err_small / err_large, 2)
        flops = training_flops(self.n, large) / training_flops(self.n, small)
        flop_ratio, flop_text = sig(flops, 2)
        metrics = {
            "n": float(self.n),
            "p_small": float(small),
            "p_large": float(large),
            "err_small": err_small,
            "err_large": err_large,
            "better": better,
            "flop_ratio": flop_ratio,
        }
        caption = (
            f"n={self.n}: p={small} is stuck near {small_text} while p={large} reaches "
            f"{large_text} ({better_text}× lower error for {flop_text}× the training FLOPs)"
        )
        readouts = (
            f"n {self.n}",
            f"p={small}: {small_text}",
            f"p={large}: {large_text}",
        )
        styles: tuple[Style, ...] = ("muted", "secondary", "primary")
        done = self.n >= MAX_N
        if self.view == "compute":
            series = tuple(
                Series("line", ns * p**2 + p**3 / 3, err[:, k], f"p={p}", styles[k])
                for k, p in enumerate(self.widths)
            )
            return Frame(
                title="Test error vs training compute",
                xlabel="training FLOPs (n·p² + p³/3)",
                ylabel="test MSE",
                series=series,
                xlog=True,
                ylog=True,
                caption=caption,
                metrics=metrics,
                readouts=readouts,
                done=done,
            )
        series = tuple(
            Series("line", ns, err[:, k],
                   f"p={p} ({training_flops(self.n, p):.1e} FLOPs)", styles[k])
            for k, p in enumerate(self.widths)
        )
        return Frame(
            title="Test error vs training set size",
            xlabel="training samples n",
            ylabel="test MSE",
            series=series,
            xlim=(float(FIRST_N), float(MAX_N)),
            xlog=True,
            ylog=True,
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )
