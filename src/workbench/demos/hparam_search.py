"""Hyperparameter-search demo: grid vs random search vs successive halving on a GD learning rate.

Parameters (weights) are learned by gradient descent; hyperparameters (step size η, ridge λ)
steer it. On ridge regression, T steps of GD from zero have a closed form in the eigenbasis of
S = XᵀX/n, so every trial costs O(d) and the whole validation landscape is exact:
- GD diverges iff η > 2/(s_max + λ);
- when one hyperparameter matters, n random trials test n values of it, an n-trial grid only √n,
  and P(best of n random trials is in the top q) = 1 − (1 − q)^n (Bergstra & Bengio 2012);
- successive halving trains many configs briefly and only the best 1/rate longer, spending at
  most n·r·(⌊log_rate n⌋ + 1) steps (Jamieson & Talwalkar 2016; Li et al. 2018, Hyperband).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from workbench.demos._numbers import plural, sig
from workbench.demos.base import Demo, Frame, Heatmap, Param, Series
from workbench.demos.registry import register

SAMPLES = 200
DIM = 20
NOISE = 0.5
LOG_ETA = (-3.0, 1.0)
LOG_LAM = (-6.0, 0.0)
RATE = 3
REPLAY_TRIALS = 5000
"""Trials spent replaying random search to draw its mean curve (≤ 200 replays of n trials)."""
COEF_CAP = 1e100
"""Diverged weights are capped here so losses stay finite (they are off the chart anyway)."""


@dataclass(frozen=True)
class Problem:
    """A ridge-regression task in the eigenbasis of its training Gram matrix."""

    s: np.ndarray
    """Eigenvalues of S = XᵀX/n (d,)."""
    u: np.ndarray
    """Eigenvectors of S, as columns (d, d)."""
    ub: np.ndarray
    """Uᵀb with b = Xᵀy/n: the gradient at w = 0 in the eigenbasis."""
    val_a: np.ndarray
    """Validation quadratic form: loss(c) = cᵀAc − 2gᵀc + val_c for weights w = Uc."""
    val_g: np.ndarray
    val_c: float


def make_problem(rng: np.random.Generator, kappa: float) -> Problem:
    """Train and validation sets whose feature covariance has condition number κ."""
    scales = np.sqrt(np.geomspace(1.0, 1.0 / kappa, DIM))
    w_true = rng.standard_normal(DIM)

    def draw() -> tuple[np.ndarray, np.ndarray]:
        x = rng.standard_normal((SAMPLES, DIM)) * scales
        return x, x @ w_true + NOISE * rng.standard_normal(SAMPLES)

    x, y = draw()
    x_val, y_val = draw()
    s, u = np.linalg.eigh(x.T @ x / SAMPLES)
    xu = x_val @ u
    return Problem(
        s=s,
        u=u,
        ub=u.T @ (x.T @ y / SAMPLES),
        val_a=xu.T @ xu / SAMPLES,
        val_g=xu.T @ y_val / SAMPLES,
        val_c=float(y_val @ y_val / SAMPLES),
    )


def gd_coefficients(problem: Problem, eta: np.ndarray, lam: np.ndarray, steps: int
                    ) -> np.ndarray:
    """Weights after `steps` GD steps on ½wᵀSw − bᵀw + ½λ‖w‖² from w = 0, in the eigenbasis.

    w_T = Σᵢ (1 − (1 − η(sᵢ+λ))^T)/(sᵢ+λ) · (uᵢᵀb) uᵢ; broadcast over arrays of η and λ,
    returning shape (..., d).
    """
    curvature = problem.s + np.asarray(lam, dtype=float)[..., None]
    base = 1.0 - np.asarray(eta, dtype=float)[..., None] * curvature
    # base**steps via exp/log (several times faster than pow), capped so it stays finite.
    with np.errstate(divide="ignore"):
        log_size = np.minimum(steps * np.log(np.abs(base)), math.log(COEF_CAP))
    sign = np.where((base < 0) & (steps % 2 == 1), -1.0, 1.0)
    decay = sign * np.exp(log_size)
    return (1.0 - decay) / curvature * problem.ub


def validation_loss(problem: Problem, coef: np.ndarray) -> np.ndarray:
    """Validation MSE of weights w = Uc, for coefficient arrays of shape (..., d)."""
    quad = np.sum((coef @ problem.val_a) * coef, axis=-1)
    return np.maximum(quad - 2 * coef @ problem.val_g + problem.val_c, 0.0)


def trial_loss(problem: Problem, log_eta: np.ndarray, log_lam: np.ndarray, steps: int
               ) -> np.ndarray:
    """Validation loss of training with (10^log_eta, 10^log_lam) for `steps` GD steps."""
    return validation_loss(problem, gd_coefficients(problem, 10.0**log_eta, 10.0**log_lam, steps))


def divergence_eta(problem: Problem, lam: float) -> float:
    """The largest stable step: GD diverges iff η > 2/(s_max + λ)."""
    return 2.0 / (float(problem.s.max()) + lam)


def random_configs(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """n (log η, log λ) pairs drawn uniformly from the search box."""
    return rng.uniform(*LOG_ETA, n), rng.uniform(*LOG_LAM, n)


def grid_configs(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The most square grid with at most n cells, at cell centres, in a shuffled order."""
    m_eta = max(1, math.isqrt(n))
    m_lam = max(1, n // m_eta)
    eta = LOG_ETA[0] + (np.arange(m_eta) + 0.5) * (LOG_ETA[1] - LOG_ETA[0]) / m_eta
    lam = LOG_LAM[0] + (np.arange(m_lam) + 0.5) * (LOG_LAM[1] - LOG_LAM[0]) / m_lam
    grid_eta, grid_lam = (a.ravel() for a in np.meshgrid(eta, lam))
    order = rng.permutation(grid_eta.size)
    return grid_eta[order], grid_lam[order]


@dataclass(frozen=True)
class Rung:
    """One round of successive halving: which configs ran, for how many steps, and their loss."""

    configs: np.ndarray
    steps: int
    losses: np.ndarray


def successive_halving(
    problem: Problem, log_eta: np.ndarray, log_lam: np.ndarray, steps: int, rate: int = RATE
) -> list[Rung]:
    """Train all n configs for r steps, keep the best 1/rate, multiply steps by rate, repeat.

    With s = ⌊log_rate n⌋ rounds after the first, r = max(1, round(steps/rate^s)) so the last
    round trains for about `steps`. Round i runs ⌊n/rate^i⌋ configs for r·rate^i steps, so the
    total is at most n·r·(s + 1).
    """
    n = log_eta.size
    rounds = _floor_log(n, rate)
    r = max(1, round(steps / rate**rounds))
    alive = np.arange(n)
    rungs: list[Rung] = []
    for i in range(rounds + 1):
        keep = n // rate**i
        if i:
            alive = alive[np.argsort(rungs[-1].losses, kind="stable")[:keep]]
        budget = r * rate**i
        rungs.append(Rung(alive, budget, trial_loss(problem, log_eta[alive], log_lam[alive],
                                                    budget)))
    return rungs


def halving_budget_bound(n: int, r: int, rate: int = RATE) -> int:
    """Jamieson & Talwalkar's bound on successive halving's total steps: n·r·(⌊log_rate n⌋+1)."""
    return n * r * (_floor_log(n, rate) + 1)


def _floor_log(n: int, rate: int) -> int:
    """⌊log_rate n⌋ in exact integer arithmetic."""
    k = 0
    while rate ** (k + 1) <= n:
        k += 1
    return k


@register
class HparamSearch(Demo):
    """Spends the same trial budget three ways on an exactly solvable training problem."""

    id = "hparam_search"
    title = "The learning rate decides; random search beats grid"
    takeaway = (
        "Hyperparameters steer learning: GD diverges once η > 2/(s_max+λ); when one "
        "hyperparameter matters, random search tests n values where a grid tests √n, and "
        "successive halving finds a good one for a fraction of the steps."
    )
    topic = "hyperparameters"
    params = (
        Param("n", "trial budget n", "int", 25, lo=4, hi=100, step=1,
              help="full training runs for grid and random search"),
        Param("T", "GD steps T", "int", 50, lo=10, hi=500, step=1.5, log=True,
              help="gradient-descent steps per full training run"),
        Param("kappa", "conditioning κ", "float", 100.0, lo=1.0, hi=1000.0, step=math.sqrt(10),
              log=True, help="ratio of largest to smallest feature variance"),
    )
    views = ("axis", "best", "landscape")

    def _setup(self) -> None:
        n, steps = int(self.values["n"]), int(self.values["T"])
        self.problem = make_problem(self.rng, float(self.values["kappa"]))
        eta_axis = np.linspace(*LOG_ETA, 40)
        lam_axis = np.linspace(*LOG_LAM, 24)
        self.eta_axis = eta_axis
        self.landscape = trial_loss(self.problem, eta_axis[None, :], lam_axis[:, None], steps)
        self.grid = grid_configs(self.rng, n)
        self.random = random_configs(self.rng, n)
        self.grid_loss = trial_loss(self.problem, *self.grid, steps)
        self.random_loss = trial_loss(self.problem, *self.random, steps)
        self.rungs = successive_halving(self.problem, *self.random, steps)
        # Successive halving's evaluations in order, with the budget spent after each one
        # (in units of full T-step trainings) and its best fully trained loss so far.
        spend = np.concatenate([np.full(r.configs.size, r.steps / steps) for r in self.rungs])
        self.halving_spent = np.cumsum(spend)
        self.halving_loss = np.concatenate([r.losses for r in self.rungs])
        self.halving_final = np.concatenate(
            [np.full(r.configs.size, i == len(self.rungs) - 1) for i, r in enumerate(self.rungs)]
        )
        self.replays = min(200, REPLAY_TRIALS // n)
        replay_eta, replay_lam = random_configs(self.rng, self.replays * n)
        replays = trial_loss(self.problem, replay_eta, replay_lam, steps).reshape(self.replays, n)
        self.replay_best = np.minimum.accumulate(replays, axis=1).mean(axis=0)
        self.top = self.problem.val_c * 10
        self.trials = 0

    def _advance(self) -> Frame:
        self.trials = min(self.trials + 1, int(self.values["n"]))
        return self._draw()

    def _redraw(self) -> Frame | None:
        return self._draw() if self.trials else None

    def _draw(self) -> Frame:
        j = self.trials
        n_grid = min(j, self.grid_loss.size)
        grid_best, grid_text = sig(float(self.grid_loss[:n_grid].min()), 3)
        random_best, random_text = sig(float(self.random_loss[:j].min()), 3)
        grid_values = int(np.unique(self.grid[0][:n_grid]).size)
        shown = self.halving_spent <= j + 1e-9
        finished = self.halving_final & shown
        metrics = {
            "trials": float(j),
            "grid_etas": float(grid_values),
            "random_etas": float(j),
            "grid_best": grid_best,
            "random_best": random_best,
        }
        caption = (
            f"{plural(j, 'trial')}: grid tried {plural(grid_values, 'learning rate')} "
            f"and random search {j}; "
            f"best validation loss {grid_text} vs {random_text}"
        )
        if finished.any():
            halving_best, halving_text = sig(float(self.halving_loss[finished].min()), 3)
            percent = round(100 * float(self.halving_spent[-1]) / int(self.values["n"]))
            metrics["halving_best"] = halving_best
            metrics["halving_percent"] = float(percent)
            caption += f"; successive halving {halving_text} for {percent}% of the GD steps"
        eta_max, eta_text = sig(divergence_eta(self.problem, 0.0), 2)
        readouts = (
            f"trials {j}/{int(self.values['n'])}",
            f"grid {grid_text}",
            f"random {random_text}",
            f"diverges at η > {eta_text}",
        )
        done = j >= int(self.values["n"])
        if self.view == "best":
            return self._best_frame(caption, metrics, readouts, done)
        if self.view == "landscape":
            z = np.log10(np.clip(self.landscape, 1e-12, self.top))[::-1]
            return Frame(
                title="log10 validation loss: η left→right, λ 1 (top) to 1e-6 (bottom)",
                heatmap=Heatmap(z, "log10 η from −3 to 1"),
                caption=caption,
                metrics=metrics,
                readouts=readouts,
                done=done,
            )
        profile = np.minimum(self.landscape.min(axis=0), self.top)
        series = [
            Series("line", 10.0**self.eta_axis, profile, "best over λ", "theory"),
            Series("vline", np.array([eta_max]), np.zeros(1), r"$2/s_{\max}$", "muted"),
            Series("scatter", 10.0 ** self.grid[0][:n_grid],
                   np.minimum(self.grid_loss[:n_grid], self.top), "grid", "secondary"),
            Series("scatter", 10.0 ** self.random[0][:j],
                   np.minimum(self.random_loss[:j], self.top), "random", "primary"),
        ]
        if finished.any():
            final = self.rungs[-1]
            series.append(Series("scatter", 10.0 ** self.random[0][final.configs],
                                 np.minimum(final.losses, self.top), "halving winner",
                                 "highlight"))
        return Frame(
            title="Validation loss of each trial vs its learning rate",
            xlabel="learning rate η",
            ylabel="validation loss",
            series=tuple(series),
            xlim=(10.0 ** LOG_ETA[0], 10.0 ** LOG_ETA[1]),
            ylim=(float(self.landscape.min()) * 0.8, self.top),
            xlog=True,
            ylog=True,
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )

    def _best_frame(
        self, caption: str, metrics: dict[str, float], readouts: tuple[str, ...], done: bool
    ) -> Frame:
        j = self.trials
        n = int(self.values["n"])
        n_grid = min(j, self.grid_loss.size)
        spent = np.arange(1, n + 1, dtype=float)
        shown = self.halving_spent <= j + 1e-9
        # Halving only has a usable model once a config finishes its last round.
        halving_best = np.where(self.halving_final, self.halving_loss, np.inf)
        halving_best = np.minimum.accumulate(halving_best)
        usable = shown & np.isfinite(halving_best)
        series = [
            Series("line", spent, np.minimum(self.replay_best, self.top),
                   f"random, mean of {self.replays}", "theory"),
            Series("step", spent[:n_grid],
                   np.minimum(np.minimum.accumulate(self.grid_loss[:n_grid]), self.top),
                   "grid", "secondary"),
            Series("step", spent[:j], np.minimum(np.minimum.accumulate(self.random_loss[:j]),
                                                 self.top), "random", "primary"),
            Series("scatter", self.halving_spent[usable],
                   np.minimum(halving_best[usable], self.top), "successive halving",
                   "highlight"),
        ]
        return Frame(
            title="Best validation loss so far vs budget spent",
            xlabel="GD steps spent, in full trainings",
            ylabel="best validation loss",
            series=tuple(series),
            xlim=(0.0, float(n)),
            ylog=True,
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )
