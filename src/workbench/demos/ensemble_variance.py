"""Ensembling demo: averaging M members removes only the uncorrelated part of their errors."""

from __future__ import annotations

import numpy as np

from workbench.demos._numbers import plural, sig
from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

N_POINTS = 40
MAX_MEMBERS = 50
RIDGE = 0.1
GRID = np.linspace(-1.0, 1.0, 100)


def target(x: np.ndarray) -> np.ndarray:
    """The function every member tries to learn."""
    return np.sin(3.0 * x)


def make_datasets(
    rng: np.random.Generator, count: int, sigma: float, n: int = N_POINTS
) -> tuple[np.ndarray, np.ndarray]:
    """`count` training sets of n points: x ~ U(−1, 1), y = sin 3x + σε; shapes (count, n)."""
    x = rng.uniform(-1.0, 1.0, (count, n))
    return x, target(x) + sigma * rng.standard_normal((count, n))


def relu_features(x: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Random ReLU features relu(a·x + b): x (count, m), a and b (count, p) → (count, m, p)."""
    return np.maximum(x[..., :, None] * a[..., None, :] + b[..., None, :], 0.0)


def fit_members(
    x: np.ndarray,
    y: np.ndarray,
    grid: np.ndarray,
    features: int,
    fraction: float,
    rng: np.random.Generator,
    ridge: float = RIDGE,
) -> np.ndarray:
    """Train one member per row of (x, y) and return its predictions on `grid`, (count, grid).

    Each member draws its own random ReLU features and its own subsample (without
    replacement) of `fraction` of the row's points, then solves ridge regression in the dual,
    w = Fᵀ(FFᵀ + ridge·I)⁻¹y, which is cheap because a subsample has at most 40 points.
    """
    count, n = x.shape
    m = max(2, round(fraction * n))
    pick = np.argsort(rng.random((count, n)), axis=1)[:, :m]
    xs, ys = np.take_along_axis(x, pick, 1), np.take_along_axis(y, pick, 1)
    a = 2.0 * rng.standard_normal((count, features))
    b = rng.uniform(-2.0, 2.0, (count, features))
    f_train = relu_features(xs, a, b)
    gram = f_train @ f_train.transpose(0, 2, 1) + ridge * np.eye(m)
    weights = f_train.transpose(0, 2, 1) @ np.linalg.solve(gram, ys[..., None])
    f_grid = relu_features(np.broadcast_to(grid, (count, grid.size)), a, b)
    return (f_grid @ weights)[..., 0]


def ensemble_law(rho: float, s2: float, members: np.ndarray) -> np.ndarray:
    """Expected MSE of an average of M members with error variance s² and correlation ρ.

    MSE(M) = ρs² + (1−ρ)s²/M (ESL eq. 15.1); with errors measured from the truth, the shared
    part ρs² includes the squared bias.
    """
    return rho * s2 + (1.0 - rho) * s2 / members


def pair_statistics(errors: np.ndarray) -> tuple[float, float]:
    """(s², ρ) from member errors (members, points): mean square, and mean pairwise product / s²."""
    k = errors.shape[0]
    s2 = float(np.mean(errors**2))
    total = errors.sum(axis=0)
    cross = float(np.mean(total**2 - np.sum(errors**2, axis=0))) / (k * (k - 1))
    return s2, cross / s2


@register
class EnsembleVariance(Demo):
    """Adds one independently trained member per frame and compares the ensemble with the law."""

    id = "ensemble_variance"
    title = "Averaging cancels only the uncorrelated part"
    takeaway = (
        "Averaging M models cuts only the uncorrelated part of their errors, MSE(M) = "
        "ρs² + (1−ρ)s²/M: diverse members (low ρ) gain a lot, near-clones barely gain."
    )
    topic = "ensembling"
    params = (
        Param("fraction", "subsample", "float", 0.5, lo=0.2, hi=1.0, step=0.1,
              help="fraction of the data each member trains on; at 1 only the features differ"),
        Param("features", "features p", "int", 40, lo=10, hi=160, step=2.0, log=True,
              help="random ReLU features per member"),
        Param("sigma", "noise σ", "float", 0.3, lo=0.0, hi=1.0, step=0.1,
              help="label noise of the shared dataset"),
    )
    views = ("mse", "fits")

    def _setup(self) -> None:
        x, y = make_datasets(self.rng, 1, float(self.values["sigma"]))
        self.x, self.y = x, y
        self.truth = target(GRID)
        self.predictions = np.empty((MAX_MEMBERS, GRID.size))
        self.count = 0

    def _advance(self) -> Frame:
        # Two members on the first frame, so a pairwise ρ exists from the start.
        new = min(2 if self.count == 0 else 1, MAX_MEMBERS - self.count)
        if new:
            self.predictions[self.count : self.count + new] = fit_members(
                np.repeat(self.x, new, 0), np.repeat(self.y, new, 0), GRID,
                int(self.values["features"]), float(self.values["fraction"]), self.rng,
            )
            self.count += new
        return self._draw()

    def _redraw(self) -> Frame | None:
        return self._draw() if self.count else None

    def summary(self) -> dict[str, float]:
        """Exact figures for the members so far: ensemble, single and ambiguity MSE, s² and ρ."""
        preds = self.predictions[: self.count]
        errors = preds - self.truth
        mean = preds.mean(axis=0)
        s2, rho = pair_statistics(errors)
        return {
            "ensemble": float(np.mean((mean - self.truth) ** 2)),
            "single": s2,
            "ambiguity": float(np.mean((preds - mean) ** 2)),
            "rho": rho,
        }

    def _draw(self) -> Frame:
        stats = self.summary()
        k = self.count
        figures = {
            "mse_ensemble": sig(stats["ensemble"], 3),
            "mse_single": sig(stats["single"], 3),
            "ambiguity": sig(stats["ambiguity"], 3),
            "floor": sig(stats["rho"] * stats["single"], 3),
        }
        text = {key: shown for key, (_, shown) in figures.items()}
        rho = round(stats["rho"], 2)
        metrics = {"members": float(k), "rho": rho} | {key: v for key, (v, _) in figures.items()}
        caption = (
            f"ρ={rho:.2f}: {plural(k, 'member')} → MSE {text['mse_ensemble']} vs "
            f"{text['mse_single']} for one member; more members only approach ρs² = {text['floor']}"
        )
        readouts = (
            f"members {k}/{MAX_MEMBERS}",
            f"ρ {rho:.2f}",
            f"ensemble {text['mse_ensemble']}",
            f"diversity {text['ambiguity']}",
        )
        done = k >= MAX_MEMBERS
        if self.view == "fits":
            return self._fits_frame(caption, metrics, readouts, done)
        errors = self.predictions[:k] - self.truth
        sizes = np.arange(1, k + 1, dtype=float)
        running = np.cumsum(errors, axis=0) / sizes[:, None]
        all_sizes = np.arange(1, MAX_MEMBERS + 1, dtype=float)
        law = ensemble_law(stats["rho"], stats["single"], all_sizes)
        series = (
            Series("scatter", sizes, np.mean(errors**2, axis=1), "each member", "muted"),
            Series("line", all_sizes, law, r"$\rho s^2 + (1-\rho)s^2/M$", "theory"),
            Series("hline", all_sizes[:1], np.array([stats["rho"] * stats["single"]]),
                   "floor ρs²", "secondary"),
            Series("line", sizes, np.mean(running**2, axis=1), "ensemble of first M", "highlight"),
        )
        top = float(np.percentile(np.mean(errors**2, axis=1), 90)) * 1.5
        return Frame(
            title=f"Ensemble error vs members (subsample {float(self.values['fraction']):.1f})",
            xlabel="members M",
            ylabel="MSE against the truth",
            series=series,
            xlim=(1.0, float(MAX_MEMBERS)),
            ylim=(0.0, max(top, 1e-6)),
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )

    def _fits_frame(
        self, caption: str, metrics: dict[str, float], readouts: tuple[str, ...], done: bool
    ) -> Frame:
        preds = self.predictions[: self.count]
        series = [Series("line", GRID, row, "", "muted") for row in preds[-3:]]
        series += [
            Series("line", GRID, self.truth, "truth sin 3x", "theory"),
            Series("line", GRID, preds.mean(axis=0), f"mean of {self.count}", "highlight"),
            Series("scatter", self.x[0], self.y[0], "data", "data"),
        ]
        return Frame(
            title="Members (grey) and their average",
            xlabel="x",
            ylabel="y",
            series=tuple(series),
            xlim=(-1.0, 1.0),
            ylim=(-2.0, 2.0),
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )
