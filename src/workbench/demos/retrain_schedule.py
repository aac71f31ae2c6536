"""Retrain-schedule demo: in a drifting world the retrain interval trades retrain cost for error.

The production cycle does not end at deployment: the world keeps moving, the deployed model's
excess loss grows with the time since its last retrain, and monitoring plus retraining close the
loop. Expected excess grows by σ²d per step, so the cost per step of retraining every T steps is
C/T + σ²d(T−1)/2 + c₀, minimised at T* = √(2C/(σ²d)) (Harris's 1913 economic order quantity).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from workbench.demos._numbers import sig
from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

DIM = 5
WINDOW = 50
NOISE = 0.5
PERIODS = (5, 10, 15, 20, 30, 40, 50, 70, 100, 150, 200)
STEPS_PER_FRAME = 25
TOTAL_STEPS = 10_000
HISTORY = 400


@dataclass
class Stream:
    """A drifting linear world and a bank of models deployed in it, each on its own schedule."""

    w: np.ndarray
    """Current true weights (d,)."""
    x_hist: np.ndarray
    """The last WINDOW inputs (window, d): what a retrain sees."""
    y_hist: np.ndarray
    w_hat: np.ndarray
    """Deployed weights per model (m, d)."""
    age: np.ndarray
    """Steps since each model's last retrain (m,)."""
    periods: np.ndarray
    """Retrain interval per model (m,)."""
    noise: float


def new_stream(
    rng: np.random.Generator,
    periods: np.ndarray,
    sigma: float,
    d: int = DIM,
    window: int = WINDOW,
    noise: float = NOISE,
) -> Stream:
    """A world after `window` burn-in samples; every model retrains at the first step."""
    w = rng.standard_normal(d)
    path = w + sigma * np.cumsum(rng.standard_normal((window, d)), axis=0)
    x = rng.standard_normal((window, d))
    y = np.einsum("ij,ij->i", x, path) + noise * rng.standard_normal(window)
    periods = np.asarray(periods, dtype=int)
    return Stream(
        w=path[-1].copy(),
        x_hist=x,
        y_hist=y,
        w_hat=np.zeros((periods.size, d)),
        age=periods.copy(),
        periods=periods,
        noise=noise,
    )


def advance(
    stream: Stream, rng: np.random.Generator, steps: int, sigma: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run the world `steps` steps: w drifts by σ·N(0, I) per step, y = x·w + noise.

    A model whose age has reached its period first refits OLS on the last `window` samples, then
    serves the step. With isotropic inputs its excess loss is exactly ‖w_t − ŵ‖².
    Returns excess (steps, m), age at each step (steps, m) and retrain flags (steps, m).
    """
    d = stream.w.size
    window = stream.y_hist.size
    path = stream.w + sigma * np.cumsum(rng.standard_normal((steps, d)), axis=0)
    x = rng.standard_normal((steps, d))
    y = np.einsum("ij,ij->i", x, path) + stream.noise * rng.standard_normal(steps)
    x_all = np.vstack([stream.x_hist, x])
    y_all = np.concatenate([stream.y_hist, y])
    m = stream.periods.size
    excess = np.empty((steps, m))
    ages = np.empty((steps, m), dtype=int)
    retrained = np.zeros((steps, m), dtype=bool)
    for k in range(m):
        period = int(stream.periods[k])
        w_hat = stream.w_hat[k]
        age = int(stream.age[k])
        served = 0
        for refit in [*range(max(0, period - age), steps, period), steps]:
            span = slice(served, refit)
            excess[span, k] = np.sum((path[span] - w_hat) ** 2, axis=1)
            ages[span, k] = age + np.arange(refit - served)
            age += refit - served
            served = refit
            if refit < steps:
                rows = slice(refit, refit + window)
                w_hat = np.linalg.lstsq(x_all[rows], y_all[rows], rcond=None)[0]
                retrained[refit, k] = True
                age = 0
        stream.w_hat[k] = w_hat
        stream.age[k] = age
    stream.w = path[-1].copy()
    stream.x_hist = x_all[-window:]
    stream.y_hist = y_all[-window:]
    return excess, ages, retrained


def ols_floor(noise: float, d: int = DIM, window: int = WINDOW) -> float:
    """Mean excess of OLS on `window` isotropic samples with no drift: noise²·d/(window−d−1)."""
    return noise**2 * d / (window - d - 1)


def lag_excess(sigma: float, d: int = DIM, window: int = WINDOW) -> float:
    """Excess right after a retrain from drift alone: ŵ ≈ the window's mean weights.

    w_t minus the mean of the previous `window` weights has variance
    σ²d·Σ_j (j/window)² = σ²d(window+1)(2·window+1)/(6·window).
    """
    return sigma**2 * d * (window + 1) * (2 * window + 1) / (6 * window)


def cost_per_step(
    period: np.ndarray, retrain_cost: float, sigma: float, d: int = DIM
) -> np.ndarray:
    """Approximate cost per step of retraining every `period` steps: C/T + c₀ + σ²d(T−1)/2.

    c₀, the excess right after a retrain, is approximated by the OLS floor plus `lag_excess`.
    """
    c0 = ols_floor(NOISE, d) + lag_excess(sigma, d)
    return retrain_cost / period + c0 + sigma**2 * d * (period - 1.0) / 2


def optimal_period(retrain_cost: float, sigma: float, d: int = DIM) -> float:
    """T* = √(2C/(σ²d)), the interval that balances retrain cost against growing error."""
    if sigma <= 0:
        return math.inf
    return math.sqrt(2 * retrain_cost / (sigma**2 * d))


@register
class RetrainSchedule(Demo):
    """Runs one drifting stream under many retrain intervals and prices each one."""

    id = "retrain_schedule"
    title = "When to retrain: the production loop as a cost trade-off"
    takeaway = (
        "A deployed model's excess loss grows with time since its last retrain, so the best "
        "retrain interval balances retrain cost C against error: T* = √(2C/(σ²d))."
    )
    topic = "production-cycle"
    params = (
        Param("T", "retrain every T", "int", 40, lo=5, hi=200, step=1.25, log=True, unit=" steps",
              resets=False, help="the shown model's retrain interval; a change retrains it now"),
        Param("C", "retrain cost C", "float", 2.0, lo=0.2, hi=20.0, step=1.5, log=True,
              help="cost of one retrain, in units of squared-error loss per step"),
        Param("sigma", "drift σ", "float", 0.02, lo=0.0, hi=0.05, step=0.005,
              help="standard deviation of each true weight's random-walk step"),
    )
    views = ("timeline", "cost")

    def _setup(self) -> None:
        sigma = float(self.values["sigma"])
        bank = np.array([*PERIODS, int(self.values["T"])])
        self.stream = new_stream(self.rng, bank, sigma)
        self.t = 0
        self.excess_sum = np.zeros(bank.size)
        self.retrains = np.zeros(bank.size)
        self.counted = np.zeros(bank.size)
        self.recent = np.zeros(0)
        self.recent_retrains = np.zeros(0, dtype=int)

    def _on_live_change(self, key: str) -> None:
        period = int(self.values["T"])
        self.stream.periods[-1] = period
        self.stream.age[-1] = period
        self.excess_sum[-1] = self.retrains[-1] = self.counted[-1] = 0.0

    def _advance(self) -> Frame:
        excess, _, retrained = advance(
            self.stream, self.rng, STEPS_PER_FRAME, float(self.values["sigma"])
        )
        self.excess_sum += excess.sum(axis=0)
        self.retrains += retrained.sum(axis=0)
        self.counted += STEPS_PER_FRAME
        steps = self.t + np.arange(STEPS_PER_FRAME)
        self.recent = np.concatenate([self.recent, excess[:, -1]])[-HISTORY:]
        marks = np.concatenate([self.recent_retrains, steps[retrained[:, -1]]])
        self.t += STEPS_PER_FRAME
        self.recent_retrains = marks[marks >= self.t - self.recent.size]
        return self._draw()

    def _redraw(self) -> Frame | None:
        return self._draw() if self.t else None

    def _draw(self) -> Frame:
        retrain_cost = float(self.values["C"])
        sigma = float(self.values["sigma"])
        period = int(self.values["T"])
        t_star = optimal_period(retrain_cost, sigma)
        counted = np.maximum(self.counted, 1.0)
        mean_excess = self.excess_sum / counted
        costs = mean_excess + retrain_cost * self.retrains / counted
        excess_now, excess_text = sig(float(mean_excess[-1]), 2)
        retrain_now, retrain_text = sig(float(retrain_cost * self.retrains[-1] / counted[-1]), 2)
        cost_now, cost_text = sig(float(costs[-1]), 3)
        best_grid = PERIODS[int(np.argmin(costs[:-1]))]
        metrics: dict[str, float] = {
            "T": float(period),
            "step": float(self.t),
            "excess": excess_now,
            "retrain": retrain_now,
            "cost": cost_now,
            "best_grid_T": float(best_grid),
        }
        if math.isfinite(t_star):
            metrics["T_star"] = float(round(t_star))
            star_text = f"T* = {round(t_star)}"
        else:
            star_text = "no drift, so T* is never"
        caption = (
            f"retrain every {period}: excess {excess_text} + retrain {retrain_text} = "
            f"{cost_text} per step; {star_text}, cheapest simulated interval {best_grid}"
        )
        readouts = (
            f"step {self.t}/{TOTAL_STEPS}",
            f"excess {excess_text}",
            f"cost {cost_text}/step",
            star_text,
        )
        done = self.t >= TOTAL_STEPS
        if self.view == "cost":
            return self._cost_frame(costs, t_star, caption, metrics, readouts, done)
        start = self.t - self.recent.size
        x = start + np.arange(self.recent.size, dtype=float)
        top = float(np.max(self.recent)) * 1.1 if self.recent.size else 1.0
        series = [
            Series("line", x, self.recent, "excess loss ‖w − ŵ‖²", "primary"),
            Series("hline", x[:1], np.array([excess_now]), "mean excess", "secondary"),
            Series("scatter", self.recent_retrains.astype(float),
                   np.zeros(self.recent_retrains.size), "retrain", "highlight"),
        ]
        return Frame(
            title=f"Excess loss of a model retrained every {period} steps",
            xlabel="time step",
            ylabel="excess loss",
            series=tuple(series),
            xlim=(float(start), float(start + max(self.recent.size, 1))),
            ylim=(0.0, max(top, 1e-3)),
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )

    def _cost_frame(
        self,
        costs: np.ndarray,
        t_star: float,
        caption: str,
        metrics: dict[str, float],
        readouts: tuple[str, ...],
        done: bool,
    ) -> Frame:
        retrain_cost = float(self.values["C"])
        sigma = float(self.values["sigma"])
        grid = np.array(PERIODS, dtype=float)
        fine = np.geomspace(PERIODS[0], PERIODS[-1], 120)
        theory = cost_per_step(fine, retrain_cost, sigma)
        series = [
            Series("line", fine, theory, r"theory $C/T + c_0 + \sigma^2 d(T-1)/2$", "theory"),
            Series("line", grid, costs[:-1], "simulated cost per step", "primary"),
            Series("scatter", np.array([float(self.values["T"])]), costs[-1:], "shown T",
                   "highlight"),
        ]
        if math.isfinite(t_star) and PERIODS[0] <= t_star <= PERIODS[-1]:
            series.append(Series("vline", np.array([t_star]), np.zeros(1), "T*", "muted"))
        top = float(min(np.max(theory), 3 * np.min(theory)))
        return Frame(
            title="Cost per step vs retrain interval",
            xlabel="retrain interval T (steps)",
            ylabel="cost per step",
            series=tuple(series),
            xlog=True,
            ylim=(0.0, max(top, float(np.max(costs[:-1])) * 1.05, 1e-3)),
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )
